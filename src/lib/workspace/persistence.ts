import type * as Y from 'yjs';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import { reportLater } from './changes.ts';
import {
	StorageError,
	StorageUnavailableError,
	storageLostError,
	toStorageError
} from './errors.ts';

/** Where the local copy of a workspace stands: loading it, saved, or failing (see the error). */
export type PersistenceStatus = 'loading' | 'saved' | 'error';

/** The events a WorkspacePersistence emits, with their listener signatures. */
export interface PersistenceEvents {
	/** `error` is set when `status` is 'error'. */
	status: (status: PersistenceStatus, error: StorageError | undefined) => void;
}

/** The IndexedDB database that keeps the doc of the workspace named `name`. */
export function persistenceDatabaseName(name: string): string {
	return `bytestorm-doc-${name}`;
}

/** Options of `new WorkspacePersistence(name, doc, options)`. */
export interface PersistenceOptions {
	/** How long to wait for IndexedDB to open and load before giving up (default 10 s). */
	timeoutMs?: number;
}

/** What the provider learns from the IndexedDB connection it instruments. */
interface StorageHooks {
	failed(error: StorageError): void;
	committed(): void;
}

type StoreUpdate = (update: Uint8Array, origin: unknown) => void;

const never = new Promise<never>(() => {});

/**
 * y-indexeddb's provider with its unguarded failure points caught. Its constructor assigns
 * `_db` (the opening database) and `_storeUpdate` (the doc 'update' handler) and uses them at
 * once, with no error handling: a failed open becomes an unhandled rejection and a failed write
 * throws out of the doc's update event. Accessors on this prototype wrap both on assignment.
 */
class GuardedIndexeddbPersistence extends IndexeddbPersistence {
	declare hooks: StorageHooks | undefined;
	declare guardedDb: Promise<IDBDatabase>;
	declare guardedStoreUpdate: StoreUpdate;
}

Object.defineProperties(GuardedIndexeddbPersistence.prototype, {
	_db: {
		get(this: GuardedIndexeddbPersistence) {
			return this.guardedDb;
		},
		set(this: GuardedIndexeddbPersistence, opening: Promise<IDBDatabase>) {
			// A database that never opened leaves y-indexeddb's own callbacks waiting, not failing.
			this.guardedDb = opening.then(
				(db) => {
					instrument(db, this);
					return db;
				},
				(error: unknown) => {
					this.hooks?.failed(toStorageError(error, 'open'));
					return never;
				}
			);
		}
	},
	_storeUpdate: {
		get(this: GuardedIndexeddbPersistence) {
			return this.guardedStoreUpdate;
		},
		set(this: GuardedIndexeddbPersistence, store: StoreUpdate) {
			this.guardedStoreUpdate = (update, origin) => {
				try {
					store(update, origin);
				} catch (error) {
					this.hooks?.failed(toStorageError(error, 'write'));
				}
			};
		}
	}
});

/** Reports the outcome of every write transaction y-indexeddb makes on `db`. */
function instrument(db: IDBDatabase, provider: GuardedIndexeddbPersistence): void {
	const transaction = db.transaction.bind(db);
	db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
		const tx = transaction(...args);
		if (tx.mode === 'readwrite') {
			tx.addEventListener('complete', () => provider.hooks?.committed());
			tx.addEventListener('abort', () => {
				const cause = tx.error ?? new DOMException('The write was aborted.', 'AbortError');
				provider.hooks?.failed(toStorageError(cause, 'write'));
			});
		}
		return tx;
	}) as IDBDatabase['transaction'];
	// Fired only when the browser closes the connection itself (site data cleared).
	db.addEventListener('close', () => provider.hooks?.failed(storageLostError()));
}

/**
 * Keeps a workspace's Y.Doc in IndexedDB, keystroke by keystroke (Yjs provider shape, wrapping
 * y-indexeddb). Storage failures never throw into the doc and never touch the in-memory content:
 * they become a 'status' event with a StorageError, and `whenSynced` rejects if loading fails.
 */
