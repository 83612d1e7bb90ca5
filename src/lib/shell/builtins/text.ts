// Builtins that read and print text: echo, head, tail, wc, grep. Files are read whole from the
// workspace (they are in memory anyway); stdin is streamed, so `cat big | head -1` stops at once
// and a 20 MB pipe into wc or grep is never joined into one string.
import { errorCode, reason, UsageError } from '../errors.ts';
import { concatBytes, readLines, type InputStream } from '../io.ts';
import type { Builtin, CommandContext } from '../types.ts';
import { checkInterrupt, defineBuiltin } from './define.ts';
import { parseOptions, type OptionSpec } from './options.ts';

const encoder = new TextEncoder();

/** `echo [-neE] ARG...`: options are only words made of n, e and E letters, as in bash. */
const echo = defineBuiltin(
	'echo',
	'print its arguments',
	'echo [-n] [-e] [-E] [ARG]...',
	async (ctx) => {
		const args = ctx.argv.slice(1);
		let newline = true;
		let escapes = false;
		while (args[0] && /^-[neE]+$/.test(args[0])) {
			for (const letter of args.shift()!.slice(1)) {
				if (letter === 'n') newline = false;
				else escapes = letter === 'e';
			}
		}
		const text = args.join(' ') + (newline ? '\n' : '');
		await ctx.stdout.write(escapes ? interpretEscapes(text) : text);
		return 0;
	}
);

const ESCAPES: Record<string, string> = {
	a: '\x07',
	b: '\b',
	e: '\x1b',
	E: '\x1b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
	v: '\v',
	'\\': '\\'
};

/** echo -e: `\n \t \\ \e ...`, `\0NNN` and `\xHH` as raw bytes, and `\c` ends the output. */
function interpretEscapes(text: string): Uint8Array {
	const out: number[] = [];
	const push = (part: string) => {
		for (const byte of encoder.encode(part)) out.push(byte);
	};
	let from = 0;
	for (
		let at = text.indexOf('\\');
		at >= 0 && at < text.length - 1;
		at = text.indexOf('\\', from)
	) {
		push(text.slice(from, at));
		const letter = text[at + 1]!;
		const number = /^(?:0([0-7]{0,3})|x([0-9a-fA-F]{1,2}))/.exec(text.slice(at + 1, at + 5));
		if (letter === 'c') return new Uint8Array(out);
		if (number) {
			out.push(
				number[1] !== undefined ? parseInt(number[1] || '0', 8) & 255 : parseInt(number[2]!, 16)
			);
			from = at + 1 + number[0].length;
		} else {
			push(ESCAPES[letter] ?? `\\${letter}`);
			from = at + 2;
		}
	}
	push(text.slice(from));
	return new Uint8Array(out);
}

/** The last `size` items pushed; what falls out of the window is returned by `push`. */
class Window<T> {
	#items: T[] = [];
	#next = 0;
	readonly size: number;

	constructor(size: number) {
		this.size = size;
	}

	push(item: T): T | undefined {
		if (this.size === 0) return item;
		if (this.#items.length < this.size) {
			this.#items.push(item);
			return undefined;
		}
		const out = this.#items[this.#next];
		this.#items[this.#next] = item;
		this.#next = (this.#next + 1) % this.size;
		return out;
	}

