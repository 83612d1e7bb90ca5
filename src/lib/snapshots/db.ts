/**
 * The snapshot database (IndexedDB `bytestorm-snapshots`), one for all workspaces:
 *
 *   packs      id -> PackIndex: the SHA-256 hashes of the contents a pack holds, and where
 *   packData   id -> the pack's bytes: its contents one after the other (packs.ts)
 *   snapshots  id -> SnapshotSummary, indexed by [workspaceId, created] for the list
 *   manifests  id -> Manifest (the file list), read only to restore, diff or export
 *   meta       'usage' -> { bytes, blobs, packsVersion }, kept in step with the packs
 *
 * Every stored content is referenced by at least one manifest: a snapshot's packs and manifest
 * are written in one transaction, and deleting a snapshot drops the contents it alone used in the
 * same one.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { toSnapshotError } from './errors.ts';
import { newPacksVersion, PackWriter } from './packs.ts';
import type { Manifest, SnapshotSummary } from './types.ts';

/** Name of the IndexedDB database. */
export const SNAPSHOTS_DB = 'bytestorm-snapshots';

/** The running totals of the stored contents. */
export interface UsageRecord {
	bytes: number;
	/** Distinct contents stored. */
	blobs: number;
	/** Changes whenever the packs do, so a tab knows when the index it remembers is stale. */
	packsVersion?: string;
}

/** Which contents a pack holds: `hashes[i]` is `sizes[i]` bytes at `offsets[i]` of its data. */
export interface PackIndex {
	id: string;
	hashes: string[];
	offsets: number[];
	sizes: number[];
}

/** The database's stores, for idb's typed API. */
export interface SnapshotSchema extends DBSchema {
	packs: { key: string; value: PackIndex };
	packData: { key: string; value: Uint8Array };
	snapshots: { key: string; value: SnapshotSummary; indexes: { workspace: [string, number] } };
	manifests: { key: string; value: Manifest };
	meta: { key: string; value: UsageRecord };
}

/** An open snapshot database. */
export type SnapshotDB = IDBPDatabase<SnapshotSchema>;

/** The schema up to version 1, which kept one record per content in `blobs`. */
interface SchemaV1 extends Omit<SnapshotSchema, 'packs' | 'packData'> {
	blobs: { key: string; value: Uint8Array };
}

type UpgradeTx = IDBPTransaction<SnapshotSchema, StoreNames[], 'versionchange'>;
type StoreNames = 'packs' | 'packData' | 'snapshots' | 'manifests' | 'meta';

/** Schema steps: `migrations[n]` upgrades version n to n + 1. Append; never edit a shipped one. */
const migrations: ((db: SnapshotDB, tx: UpgradeTx) => void | Promise<void>)[] = [
	(db) => {
		const v1 = db as unknown as IDBPDatabase<SchemaV1>;
		v1.createObjectStore('blobs');
		const snapshots = db.createObjectStore('snapshots', { keyPath: 'id' });
		snapshots.createIndex('workspace', ['workspaceId', 'created']);
		db.createObjectStore('manifests', { keyPath: 'id' });
		db.createObjectStore('meta');
	},
	// Version 2: the contents move from one record each into packs.
	async (db, tx) => {
		db.createObjectStore('packs', { keyPath: 'id' });
		db.createObjectStore('packData');
		const writer = new PackWriter(tx.objectStore('packs'), tx.objectStore('packData'));
		const v1 = tx as unknown as IDBPTransaction<SchemaV1, ['blobs'], 'versionchange'>;
		let cursor = await v1.objectStore('blobs').openCursor();
		while (cursor) {
			writer.add(cursor.key, cursor.value);
			cursor = await cursor.continue();
		}
		writer.flush();
		await Promise.all(writer.requests);
		(db as unknown as IDBPDatabase<SchemaV1>).deleteObjectStore('blobs');
		const meta = tx.objectStore('meta');
		const usage = await meta.get('usage');
		if (usage) await meta.put({ ...usage, packsVersion: newPacksVersion() }, 'usage');
	}
];

let connection: Promise<SnapshotDB> | null = null;

/** The shared connection, opened on first use; a failure to open is a SnapshotStorageError. */
export function snapshotDB(): Promise<SnapshotDB> {
	const opening = (connection ??= openDB<SnapshotSchema>(SNAPSHOTS_DB, migrations.length, {
		upgrade(db, oldVersion, _newVersion, tx) {
			// Each step waits only on requests of `tx`, which keeps it open; a failure aborts the
			// upgrade, so the database stays as it was and opening it fails with a SnapshotError.
			void (async () => {
				for (let version = oldVersion; version < migrations.length; version++)
					await migrations[version]?.(db, tx);
			})().catch(() => tx.abort());
		},
		// Another tab wants a newer version: step aside, the next call reopens.
		blocking() {
			closeSnapshotDB();
		},
		terminated() {
			connection = null;
		}
	}));
	return opening.catch((error: unknown) => {
		if (connection === opening) connection = null;
		throw toSnapshotError(error);
	});
}

/** Closes the connection (tests, and a newer version in another tab). */
export function closeSnapshotDB(): void {
	const current = connection;
	connection = null;
	void current?.then((db) => db.close()).catch(() => {});
}

/** The key range of one workspace's snapshots in the `workspace` index. */
export function workspaceRange(workspaceId: string): IDBKeyRange {
	return IDBKeyRange.bound([workspaceId, -Infinity], [workspaceId, Infinity]);
}
