import type { DatabaseSync } from 'node:sqlite';
import { DatabaseTooNewError, StoreError } from '../errors.ts';
import type { Migration } from './types.ts';

/** Options of applyMigrations. */
export interface MigrateOptions {
	/** Where the database lives, named in error messages. */
	readonly databasePath?: string;
	/** Clock for `applied_at`; tests pin it. */
	readonly now?: () => Date;
}

/** Brings the database up to the newest migration; returns the ids it applied, in order. */
export function applyMigrations(
	db: DatabaseSync,
	migrations: readonly Migration[],
	{ databasePath = 'the database', now = () => new Date() }: MigrateOptions = {}
): number[] {
	assertOrdered(migrations);
	db.exec(`
		CREATE TABLE IF NOT EXISTS schema_migrations (
			id INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)
	`);

	const newestKnown = migrations.at(-1)?.id ?? 0;
	const newestApplied = db.prepare('SELECT MAX(id) AS id FROM schema_migrations').get()?.id;
	if (typeof newestApplied === 'number' && newestApplied > newestKnown) {
		throw new DatabaseTooNewError(
			`The database at ${databasePath} was written by a newer version of Bytestorm ` +
				`(it has migration ${newestApplied}, this version knows up to ${newestKnown}). ` +
				`Run the newer version, or set DATA_DIR to another folder.`
		);
	}

	const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?');
	const record = db.prepare(
		'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)'
	);
	const applied: number[] = [];
	for (const migration of migrations) {
		if (isApplied.get(migration.id)) continue;
		// IMMEDIATE takes the write lock now, so a second server starting on the same folder
		// waits here (busy_timeout) and then sees the migration as applied.
		db.exec('BEGIN IMMEDIATE');
		try {
			if (!isApplied.get(migration.id)) {
				migration.up(db);
				record.run(migration.id, migration.name, now().toISOString());
				applied.push(migration.id);
			}
			db.exec('COMMIT');
		} catch (error) {
			db.exec('ROLLBACK');
			const reason = error instanceof Error ? error.message : String(error);
			throw new StoreError(
				`Migration ${migration.id} (${migration.name}) failed on ${databasePath}: ${reason}`,
				{ cause: error }
			);
		}
	}
	return applied;
}

// A mistake in the list (a duplicate or out-of-order id) would corrupt databases silently.
function assertOrdered(migrations: readonly Migration[]): void {
	migrations.forEach((migration, index) => {
		if (!Number.isInteger(migration.id) || migration.id !== index + 1) {
			throw new Error(
				`Migration "${migration.name}" has id ${migration.id}, expected ${index + 1}: ids run 1, 2, 3... in list order.`
			);
		}
	});
}
