import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	AlreadyExistsError,
	BinaryFileError,
	FileTooLargeError,
	InvalidPathError,
	IsADirectoryError,
	NotADirectoryError,
	NotEmptyError,
	NotFoundError
} from './errors.ts';
import type { WorkspaceChange } from './types.ts';
import { FILES_MAP, Workspace } from './workspace.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

function paths(ws: Workspace, dir = ''): string[] {
	return ws.walk(dir).map((entry) => (entry.type === 'dir' ? `${entry.path}/` : entry.path));
}

function recordChanges(ws: Workspace): WorkspaceChange[] {
	const seen: WorkspaceChange[] = [];
	ws.onChange((change) => seen.push(change));
	return seen;
}

describe('reading and writing files', () => {
	it('writes and reads text and binary files', () => {
		const ws = new Workspace();
		ws.writeFile('main.py', 'print("hi")\n');
		ws.writeFile('img/logo.png', bytes(0x89, 0x50, 0x4e, 0x47));
		expect(ws.readText('main.py')).toBe('print("hi")\n');
		expect(ws.readBytes('img/logo.png')).toEqual(bytes(0x89, 0x50, 0x4e, 0x47));
		expect(ws.exists('img')).toBe(true);
		expect(ws.exists('./img//logo.png')).toBe(true);
		expect(ws.exists('nothing.txt')).toBe(false);
	});

	it('converts between text and bytes as UTF-8', () => {
		const ws = new Workspace();
		ws.writeFile('t.txt', 'é€😀');
		ws.writeFile('b.bin', new TextEncoder().encode('naïve'));
		expect(ws.readBytes('t.txt')).toEqual(new TextEncoder().encode('é€😀'));
		expect(ws.readText('b.bin')).toBe('naïve');
	});

	it('keeps its own copy of bytes written and read', () => {
		const ws = new Workspace();
		const source = bytes(1, 2, 3);
		ws.writeFile('data.bin', source);
		source[0] = 99;
		const read = ws.readBytes('data.bin');
		read[1] = 99;
		expect(ws.readBytes('data.bin')).toEqual(bytes(1, 2, 3));
	});

	it('reports sizes in bytes, counting UTF-8 for text', () => {
		const ws = new Workspace();
		ws.writeFile('ascii.txt', 'hello');
		ws.writeFile('multi.txt', 'é€😀'); // 2 + 3 + 4 bytes
		ws.writeFile('raw.bin', new Uint8Array(1000));
		ws.mkdir('empty');
		expect(ws.stat('ascii.txt')).toEqual({
			path: 'ascii.txt',
			type: 'file',
			encoding: 'text',
			size: 5
		});
		expect(ws.stat('multi.txt').size).toBe(9);
		expect(ws.stat('raw.bin')).toEqual({
			path: 'raw.bin',
			type: 'file',
			encoding: 'binary',
			size: 1000
		});
		expect(ws.stat('empty')).toEqual({ path: 'empty', type: 'dir', size: 0 });
		expect(ws.stat('')).toEqual({ path: '', type: 'dir', size: 0 });
		expect(() => ws.stat('missing.txt')).toThrow(NotFoundError);
	});

	it('keeps sizes right through every kind of edit', () => {
		const ws = new Workspace();
		ws.writeFile('a.txt', 'hello');
		expect(ws.stat('a.txt').size).toBe(5);
		ws.textOf('a.txt').insert(5, ' é'); // as the editor types
		expect(ws.stat('a.txt').size).toBe(8);
		ws.writeFile('a.txt', 'x');
		expect(ws.stat('a.txt').size).toBe(1);
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(ws.doc));
		peer.getMap<Y.Text>(FILES_MAP).get('a.txt')!.insert(1, 'yz'); // a collaborator
		Y.applyUpdate(ws.doc, Y.encodeStateAsUpdate(peer));
		expect(ws.stat('a.txt').size).toBe(3);
	});

	it('refuses to read what is not a file', () => {
		const ws = new Workspace();
		ws.writeFile('src/a.txt', 'a');
		ws.writeFile('logo.png', bytes(0, 1));
		expect(() => ws.readText('missing.txt')).toThrow(NotFoundError);
		expect(() => ws.readText('src')).toThrow(IsADirectoryError);
		expect(() => ws.readBytes('src')).toThrow(IsADirectoryError);
		expect(() => ws.textOf('logo.png')).toThrow(BinaryFileError);
		expect(ws.textOf('src/a.txt').toString()).toBe('a');
	});

	it('createFile refuses an existing file; writeFile replaces it', () => {
		const ws = new Workspace();
		ws.createFile('a.txt', 'one');
		expect(() => ws.createFile('a.txt', 'two')).toThrow(AlreadyExistsError);
		expect(ws.readText('a.txt')).toBe('one');
		ws.writeFile('a.txt', 'two');
		expect(ws.readText('a.txt')).toBe('two');
		ws.createFile('a.txt', 'three', { overwrite: true });
		expect(ws.readText('a.txt')).toBe('three');
		ws.createFile('empty.txt');
		expect(ws.readText('empty.txt')).toBe('');
	});

	it('switches a file between text and binary', () => {
		const ws = new Workspace();
		ws.writeFile('f', 'text');
		ws.writeFile('f', bytes(0, 255));
		expect(ws.stat('f').encoding).toBe('binary');
		ws.writeFile('f', 'text again');
		expect(ws.stat('f').encoding).toBe('text');
		expect(ws.readText('f')).toBe('text again');
	});

	it('creates parent folders unless told not to', () => {
		const ws = new Workspace();
		ws.writeFile('a/b/c.txt', 'deep');
		expect(ws.stat('a/b').type).toBe('dir');
		expect(() => ws.writeFile('x/y.txt', '', { createParents: false })).toThrow(NotFoundError);
		expect(ws.exists('x')).toBe(false);
		ws.writeFile('a/d.txt', 'ok', { createParents: false });
		expect(ws.readText('a/d.txt')).toBe('ok');
	});

	it('refuses a file where a folder is, and a folder where a file is', () => {
		const ws = new Workspace();
		ws.writeFile('src/main.py', '');
		ws.mkdir('empty');
		expect(() => ws.writeFile('src', 'x')).toThrow(IsADirectoryError);
		expect(() => ws.createFile('empty', 'x')).toThrow(IsADirectoryError);
		const error = (() => {
			try {
				ws.writeFile('src/main.py/inner.txt', 'x');
			} catch (caught) {
				return caught;
			}
		})();
		expect(error).toBeInstanceOf(NotADirectoryError);
		expect((error as NotADirectoryError).path).toBe('src/main.py');
		expect((error as NotADirectoryError).message).toBe(
			'"src/main.py" is a file, not a folder, so "src/main.py/inner.txt" cannot be inside it.'
		);
	});

	it('refuses invalid paths and the root', () => {
		const ws = new Workspace();
		expect(() => ws.writeFile('../escape.txt', 'x')).toThrow(InvalidPathError);
		expect(() => ws.writeFile('', 'x')).toThrow(InvalidPathError);
		expect(() => ws.writeFile('/abs.txt', 'x')).toThrow(InvalidPathError);
		expect(ws.walk()).toEqual([]);
	});

	it('refuses content over the size limit, naming the size and the limit', () => {
		const ws = new Workspace(new Y.Doc(), { maxFileBytes: 1024 * 1024 });
		const big = new Uint8Array(1.5 * 1024 * 1024);
		expect(() => ws.writeFile('big.bin', big)).toThrow(
			'"big.bin" is 1.5 MB, more than the 1 MB limit for one file: use a smaller file.'
		);
		expect(() => ws.createFile('big.txt', 'é'.repeat(600 * 1024))).toThrow(FileTooLargeError);
		ws.writeFile('fits.txt', 'a'.repeat(1024 * 1024));
		expect(ws.exists('big.bin')).toBe(false);
		expect(ws.exists('big.txt')).toBe(false);
		expect(ws.stat('fits.txt').size).toBe(1024 * 1024);
	});

	it('uses a 50 MB limit by default', () => {
		const ws = new Workspace();
		expect(ws.maxFileBytes).toBe(50 * 1024 * 1024);
		expect(() => ws.writeFile('huge.bin', new Uint8Array(50 * 1024 * 1024 + 1))).toThrow(
			/more than the 50 MB limit/
		);
	});
});

