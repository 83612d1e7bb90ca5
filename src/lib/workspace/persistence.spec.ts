import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { QuotaExceededError, StorageError, StorageUnavailableError } from './errors.ts';
import {
	WorkspacePersistence,
	deleteWorkspaceData,
	persistenceDatabaseName,
	type PersistenceOptions,
	type PersistenceStatus
} from './persistence.ts';
import { unsavedBackupKey, type BackupStorage } from './unsaved-backup.ts';
import { Workspace } from './workspace.ts';

let counter = 0;
const freshName = () => `test-${++counter}`;

/** Opens a workspace stored under `name`, waiting until its stored content is loaded. */
async function openStored(name: string, options?: PersistenceOptions) {
	const ws = new Workspace(new Y.Doc());
	const persistence = new WorkspacePersistence(name, ws.doc, options);
	await persistence.whenSynced;
	return { ws, persistence };
}

/** Resolves with the error of the next 'error' status (or the next `wanted` status). */
function nextStatus(
	persistence: WorkspacePersistence,
	wanted: PersistenceStatus
): Promise<StorageError | undefined> {
	return new Promise((resolve) => {
		const stop = persistence.on('status', (status, error) => {
			if (status !== wanted) return;
			stop();
			resolve(error);
		});
	});
}

/** Resolves once `persistence` reports 'saved' (at once if it already does). */
function saved(persistence: WorkspacePersistence): Promise<unknown> {
	return persistence.status === 'saved' ? Promise.resolve() : nextStatus(persistence, 'saved');
}

/** How many updates the stored doc of workspace `name` holds. */
function storedUpdates(name: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open(persistenceDatabaseName(name));
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const count = db.transaction(['updates']).objectStore('updates').count();
			count.onsuccess = () => {
				db.close();
				resolve(count.result);
			};
		};
	});
}

/** Lets IndexedDB (fake-indexeddb schedules with setImmediate) run everything it can. */
async function idle(): Promise<void> {
	for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Keeps the transactions of the next `count` adds from committing until `release()` (a slow
 * disk): they stay busy with reads. `transactions` are the ones held so far.
 */
function holdWrites(count = Infinity) {
	const add = IDBObjectStore.prototype.add;
	let held = true;
	const hold = {
		transactions: [] as IDBTransaction[],
		release: () => {
			held = false;
			spy.mockRestore();
		}
	};
	const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
		this: IDBObjectStore,
		...args
	) {
		const request = add.apply(this, args);
		if (hold.transactions.length < count && !hold.transactions.includes(this.transaction)) {
			hold.transactions.push(this.transaction);
			const stayBusy = (store: IDBObjectStore) => {
				if (held) store.count().onsuccess = () => stayBusy(store);
			};
			stayBusy(this);
		}
		return request;
	});
	return hold;
}

/** Makes every write fail as on a full disk, until the returned spy is restored. */
function fillDisk() {
	return vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
		throw new DOMException('Quota exceeded.', 'QuotaExceededError');
	});
}

