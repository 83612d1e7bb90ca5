import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** One finished run, as the Runs panel lists it. */
export interface RunRecord {
	/** Assigned by the store. */
	id?: number;
	workspaceId: string;
	/** The command line as typed (`python main.py`). */
	command: string;
	/** Milliseconds since the epoch. */
	startedAt: number;
	durationMs: number;
	exitCode: number;
	/** stdout, stderr and notices interleaved, as the terminal showed them (the tail, if long). */
	output: string;
	/** Whether `output` lost its beginning to the size cap. */
	truncated: boolean;
}

/** Runs kept per workspace; older ones are dropped. */
export const maxRunsPerWorkspace = 100;
/** Output kept per run; the end of a long output matters most (the error is there). */
export const maxOutputChars = 64 * 1024;

interface RunsSchema extends DBSchema {
	runs: { key: number; value: RunRecord; indexes: { workspace: string } };
}

let database: Promise<IDBPDatabase<RunsSchema>> | null = null;

function open(): Promise<IDBPDatabase<RunsSchema>> {
	database ??= openDB<RunsSchema>('bytestorm-runs', 1, {
		upgrade(db) {
			db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true }).createIndex(
				'workspace',
				'workspaceId'
			);
		}
	}).catch((error: unknown) => {
		database = null;
		throw error;
	});
	return database;
}

/** Cuts output to the cap, keeping the end. */
export function capOutput(output: string): { output: string; truncated: boolean } {
	return output.length > maxOutputChars
		? { output: output.slice(-maxOutputChars), truncated: true }
		: { output, truncated: false };
}

/** A workspace's runs, newest first. */
export async function listRuns(workspaceId: string): Promise<RunRecord[]> {
	const db = await open();
	const runs = await db.getAllFromIndex('runs', 'workspace', workspaceId);
	return runs.sort((a, b) => b.startedAt - a.startedAt);
}

/** Stores a run and drops the workspace's oldest beyond the limit; returns it with its id. */
export async function addRun(record: RunRecord): Promise<RunRecord> {
	const db = await open();
	const tx = db.transaction('runs', 'readwrite');
	const id = await tx.store.add(record);
	const keys = await tx.store.index('workspace').getAllKeys(record.workspaceId);
	// Keys grow with time, so the smallest are the oldest.
	for (const key of keys.sort((a, b) => a - b).slice(0, -maxRunsPerWorkspace))
		await tx.store.delete(key);
	await tx.done;
	return { ...record, id };
}

/** Forgets every run of a workspace. */
export async function clearRuns(workspaceId: string): Promise<void> {
	const db = await open();
	const tx = db.transaction('runs', 'readwrite');
	for (const key of await tx.store.index('workspace').getAllKeys(workspaceId))
		await tx.store.delete(key);
	await tx.done;
}
