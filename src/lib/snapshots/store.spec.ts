import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { FILES_MAP, Workspace } from '#lib/workspace/index.ts';
import { snapshotDB } from './db.ts';
import {
	SnapshotFileTooLargeError,
	SnapshotNameError,
	SnapshotNotFoundError,
	SnapshotQuotaError
} from './errors.ts';
import { sha256 } from './hash.ts';
import {
	list,
	readSnapshot,
	readSnapshotFiles,
	remove,
	removeWorkspaceSnapshots,
	take,
	usage
} from './store.ts';

let nextId = 0;
/** A workspace with a few files, under an id no other test uses. */
function workspace(files: Record<string, string | Uint8Array> = {}) {
	const ws = new Workspace(new Y.Doc());
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	return { id: `ws-${++nextId}`, ws };
}

/** Contents stored, counted from the packs themselves. */
async function blobCount(): Promise<number> {
	const packs = await (await snapshotDB()).getAll('packs');
	return packs.reduce((sum, pack) => sum + pack.hashes.length, 0);
}

afterEach(() => vi.restoreAllMocks());

describe('taking snapshots', () => {
	it('stores every file with its hash, size and kind, and the empty folders', async () => {
		const ref = workspace({
			'main.py': 'print("hi")\n',
			'data/logo.bin': new Uint8Array([0, 1, 2])
		});
		ref.ws.mkdir('empty/inner', { recursive: true });
		const summary = await take(ref, '  First  ');
		expect(summary).toMatchObject({
			name: 'First',
			auto: false,
			fileCount: 2,
			size: 15,
			changed: 2
		});
		const content = await readSnapshot(summary.id);
		expect(content.files.get('main.py')).toBe('print("hi")\n');
		expect(content.files.get('data/logo.bin')).toEqual(new Uint8Array([0, 1, 2]));
		expect(content.emptyFolders).toEqual(['empty/inner']);
		expect(await readSnapshotFiles(summary.id)).toEqual(content.files);
	});

	it('stores unchanged content once: a second snapshot after one edit adds one blob', async () => {
		const files: Record<string, string> = {};
		for (let i = 0; i < 50; i++) files[`f${i}.txt`] = `file ${i} of a snapshot test ${nextId}\n`;
		const ref = workspace(files);
		const before = await blobCount();
		const first = await take(ref, 'one');
		expect(await blobCount()).toBe(before + 50);
		ref.ws.writeFile('f7.txt', 'changed\n');
		const second = await take(ref, 'two');
		expect(await blobCount()).toBe(before + 51);
		expect(second).toMatchObject({ changed: 1, newBytes: 8, fileCount: 50 });
		expect(first.newBytes).toBe(first.size);
		expect((await list(ref.id)).map((s) => s.name)).toEqual(['two', 'one']);
	});

	it('hashes the bytes with SHA-256', async () => {
		const ref = workspace({ 'a.txt': 'abc' });
		const { id } = await take(ref, 'hash');
		const db = await snapshotDB();
		const manifest = await db.get('manifests', id);
		expect(manifest?.files[0]?.hash).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(await sha256(new TextEncoder().encode('abc'))).toBe(manifest?.files[0]?.hash);
	});

	it('refuses a bad name with a sentence', async () => {
		const ref = workspace({ 'a.txt': 'a' });
		await expect(take(ref, '   ')).rejects.toThrow(SnapshotNameError);
		await expect(take(ref, 'x'.repeat(101))).rejects.toThrow(/keep it to 100/);
		await expect(take(ref, 'a\tb')).rejects.toThrow(/control characters/);
		expect(await list(ref.id)).toEqual([]);
	});

	it('refuses a 200 MB file with a clear message and keeps nothing', async () => {
		const ref = workspace({ 'small.txt': 'ok' });
		// Past the workspace's own limit, as a peer or an old version could have written it.
		ref.ws.doc.getMap(FILES_MAP).set('huge.bin', new Uint8Array(200 * 1024 * 1024));
		const failure = take(ref, 'too big');
		await expect(failure).rejects.toThrow(SnapshotFileTooLargeError);
		await expect(failure).rejects.toThrow(
			'No snapshot was taken: "huge.bin" is 200 MB, more than the 50 MB limit for one file. Remove or shrink it and try again.'
		);
		expect(await list(ref.id)).toEqual([]);
	});

	it('keeps no part of a snapshot when the disk fills up halfway, and says so', async () => {
		// 20 files of 120 KB: three packs, and the disk is full at the second.
		const files: Record<string, string> = {};
		for (let i = 0; i < 20; i++) files[`q${i}.txt`] = `quota ${i} ${nextId} `.padEnd(120_000, 'q');
		const ref = workspace(files);
		const blobsBefore = await blobCount();
		const usageBefore = await usage();
		const put = IDBObjectStore.prototype.put;
		let packPuts = 0;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
			this: IDBObjectStore,
			...args: Parameters<IDBObjectStore['put']>
		) {
			if (this.name === 'packData' && ++packPuts === 2)
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			return put.apply(this, args);
		});
		const failure = take(ref, 'full disk');
		await expect(failure).rejects.toThrow(SnapshotQuotaError);
		await expect(failure).rejects.toThrow(/storage for this site is full/);
		vi.restoreAllMocks();
		expect(await list(ref.id)).toEqual([]);
		expect(await blobCount()).toBe(blobsBefore);
		expect((await usage()).bytes).toBe(usageBefore.bytes);
		// Once there is room again the same snapshot goes through whole.
		expect(packPuts).toBe(2);
		const summary = await take(ref, 'after');
		expect((await readSnapshot(summary.id)).files.get('q19.txt')).toBe(files['q19.txt']);
		expect(await blobCount()).toBe(blobsBefore + 20);
	});

	it('lets two tabs snapshot the same workspace at once: both are kept whole', async () => {
		const ref = workspace({ 'shared.txt': 'v1', 'other.txt': 'same' });
		// A second tab: its own doc with the same content, under the same workspace id.
		const doc2 = new Y.Doc();
		Y.applyUpdate(doc2, Y.encodeStateAsUpdate(ref.ws.doc));
		const tab2 = { id: ref.id, ws: new Workspace(doc2) };
		tab2.ws.writeFile('shared.txt', 'v2 from tab 2');
		const [a, b] = await Promise.all([take(ref, 'tab 1'), take(tab2, 'tab 2')]);
		const snapshots = await list(ref.id);
		expect(snapshots.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
		expect((await readSnapshotFiles(a.id)).get('shared.txt')).toBe('v1');
		expect((await readSnapshotFiles(b.id)).get('shared.txt')).toBe('v2 from tab 2');
	});

	it('reads a snapshot again after another tab deleted the content it remembered', async () => {
		const ref = workspace({ 'a.txt': 'remembered content' });
		const first = await take(ref, 'one');
		await remove(first.id); // the blob goes; this tab still remembers the hash
		const second = await take(ref, 'two');
		expect((await readSnapshotFiles(second.id)).get('a.txt')).toBe('remembered content');
	});
});

