import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, type WorkspaceChange } from '#lib/workspace/index.ts';
import { SnapshotFileNotFoundError, SnapshotFileTooLargeError } from './errors.ts';
import { restore, restoreFile } from './restore.ts';
import { list, readSnapshotFiles, take } from './store.ts';
import { snapshotDB } from './db.ts';

let nextId = 0;
function workspace(files: Record<string, string | Uint8Array> = {}) {
	const ws = new Workspace(new Y.Doc());
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	return { id: `restore-${++nextId}`, ws };
}

describe('restoring a snapshot', () => {
	it('brings every file back in one restore transaction, after an automatic snapshot', async () => {
		const ref = workspace({ 'main.py': 'v1', 'img.bin': new Uint8Array([1, 2]), 'same.txt': 's' });
		ref.ws.mkdir('empty');
		const snapshot = await take(ref, 'good state');
		ref.ws.writeFile('main.py', 'v2 broken');
		ref.ws.writeFile('new/extra.txt', 'added later');
		ref.ws.remove('img.bin');
		ref.ws.remove('empty');
		const sameText = ref.ws.textOf('same.txt');

		const changes: WorkspaceChange[] = [];
		ref.ws.onChange((change) => changes.push(change));
		const result = await restore(ref, snapshot.id);

		expect(changes.length).toBe(1);
		expect(changes[0]?.origin).toBe('restore');
		expect(ref.ws.readText('main.py')).toBe('v1');
		expect(ref.ws.readBytes('img.bin')).toEqual(new Uint8Array([1, 2]));
		expect(ref.ws.exists('new/extra.txt')).toBe(false);
		expect(ref.ws.exists('new')).toBe(false);
		expect(ref.ws.stat('empty').type).toBe('dir');
		// An unchanged file keeps its Y.Text, so an editor on it keeps its place.
		expect(ref.ws.textOf('same.txt')).toBe(sameText);
		expect(result.changed).toBe(3);

		// The automatic snapshot holds what the restore replaced.
		expect(result.before).toMatchObject({ auto: true, name: 'Before restoring “good state”' });
		const before = await readSnapshotFiles(result.before!.id);
		expect(before.get('main.py')).toBe('v2 broken');
		expect(before.get('new/extra.txt')).toBe('added later');
	});

	it('does nothing, and takes no snapshot, when the files already match', async () => {
		const ref = workspace({ 'a.txt': 'a' });
		const snapshot = await take(ref, 'now');
		expect(await restore(ref, snapshot.id)).toEqual({ before: null, changed: 0 });
		expect((await list(ref.id)).length).toBe(1);
	});

	it('turns a folder back into a file and a file into a folder', async () => {
		const ref = workspace({ a: 'file a', 'b/inner.txt': 'in b' });
		const snapshot = await take(ref, 'shape');
		ref.ws.remove('a');
		ref.ws.writeFile('a/child.txt', 'now a folder');
		ref.ws.remove('b', { recursive: true });
		ref.ws.writeFile('b', 'now a file');
		await restore(ref, snapshot.id);
		expect(ref.ws.readText('a')).toBe('file a');
		expect(ref.ws.readText('b/inner.txt')).toBe('in b');
	});

	it('refuses a snapshot file over the size limit, changing nothing', async () => {
		const ref = workspace({ 'a.txt': 'small' });
		const snapshot = await take(ref, 'big');
		// The limit of the workspace restored into is lower than the file.
		const small = { id: ref.id, ws: new Workspace(new Y.Doc(), { maxFileBytes: 2 }) };
		small.ws.writeFile('mine.txt', 'ok');
		await expect(restore(small, snapshot.id)).rejects.toThrow(SnapshotFileTooLargeError);
		await expect(restore(small, snapshot.id)).rejects.toThrow(/^Nothing was restored: "a.txt"/);
		expect(small.ws.walk().map((e) => e.path)).toEqual(['mine.txt']);
	});
});

describe('restoring one file', () => {
	it('writes that file only, after an automatic snapshot', async () => {
		const ref = workspace({ 'a.txt': 'a1', 'b.txt': 'b1' });
		const snapshot = await take(ref, 'one file');
		ref.ws.writeFile('a.txt', 'a2');
		ref.ws.writeFile('b.txt', 'b2');
		const origins: string[] = [];
		ref.ws.onChange((change) => origins.push(change.origin));
		const result = await restoreFile(ref, snapshot.id, 'a.txt');
		expect(ref.ws.readText('a.txt')).toBe('a1');
		expect(ref.ws.readText('b.txt')).toBe('b2');
		expect(origins).toEqual(['restore']);
		expect((await readSnapshotFiles(result.before!.id)).get('a.txt')).toBe('a2');
	});

	it('brings back a deleted file, and names a path the snapshot lacks', async () => {
		const ref = workspace({ 'src/gone.py': 'x = 1' });
		const snapshot = await take(ref, 'deleted');
		ref.ws.remove('src', { recursive: true });
		await restoreFile(ref, snapshot.id, 'src/gone.py');
		expect(ref.ws.readText('src/gone.py')).toBe('x = 1');
		await expect(restoreFile(ref, snapshot.id, 'nope.txt')).rejects.toThrow(
			SnapshotFileNotFoundError
		);
	});

	it('starts over when the files change while the automatic snapshot is written', async () => {
		const ref = workspace({ 'a.txt': 'a1' });
		const snapshot = await take(ref, 'race');
		ref.ws.writeFile('a.txt', 'a2');
		// An edit lands while the restore waits for IndexedDB.
		const db = await snapshotDB();
		const edit = db
			.get('meta', 'usage')
			.then(() => ref.ws.writeFile('a.txt', 'a3 typed meanwhile'));
		const result = await restoreFile(ref, snapshot.id, 'a.txt');
		await edit;
		expect(ref.ws.readText('a.txt')).toBe('a1');
		expect((await readSnapshotFiles(result.before!.id)).get('a.txt')).toBe('a3 typed meanwhile');
	});
});