describe('minimal edits on write', () => {
	it('keeps the Y.Text and the positions other editors hold', () => {
		const ws = new Workspace();
		ws.writeFile('a.py', 'def f():\n    return 1\n\nprint(f())\n');
		const text = ws.textOf('a.py');
		const cursor = Y.createRelativePositionFromTypeIndex(text, text.toString().indexOf('print'));
		ws.writeFile('a.py', 'def f():\n    return 42\n\nprint(f())\n');
		expect(ws.textOf('a.py')).toBe(text);
		expect(text.toString()).toBe('def f():\n    return 42\n\nprint(f())\n');
		const moved = Y.createAbsolutePositionFromRelativePosition(cursor, ws.doc);
		expect(moved?.index).toBe(text.toString().indexOf('print'));
	});

	it('merges with a concurrent edit elsewhere in the same file', () => {
		const a = new Workspace();
		a.writeFile('notes.md', 'one\ntwo\nthree\n');
		const b = new Workspace(new Y.Doc());
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
		a.writeFile('notes.md', 'ONE\ntwo\nthree\n');
		b.textOf('notes.md').insert('one\ntwo\nthree\n'.length, 'four\n');
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
		expect(a.readText('notes.md')).toBe('ONE\ntwo\nthree\nfour\n');
		expect(b.readText('notes.md')).toBe('ONE\ntwo\nthree\nfour\n');
	});

	it('produces no change when the content is the same', () => {
		const ws = new Workspace();
		ws.writeFile('same.txt', 'x');
		ws.writeFile('same.bin', bytes(1, 2));
		const changes = recordChanges(ws);
		ws.writeFile('same.txt', 'x');
		ws.writeFile('same.bin', bytes(1, 2));
		expect(changes).toEqual([]);
	});
});

