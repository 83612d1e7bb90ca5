import { describe, expect, it } from 'vitest';
import type { WorkspaceChange } from '../../workspace/types.ts';
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell } from '../testing.ts';
import { rm } from './rm.ts';

function project() {
	const ws = new Workspace();
	ws.writeFile('main.py', 'print(1)\n');
	ws.writeFile('notes.txt', 'hello\n');
	ws.writeFile('src/app.py', 'x = 1\n');
	ws.writeFile('src/lib/util.py', '');
	ws.writeFile('.git/HEAD', 'ref: refs/heads/main\n');
	ws.mkdir('empty');
	return ws;
}

/** Every path in the workspace with its content, to show that nothing changed. */
function snapshot(ws: Workspace): string[] {
	return ws
		.walk()
		.map((entry) =>
			entry.type === 'dir' ? `${entry.path}/` : `${entry.path}=${ws.readText(entry.path)}`
		);
}

const refusal = (name: string) =>
	`rm: refusing to remove the whole workspace ('${name}'): remove the files inside it by name, or delete the workspace from the home page\n`;

describe('rm', () => {
	it('removes files as shell writes', async () => {
		const fs = project();
		const seen: WorkspaceChange[] = [];
		fs.onChange((change) => seen.push(change));
		expect(await runBuiltin(rm, ['main.py', 'src/app.py'], { fs })).toMatchObject({
			status: 0,
			stdout: '',
			stderr: ''
		});
		expect(fs.exists('main.py')).toBe(false);
		expect(fs.exists('src/app.py')).toBe(false);
		expect(seen.map((change) => change.origin)).toEqual(['shell', 'shell']);
	});

	it('refuses a folder without -r and removes it with -r or -R', async () => {
		const fs = project();
		expect(await runBuiltin(rm, ['src'], { fs })).toMatchObject({
			status: 1,
			stderr: "rm: cannot remove 'src': Is a directory\n"
		});
		expect(fs.exists('src/lib/util.py')).toBe(true);
		expect((await runBuiltin(rm, ['-r', 'src'], { fs })).status).toBe(0);
		expect(fs.exists('src')).toBe(false);
		expect((await runBuiltin(rm, ['-R', 'empty'], { fs })).status).toBe(0);
		expect(fs.exists('empty')).toBe(false);
	});

	it('removes empty folders only with -d', async () => {
		const fs = project();
		expect(await runBuiltin(rm, ['-d', 'empty', 'src'], { fs })).toMatchObject({
			status: 1,
			stderr: "rm: cannot remove 'src': Directory not empty\n"
		});
		expect(fs.exists('empty')).toBe(false);
		expect(fs.exists('src')).toBe(true);
	});

	it('reports missing files and goes on with the others', async () => {
		const fs = project();
		expect(await runBuiltin(rm, ['nothing', 'main.py', 'main.py/x'], { fs })).toMatchObject({
			status: 1,
			stderr:
				"rm: cannot remove 'nothing': No such file or directory\n" +
				"rm: cannot remove 'main.py/x': No such file or directory\n"
		});
		expect(fs.exists('main.py')).toBe(false);
	});

	it('says Not a directory for a path through a file', async () => {
		const result = await runBuiltin(rm, ['notes.txt/x'], { fs: project() });
		expect(result.stderr).toBe("rm: cannot remove 'notes.txt/x': Not a directory\n");
	});

	it('ignores missing files with -f, and needs no operand then', async () => {
		const fs = project();
		expect(await runBuiltin(rm, ['-f', 'nothing', 'notes.txt/x', 'main.py'], { fs })).toMatchObject(
			{
				status: 0,
				stderr: ''
			}
		);
		expect(fs.exists('main.py')).toBe(false);
		expect(await runBuiltin(rm, ['-f'], { fs })).toMatchObject({ status: 0, stderr: '' });
	});

	it('needs an operand without -f', async () => {
		const result = await runBuiltin(rm, []);
		expect(result.status).toBe(1);
		expect(result.stderr).toBe('rm: missing operand\nUsage: rm [-dfrR] FILE...\n');
	});

	it('removes files relative to the current folder', async () => {
		const fs = project();
		const shell = testShell(fs, { cwd: 'src' });
		expect((await runBuiltin(rm, ['app.py', '../notes.txt'], { fs, shell })).status).toBe(0);
		expect(fs.exists('src/app.py')).toBe(false);
		expect(fs.exists('notes.txt')).toBe(false);
	});

	it.each([
		'/',
		'//',
		'/workspace',
		'/workspace/',
		'~',
		'~/',
		'.',
		'./',
		'..',
		'../..',
		'src/..',
		'/workspace/..',
		'~/..'
	])(
		'refuses to remove the workspace root named %s, leaving the workspace intact',
		async (name) => {
			const fs = project();
			const before = snapshot(fs);
			const result = await runBuiltin(rm, ['-rf', name], { fs });
			expect(result).toMatchObject({ status: 1, stdout: '', stderr: refusal(name) });
			expect(snapshot(fs)).toEqual(before);
		}
	);

	it('refuses the root from a subfolder too, and goes on with the other operands', async () => {
		const fs = project();
		const shell = testShell(fs, { cwd: 'src/lib' });
		const result = await runBuiltin(rm, ['-r', '../..', '/', 'util.py'], { fs, shell });
		expect(result.status).toBe(1);
		expect(result.stderr).toBe(refusal('../..') + refusal('/'));
		expect(fs.exists('src/lib/util.py')).toBe(false);
		expect(fs.exists('main.py')).toBe(true);
	});

	it('refuses the root without -r as well', async () => {
		const fs = project();
		const before = snapshot(fs);
		expect((await runBuiltin(rm, ['/workspace'], { fs })).stderr).toBe(refusal('/workspace'));
		expect(snapshot(fs)).toEqual(before);
	});

	it('refuses `.` and `..` below the root, as GNU does', async () => {
		const fs = project();
		const before = snapshot(fs);
		const shell = testShell(fs, { cwd: 'src/lib' });
		const result = await runBuiltin(rm, ['-rf', '.', './', '../lib/.', '../..'], { fs, shell });
		expect(result.stderr).toBe(
			"rm: refusing to remove '.' or '..' directory: skipping '.'\n" +
				"rm: refusing to remove '.' or '..' directory: skipping './'\n" +
				"rm: refusing to remove '.' or '..' directory: skipping '../lib/.'\n" +
				refusal('../..')
		);
		expect(snapshot(fs)).toEqual(before);
		const plain = await runBuiltin(rm, ['..'], { fs, shell });
		expect(plain.stderr).toBe("rm: cannot remove '..': Is a directory\n");
	});

	it('cannot remove what is outside the workspace', async () => {
		const fs = project();
		const before = snapshot(fs);
		expect(await runBuiltin(rm, ['-rf', '/etc', '../other'], { fs })).toMatchObject({
			status: 1,
			stderr:
				"rm: cannot remove '/etc': outside the workspace\n" +
				"rm: cannot remove '../other': outside the workspace\n"
		});
		expect(snapshot(fs)).toEqual(before);
	});
});
