// Random lines against `parse`: malformed ones must fail cleanly, well-formed ones must give back
// exactly the words that were written. Seeded, so a failure is reproducible from its seed.
import { describe, expect, it } from 'vitest';
import type { Script, Span, SyntaxErrorInfo, Word, WordPart } from './ast.ts';
import { parse } from './parser.ts';

/** mulberry32: a tiny seeded PRNG, returning floats in [0, 1). */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function pick<T>(next: () => number, items: readonly T[]): T {
	return items[Math.floor(next() * items.length)] as T;
}

const FRAGMENTS = [
	...['echo', 'ls', 'cat', 'a', 'b1', 'X=1', 'P=~/x', '=', 'if', 'for', '*.ts', '?', '!'],
	...[' ', ' ', ' ', '\t', '\n', '\r', '\\\n'],
	...[';', ';;', '&', '&&', '|', '||', '|&', '!', '(', ')', '{', '}'],
	...[
		'<',
		'>',
		'>>',
		'>|',
		'2>',
		'2>>',
		'0<',
		'2>&1',
		'>&',
		'>&2',
		'<&',
		'&>',
		'&>>',
		'<<',
		'<<<',
		'<>'
	],
	...['$', '$HOME', '$?', '$$', '$#', '$1', '${', '${X}', '${X:-y}', '${}', '$(', '$((', '`', '$@'],
	...['\\', "'", '"', "'a b'", '"a $B c"', '"\\"', '#', '# c', '~', '~/', '~u', '-'],
	...['é', '😀', '\ud800', '\u0000', '\u0007', '\u001b[31m', '\u2028', '\u00a0']
];

function randomLine(next: () => number): string {
	let line = '';
	const count = Math.floor(next() * 24);
	for (let i = 0; i < count; i++) {
		line += next() < 0.85 ? pick(next, FRAGMENTS) : String.fromCharCode(Math.floor(next() * 0x300));
	}
	return line;
}

/** What is wrong with the spans of a parsed script: each inside its parent, in order, in the line. */
function spanProblems(script: Script, length: number): string[] {
	const problems: string[] = [];
	const inside = (span: Span, outer: Span, what: string) => {
		const fine =
			Number.isInteger(span.start) &&
			Number.isInteger(span.end) &&
			outer.start <= span.start &&
			span.start <= span.end &&
			span.end <= outer.end;
		if (!fine) problems.push(`${what} ${JSON.stringify(span)} not in ${JSON.stringify(outer)}`);
	};
	const ordered = (spans: Span[], what: string) => {
		for (let i = 1; i < spans.length; i++) {
			if ((spans[i] as Span).start < (spans[i - 1] as Span).end) problems.push(`${what} overlap`);
		}
	};
	const word = (word: Word, outer: Span, what: string) => {
		inside(word.span, outer, what);
		if (word.span.end <= word.span.start || word.parts.length === 0) problems.push(`empty ${what}`);
	};
	inside(script.span, { start: 0, end: length }, 'script');
	ordered(
		script.items.map((item) => item.span),
		'items'
	);
	for (const item of script.items) {
		inside(item.span, script.span, 'item');
		inside(item.list.span, item.span, 'and-or');
		const pipelines = [item.list.first, ...item.list.rest.map((entry) => entry.pipeline)];
		ordered(
			pipelines.map((pipeline) => pipeline.span),
			'pipelines'
		);
		for (const pipeline of pipelines) {
			inside(pipeline.span, item.list.span, 'pipeline');
			if (pipeline.commands.length === 0) problems.push('empty pipeline');
			ordered(
				pipeline.commands.map((command) => command.span),
				'commands'
			);
			for (const command of pipeline.commands) {
				inside(command.span, pipeline.span, 'command');
				const { assignments, words, redirects } = command;
				if (assignments.length + words.length + redirects.length === 0)
					problems.push('empty command');
				for (const { span, value } of assignments) {
					inside(span, command.span, 'assignment');
					inside(value.span, span, 'assignment value');
				}
				ordered(
					words.map((word) => word.span),
					'words'
				);
				for (const each of words) word(each, command.span, 'word');
				for (const redirect of redirects) {
					inside(redirect.span, command.span, 'redirect');
					if (redirect.type === 'file') word(redirect.target, redirect.span, 'target');
				}
			}
		}
	}
	return problems;
}

