import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ServerError, StoreError } from '../errors.ts';
import { createInstanceStore } from './instance.ts';
import { applyMigrations } from './migrate.ts';
import { migrations as knownMigrations } from './migrations/index.ts';
import type { Migration, Store } from './types.ts';

/** File name of the database inside DATA_DIR. */
export const databaseFileName = 'bytestorm.sqlite';

/** Options of openStore; tests use them to run other migrations. */
export interface OpenStoreOptions {
	/** Migrations to apply instead of the real ones. */
	readonly migrations?: readonly Migration[];
}

/** Opens (creating if needed) the database in dataDir and applies pending migrations. */
export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
	const path = join(dataDir, databaseFileName);
	try {
		mkdirSync(dataDir, { recursive: true });
	} catch (error) {
		throw new StoreError(
			`Cannot create the data folder ${dataDir} (${describe(error)}): set DATA_DIR to a folder Bytestorm can write to.`,
			{ cause: error }
		);
	}

	let db: DatabaseSync;
	try {
		db = new DatabaseSync(path);
	} catch (error) {
		throw new StoreError(`Cannot open the database at ${path}: ${describe(error)}.`, {
			cause: error
		});
	}

	try {
		// WAL lets the health check and future readers run while a write is in progress;
		// busy_timeout makes a second writer wait instead of failing at once.
		db.exec(`
			PRAGMA journal_mode = WAL;
			PRAGMA synchronous = NORMAL;
			PRAGMA foreign_keys = ON;
			PRAGMA busy_timeout = 5000;
		`);
		applyMigrations(db, options.migrations ?? knownMigrations, { databasePath: path });
		const instance = createInstanceStore(db);
		const check = db.prepare('SELECT 1 AS ok');
		let open = true;
		return {
			path,
			instance,
			check() {
				if (check.get()?.ok !== 1) throw new StoreError('The database did not answer.');
			},
			close() {
				if (!open) return;
				open = false;
				db.close();
			}
		};
	} catch (error) {
		db.close();
		if (error instanceof ServerError) throw error;
		throw new StoreError(`Cannot open the database at ${path}: ${describe(error)}.`, {
			cause: error
		});
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
