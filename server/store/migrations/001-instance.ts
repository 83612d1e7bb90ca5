import type { Migration } from '../types.ts';

/** Creates the `instance` key/value table that holds the installation's identity. */
export const instance: Migration = {
	id: 1,
	name: 'instance',
	up(db) {
		db.exec(`
			CREATE TABLE instance (
				key TEXT PRIMARY KEY,
				value TEXT NOT NULL
			) STRICT
		`);
	}
};