describe('listing', () => {
	it('lists folders first, then files, in natural case-insensitive order', () => {
		const ws = new Workspace();
		for (const path of [
			'b.txt',
			'A.txt',
			'file10.txt',
			'file2.txt',
			'zeta/x',
			'Alpha/y',
			'dir2/z',
			'dir10/z'
		]) {
			ws.writeFile(path, '');
		}
		ws.mkdir('beta');
		expect(ws.list().map((entry) => entry.name)).toEqual([
			'Alpha',
			'beta',
			'dir2',
			'dir10',
			'zeta',
			'A.txt',
			'b.txt',
			'file2.txt',
			'file10.txt'
		]);
		expect(ws.list('Alpha')).toEqual([{ name: 'y', path: 'Alpha/y', type: 'file' }]);
		expect(ws.list('beta')).toEqual([]);
	});

	it('refuses to list a missing folder or a file', () => {
		const ws = new Workspace();
		ws.writeFile('a.txt', '');
		expect(() => ws.list('nope')).toThrow(NotFoundError);
		expect(() => ws.list('a.txt')).toThrow(NotADirectoryError);
	});

	it('walks every entry depth first, implied folders included', () => {
		const ws = new Workspace();
		ws.writeFile('src/lib/util.py', '');
		ws.writeFile('src/main.py', '');
		ws.writeFile('README.md', '');
		ws.mkdir('src/empty');
		ws.mkdir('assets');
		expect(paths(ws)).toEqual([
			'assets/',
			'src/',
			'src/empty/',
			'src/lib/',
			'src/lib/util.py',
			'src/main.py',
			'README.md'
		]);
		expect(paths(ws, 'src/lib')).toEqual(['src/lib/util.py']);
	});

	it('lists the root of a 5,000-file workspace quickly', () => {
		const ws = new Workspace();
		ws.doc.transact(() => {
			for (let i = 0; i < 5000; i++) ws.writeFile(`dir${i % 50}/sub${i % 7}/file${i}.txt`, 'x');
		});
		const start = performance.now();
		expect(ws.list()).toHaveLength(50);
		expect(ws.exists('dir49/sub6')).toBe(true);
		expect(ws.walk()).toHaveLength(5000 + 50 + 50 * 7);
		for (let i = 0; i < 200; i++) ws.writeFile(`new/file${i}.txt`, 'x');
		// Generous for slow machines; a scan per call over all files would take seconds.
		expect(performance.now() - start).toBeLessThan(500);
	});
});

describe('folders', () => {
	it('creates empty folders that list and survive', () => {
		const ws = new Workspace();
		ws.mkdir('empty');
		expect(ws.exists('empty')).toBe(true);
		expect(ws.list()).toEqual([{ name: 'empty', path: 'empty', type: 'dir' }]);
	});

	it('refuses an existing folder unless recursive, and a file in the way', () => {
		const ws = new Workspace();
		ws.mkdir('a');
		ws.writeFile('implied/x.txt', '');
		ws.writeFile('file.txt', '');
		expect(() => ws.mkdir('a')).toThrow('The folder "a" already exists.');
		expect(() => ws.mkdir('implied')).toThrow(AlreadyExistsError);
		ws.mkdir('a', { recursive: true });
		ws.mkdir('implied', { recursive: true });
		expect(() => ws.mkdir('file.txt', { recursive: true })).toThrow(AlreadyExistsError);
		expect(() => ws.mkdir('file.txt/sub', { recursive: true })).toThrow(NotADirectoryError);
	});

	it('needs the parent unless recursive', () => {
		const ws = new Workspace();
		expect(() => ws.mkdir('x/y')).toThrow(NotFoundError);
		ws.mkdir('x/y/z', { recursive: true });
		expect(paths(ws)).toEqual(['x/', 'x/y/', 'x/y/z/']);
	});
});