/** A localStorage stand-in. */
function memoryStorage(): BackupStorage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('WorkspacePersistence', () => {
	it('keeps files across a reload', async () => {
		const name = freshName();
		const first = await openStored(name);
		expect(first.persistence.synced).toBe(true);
		await saved(first.persistence);
		first.ws.writeFile('main.py', 'print("kept")\n');
		first.ws.writeFile('img/dot.png', new Uint8Array([1, 2, 3]));
		first.ws.mkdir('empty');
		first.ws.textOf('main.py').insert(0, '# edited\n');
		await first.persistence.destroy();

		const second = await openStored(name);
		expect(second.ws.readText('main.py')).toBe('# edited\nprint("kept")\n');
		expect(second.ws.readBytes('img/dot.png')).toEqual(new Uint8Array([1, 2, 3]));
		expect(second.ws.stat('empty').type).toBe('dir');
		await second.persistence.destroy();
	});

	it('says saving until typed edits are committed, in a few writes, and they survive', async () => {
		const name = freshName();
		const first = await openStored(name, { saveIntervalMs: 50 });
		await saved(first.persistence);
		const statuses: PersistenceStatus[] = [];
		first.persistence.on('status', (status) => statuses.push(status));
		const before = await storedUpdates(name);
		first.ws.writeFile('typed.txt', '');
		const text = first.ws.textOf('typed.txt');
		for (const char of 'typed key by key') text.insert(text.length, char);
		expect(first.persistence.status).toBe('saving');
		await nextStatus(first.persistence, 'saved');
		// 17 updates: the first is written at once, the others together after the interval.
		expect((await storedUpdates(name)) - before).toBe(2);
		expect(statuses).toEqual(['saving', 'saved']);
		await first.persistence.destroy();

		const second = await openStored(name);
		expect(second.ws.readText('typed.txt')).toBe('typed key by key');
		await second.persistence.destroy();
	});

	it('merges what was typed before loading finished with what was stored', async () => {
		const name = freshName();
		const first = await openStored(name);
		first.ws.writeFile('stored.txt', 'from last time');
		await first.persistence.destroy();

		const ws = new Workspace(new Y.Doc());
		const persistence = new WorkspacePersistence(name, ws.doc);
		ws.writeFile('early.txt', 'typed while loading');
		await persistence.whenSynced;
		expect(ws.readText('stored.txt')).toBe('from last time');
		await persistence.destroy();

		const third = await openStored(name);
		expect(third.ws.readText('early.txt')).toBe('typed while loading');
		await third.persistence.destroy();
	});

	it('stops saving after destroy and leaves the doc as it is', async () => {
		const name = freshName();
		const first = await openStored(name);
		first.ws.writeFile('before.txt', '1');
		await first.persistence.destroy();
		first.ws.writeFile('after.txt', '2');
		expect(first.ws.readText('before.txt')).toBe('1');

		const second = await openStored(name);
		expect(second.ws.exists('before.txt')).toBe(true);
		expect(second.ws.exists('after.txt')).toBe(false);
		await second.persistence.destroy();
	});

	it('deleteWorkspaceData removes the stored doc', async () => {
		const name = freshName();
		const first = await openStored(name);
		first.ws.writeFile('gone.txt', 'x');
		await first.persistence.destroy();
		await deleteWorkspaceData(name);
		const second = await openStored(name);
		expect(second.ws.walk()).toEqual([]);
		await second.persistence.destroy();
	});
});

describe('storage that cannot be opened', () => {
	it('rejects whenSynced when indexedDB.open throws, and the doc keeps working', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException('The operation is insecure.', 'SecurityError');
		});
		const ws = new Workspace(new Y.Doc());
		const persistence = new WorkspacePersistence(freshName(), ws.doc);
		const statuses: PersistenceStatus[] = [];
		persistence.on('status', (status) => statuses.push(status));
		ws.writeFile('a.txt', 'in memory');

		const error = await persistence.whenSynced.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(StorageUnavailableError);
		expect((error as StorageUnavailableError).message).toBe(
			'This browser is not letting Bytestorm store files (private browsing or storage disabled). Your edits stay in this tab only: download the files you need before closing it.'
		);
		expect(statuses).toEqual(['error']);
		expect(persistence.error).toBe(error);
		ws.writeFile('a.txt', 'still editable');
		expect(ws.readText('a.txt')).toBe('still editable');
		await persistence.destroy();
	});

	it('rejects whenSynced when the open request fails', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			const request = {} as IDBOpenDBRequest;
			setTimeout(() => {
				const error = new DOMException('A mutation operation was attempted.', 'InvalidStateError');
				request.onerror?.call(request, { target: { error } } as unknown as Event);
			});
			return request;
		});
		const persistence = new WorkspacePersistence(freshName(), new Y.Doc());
		await expect(persistence.whenSynced).rejects.toBeInstanceOf(StorageUnavailableError);
		expect(persistence.status).toBe('error');
		await persistence.destroy();
	});

	it('rejects whenSynced when IndexedDB does not exist', async () => {
		vi.stubGlobal('indexedDB', undefined);
		const persistence = new WorkspacePersistence(freshName(), new Y.Doc());
		await expect(persistence.whenSynced).rejects.toBeInstanceOf(StorageUnavailableError);
		await expect(deleteWorkspaceData('x')).rejects.toBeInstanceOf(StorageUnavailableError);
	});

	it('gives up after the timeout when the database never opens', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest);
		const persistence = new WorkspacePersistence(freshName(), new Y.Doc(), { timeoutMs: 50 });
		const error = await persistence.whenSynced.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(StorageUnavailableError);
		expect((error as Error).message).toContain('did not open its storage within');
		await persistence.destroy();
	});
});