	values(): T[] {
		return [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
	}
}

/** How much head or tail prints: `-n 5` is 5 lines, `-c -5` all but the last 5 bytes, `+5` from the 5th. */
interface Amount {
	unit: 'lines' | 'bytes';
	count: number;
	sign: '' | '+' | '-';
}

const SUFFIXES = new Map([
	['', 1],
	['b', 512],
	['kB', 1000],
	['K', 1024],
	['KiB', 1024],
	['MB', 1000 ** 2],
	['M', 1024 ** 2],
	['MiB', 1024 ** 2],
	['GB', 1000 ** 3],
	['G', 1024 ** 3],
	['GiB', 1024 ** 3]
]);

function amountOf(values: Record<string, string | undefined>): Amount {
	const unit = values.bytes !== undefined ? 'bytes' : 'lines';
	const text = values[unit] ?? '10';
	const match = /^([+-]?)(\d+)([a-zA-Z]*)$/.exec(text);
	const factor = match && SUFFIXES.get(match[3]!);
	if (!match || !factor) throw new Error(`invalid number of ${unit}: '${text}'`);
	return { unit, count: Number(match[2]) * factor, sign: match[1] as Amount['sign'] };
}

/** The offset just after the `n`-th newline of `bytes` (its length when it has fewer lines). */
function afterLines(bytes: Uint8Array, n: number): number {
	let at = 0;
	for (let i = 0; i < n; i++) {
		const newline = bytes.indexOf(10, at);
		if (newline < 0) return bytes.length;
		at = newline + 1;
	}
	return at;
}

/** The offset where the last `n` lines of `bytes` begin. */
function lastLinesStart(bytes: Uint8Array, n: number): number {
	// A final newline ends the last line; it does not start an empty one.
	let end = bytes.length > 0 && bytes[bytes.length - 1] === 10 ? bytes.length - 1 : bytes.length;
	for (let i = 0; i < n; i++) {
		const newline = end > 0 ? bytes.lastIndexOf(10, end - 1) : -1;
		if (newline < 0) return 0;
		end = newline;
	}
	return Math.min(end + 1, bytes.length);
}

/** What head or tail prints of a whole file. */
function sliceFile(command: 'head' | 'tail', { unit, count, sign }: Amount, bytes: Uint8Array) {
	const length = bytes.length;
	if (command === 'head') {
		if (unit === 'bytes')
			return bytes.subarray(0, sign === '-' ? Math.max(0, length - count) : count);
		return bytes.subarray(
			0,
			sign === '-' ? lastLinesStart(bytes, count) : afterLines(bytes, count)
		);
	}
	if (unit === 'bytes')
		return bytes.subarray(sign === '+' ? Math.max(0, count - 1) : Math.max(0, length - count));
	return bytes.subarray(
		sign === '+' ? afterLines(bytes, Math.max(0, count - 1)) : lastLinesStart(bytes, count)
	);
}

/** Reads `input` keeping only its last `count` bytes; what falls out of the window goes to `emit`. */
async function lastBytes(
	input: InputStream,
	count: number,
	emit?: (bytes: Uint8Array) => Promise<void>
) {
	let kept = new Uint8Array(0);
	for (let chunk = await input.read(); chunk; chunk = await input.read()) {
		const all = concatBytes([kept, chunk]);
		const cut = Math.max(0, all.length - count);
		if (emit && cut > 0) await emit(all.subarray(0, cut));
		kept = all.slice(cut);
	}
	return kept;
}

/** head of stdin: stops reading (and closes stdin) as soon as it has what it prints. */
async function headStream(ctx: CommandContext, { unit, count, sign }: Amount): Promise<void> {
	const { stdin, stdout } = ctx;
	const write = (data: Uint8Array | string) => stdout.write(data);
	if (sign === '-' && unit === 'bytes') {
		await lastBytes(stdin, count, write);
		return;
	}
	if (sign === '-') {
		const window = new Window<string>(count);
		for await (const line of readLines(stdin)) {
			const out = window.push(line);
			if (out !== undefined) await write(out);
		}
		return;
	}
	if (count === 0) return stdin.close();
	let left = count;
	if (unit === 'lines') {
		for await (const line of readLines(stdin)) {
			checkInterrupt(ctx);
			await write(line);
			if (--left === 0) break;
		}
		return;
	}
	for (let chunk = await stdin.read(); chunk; chunk = await stdin.read()) {
		const part = chunk.subarray(0, left);
		left -= part.length;
		await write(part);
		if (left === 0) return stdin.close();
	}
}

/** tail of stdin: keeps only the last lines (or bytes) it will print. */
async function tailStream(ctx: CommandContext, { unit, count, sign }: Amount): Promise<void> {
	const { stdin, stdout } = ctx;
	if (sign !== '+') {
		if (unit === 'bytes') return stdout.write(await lastBytes(stdin, count));
		const window = new Window<string>(count);
		for await (const line of readLines(stdin)) {
			checkInterrupt(ctx);
			window.push(line);
		}
		return stdout.write(window.values().join(''));
	}
	let skip = Math.max(0, count - 1);
	if (unit === 'lines') {
		for await (const line of readLines(stdin)) {
			checkInterrupt(ctx);
			if (skip > 0) skip--;
			else await stdout.write(line);
		}
		return;
	}
	for (let chunk = await stdin.read(); chunk; chunk = await stdin.read()) {
		await stdout.write(chunk.subarray(Math.min(skip, chunk.length)));
		skip = Math.max(0, skip - chunk.length);
	}
}

const headTailOptions: OptionSpec[] = [
	{ short: 'n', long: 'lines', value: true },
	{ short: 'c', long: 'bytes', value: true },
	{ short: 'q', long: 'quiet' },
	{ long: 'silent', key: 'quiet' },
	{ short: 'v', long: 'verbose' }
];

/** `head -5` is `head -n 5`; values of -n and -c (`-n -5`) are left alone. */
function expandShorthand(args: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') return [...out, ...args.slice(i)];
		if (/^-\d+$/.test(arg)) out.push('-n', arg.slice(1));
		else out.push(arg);
		if ((arg === '-n' || arg === '-c') && i + 1 < args.length) out.push(args[++i]!);
	}
	return out;
}

