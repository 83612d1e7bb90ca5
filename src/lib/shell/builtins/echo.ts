// echo: prints its arguments, with bash's -n, -e and -E.
import { defineBuiltin } from './define.ts';

const encoder = new TextEncoder();

/** `echo [-neE] ARG...`: options are only words made of n, e and E letters, as in bash. */
export const echo = defineBuiltin(
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
