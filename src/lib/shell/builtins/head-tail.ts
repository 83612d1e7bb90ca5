// head and tail: the first or last lines (or bytes) of files or of stdin. Files are read whole
// from the workspace (they are in memory anyway); stdin is streamed, so `cat big | head -1` stops
// at once.
import { errorCode, reason } from '../errors.ts';
import { concatBytes } from '../../bytes.ts';
import { readLines, type InputStream } from '../io.ts';
import type { Builtin, CommandContext } from '../types.ts';
import { checkInterrupt, defineBuiltin } from './define.ts';
import { parseOptions, type OptionSpec } from './options.ts';
import { complain } from './print.ts';

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
			checkInterrupt(ctx);
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
					status = await complain(ctx, `cannot open '${name}' for reading: ${reason(failure)}`);
					continue;
				}
				if (headers) {
					await ctx.stdout.write(
						`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`
					);
				}
				first = false;
				if (isFolder) {
					status = await complain(ctx, `error reading '${name}': ${reason(failure)}`);
				} else if (bytes) await ctx.stdout.write(sliceFile(command, amount, bytes));
				else await (command === 'head' ? headStream : tailStream)(ctx, amount);
			}
			return status;
		}
	);
}

/** `head [-n N] [-c N] [FILE]...`: the first 10 lines, or as many lines or bytes as asked. */
export const head = headOrTail('head', 'print the first lines of files');

/** `tail [-n N] [-c N] [FILE]...`: the last 10 lines, or from line (or byte) N with `+N`. */
export const tail = headOrTail('tail', 'print the last lines of files');
