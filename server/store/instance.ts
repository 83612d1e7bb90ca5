import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { StoreError } from '../errors.ts';
import type { InstanceInfo, InstanceStore } from './types.ts';

/** Opens the `instance` table group, creating the installation's id on the first start. */
export function createInstanceStore(db: DatabaseSync): InstanceStore {
	// INSERT OR IGNORE keeps the first value: two servers starting together agree on one id.
	const insert = db.prepare('INSERT OR IGNORE INTO instance (key, value) VALUES (?, ?)');
	db.exec('BEGIN IMMEDIATE');
	try {
		insert.run('id', randomUUID());
		insert.run('created_at', new Date().toISOString());
		db.exec('COMMIT');
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}

	const select = db.prepare(`SELECT key, value FROM instance WHERE key IN ('id', 'created_at')`);
	return {
		getInstanceInfo(): InstanceInfo {
			const values = new Map(select.all().map((row) => [row.key, row.value]));
			const id = values.get('id');
			const createdAt = values.get('created_at');
			if (typeof id !== 'string' || typeof createdAt !== 'string') {
				throw new StoreError('The database has lost the installation id (table instance).');
			}
			return { id, createdAt };
		}
	};
}