/** What is wrong with a failure: a message, and a column that points into the line. */
function errorProblems(line: string, error: SyntaxErrorInfo): string[] {
	const { message, column, incomplete } = error;
	const problems: string[] = [];
	if (message === '') problems.push('empty message');
	if ([...message].some((char) => char.charCodeAt(0) < 0x20 || char === '\u007f')) {
		problems.push('control character in the message');
	}
	if (!Number.isInteger(column) || column < 1 || column > line.length + 1) {
		problems.push(`column ${column} outside 1..${line.length + 1}`);
	}
	// An open quote or ${ is pointed at; anything else incomplete is the end of the line.
	const at = line[column - 1];
	if (incomplete && column !== line.length + 1 && !(at !== undefined && `'"$`.includes(at))) {
		problems.push(`incomplete at ${column}`);
	}
	const token = /^syntax error near unexpected token '(.*)'/.exec(message)?.[1];
	if (token !== undefined && token !== 'newline' && !line.startsWith(token, column - 1)) {
		problems.push(`token ${token} is not at column ${column}`);
	}
	return problems;
}

describe('parse: random lines', () => {
	it('never throws, and fails with a message and a column inside the line', () => {
		const next = random(20240601);
		let failures = 0;
		for (let i = 0; i < 10_000; i++) {
			const line = randomLine(next);
			const result = parse(line);
			if (!result.ok) failures++;
			const problems = result.ok
				? spanProblems(result.script, line.length)
				: errorProblems(line, result.error);
			if (problems.length > 0) expect(problems, JSON.stringify(line)).toEqual([]);
		}
		// Both kinds of line were tried.
		expect(failures).toBeGreaterThan(1_000);
		expect(failures).toBeLessThan(9_000);
	});
});
// A word as the generator wrote it: literal characters with their quoting, and variables.
type Atom = { char: string; quoted: boolean } | { variable: string; quoted: boolean };
interface Piece {
	atoms: Atom[];
	source: string;
}

const CHARS = [...'abcXYZ019._-/+,:@%^=', ...' \t\n*?[]{}~#!', ...`'"\\$\`;|&<>()`, 'é', '😀'];
const BARE = /^[A-Za-z0-9._/+,:@%^-]+$/;
const NAMES = ['HOME', 'x', '_a1', 'USER'];

/** One random word: its source text (quoted as needed) and the atoms it must parse to. */
function randomWord(next: () => number): Piece {
	const atoms: Atom[] = [];
	let source = '';
	const pieces = 1 + Math.floor(next() * 3);
	for (let p = 0; p < pieces; p++) {
		if (next() < 0.15) {
			const name = pick(next, NAMES);
			const inQuotes = next() < 0.5;
			source += inQuotes ? `"\${${name}}"` : `\${${name}}`;
			atoms.push({ variable: name, quoted: inQuotes });
			continue;
		}
		let text = '';
		const length = Math.floor(next() * 6);
		for (let i = 0; i < length; i++) text += pick(next, CHARS);
		const style = pick(next, ['bare', 'single', 'double', 'backslash'] as const);
		const chars = [...text];
		if (style === 'bare' && BARE.test(text)) {
			source += text;
			atoms.push(...chars.map((char) => ({ char, quoted: false })));
		} else if ((style === 'single' || style === 'bare') && !text.includes("'")) {
			source += `'${text}'`;
			atoms.push(...chars.map((char) => ({ char, quoted: true })));
		} else if (style === 'backslash' && text !== '' && !text.includes('\n')) {
			source += chars.map((char) => `\\${char}`).join('');
			atoms.push(...chars.map((char) => ({ char, quoted: true })));
		} else {
			source += `"${text.replace(/["\\$`]/g, (char) => `\\${char}`)}"`;
			atoms.push(...chars.map((char) => ({ char, quoted: true })));
		}
	}
	return { atoms, source };
}

/** The atoms of a parsed word, to compare with what the generator wrote. */
function atomsOf(parts: WordPart[]): Atom[] {
	return parts.flatMap((part): Atom[] => {
		if (part.type === 'variable') return [{ variable: part.name, quoted: part.quoted }];
		if (part.type === 'tilde') return [{ char: '~', quoted: false }];
		return [...part.text].map((char) => ({ char, quoted: part.quoted }));
	});
}

