import * as Y from 'yjs';
import { PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb';
import { GuardedIndexeddbPersistence, storeUpdate } from './guarded-idb.ts';
import { reportLater } from './changes.ts';
import { StorageError, StorageUnavailableError, toStorageError } from './errors.ts';
import { SaveBatch } from './save-batch.ts';
import { UnsavedBackup, pageBackupStorage, type BackupStorage } from './unsaved-backup.ts';

/**
 * Where the local copy of a workspace stands: loading it, saving edits not yet committed, saved
 * (every edit committed), or failing (see the error).
 */
export type PersistenceStatus = 'loading' | 'saving' | 'saved' | 'error';

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
	/** Least time between two writes of edits, in ms (default 200; see save-batch.ts). */
	saveIntervalMs?: number;
}

/**
 * Keeps a workspace's Y.Doc in IndexedDB within a fraction of a second of each edit (Yjs provider
 * shape, wrapping y-indexeddb: it loads and merges, our batch writes). Storage failures never throw into the doc and never touch the in-memory content:
 * they become a 'status' event with a StorageError, and `whenSynced` rejects if loading fails.
 *
 * What it guarantees:
 * - 'saved' is reported only once every write issued so far has committed and none is owed
 *   after a failure; from then on a reload, or a closed or crashed tab, keeps all of it.
 *   Edits are gathered into one write at most every 200 ms, one write at a time (save-batch.ts):
 *   `status` is 'saving' from the first edit not yet committed until all of them are.
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
	readonly #batch: SaveBatch | null = null;
	/** True while y-indexeddb merges the stored updates into one (see `#storeBatch`). */
	#trimming = false;
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
		this.#batch = new SaveBatch((update) => this.#storeBatch(update), {
			intervalMs: options.saveIntervalMs,
			onPendingChange: (pending) => {
				if (!pending) this.#reportIfSaved();
				else if (this.#status === 'saved') this.#setStatus('saving');
			}
		});
		this.#inner.batch = this.#batch;
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
		// Written before closing, which waits for it: leaving the page's route must keep every edit.
		this.#batch?.flush();
		this.#batch?.destroy();
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
		// A hidden page's timers run late, and a closing one's never: write what waits now.
		this.#batch?.flush();
		this.#writeBackup();
	};

	/** True when everything in the doc is known to be committed to IndexedDB. */
	#isSaved(): boolean {
		return (
			this.#synced &&
			!this.#destroyed &&
			this.#pendingWrites === 0 &&
			!this.#batch?.pending &&
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
			writing = storeUpdate(db, Y.encodeStateAsUpdate(this.doc));
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

	/** Writes one batch of updates; y-indexeddb's count of stored updates drives its merging. */
	#storeBatch(update: Uint8Array): Promise<void> {
		const inner = this.#inner;
		const db = inner?.db;
		if (!inner || !db) return Promise.resolve();
		let writing: Promise<void>;
		try {
			writing = storeUpdate(db, update);
		} catch (error) {
			this.#fail(toStorageError(error, 'write'));
			return Promise.resolve();
		}
		// An aborted write is reported by the instrumented transaction.
		return writing.then(
			() => {
				if (++inner._dbsize < PREFERRED_TRIM_SIZE || this.#trimming || this.#destroyed) return;
				this.#trimming = true;
				// Merging failures are reported by the instrumented transaction; nothing is lost.
				storeState(inner, false)
					.catch(() => {})
					.finally(() => (this.#trimming = false));
			},
			() => {}
		);
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