describe('storage failures while editing', () => {
	it('reports a full quota when a write is refused, then saves everything once there is room', async () => {
		const name = freshName();
		const { ws, persistence } = await openStored(name);
		ws.writeFile('saved.txt', 'before the disk filled up');
		const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
			throw new DOMException('Quota exceeded.', 'QuotaExceededError');
		});
		const failed = nextStatus(persistence, 'error');

		expect(() => ws.writeFile('lost.txt', 'written while full')).not.toThrow();
		const error = await failed;
		expect(error).toBeInstanceOf(QuotaExceededError);
		expect(error?.message).toContain("The browser's storage for this site is full");
		expect(ws.readText('lost.txt')).toBe('written while full');

		add.mockRestore();
		const recovered = nextStatus(persistence, 'saved');
		ws.writeFile('later.txt', 'after making room');
		await recovered;
		await persistence.destroy();

		const reopened = await openStored(name);
		expect(reopened.ws.readText('saved.txt')).toBe('before the disk filled up');
		expect(reopened.ws.readText('lost.txt')).toBe('written while full');
		expect(reopened.ws.readText('later.txt')).toBe('after making room');
		await reopened.persistence.destroy();
	});

	it('reports a quota error that aborts the transaction when it commits', async () => {
		const name = freshName();
		const { ws, persistence } = await openStored(name);
		const add = IDBObjectStore.prototype.add;
		const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
			this: IDBObjectStore,
			...args
		) {
			const request = add.apply(this, args);
			// As browsers do: the request succeeds, then the commit is refused for lack of space.
			request.addEventListener('success', () => {
				(this.transaction as unknown as { _abort(name: string): void })._abort(
					'QuotaExceededError'
				);
			});
			return request;
		});
		const failed = nextStatus(persistence, 'error');
		ws.writeFile('big.txt', 'did not fit');
		expect(await failed).toBeInstanceOf(QuotaExceededError);

		spy.mockRestore();
		persistence.retry();
		await nextStatus(persistence, 'saved');
		await persistence.destroy();
		const reopened = await openStored(name);
		expect(reopened.ws.readText('big.txt')).toBe('did not fit');
		await reopened.persistence.destroy();
	});

	it('reports lost access when the stored doc is deleted from elsewhere', async () => {
		const name = freshName();
		const { ws, persistence } = await openStored(name);
		await deleteWorkspaceData(name);
		const failed = nextStatus(persistence, 'error');
		expect(() => ws.writeFile('after.txt', 'kept in memory')).not.toThrow();
		const error = await failed;
		expect(error).toBeInstanceOf(StorageUnavailableError);
		expect(error?.message).toContain('lost access');
		expect(ws.readText('after.txt')).toBe('kept in memory');
		await persistence.destroy();
	});
});

describe("reporting 'saved'", () => {
	it('waits for every pending write to commit, not just the first one to finish', async () => {
		const name = freshName();
		const { ws, persistence } = await openStored(name);
		await saved(persistence);
		const disk = fillDisk();
		ws.writeFile('full.txt', 'written while full');
		expect(persistence.status).toBe('error');
		disk.mockRestore();

		// The next edit is written on its own (held back here) and in the whole-doc write.
		const slow = holdWrites(1);
		ws.writeFile('later.txt', 'after making room');
		await idle();
		expect(slow.transactions).toHaveLength(1);
		expect(persistence.status).toBe('error');

		const recovered = nextStatus(persistence, 'saved');
		slow.release();
		await recovered;
		await persistence.destroy();
		const reopened = await openStored(name);
		expect(reopened.ws.readText('full.txt')).toBe('written while full');
		expect(reopened.ws.readText('later.txt')).toBe('after making room');
		await reopened.persistence.destroy();
	});

	it('after a failure, waits until the whole-doc write has committed', async () => {
		const name = freshName();
		const { ws, persistence } = await openStored(name);
		await saved(persistence);
		const disk = fillDisk();
		ws.writeFile('full.txt', 'written while full');
		expect(persistence.status).toBe('error');
		disk.mockRestore();

		const slow = holdWrites(1);
		persistence.retry();
		await idle();
		expect(slow.transactions).toHaveLength(1);
		expect(persistence.status).toBe('error');

		const recovered = nextStatus(persistence, 'saved');
		slow.release();
		await recovered;
		await persistence.destroy();
		const reopened = await openStored(name);
		expect(reopened.ws.readText('full.txt')).toBe('written while full');
		await reopened.persistence.destroy();
	});
});

