// The snapshot benchmark's browser side, bundled by bench/snapshots.bench.ts: Bytestorm's
// snapshot store next to a naive baseline (one IndexedDB put per file per snapshot, no dedupe),
// on the same workspace, in the same page. Exposes `runSample()` on window.
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import {
	closeSnapshotDB,
	remove,
	restore,
	take,
	list,
	SNAPSHOTS_DB
} from '#lib/snapshots/index.ts';

/** One sample's timings, in ms. */
export interface SnapshotSample {
	first: number;
	second: number;
	restore: number;
	naiveFirst: number;
	naiveSecond: number;
	naiveRestore: number;
}

const FILES = 1000;
const FILE_BYTES = 10 * 1024;

function workspace(): Workspace {
	const ws = new Workspace(new Y.Doc());
	ws.doc.transact(() => {
		for (let i = 0; i < FILES; i++) {
			const line = `# file ${i}: ${'x'.repeat(60)}\n`;
			ws.writeFile(
				`src/pkg${i % 20}/module${i}.py`,
				line.repeat(Math.ceil(FILE_BYTES / line.length)).slice(0, FILE_BYTES)
			);
		}
	}, 'import');
	return ws;
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = () => resolve();
		request.onerror = () => reject(request.error);
		request.onblocked = () => resolve();
	});
}

function request<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = tx.onabort = () => reject(tx.error);
	});
}

/** The baseline: every snapshot writes every file as its own record. */
class Naive {
	readonly db: IDBDatabase;
	constructor(db: IDBDatabase) {
		this.db = db;
	}

	static async open(): Promise<Naive> {
		await deleteDatabase('bench-naive');
		const open = indexedDB.open('bench-naive', 1);
		open.onupgradeneeded = () =>
			open.result.createObjectStore('files', { keyPath: ['snapshot', 'path'] });
		return new Naive(await request(open));
	}

	async take(ws: Workspace, snapshot: string): Promise<void> {
		const encoder = new TextEncoder();
		const tx = this.db.transaction('files', 'readwrite');
		const store = tx.objectStore('files');
		const files = ws.doc.getMap<Y.Text | Uint8Array>('files');
		for (const [path, value] of files) {
			const bytes = value instanceof Y.Text ? encoder.encode(value.toString()) : value;
			store.put({ snapshot, path, kind: value instanceof Y.Text ? 'text' : 'binary', bytes });
		}
		await done(tx);
	}

	async restore(ws: Workspace, snapshot: string): Promise<void> {
		const tx = this.db.transaction('files');
		const range = IDBKeyRange.bound([snapshot, ''], [snapshot, '\uffff']);
		const records = await request<{ path: string; kind: string; bytes: Uint8Array }[]>(
			tx.objectStore('files').getAll(range)
		);
		const decoder = new TextDecoder();
		ws.doc.transact(() => {
			for (const record of records)
				ws.writeFile(
					record.path,
					record.kind === 'text' ? decoder.decode(record.bytes) : record.bytes,
					{
						origin: 'restore'
					}
				);
		}, 'restore');
	}
}

async function time(fn: () => Promise<unknown>): Promise<number> {
	const start = performance.now();
	await fn();
	return performance.now() - start;
}

/** One sample on fresh databases: first snapshot, second after one change, restore of the first. */
export async function runSample(): Promise<SnapshotSample> {
	closeSnapshotDB();
	await deleteDatabase(SNAPSHOTS_DB);
	const ref = { id: 'bench', ws: workspace() };
	const first = await time(() => take(ref, 'first'));
	ref.ws.writeFile('src/pkg3/module3.py', 'print("changed")\n');
	const second = await time(() => take(ref, 'second'));
	const [, firstSummary] = await list('bench');
	const restoreMs = await time(() => restore(ref, firstSummary!.id));
	if (!ref.ws.readText('src/pkg3/module3.py').startsWith('# file 3'))
		throw new Error('restore did not restore');
	await remove(...(await list('bench')).map((s) => s.id));

	const naive = await Naive.open();
	const base = { ws: workspace() };
	const naiveFirst = await time(() => naive.take(base.ws, 'first'));
	base.ws.writeFile('src/pkg3/module3.py', 'print("changed")\n');
	const naiveSecond = await time(() => naive.take(base.ws, 'second'));
	const naiveRestore = await time(() => naive.restore(base.ws, 'first'));
	if (!base.ws.readText('src/pkg3/module3.py').startsWith('# file 3'))
		throw new Error('naive restore failed');
	naive.db.close();
	return { first, second, restore: restoreMs, naiveFirst, naiveSecond, naiveRestore };
}

(window as unknown as { runSample: typeof runSample }).runSample = runSample;
