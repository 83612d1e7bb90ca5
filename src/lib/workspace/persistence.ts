import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { reportLater } from './changes.ts';
import {
	StorageError,
	StorageUnavailableError,
	storageLostError,
	toStorageError
} from './errors.ts';
import { UnsavedBackup, pageBackupStorage, type BackupStorage } from './unsaved-backup.ts';

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

/** Where the page's 'pagehide' and 'visibilitychange' events arrive (the window). */
export type PageLifecycle = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** Options of `new WorkspacePersistence(name, doc, options)`. */
export interface PersistenceOptions {
	/** How long to wait for IndexedDB to open and load before giving up (default 10 s). */
	timeoutMs?: number;
	/** Keeps the unsaved edits across an unload (default `localStorage`; null: no backup). */
	backup?: BackupStorage | null;
	/** Tells when the page goes away (default `globalThis`, the window; null: never). */
	lifecycle?: PageLifecycle | null;
}

/** What the provider learns from the IndexedDB connection it instruments. */
interface StorageHooks {
	failed(error: StorageError): void;
	/** A write transaction began. */
	writeBegan(): void;
	/** A write transaction ended: committed, or aborted (reported to `failed` just before). */
	writeEnded(): void;
}

type StoreUpdate = (update: Uint8Array, origin: unknown) => void;

/** y-indexeddb's object store of doc updates. */
const updatesStoreName = 'updates';

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

/** Reports the start and outcome of every write transaction made on `db` (y-indexeddb's and ours). */
function instrument(db: IDBDatabase, provider: GuardedIndexeddbPersistence): void {
	const transaction = db.transaction.bind(db);
	db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
		const tx = transaction(...args);
		if (tx.mode === 'readwrite') {
			provider.hooks?.writeBegan();
			tx.addEventListener('complete', () => provider.hooks?.writeEnded());
			tx.addEventListener('abort', () => {
				const cause = tx.error ?? new DOMException('The write was aborted.', 'AbortError');
				provider.hooks?.failed(toStorageError(cause, 'write'));
				provider.hooks?.writeEnded();
			});
		}
		return tx;
	}) as IDBDatabase['transaction'];
	// Fired only when the browser closes the connection itself (site data cleared).
	db.addEventListener('close', () => provider.hooks?.failed(storageLostError()));
}

/**
 * Stores the whole doc as one update in one transaction; the promise settles when that commits or
 * aborts. Throws at once on a closed database or (in some browsers) a full disk.
 */
function storeWholeDoc(db: IDBDatabase, doc: Y.Doc): Promise<void> {
	const tx = db.transaction([updatesStoreName], 'readwrite');
	tx.objectStore(updatesStoreName).add(Y.encodeStateAsUpdate(doc));
	return new Promise<void>((resolve, reject) => {
		const failed = () => {
			reject(tx.error ?? new DOMException('The write was aborted.', 'AbortError'));
		};
		tx.addEventListener('complete', () => resolve());
		tx.addEventListener('abort', failed);
		tx.addEventListener('error', failed);
	});
}

