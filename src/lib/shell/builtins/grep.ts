// grep: prints the lines that match a pattern, in files, folders (-r) or stdin. Files are read
// whole from the workspace; stdin is read line by line, so `-q` stops at the first match.
import { errorCode, reason, UsageError } from '../errors.ts';
import { readLines } from '../io.ts';
import type { CommandContext } from '../types.ts';
import { checkInterrupt, defineBuiltin } from './define.ts';
import { compile, type Flags, type Pattern } from './grep-pattern.ts';
import { parseOptions, type OptionSpec } from './options.ts';
import { complain } from './print.ts';

const grepOptions: OptionSpec[] = [
	{ short: 'n', long: 'line-number' },
	{ short: 'r', long: 'recursive' },
	{ short: 'R', long: 'dereference-recursive', key: 'recursive' },
	{ short: 'i', long: 'ignore-case' },
	{ short: 'v', long: 'invert-match' },
	{ short: 'c', long: 'count' },
	{ short: 'l', long: 'files-with-matches' },
	{ short: 'w', long: 'word-regexp' },
	{ short: 'x', long: 'line-regexp' },
	{ short: 'o', long: 'only-matching' },
	{ short: 'F', long: 'fixed-strings' },
	{ short: 'E', long: 'extended-regexp' },
	{ short: 'G', long: 'basic-regexp' },
	{ short: 'e', long: 'regexp', value: true },
	{ short: 'q', long: 'quiet' },
	{ long: 'silent', key: 'quiet' },
	{ short: 's', long: 'no-messages' },
	{ short: 'H', long: 'with-filename' },
	{ short: 'h', long: 'no-filename' }
];

/** What the search knows about the input it is reading. */
interface Source {
	name: string;
	showName: boolean;
	binary: boolean;
	count: number;
	/** No more lines are needed from this input. */
	done: boolean;
}

const RESET = '\x1b[m';

/** One grep run: its options, its pattern, and whether anything matched or failed so far. */
class Search {
	selected = false;
	failed = false;
	readonly #ctx: CommandContext;
	readonly #flags: Flags;
	readonly #pattern: Pattern;
	readonly #color: boolean;

	constructor(ctx: CommandContext, flags: Flags, pattern: Pattern, color: boolean) {
		this.#ctx = ctx;
		this.#flags = flags;
		this.#pattern = pattern;
		this.#color = color;
	}

	/** -q stops at the first selected line. */
	get finished(): boolean {
		return this.selected && !!this.#flags.quiet;
	}