function headOrTail(command: 'head' | 'tail', summary: string): Builtin {
	return defineBuiltin(
		command,
		summary,
		`${command} [-n N] [-c N] [-q] [-v] [FILE]...`,
		async (ctx) => {
			const { flags, values, operands } = parseOptions(
				expandShorthand(ctx.argv.slice(1)),
				headTailOptions
			);
			const amount = amountOf(values);
			const names = operands.length ? operands : ['-'];
			const headers = flags.verbose || (names.length > 1 && !flags.quiet);
			let status = 0;
			let first = true;
			for (const name of names) {
				checkInterrupt(ctx);
				let bytes: Uint8Array | undefined;
				let failure: unknown;
				if (name !== '-') {
					try {
						bytes = ctx.fs.readBytes(ctx.shell.resolve(name));
					} catch (error) {
						failure = error;
					}
				}
				// Like GNU: a folder opens (so it gets its header) and fails on reading.
				const isFolder = failure !== undefined && errorCode(failure) === 'EISDIR';
				if (failure !== undefined && !isFolder) {
					await ctx.stderr.write(
						`${command}: cannot open '${name}' for reading: ${reason(failure)}\n`
					);
					status = 1;
					continue;
				}
				if (headers) {
					await ctx.stdout.write(
						`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`
					);
				}
				first = false;
				if (isFolder) {
					await ctx.stderr.write(`${command}: error reading '${name}': ${reason(failure)}\n`);
					status = 1;
				} else if (bytes) await ctx.stdout.write(sliceFile(command, amount, bytes));
				else await (command === 'head' ? headStream : tailStream)(ctx, amount);
			}
			return status;
		}
	);
}

/** Running counts of one input; `inWord` carries a word across chunk boundaries. */
interface Tally {
	lines: number;
	words: number;
	chars: number;
	bytes: number;
	inWord: boolean;
}

const newTally = (): Tally => ({ lines: 0, words: 0, chars: 0, bytes: 0, inWord: false });

/**
 * Adds one chunk. Works on bytes, so a chunk may end inside a character: a character is counted
 * at its first byte (every byte but UTF-8 continuation bytes), and words end at ASCII white space,
 * which never occurs inside a multi-byte character.
 */
function tally(t: Tally, chunk: Uint8Array): void {
	let { lines, words, chars, inWord } = t;
	for (let i = 0; i < chunk.length; i++) {
		const byte = chunk[i]!;
		if ((byte & 0xc0) !== 0x80) chars++;
		if (byte === 10) lines++;
		if (byte === 32 || (byte >= 9 && byte <= 13)) inWord = false;
		else if (!inWord) {
			inWord = true;
			words++;
		}
	}
	Object.assign(t, { lines, words, chars, inWord, bytes: t.bytes + chunk.length });
}

/** GNU's column width: digits of the files' total size, at least 7 when stdin or a folder is read. */
function countWidth(ctx: CommandContext, names: readonly string[], columns: number): number {
	if (names.length === 1 && columns === 1) return 1;
	let minimum = 1;
	let size = 0;
	for (const name of names) {
		try {
			const stat = name === '-' ? undefined : ctx.fs.stat(ctx.shell.resolve(name));
			if (stat?.type === 'file') size += stat.size;
			else minimum = 7;
		} catch {
			// Reported when the file is counted.
		}
	}
	return Math.max(minimum, String(size).length);
}

