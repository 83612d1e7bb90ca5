import { describe, expect, it } from 'vitest';
import type { InputStream } from '../io.ts';
import { runBuiltin } from '../testing.ts';
import { chunks, workspace } from './testing.ts';
import { wc } from './wc.ts';

const encoder = new TextEncoder();

describe('wc', () => {
	const fs = workspace({ a: 'one two\nthree\n', b: 'x\n' });
	fs.mkdir('folder');

	it('prints lines, words and bytes aligned like GNU', async () => {
		expect((await runBuiltin(wc, ['a'], { fs })).stdout).toBe(' 2  3 14 a\n');
		expect((await runBuiltin(wc, ['a', 'b'], { fs })).stdout).toBe(
			' 2  3 14 a\n 1  1  2 b\n 3  4 16 total\n'
		);
		expect((await runBuiltin(wc, ['-l', 'a'], { fs })).stdout).toBe('2 a\n');
		expect((await runBuiltin(wc, ['-l', 'a', 'b'], { fs })).stdout).toBe(' 2 a\n 1 b\n 3 total\n');
		expect((await runBuiltin(wc, ['-cl', 'a'], { fs })).stdout).toBe(' 2 14 a\n');
	});

	it('counts stdin with a width of 7, or 1 for a single count', async () => {
		expect((await runBuiltin(wc, [], { stdin: 'hi there\n' })).stdout).toBe(
			'      1       2       9\n'
		);
		expect((await runBuiltin(wc, ['-l'], { stdin: 'hi\n' })).stdout).toBe('1\n');
		expect((await runBuiltin(wc, ['a', '-'], { fs, stdin: 'x\n' })).stdout).toBe(
			'      2       3      14 a\n      1       1       2 -\n      3       4      16 total\n'
		);
	});

	it('reports missing files and folders like GNU', async () => {
		const result = await runBuiltin(wc, ['a', 'nope', 'folder'], { fs });
		expect(result.stderr).toBe('wc: nope: No such file or directory\nwc: folder: Is a directory\n');
		expect(result.stdout).toBe(
			'      2       3      14 a\n      0       0       0 folder\n      2       3      14 total\n'
		);
		expect(result.status).toBe(1);
	});

	it('counts across chunks split inside a character and inside a word', async () => {
		const bytes = encoder.encode('héllo wörld\nok\n');
		// Cut inside "é" (bytes 1-2) and inside "wörld" (bytes 7-12), itself inside "ö".
		const stdin = chunks(bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9));
		const result = await runBuiltin(wc, ['-l', '-w', '-m', '-c'], { stdin });
		expect(result.stdout).toBe('      2       3      15      17\n');
	});

	it('streams a 20 MB stdin chunk by chunk', async () => {
		const chunk = encoder.encode('word word\n'.repeat(6_554)); // 65,540 bytes
		let left = 320;
		const stdin: InputStream = { read: async () => (left-- > 0 ? chunk : null), close() {} };
		const result = await runBuiltin(wc, [], { stdin });
		const lines = 6_554 * 320;
		expect(result.stdout.trim().split(/\s+/).map(Number)).toEqual([lines, 2 * lines, 10 * lines]);
	});
});