/**
 * Keeps a workspace's Y.Doc in IndexedDB, keystroke by keystroke (Yjs provider shape, wrapping
 * y-indexeddb). Storage failures never throw into the doc and never touch the in-memory content:
 * they become a 'status' event with a StorageError, and `whenSynced` rejects if loading fails.
 *
 * What it guarantees:
 * - 'saved' is reported only once every write issued so far has committed and none is owed
 *   after a failure; from then on a reload, or a closed or crashed tab, keeps all of it.
 *   Each keystroke is its own short transaction: `status` stays 'saved' while they are written.
 * - After a failed write, the next edit (or `retry()`) stores the whole doc, and 'saved' waits
 *   for that transaction to commit.
 * - Transactions still running when a page unloads are lost, so on 'pagehide' (and when the tab
 *   is hidden) the edits not known to be committed are copied synchronously to the backup
 *   storage (localStorage). The next open applies that copy after loading the stored doc, and
 *   removes it once it is stored. A refused backup (localStorage full or disabled) loses only
 *   that safety net; it never breaks saving.
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
	/** Failed writes so far: a whole-doc write only clears `#needsFullWrite` if none failed meanwhile. */
	#failures = 0;
	/** Write transactions begun and not yet ended. */
	#pendingWrites = 0;
	/** The state vector of what is known to be in IndexedDB; undefined: nothing known yet. */
	#committedState: Uint8Array | undefined;
	/** True when the doc got content of its own (not from IndexedDB) before loading finished. */
	#changedBeforeSync: boolean;
	readonly #backup: UnsavedBackup | null;
	readonly #lifecycle: PageLifecycle | null;
	readonly #inner: GuardedIndexeddbPersistence | null = null;
	readonly #listeners = new Set<PersistenceEvents['status']>();
	#resolveSync: () => void = () => {};
	#rejectSync: (error: StorageError) => void = () => {};
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(name: string, doc: Y.Doc, options: PersistenceOptions = {}) {
		this.name = name;
		this.doc = doc;
		this.#changedBeforeSync = doc.store.clients.size > 0;
		const backup = options.backup === undefined ? pageBackupStorage() : options.backup;
		this.#backup = backup ? new UnsavedBackup(backup) : null;
		this.#lifecycle = options.lifecycle === undefined ? defaultLifecycle() : options.lifecycle;
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
			writeBegan: () => this.#pendingWrites++,
			writeEnded: () => {
				this.#pendingWrites--;
				this.#reportIfSaved();
			}
		};
		this.#inner.on('synced', this.#onSynced);
		doc.on('update', this.#onUpdate);
		this.#lifecycle?.addEventListener('pagehide', this.#onPageHidden);
		this.#lifecycle?.addEventListener('visibilitychange', this.#onPageHidden);
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
		this.#lifecycle?.removeEventListener('pagehide', this.#onPageHidden);
		this.#lifecycle?.removeEventListener('visibilitychange', this.#onPageHidden);
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
		// Unless the doc had edits of its own, all it holds now came from IndexedDB.
		if (!this.#changedBeforeSync) this.#committedState = Y.encodeStateVector(this.doc);
		this.#synced = true;
		this.#restoreBackup();
		this.#resolveSync();
		this.#reportIfSaved();
	};

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin === this.#inner) return;
		if (!this.#synced) this.#changedBeforeSync = true;
		else if (this.#needsFullWrite) this.#storeEverything();
	};

	#onPageHidden = (event: Event) => {
		if (event.type === 'visibilitychange' && globalThis.document?.visibilityState === 'visible')
			return;
		this.#writeBackup();
	};

	/** True when everything in the doc is known to be committed to IndexedDB. */
	#isSaved(): boolean {
		return (
			this.#synced &&
			!this.#destroyed &&
			this.#pendingWrites === 0 &&
			!this.#needsFullWrite &&
			!this.#writingEverything
		);
	}

	#reportIfSaved(): void {
		if (!this.#isSaved()) return;
		// No write is running, so every update so far had its transaction, and all committed.
		this.#committedState = Y.encodeStateVector(this.doc);
		// What the backup held is committed now (unless another tab's copy replaced it).
		this.#backup?.remove(this.name);
		this.#setStatus('saved');
	}

	// The whole-document write that recovers from a failure. The flag that asks for it is cleared
	// only once that transaction committed and no other write failed meanwhile: transactions
	// completing in between (y-indexeddb's own, left empty by the failure) prove nothing.
	#storeEverything(): void {
		const db = this.#inner?.db;
		if (!db || this.#writingEverything) return;
		this.#writingEverything = true;
		const failuresBefore = this.#failures;
		const failed = (error: unknown) => {
			this.#writingEverything = false;
			this.#fail(toStorageError(error, 'write'));
		};
		let writing: Promise<void>;
		try {
			writing = storeWholeDoc(db, this.doc);
		} catch (error) {
			// At once, so that the next edit tries again.
			failed(error);
			return;
		}
		writing.then(() => {
			this.#writingEverything = false;
			if (this.#destroyed) return;
			if (this.#failures !== failuresBefore) {
				this.#storeEverything();
				return;
			}
			this.#needsFullWrite = false;
			this.#reportIfSaved();
		}, failed);
	}

	/** Copies what is not known to be committed to the backup storage, merged with any earlier copy. */
	#writeBackup(): void {
		if (!this.#backup || !this.#synced || this.#isSaved()) return;
		this.#backup.save(this.name, Y.encodeStateAsUpdate(this.doc, this.#committedState));
	}

	/** Applies the backup a previous page left, so y-indexeddb stores it. */
	#restoreBackup(): void {
		const update = this.#backup?.take(this.name);
		if (!update) return;
		try {
			Y.applyUpdate(this.doc, update, this);
		} catch (error) {
			reportLater(error);
		}
	}

	#fail(error: StorageError): void {
		if (this.#destroyed) return;
		if (this.#synced) {
			this.#needsFullWrite = true;
			this.#failures++;
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
	const backup = pageBackupStorage();
	if (backup) new UnsavedBackup(backup).discard(name);
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

/** The window, where there is one. */
function defaultLifecycle(): PageLifecycle | null {
	const target = globalThis as Partial<PageLifecycle>;
	return typeof target.addEventListener === 'function' ? (target as PageLifecycle) : null;
}
