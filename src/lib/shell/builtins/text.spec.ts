import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { BrokenPipeError, createPipe, type InputStream } from '../io.ts';
import { runBuiltin, testShell } from '../testing.ts';
import { textBuiltins } from './text.ts';

const command = (name: string) => textBuiltins.find((builtin) => builtin.name === name)!;
const echo = command('echo');
const head = command('head');
const tail = command('tail');
const wc = command('wc');
const grep = command('grep');

const encoder = new TextEncoder();

function workspace(files: Record<string, string | Uint8Array> = {}): Workspace {
	const ws = new Workspace();
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	return ws;
}

/** An input that yields the given chunks, recording whether it was closed and how often read. */
function chunks(
	...parts: (string | Uint8Array)[]
): InputStream & { closed: boolean; reads: number } {
	const queue = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
	return {
		closed: false,
		reads: 0,
		async read() {
			this.reads++;
			return this.closed ? null : (queue.shift() ?? null);
		},
		close() {
			this.closed = true;
		}
	};
}

/** An input that never ends: `line` over and over, until it is closed. */
function endless(line: string): InputStream & { closed: boolean; reads: number } {
	const bytes = encoder.encode(line.repeat(1000));
	return {
		closed: false,
		reads: 0,
		async read() {
			this.reads++;
			return this.closed ? null : bytes;
		},
		close() {
			this.closed = true;
		}
	};
}

describe('echo', () => {
	it('joins its arguments with spaces and ends the line', async () => {
		expect((await runBuiltin(echo, ['hello', 'big', 'world'])).stdout).toBe('hello big world\n');
		expect((await runBuiltin(echo, [])).stdout).toBe('\n');
		expect((await runBuiltin(echo, ['-n', 'no newline'])).stdout).toBe('no newline');
	});

	it('interprets escapes only with -e', async () => {
		expect((await runBuiltin(echo, ['a\\tb\\n'])).stdout).toBe('a\\tb\\n\n');
		expect((await runBuiltin(echo, ['-e', 'a\\tb\\nc\\\\d\\e[0m'])).stdout).toBe(
			'a\tb\nc\\d\x1b[0m\n'
		);
		expect((await runBuiltin(echo, ['-e', '\\xe2\\x82\\xac \\0101'])).stdout).toBe('€ A\n');
		expect((await runBuiltin(echo, ['-ne', 'stop\\chere'])).stdout).toBe('stop');
		expect((await runBuiltin(echo, ['-e', 'odd \\q'])).stdout).toBe('odd \\q\n');
	});

	it('prints words that only look like options', async () => {
		expect((await runBuiltin(echo, ['-x', '--', '-n'])).stdout).toBe('-x -- -n\n');
	});
});

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

