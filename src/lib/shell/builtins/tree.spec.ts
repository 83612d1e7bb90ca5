import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell } from '../testing.ts';
import { tree } from './tree.ts';

const BLUE = '\x1b[1;34m';
const RESET = '\x1b[0m';

function project() {
	const ws = new Workspace();
	ws.writeFile('README.md', '# hi\n');
	ws.writeFile('src/main.py', '');
	ws.writeFile('src/lib/util.py', '');
	ws.writeFile('src/lib/Zed.py', '');
	ws.writeFile('.git/HEAD', '');
	ws.writeFile('.env', '');
	ws.mkdir('tests');
	return ws;
}

const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');

describe('tree', () => {
	it('draws the current folder, names sorted, hidden ones left out', async () => {
		const result = await runBuiltin(tree, [], { fs: project() });
		expect(result).toMatchObject({ status: 0, stderr: '' });
		expect(result.stdout).toBe(
			lines(
				'.',
				'├── README.md',
				'├── src',
				'│   ├── lib',
				'│   │   ├── Zed.py',
				'│   │   └── util.py',
				'│   └── main.py',
				'└── tests',
				'',
				'3 directories, 4 files'
			)
		);
	});

	it('shows hidden files and folders with -a', async () => {
		const result = await runBuiltin(tree, ['-a', '-L', '1'], { fs: project() });
		expect(result.stdout).toBe(
			lines(
				'.',
				'├── .env',
				'├── .git',
				'├── README.md',
				'├── src',
				'└── tests',
				'',
				'3 directories, 2 files'
			)
		);
	});

	it('stops at the level given by -L', async () => {
		const result = await runBuiltin(tree, ['-L', '2', 'src'], { fs: project() });
		expect(result.stdout).toBe(
			lines(
				'src',
				'├── lib',
				'│   ├── Zed.py',
				'│   └── util.py',
				'└── main.py',
				'',
				'1 directory, 3 files'
			)
		);
		expect((await runBuiltin(tree, ['-L1', 'src'], { fs: project() })).stdout).toBe(
			lines('src', '├── lib', '└── main.py', '', '1 directory, 1 file')
		);
	});

	it('shows only folders with -d', async () => {
		const result = await runBuiltin(tree, ['-d'], { fs: project() });
		expect(result.stdout).toBe(
			lines('.', '├── src', '│   └── lib', '└── tests', '', '3 directories')
		);
	});

	it('colours folders on a terminal', async () => {
		const fs = new Workspace();
		fs.writeFile('src/a.py', '');
		const result = await runBuiltin(tree, [], { fs, terminal: true });
		expect(result.stdout).toBe(
			lines(`${BLUE}.${RESET}`, `└── ${BLUE}src${RESET}`, '    └── a.py', '', '1 directory, 1 file')
		);
	});

	it('draws several folders, relative to the current one, with one summary', async () => {
		const fs = project();
		const shell = testShell(fs, { cwd: 'src' });
		const result = await runBuiltin(tree, ['lib', '../tests'], { fs, shell });
		expect(result.stdout).toBe(
			lines('lib', '├── Zed.py', '└── util.py', '../tests', '', '0 directories, 2 files')
		);
	});

	it('reports a missing folder the way tree does, with status 1', async () => {
		const result = await runBuiltin(tree, ['nothing', '/etc'], { fs: project() });
		expect(result).toMatchObject({
			status: 1,
			stdout: lines(
				'nothing  [error opening dir]',
				'/etc  [error opening dir]',
				'',
				'0 directories, 0 files'
			)
		});
	});

	it('refuses a level below 1', async () => {
		const result = await runBuiltin(tree, ['-L', '0'], { fs: project() });
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/^tree: Invalid level, must be greater than 0\.\n/);
		expect((await runBuiltin(tree, ['-L', 'x'])).status).toBe(1);
	});

	it('draws a 5,000-file workspace quickly', async () => {
		const fs = new Workspace();
		for (let i = 0; i < 5000; i++) fs.writeFile(`pkg${i % 50}/file${i}.py`, '');
		const started = performance.now();
		const result = await runBuiltin(tree, [], { fs });
		expect(performance.now() - started).toBeLessThan(1000);
		expect(result.stdout.endsWith('\n50 directories, 5000 files\n')).toBe(true);
	});
});