interface GeneratedCommand {
	assignments: { name: string; value: Atom[] }[];
	words: Atom[][];
	redirects: { fd: number; mode: string; target: Atom[] }[];
}

function randomCommand(next: () => number): { source: string; command: GeneratedCommand } {
	const command: GeneratedCommand = { assignments: [], words: [], redirects: [] };
	const parts: string[] = [];
	for (let i = Math.floor(next() * 3 - 1); i > 0; i--) {
		const name = pick(next, NAMES);
		const value = next() < 0.2 ? { atoms: [], source: '' } : randomWord(next);
		parts.push(`${name}=${value.source}`);
		command.assignments.push({ name, value: value.atoms });
	}
	// The command name is plain, so it is never taken for `!`, an assignment or a comment.
	const name = pick(next, ['echo', 'ls', 'cat', 'grep', 'wc']);
	parts.push(name);
	command.words.push([...name].map((char) => ({ char, quoted: false })));
	for (let i = Math.floor(next() * 5); i > 0; i--) {
		if (next() < 0.2) {
			const [op, fd, mode] = pick(next, [
				['<', 0, 'read'],
				['>', 1, 'write'],
				['>>', 1, 'append'],
				['2>', 2, 'write'],
				['2>>', 2, 'append']
			] as const);
			const target = randomWord(next);
			parts.push(`${op}${next() < 0.5 ? ' ' : ''}${target.source}`);
			command.redirects.push({ fd, mode, target: target.atoms });
		} else {
			const word = randomWord(next);
			parts.push(word.source);
			command.words.push(word.atoms);
		}
	}
	const blank = () => pick(next, [' ', '  ', '\t', ' \\\n ']);
	return { source: parts.join(blank()), command };
}

describe('parse: well-formed lines', () => {
	it('parses every generated line and gives back the words that were written', () => {
		const next = random(7);
		for (let i = 0; i < 2_000; i++) {
			// items of and-or lists of pipelines, with the separators they were written with
			const expected: { background: boolean; ops: string[]; pipelines: GeneratedCommand[][] }[] =
				[];
			let line = pick(next, ['', ' ', '\n']);
			for (let items = 1 + Math.floor(next() * 3); items > 0; items--) {
				const item = {
					background: false,
					ops: [] as string[],
					pipelines: [] as GeneratedCommand[][]
				};
				for (let lists = 1 + Math.floor(next() * 3); lists > 0; lists--) {
					const pipeline: GeneratedCommand[] = [];
					for (let commands = 1 + Math.floor(next() * 3); commands > 0; commands--) {
						const { source, command } = randomCommand(next);
						line += source;
						pipeline.push(command);
						if (commands > 1) line += pick(next, [' | ', '|', ' |\n ']);
					}
					item.pipelines.push(pipeline);
					if (lists > 1) {
						const op = pick(next, ['&&', '||']);
						item.ops.push(op);
						line += pick(next, [` ${op} `, op, ` ${op}\n`]);
					}
				}
				const end = pick(next, ['; ', ';', ' & ', '&', '\n', ' # note\n']);
				item.background = end.includes('&');
				if (items > 1 || next() < 0.5) line += end;
				else item.background = false;
				expected.push(item);
			}
			const result = parse(line);
			if (!result.ok) throw new Error(`${JSON.stringify(line)}: ${result.error.message}`);
			expect(spanProblems(result.script, line.length)).toEqual([]);
			const actual = result.script.items.map((item) => ({
				background: item.background,
				ops: item.list.rest.map((entry) => entry.op),
				pipelines: [item.list.first, ...item.list.rest.map((entry) => entry.pipeline)].map((p) =>
					p.commands.map((command): GeneratedCommand => ({
						assignments: command.assignments.map((a) => ({
							name: a.name,
							value: atomsOf(a.value.parts)
						})),
						words: command.words.map((word) => atomsOf(word.parts)),
						redirects: command.redirects.map((redirect) => {
							if (redirect.type !== 'file') throw new Error('unexpected dup');
							return {
								fd: redirect.fd,
								mode: redirect.mode,
								target: atomsOf(redirect.target.parts)
							};
						})
					}))
				)
			}));
			expect(actual, JSON.stringify(line)).toEqual(expected);
		}
	});
});
