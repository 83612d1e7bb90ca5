import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { bufferOutput, emptyInput, type OutputStream } from '../io.ts';
import { runBuiltin, testShell } from '../testing.ts';
import type { CommandContext } from '../types.ts';
import { find } from './find.ts';

function project() {
	const ws = new Workspace();
	ws.writeFile('README.md', '');
	ws.writeFile('src/a.py', '');
	ws.writeFile('src/B.PY', '');
	ws.writeFile('src/lib/util.py', '');
	ws.writeFile('src/lib/data.json', '');
	ws.writeFile('.git/HEAD', '');
	ws.mkdir('empty');
	return ws;
}

const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');

describe('find', () => {
	it('lists everything under `.` by default, each folder before what it holds', async () => {
		const result = await runBuiltin(find, [], { fs: project() });
		expect(result).toMatchObject({ status: 0, stderr: '' });
		expect(result.stdout).toBe(
			lines(
				'.',
				'./.git',
				'./.git/HEAD',
				'./README.md',
				'./empty',
				'./src',
				'./src/B.PY',
				'./src/a.py',
				'./src/lib',
				'./src/lib/data.json',
				'./src/lib/util.py'
			)
		);
	});

	it('matches base names against a glob with -name, and ignores case with -iname', async () => {
		const fs = project();
		expect((await runBuiltin(find, ['.', '-name', '*.py'], { fs })).stdout).toBe(
			lines('./src/a.py', './src/lib/util.py')
		);
		expect((await runBuiltin(find, ['src', '-iname', '*.py'], { fs })).stdout).toBe(
			lines('src/B.PY', 'src/a.py', 'src/lib/util.py')
		);
		expect((await runBuiltin(find, ['-name', '.*'], { fs })).stdout).toBe(lines('./.git'));
		expect((await runBuiltin(find, ['-name', '[!a-z]*'], { fs })).stdout).toBe(
			lines('.', './.git', './.git/HEAD', './README.md', './src/B.PY')
		);
		expect((await runBuiltin(find, ['-name', '{a,b}.py'], { fs })).stdout).toBe('');
	});

	it('filters by type, depth and negation', async () => {
		const fs = project();
		expect((await runBuiltin(find, ['-type', 'd'], { fs })).stdout).toBe(
			lines('.', './.git', './empty', './src', './src/lib')
		);
		expect((await runBuiltin(find, ['src', '-type', 'f', '-maxdepth', '1'], { fs })).stdout).toBe(
			lines('src/B.PY', 'src/a.py')
		);
		expect((await runBuiltin(find, ['src', '-mindepth', '2'], { fs })).stdout).toBe(
			lines('src/lib/data.json', 'src/lib/util.py')
		);
		expect((await runBuiltin(find, ['src', '-maxdepth', '0'], { fs })).stdout).toBe(lines('src'));
		expect(
			(await runBuiltin(find, ['src', '!', '-name', '*.py', '-not', '-type', 'd'], { fs })).stdout
		).toBe(lines('src/B.PY', 'src/lib/data.json'));
		expect((await runBuiltin(find, ['src/lib', '-type', 'f,d', '-print'], { fs })).stdout).toBe(
			lines('src/lib', 'src/lib/data.json', 'src/lib/util.py')
		);
	});

	it('prints paths as the start was typed', async () => {
		const fs = project();
		const shell = testShell(fs, { cwd: 'src' });
		expect((await runBuiltin(find, ['src/', '-name', 'a.py'], { fs })).stdout).toBe(
			lines('src/a.py')
		);
		expect(
			(await runBuiltin(find, ['/workspace', '-maxdepth', '1', '-type', 'd'], { fs })).stdout
		).toBe(lines('/workspace', '/workspace/.git', '/workspace/empty', '/workspace/src'));
		expect((await runBuiltin(find, ['-name', '*.json'], { fs, shell })).stdout).toBe(
			lines('./lib/data.json')
		);
		expect((await runBuiltin(find, ['../README.md', 'lib'], { fs, shell })).stdout).toBe(
			lines('../README.md', 'lib', 'lib/data.json', 'lib/util.py')
		);
		expect((await runBuiltin(find, ['-name', 'src'], { fs })).stdout).toBe(lines('./src'));
		expect((await runBuiltin(find, ['src', '-name', 'src'], { fs })).stdout).toBe(lines('src'));
	});

	it('reports a missing start and goes on with the others', async () => {
		const result = await runBuiltin(find, ['nothing', 'empty', '', '/etc'], { fs: project() });
		expect(result).toMatchObject({
			status: 1,
			stdout: lines('empty'),
			stderr:
				"find: 'nothing': No such file or directory\n" +
				"find: '': No such file or directory\n" +
				"find: '/etc': outside the workspace\n"
		});
	});

	it.each([
		[['-size', '1'], "find: unknown predicate '-size'"],
		[['-name'], "find: missing argument to '-name'"],
		[['-type', 'x'], 'find: Unknown argument to -type: x'],
		[
			['-maxdepth', '-1'],
			"find: Expected a positive decimal integer argument to -maxdepth, but got '-1'"
		],
		[['-name', 'a', 'src'], "find: paths must precede expression: 'src'"],
		[['!'], "find: expected an expression after '!'"]
	])('refuses %j with status 1', async (args, message) => {
		const result = await runBuiltin(find, args, { fs: project() });
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr.split('\n')[0]).toBe(message);
	});

	it('searches a 5,000-file workspace quickly', async () => {
		const fs = new Workspace();
		for (let i = 0; i < 5000; i++)
			fs.writeFile(`pkg${i % 50}/m${i % 5}/file${i}.${i % 2 ? 'py' : 'js'}`, '');
		const started = performance.now();
		const result = await runBuiltin(find, ['-name', '*.py'], { fs });
		expect(performance.now() - started).toBeLessThan(1000);
		expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2500);
	});

	it('stops with status 130 when interrupted while it runs', async () => {
		const fs = new Workspace();
		for (let i = 0; i < 5000; i++) fs.writeFile(`pkg${i % 50}/file-with-a-long-name-${i}.txt`, '');
		const controller = new AbortController();
		let written = 0;
		// A slow terminal: each write takes a few milliseconds.
		const stdout: OutputStream = {
			isTerminal: false,
			columns: 80,
			async write(data) {
				written += data.length;
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		};
		const ctx: CommandContext = {
			argv: ['find'],
			stdin: emptyInput,
			stdout,
			stderr: bufferOutput(),
			fs,
			shell: testShell(fs),
			signal: controller.signal
		};
		setTimeout(() => controller.abort(), 1);
		expect(await find.run(ctx)).toBe(130);
		expect(written).toBeGreaterThan(0);
		expect(written).toBeLessThan(5000 * 30);
	});
});
