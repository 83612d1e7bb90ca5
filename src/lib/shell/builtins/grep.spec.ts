import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell } from '../testing.ts';
import { grep } from './grep.ts';
import { chunks, endless, workspace } from './testing.ts';

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
		// Every -e counts, as in GNU grep, not only the last one.
		expect((await runBuiltin(grep, ['-e', 'import', '-e', 'def', 'main.py'], { fs })).stdout).toBe(
			'import os\ndef hello():\n'
		);
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