	/** Searches a path operand: a file, or with -r a folder (`implicit`: the `.` of a bare -r). */
	async path(operand: string, multiple: boolean, implicit: boolean): Promise<void> {
		const { fs, shell } = this.#ctx;
		let path: string;
		let text: string;
		try {
			path = shell.resolve(operand);
			text = fs.readText(path);
		} catch (error) {
			if (errorCode(error) !== 'EISDIR' || !this.#flags.recursive)
				return this.#fail(operand, error);
			const prefix = implicit ? '' : `${operand.replace(/\/+$/, '')}/`;
			return this.#tree(shell.resolve(operand), prefix);
		}
		await this.#file(operand, path, text, this.#showNames(multiple));
	}

	/** Searches stdin line by line, printing each selected line as it comes. */
	async stdin(multiple: boolean): Promise<void> {
		const { stdin, stdout } = this.#ctx;
		const source = this.#source('(standard input)', this.#showNames(multiple), false);
		let number = 0;
		for await (const raw of readLines(stdin)) {
			checkInterrupt(this.#ctx);
			const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
			if (line.includes('\0')) source.binary = true;
			const out = this.#select(source, line, ++number);
			if (out) await stdout.write(out);
			if (source.done) break;
		}
		const out = this.#summary(source);
		if (out) await stdout.write(out);
	}

	#showNames(multiple: boolean, found = false): boolean {
		if (this.#flags['no-filename']) return false;
		return !!this.#flags['with-filename'] || multiple || found;
	}

	#source(name: string, showName: boolean, binary: boolean): Source {
		return { name, showName, binary, count: 0, done: false };
	}

	async #tree(dir: string, prefix: string): Promise<void> {
		const { fs } = this.#ctx;
		for (const entry of fs.walk(dir)) {
			if (entry.type !== 'file') continue;
			const relative = dir ? entry.path.slice(dir.length + 1) : entry.path;
			if (relative.startsWith('.git/') || relative.includes('/.git/')) continue;
			checkInterrupt(this.#ctx);
			let text: string;
			try {
				text = fs.readText(entry.path);
			} catch (error) {
				await this.#fail(prefix + relative, error);
				continue;
			}
			await this.#file(prefix + relative, entry.path, text, this.#showNames(false, true));
			if (this.finished) return;
		}
	}

	async #file(name: string, path: string, text: string, showName: boolean): Promise<void> {
		// Text files hold no NUL; a binary file decodes with U+FFFD where it is not UTF-8.
		const binary =
			text.includes('\0') ||
			(text.includes('\uFFFD') && this.#ctx.fs.stat(path).encoding === 'binary');
		const source = this.#source(name, showName, binary);
		const out: string[] = [];
		if (this.#flags['invert-match'] || this.#pattern.whole.test(text)) {
			const lines = text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			for (let i = 0; i < lines.length && !source.done; i++) {
				const printed = this.#select(source, lines[i]!, i + 1);
				if (printed) out.push(printed);
			}
		}
		out.push(this.#summary(source));
		const all = out.join('');
		if (all) await this.#ctx.stdout.write(all);
	}

	/** What to print for one line, if it is selected. */
	#select(source: Source, line: string, number: number): string | undefined {
		const flags = this.#flags;
		if (this.#pattern.line.test(line) === !!flags['invert-match']) return undefined;
		this.selected = true;
		source.count++;
		if (flags.quiet || flags['files-with-matches']) source.done = true;
		if (flags.quiet || flags['files-with-matches'] || flags.count) return undefined;
		if (source.binary) {
			source.done = true;
			return `Binary file ${source.name} matches\n`;
		}
		const lead = `${this.#prefix(source)}${flags['line-number'] ? this.#field(String(number), '32') : ''}`;
		if (flags['only-matching']) {
			if (flags['invert-match']) return undefined;
			const matches = [...line.matchAll(this.#pattern.every)].filter((m) => m[0]);
			return matches.map((m) => `${lead}${this.#red(m[0])}\n`).join('');
		}
		const text = flags['invert-match'] ? line : line.replace(this.#pattern.every, this.#red);
		return `${lead}${text}\n`;
	}

	/** After an input: its count (-c) or its name (-l). */
	#summary(source: Source): string {
		if (this.#flags.quiet) return '';
		if (this.#flags.count) return `${this.#prefix(source)}${source.count}\n`;
		if (this.#flags['files-with-matches'] && source.count)
			return `${this.#paint(source.name, '35')}\n`;
		return '';
	}

	#prefix(source: Source): string {
		return source.showName ? this.#field(source.name, '35') : '';
	}

	/** `text:` with GNU's colours on a terminal. */
	#field(text: string, color: string): string {
		return `${this.#paint(text, color)}${this.#paint(':', '36')}`;
	}

	/** A match in GNU's red; bound once, as replace() calls it for every match. */
	readonly #red = (match: string): string => match && this.#paint(match, '01;31');

	#paint(text: string, color: string): string {
		return this.#color ? `\x1b[${color}m${text}${RESET}` : text;
	}

	async #fail(name: string, error: unknown): Promise<void> {
		this.failed = true;
		if (!this.#flags['no-messages']) await complain(this.#ctx, `${name}: ${reason(error)}`);
	}
}

/** `grep [OPTION]... PATTERN [FILE]...`: GNU grep's common options, BRE by default. */
export const grep = defineBuiltin(
	'grep',
	'print the lines that match a pattern',
	'grep [-nrRivclwxoFEqsHh] [--color[=WHEN]] [-e PATTERN] PATTERN [FILE]...',
	async (ctx) => {
		// `--color` takes an optional value, which parseOptions has no notion of.
		let color = ctx.stdout.isTerminal;
		const args = ctx.argv.slice(1).filter((arg) => {
			const when = /^--colou?r(?:=(always|never|auto))?$/.exec(arg);
			if (when) color = when[1] === 'always' || (when[1] !== 'never' && ctx.stdout.isTerminal);
			return !when;
		});
		const { flags, repeated, operands } = parseOptions(args, grepOptions);
		// Each -e adds patterns; without one, the first operand is the pattern.
		const given = repeated.regexp ?? [];
		if (given.length === 0) {
			const operand = operands.shift();
			if (operand === undefined) throw new UsageError('no pattern given');
			given.push(operand);
		}
		let compiled: Pattern;
		try {
			compiled = compile(
				given.flatMap((pattern) => pattern.split('\n')),
				flags
			);
		} catch (error) {
			await complain(ctx, reason(error));
			return 2;
		}
		const search = new Search(ctx, flags, compiled, color);
		const implicit = operands.length === 0;
		const targets = implicit ? [flags.recursive ? '.' : '-'] : operands;
		for (const target of targets) {
			checkInterrupt(ctx);
			if (target === '-') await search.stdin(targets.length > 1);
			else await search.path(target, targets.length > 1, implicit);
			if (search.finished) break;
		}
		if (search.failed && !search.finished) return 2;
		return search.selected ? 0 : 1;
	}
);