describe('grep', () => {
	const files = {
		'main.py': 'import os\nprint("Hello")\n\ndef hello():\n    print(42)\n',
		'notes.txt': 'hello world\nHELLO again\nshell\n',
		'src/app.js': 'console.log("hello");\n',
		'src/deep/util.js': 'export const x = 1;\n',
		'.git/config': 'hello from git\n'
	};
	const fs = workspace(files);

	it('prints matching lines, with -n numbers and -i case folding', async () => {
		expect(await runBuiltin(grep, ['hello', 'notes.txt'], { fs })).toMatchObject({
			status: 0,
			stdout: 'hello world\n'
		});
		expect((await runBuiltin(grep, ['-n', 'print', 'main.py'], { fs })).stdout).toBe(
			'2:print("Hello")\n5:    print(42)\n'
		);
		expect((await runBuiltin(grep, ['-in', 'hello', 'notes.txt'], { fs })).stdout).toBe(
			'1:hello world\n2:HELLO again\n'
		);
	});

	it('selects with -v, -w and -x, and counts or lists with -c and -l', async () => {
		expect((await runBuiltin(grep, ['-v', 'hello', 'notes.txt'], { fs })).stdout).toBe(
			'HELLO again\nshell\n'
		);
		expect((await runBuiltin(grep, ['-w', 'hell', 'notes.txt'], { fs })).status).toBe(1);
		expect((await runBuiltin(grep, ['-wi', 'hello', 'notes.txt'], { fs })).stdout).toBe(
			'hello world\nHELLO again\n'
		);
		expect((await runBuiltin(grep, ['-x', 'shell', 'notes.txt'], { fs })).stdout).toBe('shell\n');
		expect((await runBuiltin(grep, ['-c', 'l', 'main.py', 'notes.txt'], { fs })).stdout).toBe(
			'main.py:2\nnotes.txt:2\n'
		);
		expect((await runBuiltin(grep, ['-il', 'hello', 'main.py', 'notes.txt'], { fs })).stdout).toBe(
			'main.py\nnotes.txt\n'
		);
	});

	it('reads basic regular expressions like GNU, and extended ones with -E', async () => {
		expect((await runBuiltin(grep, ['print(', 'main.py'], { fs })).stdout).toBe(
			'print("Hello")\n    print(42)\n'
		);
		expect((await runBuiltin(grep, ['\\(4\\)\\{1,\\}2', 'main.py'], { fs })).stdout).toBe(
			'    print(42)\n'
		);
		expect((await runBuiltin(grep, ['-E', '[[:digit:]]+|^imp', 'main.py'], { fs })).stdout).toBe(
			'import os\n    print(42)\n'
		);
		expect((await runBuiltin(grep, ['-E', '^(def|import) ', 'main.py'], { fs })).stdout).toBe(
			'import os\ndef hello():\n'
		);
		expect((await runBuiltin(grep, ['-F', '("', 'main.py'], { fs })).stdout).toBe(
			'print("Hello")\n'
		);
		expect((await runBuiltin(grep, ['\\<hell\\>', 'notes.txt'], { fs })).status).toBe(1);
		expect((await runBuiltin(grep, ['-e', '-v', 'notes.txt'], { fs })).status).toBe(1);
	});

	it('refuses an invalid pattern with status 2', async () => {
		for (const args of [['-E', 'print('], ['\\(oops']]) {
			const result = await runBuiltin(grep, [...args, 'main.py'], { fs });
			expect(result).toMatchObject({ status: 2, stdout: '', stderr: 'grep: Unmatched ( or \\(\n' });
		}
		expect((await runBuiltin(grep, ['[[:nope:]]', 'main.py'], { fs })).stderr).toBe(
			'grep: Invalid character class name\n'
		);
		expect((await runBuiltin(grep, ['x[', 'main.py'], { fs })).stderr).toBe(
			'grep: Unmatched [, [^, [:, [., or [=\n'
		);
		const usage = await runBuiltin(grep, [], { fs });
		expect(usage.status).toBe(2);
		expect(usage.stderr).toMatch(/^grep: no pattern given\nUsage: grep /);
	});

	it('names files when searching several, and -h hides the names', async () => {
		expect((await runBuiltin(grep, ['-i', 'hello', 'main.py', 'notes.txt'], { fs })).stdout).toBe(
			'main.py:print("Hello")\nmain.py:def hello():\nnotes.txt:hello world\nnotes.txt:HELLO again\n'
		);
		expect((await runBuiltin(grep, ['-h', 'world', 'main.py', 'notes.txt'], { fs })).stdout).toBe(
			'hello world\n'
		);
		expect((await runBuiltin(grep, ['-Hn', 'world', 'notes.txt'], { fs })).stdout).toBe(
			'notes.txt:1:hello world\n'
		);
	});

	it('searches the current folder with -r, skipping .git', async () => {
		expect((await runBuiltin(grep, ['-r', 'hello'], { fs })).stdout).toBe(
			'src/app.js:console.log("hello");\nmain.py:def hello():\nnotes.txt:hello world\n'
		);
		expect((await runBuiltin(grep, ['-rl', 'o', 'src'], { fs })).stdout).toBe(
			'src/deep/util.js\nsrc/app.js\n'
		);
		expect((await runBuiltin(grep, ['-R', 'x', './src/'], { fs })).stdout).toBe(
			'./src/deep/util.js:export const x = 1;\n'
		);
		expect((await runBuiltin(grep, ['-r', 'x', 'src/deep/util.js'], { fs })).stdout).toBe(
			'export const x = 1;\n'
		);
		const shell = testShell(fs, { cwd: 'src' });
		expect((await runBuiltin(grep, ['-r', 'const'], { fs, shell })).stdout).toBe(
			'deep/util.js:export const x = 1;\n'
		);
	});

	it('highlights matches in red only on a terminal', async () => {
		const plain = await runBuiltin(grep, ['wor', 'notes.txt'], { fs });
		expect(plain.stdout).toBe('hello world\n');
		const coloured = await runBuiltin(grep, ['-i', 'l', 'notes.txt'], { fs, terminal: true });
		expect(coloured.stdout.split('\n')[0]).toBe(
			'he\x1b[01;31ml\x1b[m\x1b[01;31ml\x1b[mo wor\x1b[01;31ml\x1b[md'
		);
	});

	it('prints only the matches with -o, and follows --color', async () => {
		expect((await runBuiltin(grep, ['-on', 'l\\+', 'notes.txt'], { fs })).stdout).toBe(
			'1:ll\n1:l\n3:ll\n'
		);
		expect((await runBuiltin(grep, ['--color=always', 'wor', 'notes.txt'], { fs })).stdout).toBe(
			'hello \x1b[01;31mwor\x1b[mld\n'
		);
		const never = await runBuiltin(grep, ['--color=never', 'wor', 'notes.txt'], {
			fs,
			terminal: true
		});
		expect(never.stdout).toBe('hello world\n');
	});

	it('says that a binary file matches instead of printing it', async () => {
		const bin = workspace({ 'data.bin': new Uint8Array([0x61, 0x62, 0, 0x63, 10, 0xff, 10]) });
		expect((await runBuiltin(grep, ['ab', 'data.bin'], { fs: bin })).stdout).toBe(
			'Binary file data.bin matches\n'
		);
		expect((await runBuiltin(grep, ['-c', 'ab', 'data.bin'], { fs: bin })).stdout).toBe('1\n');
		expect((await runBuiltin(grep, ['zz', 'data.bin'], { fs: bin })).status).toBe(1);
	});

	it('reports missing files and folders, searches the rest, and exits with 2', async () => {
		const result = await runBuiltin(grep, ['world', 'nope', 'src', 'notes.txt'], { fs });
		expect(result.stderr).toBe(
			'grep: nope: No such file or directory\ngrep: src: Is a directory\n'
		);
		expect(result.stdout).toBe('notes.txt:hello world\n');
		expect(result.status).toBe(2);
		expect((await runBuiltin(grep, ['-s', 'world', 'nope'], { fs })).stderr).toBe('');
		expect((await runBuiltin(grep, ['-q', 'world', 'nope', 'notes.txt'], { fs })).status).toBe(0);
	});

	it('exits with 1 when nothing matches', async () => {
		expect(await runBuiltin(grep, ['absent', 'notes.txt'], { fs })).toMatchObject({
			status: 1,
			stdout: '',
			stderr: ''
		});
	});

	it('streams stdin line by line across chunks', async () => {
		const stdin = chunks('alpha\nbe', 'ta\ngam', 'ma\nbeta again');
		expect((await runBuiltin(grep, ['-n', 'beta'], { stdin })).stdout).toBe(
			'2:beta\n4:beta again\n'
		);
		expect((await runBuiltin(grep, ['-c', 'a'], { stdin: 'a\nb\na\n' })).stdout).toBe('2\n');
		expect((await runBuiltin(grep, ['x', '-', 'notes.txt'], { fs, stdin: 'x\n' })).stdout).toBe(
			'(standard input):x\n'
		);
	});

	it('stops reading stdin at the first match with -q', async () => {
		const stdin = endless('needle\n');
		expect((await runBuiltin(grep, ['-q', 'needle'], { stdin })).status).toBe(0);
		expect(stdin.closed).toBe(true);
	});

	it('searches 5,000 files with -r well under a second', async () => {
		const big = new Workspace();
		big.doc.transact(() => {
			for (let i = 0; i < 5_000; i++) {
				const body = `// module ${i}\n${'const value = compute(input);\n'.repeat(30)}`;
				big.writeFile(`pkg${i % 50}/file${i}.ts`, i % 500 === 0 ? `${body}TODO: fix\n` : body);
			}
		});
		const started = performance.now();
		const result = await runBuiltin(grep, ['-rn', 'TODO'], { fs: big });
		const took = performance.now() - started;
		expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(10);
		expect(result.stdout).toContain('pkg0/file0.ts:32:TODO: fix\n');
		expect(took).toBeLessThan(1000);
	});
});

describe('every text builtin', () => {
	it('has a summary for help and a usage', () => {
		for (const builtin of textBuiltins) {
			expect(builtin.summary, builtin.name).toMatch(/^[a-z].+[^.]$/);
			expect(builtin.usage.startsWith(builtin.name), builtin.name).toBe(true);
		}
	});
});
