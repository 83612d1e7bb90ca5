import { describe, expect, it } from 'vitest';
import type { WorkspaceChange } from '../../workspace/types.ts';
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell } from '../testing.ts';
import { cp, mv } from './files-copy.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

function project() {
	const ws = new Workspace();
	ws.writeFile('a.txt', 'alpha\n');
	ws.writeFile('b.txt', 'beta\n');
	ws.writeFile('logo.png', png);
	ws.writeFile('src/main.py', 'print(1)\n');
	ws.writeFile('src/lib/util.py', 'def f(): pass\n');
	ws.mkdir('src/empty');
	ws.mkdir('docs');
	return ws;
}

function paths(ws: Workspace, dir = ''): string[] {
	return ws.walk(dir).map((entry) => (entry.type === 'dir' ? `${entry.path}/` : entry.path));
}

function origins(ws: Workspace): string[] {
	const seen: string[] = [];
	ws.onChange((change: WorkspaceChange) => seen.push(change.origin));
	return seen;
}

describe('mv', () => {
	it('renames a file as one shell write, keeping its content', async () => {
		const fs = project();
		const seen = origins(fs);
		expect(await runBuiltin(mv, ['a.txt', 'c.txt'], { fs })).toMatchObject({
			status: 0,
			stdout: '',
			stderr: ''
		});
		expect(fs.exists('a.txt')).toBe(false);
		expect(fs.readText('c.txt')).toBe('alpha\n');
		expect(seen).toEqual(['shell']);
	});

	it('moves files and folders into an existing folder', async () => {
		const fs = project();
		expect((await runBuiltin(mv, ['a.txt', 'src', 'logo.png', 'docs/'], { fs })).status).toBe(0);
		expect(paths(fs, 'docs')).toEqual([
			'docs/src/',
			'docs/src/empty/',
			'docs/src/lib/',
			'docs/src/lib/util.py',
			'docs/src/main.py',
			'docs/a.txt',
			'docs/logo.png'
		]);
		expect(fs.stat('docs/logo.png')).toMatchObject({ encoding: 'binary', size: png.length });
		expect(fs.exists('src')).toBe(false);
	});

	it('renames a folder with everything in it', async () => {
		const fs = project();
		expect((await runBuiltin(mv, ['src', 'app'], { fs })).status).toBe(0);
		expect(paths(fs, 'app')).toEqual(['app/empty/', 'app/lib/', 'app/lib/util.py', 'app/main.py']);
	});

	it('overwrites an existing file, as GNU does without -i', async () => {
		const fs = project();
		const seen = origins(fs);
		expect((await runBuiltin(mv, ['a.txt', 'b.txt'], { fs })).status).toBe(0);
		expect(fs.readText('b.txt')).toBe('alpha\n');
		expect(fs.exists('a.txt')).toBe(false);
		expect(seen).toEqual(['shell']);
	});

	it('needs a folder as the target of several sources', async () => {
		const fs = project();
		expect(await runBuiltin(mv, ['a.txt', 'b.txt', 'logo.png'], { fs })).toMatchObject({
			status: 1,
			stderr: "mv: target 'logo.png' is not a directory\n"
		});
		expect((await runBuiltin(mv, ['a.txt', 'b.txt', 'nowhere'], { fs })).stderr).toBe(
			"mv: target 'nowhere': No such file or directory\n"
		);
		expect(fs.readText('a.txt')).toBe('alpha\n');
	});

	it('cannot move a folder into itself', async () => {
		const fs = project();
		expect(await runBuiltin(mv, ['src', 'src/lib/deeper'], { fs })).toMatchObject({
			status: 1,
			stderr: "mv: cannot move 'src' to a subdirectory of itself, 'src/lib/deeper'\n"
		});
		expect((await runBuiltin(mv, ['src', 'src/lib'], { fs })).stderr).toBe(
			"mv: cannot move 'src' to a subdirectory of itself, 'src/lib/src'\n"
		);
		expect(fs.exists('src/main.py')).toBe(true);
	});

	it('reports missing sources and goes on with the others', async () => {
		const fs = project();
		expect(await runBuiltin(mv, ['nothing', 'a.txt', 'docs'], { fs })).toMatchObject({
			status: 1,
			stderr: "mv: cannot stat 'nothing': No such file or directory\n"
		});
		expect(fs.exists('docs/a.txt')).toBe(true);
	});

	it('says when source and target are the same file', async () => {
		const result = await runBuiltin(mv, ['a.txt', '.'], { fs: project() });
		expect(result).toMatchObject({
			status: 1,
			stderr: "mv: 'a.txt' and './a.txt' are the same file\n"
		});
	});

	it('needs the target folder to exist', async () => {
		const fs = project();
		expect(await runBuiltin(mv, ['a.txt', 'new/a.txt', 'b.txt'], { fs })).toMatchObject({
			status: 1,
			stderr: "mv: target 'b.txt' is not a directory\n"
		});
		expect((await runBuiltin(mv, ['a.txt', 'new/a.txt'], { fs })).stderr).toBe(
			"mv: cannot move 'a.txt' to 'new/a.txt': No such file or directory\n"
		);
		expect((await runBuiltin(mv, ['a.txt', 'new/'], { fs })).stderr).toBe(
			"mv: cannot move 'a.txt' to 'new/': Not a directory\n"
		);
		expect(fs.exists('new')).toBe(false);
	});

	it('replaces an empty folder with a folder, but not a full folder or a file', async () => {
		const fs = project();
		fs.mkdir('docs/lib');
		expect((await runBuiltin(mv, ['src/lib', 'docs'], { fs })).status).toBe(0);
		expect(fs.readText('docs/lib/util.py')).toBe('def f(): pass\n');
		fs.writeFile('docs/src/keep.txt', '');
		expect(await runBuiltin(mv, ['src', 'docs'], { fs })).toMatchObject({
			status: 1,
			stderr: "mv: cannot move 'src' to 'docs/src': Directory not empty\n"
		});
		expect((await runBuiltin(mv, ['src', 'b.txt'], { fs })).stderr).toBe(
			"mv: cannot overwrite non-directory 'b.txt' with directory 'src'\n"
		);
		fs.mkdir('docs/a.txt');
		expect((await runBuiltin(mv, ['a.txt', 'docs'], { fs })).stderr).toBe(
			"mv: cannot overwrite directory 'docs/a.txt' with non-directory\n"
		);
		expect(fs.exists('src/main.py')).toBe(true);
		expect(fs.readText('a.txt')).toBe('alpha\n');
	});

	it('moves relative to the current folder and shows paths as typed', async () => {
		const fs = project();
		const shell = testShell(fs, { cwd: 'src' });
		expect((await runBuiltin(mv, ['main.py', '..'], { fs, shell })).status).toBe(0);
		expect(fs.exists('main.py')).toBe(true);
		expect((await runBuiltin(mv, ['lib', '~/docs'], { fs, shell })).status).toBe(0);
		expect(fs.exists('docs/lib/util.py')).toBe(true);
		expect((await runBuiltin(mv, ['gone', '/workspace'], { fs, shell })).stderr).toBe(
			"mv: cannot stat 'gone': No such file or directory\n"
		);
	});

	it('cannot move the workspace root, or anything outside the workspace', async () => {
		const fs = project();
		const before = paths(fs);
		const result = await runBuiltin(mv, ['.', '/etc/x', 'docs'], { fs });
		expect(result).toMatchObject({
			status: 1,
			stderr:
				"mv: cannot move the whole workspace ('.'): move the files inside it by name\n" +
				"mv: cannot stat '/etc/x': outside the workspace\n"
		});
		expect((await runBuiltin(mv, ['a.txt', '/tmp'], { fs })).stderr).toBe(
			"mv: target '/tmp': outside the workspace\n"
		);
		expect(paths(fs)).toEqual(before);
	});

	it('needs a source and a destination', async () => {
		expect(await runBuiltin(mv, [])).toMatchObject({
			status: 1,
			stderr: 'mv: missing file operand\nUsage: mv [-f] SOURCE... DEST\n'
		});
		expect((await runBuiltin(mv, ['a.txt'])).stderr).toMatch(
			/^mv: missing destination file operand after 'a.txt'\n/
		);
	});
});

