// Word expansion, in bash's order: tilde and parameters, field splitting of unquoted
// expansions, then pathname expansion of unquoted glob characters, then quote removal.
import type { FileSystem } from '../workspace/types.ts';
import type { Word } from './ast.ts';
import { escapeGlob, expandGlob, hasMagic } from './glob.ts';
import { ROOT } from './paths.ts';

/** What expansion reads: variables, the last exit status, where globs are matched. */
export interface ExpansionContext {
	fs: FileSystem;
	cwd: string;
	/** A variable's value, or undefined when unset (specials like `?` included). */
	lookup(name: string): string | undefined;
}

/** One field being built: its text, and its text with quoted characters escaped for globbing. */
interface Field {
	literal: string;
	escaped: string;
	/** True once anything (even an empty quoted string) made this field exist. */
	present: boolean;
	/** True when some unquoted glob character is in it. */
	magic: boolean;
}

const whitespace = /[ \t\n]+/;

/** Expands a word into the fields it becomes: none for an unquoted empty variable, several after splitting or globbing. */
export function expandWord(word: Word, context: ExpansionContext): string[] {
	const fields: Field[] = [];
	let current: Field = { literal: '', escaped: '', present: false, magic: false };
	const add = (text: string, quoted: boolean) => {
		current.literal += text;
		current.escaped += quoted ? escapeGlob(text) : text;
		if (!quoted && hasMagic(text)) current.magic = true;
		if (quoted || text) current.present = true;
	};
	for (const part of word.parts) {
		if (part.type === 'literal') add(part.text, part.quoted);
		else if (part.type === 'tilde') add(context.lookup('HOME') ?? ROOT, true);
		else {
			const value = context.lookup(part.name) ?? '';
			if (part.quoted) {
				add(value, true);
				current.present = true;
				continue;
			}
			// Unquoted: split on whitespace; the first piece joins the current field. Values are
			// data, not patterns: unlike bash, a `*` inside a variable's value does not glob.
			value.split(whitespace).forEach((piece, index) => {
				if (index > 0) {
					if (current.present) fields.push(current);
					current = { literal: '', escaped: '', present: false, magic: false };
				}
				if (piece) add(piece, true);
			});
		}
	}
	if (current.present) fields.push(current);

	const result: string[] = [];
	for (const field of fields) {
		if (field.magic) {
			const matches = expandGlob(context.fs, context.cwd, {
				literal: field.literal,
				escaped: field.escaped
			});
			if (matches.length) {
				result.push(...matches);
				continue;
			}
		}
		result.push(field.literal);
	}
	return result;
}

/** Expands a word that must stay one field (a redirection target, an assignment's value). */
export function expandSingle(word: Word, context: ExpansionContext): string {
	const text: string[] = [];
	for (const part of word.parts) {
		if (part.type === 'literal') text.push(part.text);
		else if (part.type === 'tilde') text.push(context.lookup('HOME') ?? ROOT);
		else text.push(context.lookup(part.name) ?? '');
	}
	return text.join('');
}
