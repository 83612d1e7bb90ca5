import { describe, expect, it } from 'vitest';
import { BrokenPipeError, createPipe } from '../io.ts';
import { runBuiltin } from '../testing.ts';
import { head, tail } from './head-tail.ts';
import { chunks, endless, workspace } from './testing.ts';

const numbered = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

describe('head', () => {
	const fs = workspace({ 'lines.txt': numbered(1, 20), 'a.txt': 'one\ntwo\n', 'b.txt': 'x\n' });

	it('prints the first 10 lines, or as many as asked', async () => {
		expect((await runBuiltin(head, ['lines.txt'], { fs })).stdout).toBe(numbered(1, 10));
		expect((await runBuiltin(head, ['-n', '3', 'lines.txt'], { fs })).stdout).toBe(numbered(1, 3));
		expect((await runBuiltin(head, ['-2', 'lines.txt'], { fs })).stdout).toBe(numbered(1, 2));
		expect((await runBuiltin(head, ['-n', '-18', 'lines.txt'], { fs })).stdout).toBe(
			numbered(1, 2)
		);
		expect((await runBuiltin(head, ['-c', '8', 'lines.txt'], { fs })).stdout).toBe('line 1\nl');
	});

	it('prints GNU headers for several files', async () => {
		const result = await runBuiltin(head, ['-n', '1', 'a.txt', 'b.txt'], { fs });
		expect(result.stdout).toBe('==> a.txt <==\none\n\n==> b.txt <==\nx\n');
		expect((await runBuiltin(head, ['-q', 'a.txt', 'b.txt'], { fs })).stdout).toBe('one\ntwo\nx\n');
	});

	it('reports missing files and folders and goes on', async () => {
		fs.mkdir('folder');
		const result = await runBuiltin(head, ['nope', 'folder', 'b.txt'], { fs });
		expect(result.stderr).toBe(
			"head: cannot open 'nope' for reading: No such file or directory\n" +
				"head: error reading 'folder': Is a directory\n"
		);
		expect(result.stdout).toBe('==> folder <==\n\n==> b.txt <==\nx\n');
		expect(result.status).toBe(1);
	});

	it('refuses a count that is not a number', async () => {
		const result = await runBuiltin(head, ['-n', 'ten', 'a.txt'], { fs });
		expect(result).toMatchObject({ status: 1, stderr: "head: invalid number of lines: 'ten'\n" });
	});

	it('reads stdin when given no file or -', async () => {
		const stdin = chunks('first\nsec', 'ond\nthird\n');
		expect((await runBuiltin(head, ['-n', '2'], { stdin })).stdout).toBe('first\nsecond\n');
		expect((await runBuiltin(head, ['-c', '3', '-'], { stdin: 'abcdef' })).stdout).toBe('abc');
		expect((await runBuiltin(head, ['-n', '-1'], { stdin: 'a\nb\nc\n' })).stdout).toBe('a\nb\n');
	});

	it('stops reading an endless stdin as soon as it has its lines, and closes it', async () => {
		const stdin = endless('y\n');
		const result = await runBuiltin(head, ['-n', '3'], { stdin });
		expect(result).toMatchObject({ status: 0, stdout: 'y\ny\ny\n' });
		expect(stdin.closed).toBe(true);
		expect(stdin.reads).toBe(1);

		const bytes = endless('z');
		expect((await runBuiltin(head, ['-c', '5000'], { stdin: bytes })).stdout).toBe(
			'z'.repeat(5000)
		);
		expect(bytes.closed).toBe(true);
	});

	it('makes the writer of `cat big | head -1` see a broken pipe', async () => {
		const pipe = createPipe(1024);
		const writer = (async () => {
			for (;;) await pipe.output.write('more and more text\n'.repeat(100));
		})();
		const result = await runBuiltin(head, ['-1'], { stdin: pipe.input });
		expect(result.stdout).toBe('more and more text\n');
		await expect(writer).rejects.toBeInstanceOf(BrokenPipeError);
	});
});

describe('tail', () => {
	const fs = workspace({
		'lines.txt': numbered(1, 20),
		'open.txt': 'a\nb\nc',
		'a.txt': 'one\ntwo\n',
		'b.txt': 'x\n'
	});

	it('prints the last 10 lines, or as many as asked', async () => {
		expect((await runBuiltin(tail, ['lines.txt'], { fs })).stdout).toBe(numbered(11, 20));
		expect((await runBuiltin(tail, ['-n', '2', 'lines.txt'], { fs })).stdout).toBe(
			numbered(19, 20)
		);
		expect((await runBuiltin(tail, ['-3', 'lines.txt'], { fs })).stdout).toBe(numbered(18, 20));
		expect((await runBuiltin(tail, ['-n', '2', 'open.txt'], { fs })).stdout).toBe('b\nc');
		expect((await runBuiltin(tail, ['-n', '0', 'open.txt'], { fs })).stdout).toBe('');
		expect((await runBuiltin(tail, ['-c', '3', 'open.txt'], { fs })).stdout).toBe('b\nc');
	});

	it('starts at a line or byte with +N', async () => {
		expect((await runBuiltin(tail, ['-n', '+19', 'lines.txt'], { fs })).stdout).toBe(
			numbered(19, 20)
		);
		expect((await runBuiltin(tail, ['-n', '+1', 'open.txt'], { fs })).stdout).toBe('a\nb\nc');
		expect((await runBuiltin(tail, ['-c', '+3', 'open.txt'], { fs })).stdout).toBe('b\nc');
		expect((await runBuiltin(tail, ['-n', '+2'], { stdin: chunks('a\nb', '\nc\n') })).stdout).toBe(
			'b\nc\n'
		);
		expect((await runBuiltin(tail, ['-c', '+4'], { stdin: chunks('ab', 'cdef') })).stdout).toBe(
			'def'
		);
	});

	it('prints GNU headers and reports missing files', async () => {
		const result = await runBuiltin(tail, ['-n', '1', 'a.txt', 'nope', 'b.txt'], { fs });
		expect(result.stdout).toBe('==> a.txt <==\ntwo\n\n==> b.txt <==\nx\n');
		expect(result.stderr).toBe("tail: cannot open 'nope' for reading: No such file or directory\n");
		expect(result.status).toBe(1);
	});

	it('keeps the last lines of a long stdin across chunks', async () => {
		const text = numbered(1, 50_000);
		const parts: string[] = [];
		for (let at = 0; at < text.length; at += 4093) parts.push(text.slice(at, at + 4093));
		expect((await runBuiltin(tail, ['-n', '3'], { stdin: chunks(...parts) })).stdout).toBe(
			numbered(49_998, 50_000)
		);
		expect((await runBuiltin(tail, ['-c', '7'], { stdin: chunks(...parts) })).stdout).toBe(
			'50000\n'.padStart(7, ' ')
		);
	});
});
