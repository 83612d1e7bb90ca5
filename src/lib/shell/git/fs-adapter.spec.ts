import { describe, expect, test } from 'vitest';
import type { WorkspaceChange } from '../../workspace/types.ts';
import { Workspace } from '../../workspace/workspace.ts';
import { createGitFs } from './fs-adapter.ts';
import { committedSession } from './testing.ts';

function setup() {
	const fs = new Workspace();
	return { fs, git: createGitFs(fs).promises };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
	try {
		await promise;
		return undefined;
	} catch (error) {
		return (error as { code?: string }).code;
	}
}

describe('the fs isomorphic-git sees', () => {
	test('/ is the workspace root', async () => {
		const { fs, git } = setup();
		fs.writeFile('src/a.py', 'print(1)\n');
		expect(await git.readdir('/')).toEqual(['src']);
		expect(await git.readdir('/src')).toEqual(['a.py']);
		expect(await git.readFile('/src/a.py', { encoding: 'utf8' })).toBe('print(1)\n');
		expect(await git.readFile('/src/a.py', 'utf8')).toBe('print(1)\n');
		expect(await git.readFile('/src/a.py')).toEqual(new TextEncoder().encode('print(1)\n'));
		expect((await git.stat('/')).isDirectory()).toBe(true);
	});

	test('writes keep text as text and bytes as bytes, with the shell origin', async () => {
		const { fs, git } = setup();
		const origins: WorkspaceChange['origin'][] = [];
		fs.onChange((change) => origins.push(change.origin));
		await git.mkdir('/.git');
		await git.writeFile('/.git/HEAD', 'ref: refs/heads/main\n');
		await git.writeFile('/.git/config', new TextEncoder().encode('[core]\n'));
		await git.writeFile('/.git/index', new Uint8Array([0x44, 0x49, 0x52, 0x43, 0, 0, 0, 2]));
		await git.writeFile('/bom.txt', new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]));
		expect(fs.stat('.git/HEAD').encoding).toBe('text');
		expect(fs.stat('.git/config').encoding).toBe('text');
		expect(fs.readText('.git/config')).toBe('[core]\n');
		expect(fs.stat('.git/index').encoding).toBe('binary');
		expect(await git.readFile('/.git/index')).toEqual(
			new Uint8Array([0x44, 0x49, 0x52, 0x43, 0, 0, 0, 2])
		);
		expect(await git.readFile('/bom.txt')).toEqual(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]));
		expect(origins.length).toBeGreaterThan(0);
		expect(new Set(origins)).toEqual(new Set(['shell']));
	});

	test('failures carry the Node error codes isomorphic-git switches on', async () => {
		const { fs, git } = setup();
		fs.writeFile('dir/file.txt', 'x');
		expect(await codeOf(git.readFile('/missing'))).toBe('ENOENT');
		expect(await codeOf(git.stat('/missing'))).toBe('ENOENT');
		expect(await codeOf(git.lstat('/dir/missing'))).toBe('ENOENT');
		expect(await codeOf(git.readFile('/dir'))).toBe('EISDIR');
		expect(await codeOf(git.readdir('/dir/file.txt'))).toBe('ENOTDIR');
		expect(await codeOf(git.readdir('/nope'))).toBe('ENOENT');
		expect(await codeOf(git.mkdir('/dir'))).toBe('EEXIST');
		expect(await codeOf(git.mkdir('/a/b'))).toBe('ENOENT');
		expect(await codeOf(git.writeFile('/x/y.txt', 'y'))).toBe('ENOENT');
		expect(await codeOf(git.rmdir('/dir'))).toBe('ENOTEMPTY');
		expect(await codeOf(git.rmdir('/dir/file.txt'))).toBe('ENOTDIR');
		expect(await codeOf(git.unlink('/dir'))).toBe('EISDIR');
		expect(await codeOf(git.unlink('/missing'))).toBe('ENOENT');
		expect(await codeOf(git.readlink('/dir/file.txt'))).toBe('EINVAL');
		expect(await codeOf(git.readlink('/missing'))).toBe('ENOENT');
		const error = await git.readFile('/missing').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe("ENOENT: no such file or directory, open '/missing'");
	});

	test('unlink and rmdir remove, mkdir creates', async () => {
		const { fs, git } = setup();
		await git.mkdir('/d');
		await git.writeFile('/d/f', 'x');
		await git.unlink('/d/f');
		expect(fs.exists('d/f')).toBe(false);
		await git.rmdir('/d');
		expect(fs.exists('d')).toBe(false);
		await git.mkdir('/p/q', { recursive: true });
		expect(fs.stat('p/q').type).toBe('dir');
	});
});

describe('stats', () => {
	test('any edit changes the stamp, even one that keeps the size', async () => {
		const { fs, git } = setup();
		fs.writeFile('a.txt', 'abc');
		const before = await git.stat('/a.txt');
		fs.writeFile('a.txt', 'abd');
		const after = await git.stat('/a.txt');
		expect(after.size).toBe(before.size);
		expect(after.mtimeSeconds).not.toBe(before.mtimeSeconds);
		expect(after.ino).not.toBe(before.ino);
		fs.writeFile('a.txt', 'abc');
		expect(await git.stat('/a.txt')).toEqual(before);
	});

	test('an edit made on the shared text (the editor, a collaborator) is seen', async () => {
		const { fs, git } = setup();
		fs.writeFile('a.txt', 'hello');
		const before = await git.lstat('/a.txt');
		const text = fs.textOf('a.txt');
		fs.doc.transact(() => {
			text.delete(0, 1);
			text.insert(0, 'j');
		});
		expect((await git.lstat('/a.txt')).mtimeNanoseconds).not.toBe(before.mtimeNanoseconds);
	});

	test('binary files are stamped by their bytes', async () => {
		const { fs, git } = setup();
		fs.writeFile('b.bin', new Uint8Array([0, 1, 2]));
		const before = await git.stat('/b.bin');
		fs.writeFile('b.bin', new Uint8Array([0, 1, 3]));
		const after = await git.stat('/b.bin');
		expect(after.isFile()).toBe(true);
		expect(after.size).toBe(3);
		expect(after.mtimeSeconds).not.toBe(before.mtimeSeconds);
	});

	test('git status sees a same-size edit made in the editor after a commit', async () => {
		const { fs, git } = await committedSession({ 'main.py': 'x = 1\n' });
		// git status stats every file: the stamp is cached for the text, then the editor edits it.
		expect((await git('status', '-s')).stdout).toBe('');
		const text = fs.textOf('main.py');
		fs.doc.transact(() => {
			text.delete(4, 1);
			text.insert(4, '2');
		}, 'editor');
		expect((await git('status', '-s')).stdout).toBe(' M main.py\n');
		expect((await git('diff')).stdout).toContain('-x = 1\n+x = 2\n');
	});
});