const wc = defineBuiltin(
	'wc',
	'count lines, words and bytes',
	'wc [-l] [-w] [-c] [-m] [FILE]...',
	async (ctx) => {
		const { flags, operands } = parseOptions(ctx.argv.slice(1), [
			{ short: 'l', long: 'lines' },
			{ short: 'w', long: 'words' },
			{ short: 'm', long: 'chars' },
			{ short: 'c', long: 'bytes' }
		]);
		const chosen = (['lines', 'words', 'chars', 'bytes'] as const).filter((key) => flags[key]);
		const columns = chosen.length ? chosen : (['lines', 'words', 'bytes'] as const);
		const names = operands.length ? operands : ['-'];
		const width = countWidth(ctx, names, columns.length);
		const format = (t: Tally, label: string) =>
			columns.map((key) => String(t[key]).padStart(width)).join(' ') +
			(label ? ` ${label}` : '') +
			'\n';
		const total = newTally();
		let status = 0;
		for (const name of names) {
			checkInterrupt(ctx);
			const counts = newTally();
			if (name === '-') {
				for (let chunk = await ctx.stdin.read(); chunk; chunk = await ctx.stdin.read()) {
					checkInterrupt(ctx);
					tally(counts, chunk);
				}
			} else {
				try {
					tally(counts, ctx.fs.readBytes(ctx.shell.resolve(name)));
				} catch (error) {
					await ctx.stderr.write(`wc: ${name}: ${reason(error)}\n`);
					status = 1;
					// GNU still prints a line of zeros for a folder.
					if (errorCode(error) !== 'EISDIR') continue;
				}
			}
			for (const key of columns) total[key] += counts[key];
			await ctx.stdout.write(format(counts, operands.length ? name : ''));
		}
		if (names.length > 1) await ctx.stdout.write(format(total, 'total'));
		return status;
	}
);

const POSIX_CLASSES: Record<string, string> = {
	alpha: 'a-zA-Z',
	digit: '0-9',
	alnum: '0-9A-Za-z',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	xdigit: '0-9A-Fa-f',
	cntrl: '\\x00-\\x1f\\x7f',
	print: ' -~',
	graph: '!-~'
};

const UNMATCHED_BRACKET = 'Unmatched [, [^, [:, [., or [=';

/** A POSIX bracket expression at `start` as a JS class, and the index of its `]`. */
function bracket(pattern: string, start: number): [string, number] {
	let i = start + 1;
	let out = '[';
	if (pattern[i] === '^') out += pattern[i++];
	if (pattern[i] === ']') {
		out += '\\]';
		i++;
	}
	for (; i < pattern.length; i++) {
		const c = pattern[i]!;
		if (c === ']') return [`${out}]`, i];
		const kind = pattern[i + 1];
		if (c === '[' && (kind === ':' || kind === '=' || kind === '.')) {
			const close = pattern.indexOf(`${kind}]`, i + 2);
			if (close < 0) throw new Error(UNMATCHED_BRACKET);
			const name = pattern.slice(i + 2, close);
			if (kind !== ':') out += name.replace(/[\\\]^-]/g, '\\$&');
			else if (Object.hasOwn(POSIX_CLASSES, name)) out += POSIX_CLASSES[name];
			else throw new Error('Invalid character class name');
			i = close + 1;
		} else out += c === '\\' || c === '[' ? `\\${c}` : c; // a backslash is literal in POSIX brackets
	}
	throw new Error(UNMATCHED_BRACKET);
}

const GROUPING = '(){}|+?';

/**
 * A POSIX pattern as JS RegExp source. BRE (grep's default) makes `( ) { } | + ?` literal and
 * their backslashed forms operators; ERE (-E) the other way round. `\<` and `\>` are word
 * edges, other backslash escapes keep their JS meaning (`\d`, `\t`, `\1`).
 */