export class WorkspacePersistence {
	readonly name: string;
	readonly doc: Y.Doc;
	/** Resolves once the stored content is loaded into the doc; rejects with a StorageError. */
	readonly whenSynced: Promise<void>;
	#status: PersistenceStatus = 'loading';
	#writingEverything = false;
	#error: StorageError | undefined;
	#synced = false;
	#destroyed = false;
	/** Set after a failed write: that update is not stored, so the next save stores the whole doc. */
	#needsFullWrite = false;
	readonly #inner: GuardedIndexeddbPersistence | null = null;
	readonly #listeners = new Set<PersistenceEvents['status']>();
	#resolveSync: () => void = () => {};
	#rejectSync: (error: StorageError) => void = () => {};
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(name: string, doc: Y.Doc, options: PersistenceOptions = {}) {
		this.name = name;
		this.doc = doc;
		this.whenSynced = new Promise<void>((resolve, reject) => {
			this.#resolveSync = resolve;
			this.#rejectSync = reject;
		});
		// Failures also arrive as 'status' events, so awaiting whenSynced is optional.
		this.whenSynced.catch(() => {});
		this.destroy = this.destroy.bind(this);
		doc.on('destroy', this.destroy);

		if (typeof indexedDB === 'undefined') {
			queueMicrotask(() => this.#fail(new StorageUnavailableError()));
			return;
		}
		const timeoutMs = options.timeoutMs ?? 10_000;
		this.#timer = setTimeout(() => {
			this.#fail(
				new StorageUnavailableError(
					`The browser did not open its storage within ${Math.round(timeoutMs / 1000)} seconds. Your edits stay in this tab only: download the files you need before closing it, or reload the page to try again.`
				)
			);
		}, timeoutMs);
		this.#inner = new GuardedIndexeddbPersistence(persistenceDatabaseName(name), doc);
		this.#inner.hooks = {
			failed: (error) => this.#fail(error),
			committed: () => this.#committed()
		};
		this.#inner.on('synced', this.#onSynced);
		doc.on('update', this.#onUpdate);
	}

	/** The latest status (the 'status' event reports each change). */
	get status(): PersistenceStatus {
		return this.#status;
	}

	/** The latest storage failure while `status` is 'error'. */
	get error(): StorageError | undefined {
		return this.#error;
	}

	/** True once the stored content has been loaded into the doc. */
	get synced(): boolean {
		return this.#synced;
	}

	/** Listens to an event; returns the function that stops listening. */
	on<E extends keyof PersistenceEvents>(event: E, listener: PersistenceEvents[E]): () => void {
		if (event !== 'status') return () => {};
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** After a failed save, tries again now by storing the whole document. */
	retry(): void {
		if (this.#synced && !this.#destroyed) this.#storeEverything();
	}

	/** Stops saving, removes every listener and closes the database; the doc is left as it is. */
	async destroy(): Promise<void> {
		if (this.#destroyed) return;
		this.#destroyed = true;
		clearTimeout(this.#timer);
		this.doc.off('destroy', this.destroy);
		this.doc.off('update', this.#onUpdate);
		this.#listeners.clear();
		const inner = this.#inner;
		if (!inner) return;
		inner.off('synced', this.#onSynced);
		inner.hooks = undefined;
		const closing = inner.destroy();
		// Closing waits for pending writes. A database still opening is closed once it opens,
		// so waiting for it could mean waiting forever.
		if (inner.db) await closing;
	}

	#onSynced = () => {
		if (this.#destroyed) return;
		clearTimeout(this.#timer);
		this.#synced = true;
		this.#resolveSync();
		this.#setStatus('saved');
	};

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (this.#needsFullWrite && origin !== this.#inner) this.#storeEverything();
	};

	// The whole-document write that recovers from a failure. The flag that asks for it is cleared
	// only once the write succeeded: other transactions completing meanwhile (y-indexeddb's own,
	// left empty by the failure) must not report the document as saved.
	#storeEverything(): void {
		const inner = this.#inner;
		if (!inner || this.#writingEverything) return;
		this.#writingEverything = true;
		const failed = (error: unknown) => {
			this.#writingEverything = false;
			this.#fail(toStorageError(error, 'write'));
		};
		try {
			storeState(inner, true).then(() => {
				this.#writingEverything = false;
				if (this.#destroyed) return;
				this.#needsFullWrite = false;
				this.#setStatus('saved');
			}, failed);
		} catch (error) {
			// y-indexeddb opens its transaction synchronously, which throws on a closed database.
			failed(error);
		}
	}

	#committed(): void {
		if (this.#synced && !this.#needsFullWrite) this.#setStatus('saved');
	}

	#fail(error: StorageError): void {
		if (this.#destroyed) return;
		if (this.#synced) {
			this.#needsFullWrite = true;
		} else {
			clearTimeout(this.#timer);
			this.#rejectSync(error);
		}
		this.#setStatus('error', error);
	}

	#setStatus(status: PersistenceStatus, error?: StorageError): void {
		// Repeats tell a listener nothing new: same state and, for errors, the same kind of error.
		const repeated = status === this.#status && error?.name === this.#error?.name;
		this.#status = status;
		this.#error = error;
		if (repeated) return;
		for (const listener of [...this.#listeners]) {
			try {
				listener(status, error);
			} catch (error) {
				// A failing listener must not stop the provider (or the doc event that called it).
				reportLater(error);
			}
		}
	}
}

/** Deletes the stored doc of the workspace named `name`; its open providers stop saving. */
export function deleteWorkspaceData(name: string): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		let request: IDBOpenDBRequest;
		try {
			request = indexedDB.deleteDatabase(persistenceDatabaseName(name));
		} catch (error) {
			reject(toStorageError(error, 'open'));
			return;
		}
		request.onsuccess = () => resolve();
		request.onerror = () => reject(toStorageError(request.error, 'write'));
	});
}