describe('removing', () => {
	it('removes a file and keeps its folder', () => {
		const ws = new Workspace();
		ws.writeFile('src/only.py', '');
		ws.remove('src/only.py');
		expect(ws.exists('src/only.py')).toBe(false);
		expect(paths(ws)).toEqual(['src/']);
	});

	it('refuses a non-empty folder unless recursive, then removes everything under it', () => {
		const ws = new Workspace();
		ws.writeFile('src/a.py', '');
		ws.writeFile('src/deep/b.bin', bytes(1));
		ws.mkdir('src/deep/empty');
		ws.writeFile('srcs/keep.txt', '');
		expect(() => ws.remove('src')).toThrow(NotEmptyError);
		expect(ws.exists('src/a.py')).toBe(true);
		ws.remove('src', { recursive: true });
		expect(paths(ws)).toEqual(['srcs/', 'srcs/keep.txt']);
	});

	it('removes an empty folder, and refuses the root and missing paths', () => {
		const ws = new Workspace();
		ws.mkdir('parent/empty', { recursive: true });
		ws.remove('parent/empty');
		expect(paths(ws)).toEqual(['parent/']);
		expect(() => ws.remove('')).toThrow(InvalidPathError);
		expect(() => ws.remove('.')).toThrow('The workspace root cannot be removed');
		expect(() => ws.remove('missing')).toThrow(NotFoundError);
	});
});

describe('renaming', () => {
	it('renames a file, keeping its content in a new Y.Text', () => {
		const ws = new Workspace();
		ws.writeFile('old.py', 'x = 1\n');
		const before = ws.textOf('old.py');
		ws.rename('old.py', 'lib/new.py');
		expect(ws.exists('old.py')).toBe(false);
		expect(ws.readText('lib/new.py')).toBe('x = 1\n');
		expect(ws.textOf('lib/new.py')).not.toBe(before);
		ws.textOf('lib/new.py').insert(0, '# moved\n');
		expect(ws.readText('lib/new.py')).toBe('# moved\nx = 1\n');
	});

	it('moves a folder with everything under it, in one transaction', () => {
		const ws = new Workspace();
		ws.writeFile('app/main.py', 'main');
		ws.writeFile('app/pkg/util.py', 'util');
		ws.writeFile('app/pkg/data.bin', bytes(7, 8));
		ws.mkdir('app/pkg/empty');
		ws.writeFile('application.txt', 'not inside');
		const changes = recordChanges(ws);
		ws.rename('app', 'src/app2', { origin: 'shell' });
		expect(paths(ws)).toEqual([
			'src/',
			'src/app2/',
			'src/app2/pkg/',
			'src/app2/pkg/empty/',
			'src/app2/pkg/data.bin',
			'src/app2/pkg/util.py',
			'src/app2/main.py',
			'application.txt'
		]);
		expect(ws.readText('src/app2/pkg/util.py')).toBe('util');
		expect(ws.readBytes('src/app2/pkg/data.bin')).toEqual(bytes(7, 8));
		expect(changes).toHaveLength(1);
		expect(changes[0]?.origin).toBe('shell');
		expect(changes[0]?.changes).toEqual(
			expect.arrayContaining([
				{ path: 'app/main.py', kind: 'deleted', type: 'file' },
				{ path: 'src/app2/main.py', kind: 'created', type: 'file' },
				{ path: 'app/pkg/empty', kind: 'deleted', type: 'dir' },
				{ path: 'src/app2/pkg/empty', kind: 'created', type: 'dir' }
			])
		);
	});

	it('renames an empty explicit folder and keeps the folder it left', () => {
		const ws = new Workspace();
		ws.mkdir('a/b', { recursive: true });
		ws.rename('a/b', 'c');
		expect(paths(ws)).toEqual(['a/', 'c/']);
	});

	it('refuses a missing source, an existing target, a move into itself and a file parent', () => {
		const ws = new Workspace();
		ws.writeFile('a/x.txt', '');
		ws.writeFile('b.txt', '');
		ws.mkdir('c');
		expect(() => ws.rename('missing', 'z')).toThrow(NotFoundError);
		expect(() => ws.rename('b.txt', 'a/x.txt')).toThrow(AlreadyExistsError);
		expect(() => ws.rename('b.txt', 'c')).toThrow(AlreadyExistsError);
		expect(() => ws.rename('a', 'c')).toThrow(AlreadyExistsError);
		expect(() => ws.rename('a', 'a/inner')).toThrow(
			'The folder "a" cannot be moved into itself ("a/inner").'
		);
		expect(() => ws.rename('a', 'b.txt/a')).toThrow(NotADirectoryError);
		expect(() => ws.rename('', 'root')).toThrow(InvalidPathError);
		expect(paths(ws)).toEqual(['a/', 'a/x.txt', 'c/', 'b.txt']);
	});
});