describe('deleting snapshots', () => {
	it('frees the content no other snapshot uses, and the usage figure follows', async () => {
		const tag = `${Date.now()}-${Math.random()}`;
		const ref = workspace({ 'keep.txt': `kept ${tag}`, 'gone.txt': `first ${tag}` });
		const start = await usage();
		const first = await take(ref, 'one');
		ref.ws.writeFile('gone.txt', `second ${tag}`);
		const second = await take(ref, 'two');
		const blobs = await blobCount();
		expect((await usage()).bytes).toBe(start.bytes + first.newBytes + second.newBytes);

		const { freedBytes } = await remove(first.id);
		expect(freedBytes).toBe(`first ${tag}`.length);
		expect(await blobCount()).toBe(blobs - 1);
		expect((await readSnapshotFiles(second.id)).get('keep.txt')).toBe(`kept ${tag}`);
		await expect(readSnapshot(first.id)).rejects.toThrow(SnapshotNotFoundError);

		await removeWorkspaceSnapshots(ref.id);
		expect(await list(ref.id)).toEqual([]);
		expect(await blobCount()).toBe(blobs - 3);
		expect((await usage()).bytes).toBe(start.bytes);
	});

	it('keeps content that another workspace still uses', async () => {
		const a = workspace({ 'same.txt': `shared content ${nextId}` });
		const b = { id: `ws-${++nextId}`, ws: a.ws };
		const snapA = await take(a, 'a');
		const snapB = await take(b, 'b');
		await remove(snapA.id);
		expect((await readSnapshotFiles(snapB.id)).size).toBe(1);
	});

	it('ignores a snapshot deleted already (in another tab)', async () => {
		expect(await remove('no-such-id')).toEqual({ freedBytes: 0 });
	});
});
