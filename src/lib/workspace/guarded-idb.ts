// y-indexeddb made safe to use: its unguarded failure points caught, its transactions reported,
// and its one-transaction-per-update writer replaced by a SaveBatch.
import { IndexeddbPersistence } from 'y-indexeddb';
import { storageLostError, toStorageError, type StorageError } from './errors.ts';
import type { SaveBatch } from './save-batch.ts';

/** What the provider learns from the IndexedDB connection it instruments. */
export interface StorageHooks {
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
export class GuardedIndexeddbPersistence extends IndexeddbPersistence {
	declare hooks: StorageHooks | undefined;
	/** Where the doc's updates go instead of y-indexeddb's one transaction per update. */
	declare batch: SaveBatch | undefined;
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
		// y-indexeddb's own handler (a transaction per update) is replaced: updates go to the batch.
		set(this: GuardedIndexeddbPersistence, _store: StoreUpdate) {
			this.guardedStoreUpdate = (update, origin) => {
				// Before the database opens, y-indexeddb stores the whole doc once it has loaded.
				if (this.db && origin !== this) this.batch?.add(update);
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
 * Stores one update in one transaction; the promise settles when that commits or aborts. Throws
 * at once on a closed database or (in some browsers) a full disk. Strict durability: committed
 * means on disk, so an operating-system crash keeps it too; there are few such writes (batched).
 */
export function storeUpdate(db: IDBDatabase, update: Uint8Array): Promise<void> {
	const tx = db.transaction([updatesStoreName], 'readwrite', { durability: 'strict' });
	tx.objectStore(updatesStoreName).add(update);
	return new Promise<void>((resolve, reject) => {
		const failed = () => {
			reject(tx.error ?? new DOMException('The write was aborted.', 'AbortError'));
		};
		tx.addEventListener('complete', () => resolve());
		tx.addEventListener('abort', failed);
		tx.addEventListener('error', failed);
	});
}