describe('the backup of unsaved edits when the page goes away', () => {
	it('keeps the edits still being written, and the next open stores them', async () => {
		const name = freshName();
		const storage = memoryStorage();
		const page = new EventTarget();
		const first = await openStored(name, { backup: storage, lifecycle: page });
		first.ws.writeFile('committed.txt', 'x'.repeat(1000));
		await idle();
		page.dispatchEvent(new Event('pagehide'));
		expect(storage.items.size).toBe(0);

		const slow = holdWrites();
		first.ws.writeFile('typed.txt', 'just before the reload');
		await idle();
		page.dispatchEvent(new Event('pagehide'));
		const backup = storage.getItem(unsavedBackupKey(name));
		expect(backup).not.toBeNull();
		// Only the tail that was not committed yet, not the 1,000 characters before it.
		expect(backup!.length).toBeLessThan(500);
		// The page unloads before the write commits: it is lost.
		await first.persistence.destroy();
		for (const transaction of slow.transactions) transaction.abort();
		slow.release();
		await idle();
		const lost = await openStored(name, { backup: null });
		expect(lost.ws.exists('typed.txt')).toBe(false);
		await lost.persistence.destroy();

		const second = await openStored(name, { backup: storage, lifecycle: page });
		expect(second.ws.readText('typed.txt')).toBe('just before the reload');
		expect(second.ws.readText('committed.txt')).toBe('x'.repeat(1000));
		await saved(second.persistence);
		expect(storage.items.size).toBe(0);
		await second.persistence.destroy();

		const third = await openStored(name, { backup: null });
		expect(third.ws.readText('typed.txt')).toBe('just before the reload');
		await third.persistence.destroy();
	});

	it('keeps edits that failed to save, and writes nothing once they are saved', async () => {
		const name = freshName();
		const storage = memoryStorage();
		const page = new EventTarget();
		const { ws, persistence } = await openStored(name, { backup: storage, lifecycle: page });
		await saved(persistence);
		const disk = fillDisk();
		ws.writeFile('full.txt', 'written while full');
		disk.mockRestore();
		await idle();
		page.dispatchEvent(new Event('visibilitychange'));
		expect(storage.items.has(unsavedBackupKey(name))).toBe(true);

		persistence.retry();
		await nextStatus(persistence, 'saved');
		// Saved for good: the copy is not needed any more.
		expect(storage.items.size).toBe(0);
		ws.writeFile('more.txt', 'saved too');
		await nextStatus(persistence, 'saved');
		page.dispatchEvent(new Event('pagehide'));
		expect(storage.items.size).toBe(0);

		// After destroy, the page going away is none of its business.
		await persistence.destroy();
		ws.writeFile('after.txt', 'not saved');
		page.dispatchEvent(new Event('pagehide'));
		expect(storage.items.size).toBe(0);
	});

	it('keeps working when the backup storage throws at every call', async () => {
		const name = freshName();
		const refusing: BackupStorage = {
			getItem: () => {
				throw new DOMException('The operation is insecure.', 'SecurityError');
			},
			setItem: () => {
				throw new DOMException('Quota exceeded.', 'QuotaExceededError');
			},
			removeItem: () => {
				throw new DOMException('The operation is insecure.', 'SecurityError');
			}
		};
		const page = new EventTarget();
		const { ws, persistence } = await openStored(name, { backup: refusing, lifecycle: page });
		const slow = holdWrites();
		ws.writeFile('a.txt', 'typed');
		expect(() => page.dispatchEvent(new Event('pagehide'))).not.toThrow();
		slow.release();
		await saved(persistence);
		await persistence.destroy();
		const reopened = await openStored(name, { backup: refusing });
		expect(reopened.ws.readText('a.txt')).toBe('typed');
		await reopened.persistence.destroy();
	});
});
