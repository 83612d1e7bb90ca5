import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { QuotaExceededError, StorageError, StorageUnavailableError } from './errors.ts';
import {
	WorkspacePersistence,
	deleteWorkspaceData,
	type PersistenceStatus
} from './persistence.ts';
import { Workspace } from './workspace.ts';

let counter = 0;
const freshName = () => `test-${++counter}`;

/** Opens a workspace stored under `name`, waiting until its stored content is loaded. */
async function openStored(name: string) {
	const ws = new Workspace(new Y.Doc());
	const persistence = new WorkspacePersistence(name, ws.doc);
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

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('WorkspacePersistence', () => {
	it('keeps files across a reload', async () => {
		const name = freshName();
		const first = await openStored(name);
		expect(first.persistence.status).toBe('saved');
		expect(first.persistence.synced).toBe(true);
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