describe('cp', () => {
	it('copies a file as a shell write, text as text and binary as binary', async () => {
		const fs = project();
		const seen = origins(fs);
		expect(await runBuiltin(cp, ['a.txt', 'c.txt'], { fs })).toMatchObject({
			status: 0,
			stdout: '',
			stderr: ''
		});
		expect((await runBuiltin(cp, ['logo.png', 'copy.png'], { fs })).status).toBe(0);
		expect(fs.stat('c.txt')).toMatchObject({ encoding: 'text', size: 6 });
		expect(fs.readText('c.txt')).toBe('alpha\n');
		expect(fs.stat('copy.png').encoding).toBe('binary');
		expect(fs.readBytes('copy.png')).toEqual(png);
		expect(fs.readText('a.txt')).toBe('alpha\n');
		expect(seen).toEqual(['shell', 'shell']);
	});

	it('overwrites an existing file, taking the source kind', async () => {
		const fs = project();
		expect((await runBuiltin(cp, ['a.txt', 'b.txt'], { fs })).status).toBe(0);
		expect(fs.readText('b.txt')).toBe('alpha\n');
		expect((await runBuiltin(cp, ['logo.png', 'b.txt'], { fs })).status).toBe(0);
		expect(fs.stat('b.txt').encoding).toBe('binary');
		expect(fs.readBytes('b.txt')).toEqual(png);
	});

	it('copies files into an existing folder', async () => {
		const fs = project();
		expect((await runBuiltin(cp, ['a.txt', 'logo.png', 'docs'], { fs })).status).toBe(0);
		expect(paths(fs, 'docs')).toEqual(['docs/a.txt', 'docs/logo.png']);
		expect(fs.exists('a.txt')).toBe(true);
	});

	it('omits folders without -r', async () => {
		const fs = project();
		expect(await runBuiltin(cp, ['src', 'a.txt', 'docs'], { fs })).toMatchObject({
			status: 1,
			stderr: "cp: -r not specified; omitting directory 'src'\n"
		});
		expect(paths(fs, 'docs')).toEqual(['docs/a.txt']);
	});

	it('copies a folder with everything in it with -r, empty folders included', async () => {
		const fs = project();
		const seen = origins(fs);
		expect((await runBuiltin(cp, ['-r', 'src', 'app'], { fs })).status).toBe(0);
		expect(paths(fs, 'app')).toEqual(['app/empty/', 'app/lib/', 'app/lib/util.py', 'app/main.py']);
		expect(fs.readText('app/lib/util.py')).toBe('def f(): pass\n');
		expect(paths(fs, 'src')).toEqual(['src/empty/', 'src/lib/', 'src/lib/util.py', 'src/main.py']);
		expect(new Set(seen)).toEqual(new Set(['shell']));
		expect((await runBuiltin(cp, ['-R', 'src', 'docs'], { fs })).status).toBe(0);
		expect(fs.exists('docs/src/lib/util.py')).toBe(true);
	});

	it('merges a folder into an existing copy, reporting what cannot be overwritten', async () => {
		const fs = project();
		fs.writeFile('docs/src/main.py', 'old\n');
		fs.writeFile('docs/src/lib', 'a file in the way');
		const result = await runBuiltin(cp, ['-r', 'src', 'docs'], { fs });
		expect(result).toMatchObject({
			status: 1,
			stderr: "cp: cannot overwrite non-directory 'docs/src/lib' with directory 'src/lib'\n"
		});
		expect(fs.readText('docs/src/main.py')).toBe('print(1)\n');
		expect(fs.readText('docs/src/lib')).toBe('a file in the way');
		expect(fs.stat('docs/src/empty').type).toBe('dir');
	});

	it('cannot copy a folder into itself', async () => {
		const fs = project();
		const before = paths(fs);
		expect(await runBuiltin(cp, ['-r', 'src', 'src/lib'], { fs })).toMatchObject({
			status: 1,
			stderr: "cp: cannot copy a directory, 'src', into itself, 'src/lib/src'\n"
		});
		expect((await runBuiltin(cp, ['-r', '.', 'backup'], { fs })).stderr).toBe(
			"cp: cannot copy a directory, '.', into itself, 'backup'\n"
		);
		expect(paths(fs)).toEqual(before);
	});

	it('says when source and target are the same file or folder', async () => {
		const fs = project();
		expect((await runBuiltin(cp, ['a.txt', './a.txt'], { fs })).stderr).toBe(
			"cp: 'a.txt' and './a.txt' are the same file\n"
		);
		expect((await runBuiltin(cp, ['-r', 'src', '.'], { fs })).stderr).toBe(
			"cp: 'src' and './src' are the same file\n"
		);
	});

	it('needs a folder as the target of several sources', async () => {
		const fs = project();
		expect((await runBuiltin(cp, ['a.txt', 'b.txt', 'logo.png'], { fs })).stderr).toBe(
			"cp: target 'logo.png' is not a directory\n"
		);
		expect(fs.stat('logo.png').encoding).toBe('binary');
	});

	it('reports missing sources, missing target folders and files in the way', async () => {
		const fs = project();
		fs.mkdir('docs/a.txt');
		const result = await runBuiltin(cp, ['nothing', 'a.txt', 'docs'], { fs });
		expect(result.stderr).toBe(
			"cp: cannot stat 'nothing': No such file or directory\n" +
				"cp: cannot overwrite directory 'docs/a.txt' with non-directory\n"
		);
		expect((await runBuiltin(cp, ['a.txt', 'new/a.txt'], { fs })).stderr).toBe(
			"cp: cannot create regular file 'new/a.txt': No such file or directory\n"
		);
		expect((await runBuiltin(cp, ['a.txt', 'b.txt/c'], { fs })).stderr).toBe(
			"cp: cannot create regular file 'b.txt/c': Not a directory\n"
		);
		expect((await runBuiltin(cp, ['-r', 'src', 'new/src'], { fs })).stderr).toBe(
			"cp: cannot create directory 'new/src': No such file or directory\n"
		);
		expect((await runBuiltin(cp, ['-r', 'src', 'b.txt'], { fs })).stderr).toBe(
			"cp: cannot overwrite non-directory 'b.txt' with directory 'src'\n"
		);
		expect(fs.exists('new')).toBe(false);
	});

	it('copies a few thousand files quickly, and stops once interrupted', async () => {
		const fs = new Workspace();
		for (let i = 0; i < 3000; i++) fs.writeFile(`big/d${i % 30}/f${i}.py`, `x = ${i}\n`);
		const started = performance.now();
		expect((await runBuiltin(cp, ['-r', 'big', 'copy'], { fs })).status).toBe(0);
		// Linear work takes a fraction of this; one walk per file would take far longer.
		expect(performance.now() - started).toBeLessThan(3000);
		expect(fs.readText('copy/d29/f2999.py')).toBe('x = 2999\n');
		expect(paths(fs, 'copy')).toHaveLength(3030);
		const controller = new AbortController();
		controller.abort();
		const result = await runBuiltin(cp, ['-r', 'big', 'again'], { fs, signal: controller.signal });
		expect(result.status).toBe(130);
		expect(fs.exists('again')).toBe(false);
	});
});
