import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { bufferOutput, createPipe, emptyInput } from '../io.ts';
import { runBuiltin, testShell } from '../testing.ts';
import type { CommandContext } from '../types.ts';
import { ls } from './ls.ts';

const BLUE = '\x1b[1;34m';
const RESET = '\x1b[0m';

function workspaceWith(files: Record<string, string | Uint8Array>, folders: string[] = []) {
	const ws = new Workspace();
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	for (const folder of folders) ws.mkdir(folder, { recursive: true });
	return ws;
}

function project() {
	return workspaceWith(
		{
			'README.md': '# hi\n',
			'a.py': 'print(1)\n',
			'src/main.py': 'x = 1\n',
			'src/lib/util.py': '',
			'.git/config': '[core]\n',
			'.env': 'A=1\n'
		},
		['empty']
	);
}

describe('ls', () => {
	it('lists the current folder by name, one per line into a pipe, without hidden names', async () => {
		const result = await runBuiltin(ls, [], { fs: project() });
		expect(result).toMatchObject({
			status: 0,
			stderr: '',
			stdout: 'README.md\na.py\nempty\nsrc\n'
		});
	});

	it('shows dot files, `.` and `..` with -a, and dot files only with -A', async () => {
		const fs = project();
		expect((await runBuiltin(ls, ['-a'], { fs })).stdout).toBe(
			'.\n..\n.env\n.git\nREADME.md\na.py\nempty\nsrc\n'
		);
		expect((await runBuiltin(ls, ['-A'], { fs })).stdout).toBe(
			'.env\n.git\nREADME.md\na.py\nempty\nsrc\n'
		);
	});

	it('prints columns that fit the terminal, folders in bold blue', async () => {
		const result = await runBuiltin(ls, [], { fs: project(), terminal: true, columns: 80 });
		expect(result.stdout).toBe(`README.md  a.py  ${BLUE}empty${RESET}  ${BLUE}src${RESET}\n`);
	});

	it('fills columns down then across, as GNU does', async () => {
		const names = ['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta'];
		const fs = workspaceWith(Object.fromEntries(names.map((name) => [name, ''])));
		const result = await runBuiltin(ls, [], { fs, terminal: true, columns: 20 });
		expect(result.stdout).toBe('alpha  epsilon\nbeta   gamma\ndelta  zeta\n');
		const wide = await runBuiltin(ls, [], { fs, terminal: true, columns: 200 });
		expect(wide.stdout).toBe('alpha  beta  delta  epsilon  gamma  zeta\n');
	});

	it('prints one name per line on a terminal with -1, still coloured', async () => {
		const result = await runBuiltin(ls, ['-1'], { fs: project(), terminal: true });
		expect(result.stdout).toBe(`README.md\na.py\n${BLUE}empty${RESET}\n${BLUE}src${RESET}\n`);
	});

	it('quotes names a shell would split, on a terminal only', async () => {
		const fs = workspaceWith({ 'my file.txt': '', "it's.txt": '', 'plain.txt': '' });
		const terminal = await runBuiltin(ls, ['-1'], { fs, terminal: true });
		expect(terminal.stdout).toBe(`"it's.txt"\n'my file.txt'\nplain.txt\n`);
		expect((await runBuiltin(ls, [], { fs })).stdout).toBe("it's.txt\nmy file.txt\nplain.txt\n");
	});

	it('prints type, permissions, links, owner, size and name with -l, after a total line', async () => {
		const fs = workspaceWith(
			{ 'a.py': 'print(1)\n', 'big.txt': 'x'.repeat(2000), 'src/x.py': '' },
			['src/sub']
		);
		const result = await runBuiltin(ls, ['-l'], { fs });
		expect(result.stdout).toBe(
			[
				'total 3',
				'-rw-r--r-- 1 tester tester    9 a.py',
				'-rw-r--r-- 1 tester tester 2000 big.txt',
				'drwxr-xr-x 3 tester tester    0 src',
				''
			].join('\n')
		);
	});

	it('prints `total 0` for an empty folder with -l, and nothing without', async () => {
		const fs = project();
		expect(await runBuiltin(ls, ['empty'], { fs })).toMatchObject({ status: 0, stdout: '' });
		expect((await runBuiltin(ls, ['-l', 'empty'], { fs })).stdout).toBe('total 0\n');
	});

	it('uses the shell user as owner and colours folder names with -l on a terminal', async () => {
		const fs = workspaceWith({ 'src/a.py': 'abc' });
		const shell = testShell(fs, { user: { name: 'ada', email: 'ada@example.com' } });
		const result = await runBuiltin(ls, ['-l'], { fs, shell, terminal: true });
		expect(result.stdout).toBe(`total 0\ndrwxr-xr-x 2 ada ada 0 ${BLUE}src${RESET}\n`);
	});

	it('lists everything below with -R, under `dir:` headers, skipping hidden folders', async () => {
		const result = await runBuiltin(ls, ['-R'], { fs: project() });
		expect(result.stdout).toBe(
			[
				'.:',
				'README.md',
				'a.py',
				'empty',
				'src',
				'',
				'./empty:',
				'',
				'./src:',
				'lib',
				'main.py',
				'',
				'./src/lib:',
				'util.py',
				''
			].join('\n')
		);
	});

	it('names -R headers after the operand as typed', async () => {
		const result = await runBuiltin(ls, ['-R', 'src/'], { fs: project() });
		expect(result.stdout).toBe('src/:\nlib\nmain.py\n\nsrc/lib:\nutil.py\n');
	});

	it('lists file operands first, then each folder under its header', async () => {
		const result = await runBuiltin(ls, ['src', 'a.py', 'empty', 'README.md'], { fs: project() });
		expect(result.stdout).toBe('README.md\na.py\n\nempty:\n\nsrc:\nlib\nmain.py\n');
	});

	it('reports a missing operand with status 2 and still lists the others', async () => {
		const result = await runBuiltin(ls, ['nothing', 'src'], { fs: project() });
		expect(result).toMatchObject({
			status: 2,
			stderr: "ls: cannot access 'nothing': No such file or directory\n",
			stdout: 'src:\nlib\nmain.py\n'
		});
	});

	it('reports paths outside the workspace and paths through a file', async () => {
		const fs = project();
		expect(await runBuiltin(ls, ['/etc'], { fs })).toMatchObject({
			status: 2,
			stderr: "ls: cannot access '/etc': outside the workspace\n",
			stdout: ''
		});
		expect((await runBuiltin(ls, ['a.py/x'], { fs })).stderr).toBe(
			"ls: cannot access 'a.py/x': Not a directory\n"
		);
	});

	it('lists folders themselves with -d', async () => {
		const fs = project();
		expect((await runBuiltin(ls, ['-d', 'src', 'empty'], { fs })).stdout).toBe('empty\nsrc\n');
		expect((await runBuiltin(ls, ['-d'], { fs })).stdout).toBe('.\n');
	});

	it('resolves operands against the current folder and the workspace root', async () => {
		const fs = project();
		const shell = testShell(fs, { cwd: 'src' });
		expect((await runBuiltin(ls, [], { fs, shell })).stdout).toBe('lib\nmain.py\n');
		expect((await runBuiltin(ls, ['..'], { fs, shell })).stdout).toBe(
			'README.md\na.py\nempty\nsrc\n'
		);
		expect((await runBuiltin(ls, ['/workspace/src/lib'], { fs, shell })).stdout).toBe('util.py\n');
		expect((await runBuiltin(ls, ['~/src/main.py'], { fs, shell })).stdout).toBe('~/src/main.py\n');
	});

	it('refuses an unknown option with status 2', async () => {
		const result = await runBuiltin(ls, ['-z'], { fs: project() });
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/^ls: invalid option -- 'z'\nUsage: ls /);
	});

	it('stops quietly when its reader goes away (`ls -R | head -1`)', async () => {
		const fs = workspaceWith(
			Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`d${i % 30}/file-${i}.txt`, '']))
		);
		const pipe = createPipe();
		pipe.input.close();
		const stderr = bufferOutput();
		const ctx: CommandContext = {
			argv: ['ls', '-R'],
			stdin: emptyInput,
			stdout: pipe.output,
			stderr,
			fs,
			shell: testShell(fs),
			signal: new AbortController().signal
		};
		expect(await ls.run(ctx)).toBe(141);
		expect(stderr.text()).toBe('');
	});

	it('stops with status 130 once interrupted', async () => {
		const controller = new AbortController();
		controller.abort();
		const result = await runBuiltin(ls, ['-R'], { fs: project(), signal: controller.signal });
		expect(result.status).toBe(130);
	});

	it('lists a 5,000-file workspace recursively well under a second', async () => {
		const files: Record<string, string> = {};
		for (let i = 0; i < 5000; i++) files[`pkg${i % 50}/mod${i % 7}/file${i}.py`] = 'x = 1\n';
		const fs = workspaceWith(files);
		const started = performance.now();
		const result = await runBuiltin(ls, ['-R'], { fs });
		expect(performance.now() - started).toBeLessThan(1000);
		expect(result.stdout.split('\n').filter((line) => line.endsWith('.py'))).toHaveLength(5000);
		const long = await runBuiltin(ls, ['-lR'], { fs, terminal: true });
		expect(long.stdout).toContain('-rw-r--r-- 1 tester tester 6 file4999.py\n');
	});
});