function translate(pattern: string, extended: boolean): string {
	let out = '';
	// Where a repetition has nothing to repeat, so it is literal, as in GNU grep.
	let atStart = true;
	for (let i = 0; i < pattern.length; i++) {
		let c = pattern[i]!;
		let operator = extended && GROUPING.includes(c);
		if (c === '\\') {
			const next = pattern[++i];
			if (next === undefined) throw new Error('Trailing backslash');
			if (!extended && GROUPING.includes(next)) {
				c = next;
				operator = true;
			} else {
				out += next === '<' ? '\\b(?=\\w)' : next === '>' ? '\\b(?<=\\w)' : `\\${next}`;
				atStart = false;
				continue;
			}
		} else if (c === '[') {
			const [set, end] = bracket(pattern, i);
			out += set;
			i = end;
			atStart = false;
			continue;
		}
		const anchor: boolean =
			c === '^'
				? extended || atStart
				: c === '$' &&
					(extended || i === pattern.length - 1 || /^\\[)|]/.test(pattern.slice(i + 1)));
		if (c === '^' && anchor) {
			out += c;
			continue;
		}
		const literal: boolean =
			(GROUPING.includes(c) && !operator) ||
			('^$'.includes(c) && !anchor) ||
			('*+?{'.includes(c) && atStart);
		out += literal ? `\\${c}` : c;
		atStart = !literal && (c === '(' || c === '|');
	}
	return out;
}

/** GNU's wording for a pattern JS refuses. */
function regexProblem(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/Unterminated group/.test(message)) return 'Unmatched ( or \\(';
	if (/Unmatched '\)'/.test(message)) return 'Unmatched ) or \\)';
	if (/Unterminated character class/.test(message)) return UNMATCHED_BRACKET;
	if (/Nothing to repeat/.test(message)) return 'Invalid preceding regular expression';
	if (/out of order in \{\}/.test(message)) return 'Invalid content of \\{\\}';
	if (/out of order in character class/.test(message)) return 'Invalid range end';
	return message.replace(
		/^Invalid regular expression: \/.*\/\w*: /s,
		'Invalid regular expression: '
	);
}

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

type Flags = Record<string, true | undefined>;

/** The three forms of the pattern: per line, every match (highlighting), and whole texts. */
function compile(patterns: string[], flags: Flags) {
	const sources = patterns.map((p) =>
		flags['fixed-strings']
			? p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
			: translate(p, !!flags['extended-regexp'])
	);
	let source = sources.length === 1 ? sources[0]! : sources.map((s) => `(?:${s})`).join('|');
	if (flags['line-regexp']) source = `^(?:${source})$`;
	else if (flags['word-regexp']) source = `(?<!\\w)(?:${source})(?!\\w)`;
	const i = flags['ignore-case'] ? 'i' : '';
	try {
		// Any line that matches makes the whole text match in multiline mode (the translation
		// has no lookbehind but `\w` tests, and a line edge is a newline there), so `whole`
		// skips files with no match without splitting them.
		return {
			line: new RegExp(source, i),
			every: new RegExp(source, `${i}g`),
			whole: new RegExp(source, `${i}m`)
		};
	} catch (error) {
		throw new Error(regexProblem(error), { cause: error });
	}
}

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
	readonly #pattern: ReturnType<typeof compile>;
	readonly #color: boolean;

	constructor(
		ctx: CommandContext,
		flags: Flags,
		pattern: ReturnType<typeof compile>,
		color: boolean
	) {
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
			if (`/${relative}`.includes('/.git/')) continue;
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
		const red = (match: string) => match && this.#paint(match, '01;31');
		if (flags['only-matching']) {
			if (flags['invert-match']) return undefined;
			const matches = [...line.matchAll(this.#pattern.every)].filter((m) => m[0]);
			return matches.map((m) => `${lead}${red(m[0])}\n`).join('');
		}
		const text = flags['invert-match'] ? line : line.replace(this.#pattern.every, red);
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

	#paint(text: string, color: string): string {
		return this.#color ? `\x1b[${color}m${text}${RESET}` : text;
	}

	#fail(name: string, error: unknown): Promise<void> {
		this.failed = true;
		if (this.#flags['no-messages']) return Promise.resolve();
		return this.#ctx.stderr.write(`grep: ${name}: ${reason(error)}\n`);
	}
}

const grep = defineBuiltin(
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
		const { flags, values, operands } = parseOptions(args, grepOptions);
		const pattern = values.regexp ?? operands.shift();
		if (pattern === undefined) throw new UsageError('no pattern given');
		let compiled: ReturnType<typeof compile>;
		try {
			compiled = compile(pattern.split('\n'), flags);
		} catch (error) {
			await ctx.stderr.write(`grep: ${reason(error)}\n`);
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

/** echo, head, tail, wc and grep. */
export const textBuiltins: readonly Builtin[] = [
	echo,
	headOrTail('head', 'print the first lines of files'),
	headOrTail('tail', 'print the last lines of files'),
	wc,
	grep
];
