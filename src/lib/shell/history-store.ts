// The shell's history of each workspace, kept across reloads in IndexedDB. History is a
// convenience: when storage fails the shell goes on with what it has, so nothing here throws.
// Use as a namespace: `import * as shellHistory from './history-store.ts'`.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** Lines kept per workspace; older ones are dropped. */
export const maxHistoryEntries = 1000;

interface HistorySchema extends DBSchema {
	history: { key: string; value: { workspaceId: string; lines: string[] } };
}

let database: Promise<IDBPDatabase<HistorySchema>> | null = null;

function open(): Promise<IDBPDatabase<HistorySchema>> {
	database ??= openDB<HistorySchema>('bytestorm-shell-history', 1, {
		upgrade(db) {
			db.createObjectStore('history', { keyPath: 'workspaceId' });
		},
		// Another tab wants a newer version: step aside, the next call reopens.
		blocking() {
			close();
		},
		terminated() {
			database = null;
		}
	}).catch((error: unknown) => {
		database = null;
		throw error;
	});
	return database;
}

function warn(doing: string, error: unknown): void {
	console.warn(`Shell history: could not ${doing}, going on without it.`, error);
}

/** The key of a workspace's history at Python's prompt, kept apart from its shell history. */
export function pythonKey(workspaceId: string): string {
	return `python:${workspaceId}`;
}

/** A workspace's history, oldest first; empty when there is none or storage fails. */
export async function load(workspaceId: string): Promise<string[]> {
	try {
		const record = await (await open()).get('history', workspaceId);
		return record?.lines ?? [];
	} catch (error) {
		warn('load it', error);
		return [];
	}
}

/**
 * Records a line entered in a workspace, except blank lines and a repeat of the last one,
 * keeping the last `maxHistoryEntries`. Never rejects.
 */
export async function append(workspaceId: string, line: string): Promise<void> {
	if (!line.trim()) return;
	try {
		const tx = (await open()).transaction('history', 'readwrite');
		// An aborted transaction also rejects `done`; the error is reported once, below.
		tx.done.catch(() => {});
		const lines = (await tx.store.get(workspaceId))?.lines ?? [];
		if (lines.at(-1) !== line) {
			lines.push(line);
			await tx.store.put({ workspaceId, lines: lines.slice(-maxHistoryEntries) });
		}
		await tx.done;
	} catch (error) {
		warn('save a line', error);
	}
}

/** Forgets a workspace's history (`history -c`). Never rejects. */
export async function clear(workspaceId: string): Promise<void> {
	try {
		await (await open()).delete('history', workspaceId);
	} catch (error) {
		warn('clear it', error);
	}
}

/** Closes the database; the next call opens it again. */
export function close(): void {
	const closing = database;
	database = null;
	void closing?.then(
		(db) => db.close(),
		() => {}
	);
}
