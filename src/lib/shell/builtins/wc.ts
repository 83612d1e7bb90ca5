// wc: counts lines, words, characters and bytes, aligned like GNU. stdin is counted chunk by
// chunk, so a 20 MB pipe is never joined into one string.
import { errorCode, reason } from '../errors.ts';
import type { CommandContext } from '../types.ts';
import { checkInterrupt, defineBuiltin } from './define.ts';
import { parseOptions } from './options.ts';
import { complain } from './print.ts';

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

/** `wc [-lwmc] [FILE]...`: lines, words and bytes of each file, and a total for several. */
export const wc = defineBuiltin(
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
					status = await complain(ctx, `${name}: ${reason(error)}`);
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
