// The store and its migration runner against real SQLite files in temporary folders.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, test } from 'vitest';
import { DatabaseTooNewError, StoreError } from '../../server/errors.ts';
import { applyMigrations, openStore, type Migration } from '../../server/store/index.ts';
import { cleanUp, makeTempDir } from '../support/server.ts';

const open: DatabaseSync[] = [];

afterEach(async () => {
	for (const db of open.splice(0)) if (db.isOpen) db.close();
	await cleanUp();
});

async function tempDatabase(): Promise<DatabaseSync> {
	const db = new DatabaseSync(join(await makeTempDir('sqlite'), 'test.sqlite'));
	open.push(db);
	return db;
}

function tables(db: DatabaseSync): string[] {
	return db
		.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
		.all()
		.map((row) => String(row.name));
}

const first: Migration = { id: 1, name: 'first', up: (db) => db.exec('CREATE TABLE a (x)') };
const second: Migration = { id: 2, name: 'second', up: (db) => db.exec('CREATE TABLE b (x)') };

describe('applyMigrations', () => {
	test('applies pending migrations in order, each once', async () => {
		const db = await tempDatabase();
		const now = () => new Date('2030-01-02T03:04:05.000Z');
		expect(applyMigrations(db, [first], { now })).toEqual([1]);
		expect(applyMigrations(db, [first, second], { now })).toEqual([2]);
		expect(applyMigrations(db, [first, second], { now })).toEqual([]);
		expect(db.prepare('SELECT id, name, applied_at FROM schema_migrations').all()).toEqual([
			{ id: 1, name: 'first', applied_at: '2030-01-02T03:04:05.000Z' },
			{ id: 2, name: 'second', applied_at: '2030-01-02T03:04:05.000Z' }
		]);
		expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
	});

	test('rolls a failing migration back entirely and names it', async () => {
		const db = await tempDatabase();
		const broken: Migration = {
			id: 2,
			name: 'broken',
			up(db) {
				db.exec('CREATE TABLE half_done (x)');
				throw new Error('disk on fire');
			}
		};
		expect(() => applyMigrations(db, [first, broken])).toThrow(
			/Migration 2 \(broken\) failed .*: disk on fire/
		);
		expect(tables(db)).toEqual(['a', 'schema_migrations']);
		expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual([{ id: 1 }]);
	});

	test('refuses a database that has a migration newer than the code', async () => {
		const db = await tempDatabase();
		applyMigrations(db, [first, second]);
		expect(() => applyMigrations(db, [first], { databasePath: '/x/db.sqlite' })).toThrow(
			DatabaseTooNewError
		);
		expect(() => applyMigrations(db, [first])).toThrow(
			/has migration 2, this version knows up to 1/
		);
	});

	test('rejects a migration list whose ids are out of order', async () => {
		const db = await tempDatabase();
		expect(() => applyMigrations(db, [second, first])).toThrow(/expected 1/);
		expect(() => applyMigrations(db, [first, { ...second, id: 3 }])).toThrow(/expected 2/);
	});
});

describe('openStore', () => {
	test('creates the database with WAL and foreign keys, and keeps the instance id', async () => {
		const dataDir = join(await makeTempDir('data'), 'new');
		const store = openStore(dataDir);
		const info = store.instance.getInstanceInfo();
		expect(info.id).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
		);
		expect(Date.parse(info.createdAt)).not.toBeNaN();
		expect(store.path).toBe(join(dataDir, 'bytestorm.sqlite'));
		store.check();
		store.close();
		store.close();

		const reopened = openStore(dataDir);
		expect(reopened.instance.getInstanceInfo()).toEqual(info);
		reopened.close();

		const db = new DatabaseSync(store.path);
		open.push(db);
		expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
	});

	test('check() throws once the store is closed', async () => {
		const store = openStore(await makeTempDir('data'));
		store.close();
		expect(() => store.check()).toThrow();
	});

	test('explains a data folder it cannot create', async () => {
		const blocker = join(await makeTempDir('data'), 'file');
		await writeFile(blocker, 'a file where a folder should be');
		expect(() => openStore(join(blocker, 'data'))).toThrow(StoreError);
		expect(() => openStore(join(blocker, 'data'))).toThrow(/Cannot create the data folder/);
	});

	test('explains a file that is not a database', async () => {
		const dataDir = await makeTempDir('data');
		await writeFile(
			join(dataDir, 'bytestorm.sqlite'),
			'this is not sqlite, just some text '.repeat(50)
		);
		expect(() => openStore(dataDir)).toThrow(/Cannot open the database at .*bytestorm\.sqlite/);
	});
});
