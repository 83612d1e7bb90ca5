/**
 * The snapshot database (IndexedDB `bytestorm-snapshots`), one for all workspaces:
 *
 *   blobs      SHA-256 hex -> file bytes, each distinct content once
 *   snapshots  id -> SnapshotSummary, indexed by [workspaceId, created] for the list
 *   manifests  id -> Manifest (the file list), read only to restore, diff or export
 *   meta       'usage' -> { bytes, blobs }, kept in step with `blobs` in the same transactions
 *
 * Every blob is referenced by at least one manifest: a snapshot's blobs and manifest are written
 * in one transaction, and deleting a snapshot deletes the blobs it alone used in the same one.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { toSnapshotError } from './errors.ts';
import type { Manifest, SnapshotSummary } from './types.ts';

/** Name of the IndexedDB database. */
export const SNAPSHOTS_DB = 'bytestorm-snapshots';

/** The running totals of the blobs store. */
export interface UsageRecord {
	bytes: number;
	blobs: number;
}

/** The database's stores, for idb's typed API. */
export interface SnapshotSchema extends DBSchema {
	blobs: { key: string; value: Uint8Array };
	snapshots: { key: string; value: SnapshotSummary; indexes: { workspace: [string, number] } };
	manifests: { key: string; value: Manifest };
	meta: { key: string; value: UsageRecord };
}

/** An open snapshot database. */
export type SnapshotDB = IDBPDatabase<SnapshotSchema>;

/** Schema steps: `migrations[n]` upgrades version n to n + 1. Append; never edit a shipped one. */
const migrations: ((db: SnapshotDB) => void)[] = [
	(db) => {
		db.createObjectStore('blobs');
		const snapshots = db.createObjectStore('snapshots', { keyPath: 'id' });
		snapshots.createIndex('workspace', ['workspaceId', 'created']);
		db.createObjectStore('manifests', { keyPath: 'id' });
		db.createObjectStore('meta');
	}
];

let connection: Promise<SnapshotDB> | null = null;

/** The shared connection, opened on first use; a failure to open is a SnapshotStorageError. */
export function snapshotDB(): Promise<SnapshotDB> {
	const opening = (connection ??= openDB<SnapshotSchema>(SNAPSHOTS_DB, migrations.length, {
		upgrade(db, oldVersion) {
			for (let version = oldVersion; version < migrations.length; version++)
				migrations[version]?.(db);
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
