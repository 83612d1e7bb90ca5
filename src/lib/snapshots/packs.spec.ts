import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import { writeVersion1Database } from '../../../tests/support/snapshots-v1.ts';
import { closeSnapshotDB, snapshotDB } from './db.ts';
import { sha256 } from './hash.ts';
import { PACK_BYTES } from './packs.ts';
import { list, readSnapshotFiles, remove, take, usage } from './store.ts';

let nextId = 0;
function workspace(files: Record<string, string>) {
	const ws = new Workspace(new Y.Doc());
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	return { id: `packs-${++nextId}`, ws };
}

/** `count` distinct files of `size` bytes each. */
function files(count: number, size: number, tag = `${++nextId}`): Record<string, string> {
	const result: Record<string, string> = {};
	for (let i = 0; i < count; i++) result[`f${i}.txt`] = `${tag} ${i} `.padEnd(size, '.');
	return result;
}

async function packs() {
	return (await snapshotDB()).getAll('packs');
}

describe('packs', () => {
	it('writes a 1,000-file snapshot as a few records of about 1 MB, not one per file', async () => {
		const before = (await packs()).length;
		const content = files(1000, 4096);
		const ref = workspace(content);
		const summary = await take(ref, 'many files');
		const added = (await packs()).length - before;
		expect(added).toBe(Math.ceil((1000 * 4096) / PACK_BYTES));
		const back = await readSnapshotFiles(summary.id);
		expect(back.size).toBe(1000);
		expect(back.get('f999.txt')).toBe(content['f999.txt']);
	});

	it('rewrites a pack without the content no snapshot uses: the rest still reads', async () => {
		const content = files(4, 1000);
		const ref = workspace(content);
		const first = await take(ref, 'one');
		ref.ws.writeFile('f2.txt', 'changed');
		const second = await take(ref, 'two');
		const db = await snapshotDB();
		const bytesBefore = (await usage()).bytes;

		expect(await remove(first.id)).toEqual({ freedBytes: 1000 });
		const back = await readSnapshotFiles(second.id);
		expect([...back.keys()]).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt']);
		expect(back.get('f3.txt')).toMatch(/ 3 \.+$/);
		expect((await usage()).bytes).toBe(bytesBefore - 1000);
		// The old content's bytes are gone from the stored data itself.
		const oldHash = await sha256(new TextEncoder().encode(content['f2.txt']));
		const all = await db.getAll('packs');
		expect(all.some((pack) => pack.hashes.includes(oldHash))).toBe(false);
		for (const pack of all) {
			const data = await db.get('packData', pack.id);
			expect(data?.length).toBe(pack.sizes.reduce((sum, size) => sum + size, 0));
		}
	});

	it('sees what another tab stored and deleted, whatever this tab remembers', async () => {
		const shared = files(3, 500);
		const ref = workspace(shared);
		await take(ref, 'this tab');
		// Another tab: the same modules loaded afresh, on the same database.
		vi.resetModules();
		const other = await import('./store.ts');
		const otherRef = workspace({ ...shared, 'new.txt': `only in the other tab ${nextId}` });
		const theirs = await other.take(otherRef, 'other tab');
		expect(theirs.newBytes).toBe(otherRef.ws.readText('new.txt').length);
		// This tab now snapshots the same new content: it is found, not stored twice.
		ref.ws.writeFile('new.txt', otherRef.ws.readText('new.txt'));
		const mine = await take(ref, 'this tab again');
		expect(mine.newBytes).toBe(0);
		// The other tab deletes its snapshot: the content this tab's snapshot uses stays.
		await other.remove(theirs.id);
		expect((await readSnapshotFiles(mine.id)).get('new.txt')).toBe(otherRef.ws.readText('new.txt'));
		await other.remove(...(await list(ref.id)).map((snapshot) => snapshot.id));
		// What this tab remembered is gone; its next snapshot stores the content again.
		const again = await take(ref, 'after the other tab cleaned up');
		expect(again.newBytes).toBe(again.size);
		expect((await readSnapshotFiles(again.id)).get('f0.txt')).toBe(shared['f0.txt']);
	});
});

describe('the database of version 1, one record per content', () => {
	it('moves every content into packs when it opens, and the snapshots read as before', async () => {
		closeSnapshotDB();
		const hashes = await writeVersion1Database({
			id: 'old-snapshot',
			workspaceId: 'old-ws',
			name: 'from version 1',
			files: { 'f0.py': 'print("old")\n', 'f1.py': 'x = 1\n' }
		});

		const db = await snapshotDB();
		expect(db.version).toBe(2);
		expect([...db.objectStoreNames]).not.toContain('blobs');
		const all = await db.getAll('packs');
		expect(all.flatMap((pack) => pack.hashes).sort()).toEqual([...hashes].sort());
		const back = await readSnapshotFiles('old-snapshot');
		expect(back.get('f0.py')).toBe('print("old")\n');
		expect(back.get('f1.py')).toBe('x = 1\n');
		expect(await usage()).toMatchObject({ bytes: 19, blobs: 2 });
		expect(await remove('old-snapshot')).toEqual({ freedBytes: 19 });
		expect(await db.count('packs')).toBe(0);
	});
});
