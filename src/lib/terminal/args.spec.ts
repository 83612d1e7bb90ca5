import { describe, expect, it } from 'vitest';
import { quoteArg, splitArgs } from './args.ts';

describe('splitArgs', () => {
	it('splits on blanks and keeps quoted blanks', () => {
		expect(splitArgs('python  main.py  a b')).toEqual({
			ok: true,
			argv: ['python', 'main.py', 'a', 'b']
		});
		expect(splitArgs(`python -c 'print("hi there")'`)).toEqual({
			ok: true,
			argv: ['python', '-c', 'print("hi there")']
		});
		expect(splitArgs('echo "a \\"b\\" c" d\\ e')).toEqual({
			ok: true,
			argv: ['echo', 'a "b" c', 'd e']
		});
		expect(splitArgs(`say ''`)).toEqual({ ok: true, argv: ['say', ''] });
		expect(splitArgs('   ')).toEqual({ ok: true, argv: [] });
	});

	it('reports an unterminated quote with its column', () => {
		expect(splitArgs(`python -c 'print(1)`)).toEqual({
			ok: false,
			message: "unterminated ' quote at column 11"
		});
		expect(splitArgs('echo "abc')).toEqual({
			ok: false,
			message: 'unterminated " quote at column 6'
		});
	});

	it('round-trips quoted words', () => {
		for (const word of ['plain.py', 'two words', "it's", '$HOME', '']) {
			expect(splitArgs(`cmd ${quoteArg(word)}`)).toEqual({ ok: true, argv: ['cmd', word] });
		}
	});
});
