import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
	AlreadyExistsError,
	InvalidNameError,
	NotFoundError,
	StorageUnavailableError,
	WorkspaceError,
	toStorageError
} from './errors.ts';
import { deleteWorkspaceData } from './persistence.ts';
import { getTemplate, type TemplateId } from './templates.ts';

/** One entry of the user's list of workspaces. */
export interface WorkspaceMeta {
	id: string;
	name: string;
	template: TemplateId;
	/** Milliseconds since the epoch. */
	createdAt: number;
	updatedAt: number;
}

/** Longest workspace name, in characters. */
export const MAX_WORKSPACE_NAME_LENGTH = 80;

/** The IndexedDB database holding the registry (and, later, other app-wide stores). */
export const REGISTRY_DB = 'bytestorm';

interface RegistrySchema extends DBSchema {
	workspaces: { key: string; value: WorkspaceMeta; indexes: { updatedAt: number } };
}

type Database = IDBPDatabase<RegistrySchema>;
type UpgradeTransaction = IDBPTransaction<RegistrySchema, 'workspaces'[], 'versionchange'>;

/**
 * Schema steps, one per database version: `migrations[n]` upgrades version n to n + 1.
 * Append new steps; never edit one that has shipped.
 */
const migrations: ((db: Database, transaction: UpgradeTransaction) => void)[] = [
	(db) => {
		const store = db.createObjectStore('workspaces', { keyPath: 'id' });
		store.createIndex('updatedAt', 'updatedAt');
	}
];

let connection: Promise<Database> | null = null;

async function open(): Promise<Database> {
	try {
		const db = await openDB<RegistrySchema>(REGISTRY_DB, migrations.length, {
			upgrade(db, oldVersion, _newVersion, transaction) {
				for (let version = oldVersion; version < migrations.length; version++) {
					migrations[version]?.(db, transaction);
				}
			},
			// Another tab wants a newer version: step aside, the next call reopens.
			blocking() {
				closeRegistry();
			},
			terminated() {
				connection = null;
			}
		});
		return db;
	} catch (error) {
		throw toStorageError(error, 'open');
	}
}

/** The registry's records inside one transaction: IndexedDB, or memory when storage is refused. */
interface Records {
	all(): Promise<WorkspaceMeta[]>;
	get(id: string): Promise<WorkspaceMeta | undefined>;
	put(meta: WorkspaceMeta): Promise<void>;
	delete(id: string): Promise<void>;
}

// When the browser refuses IndexedDB (private mode, storage disabled), the registry lives in
// memory for this tab, so the app stays usable; `registryStorageProblem()` tells the UI why.
let memory: Map<string, WorkspaceMeta> | null = null;
let storageProblem: StorageUnavailableError | null = null;

/** Why workspaces are kept in this tab only, or null while IndexedDB is working. */
export function registryStorageProblem(): StorageUnavailableError | null {
	return storageProblem;
}

const memoryRecords = (map: Map<string, WorkspaceMeta>): Records => ({
	all: async () => [...map.values()],
	get: async (id) => map.get(id),
	put: async (meta) => void map.set(meta.id, meta),
	delete: async (id) => void map.delete(id)
});

/** Runs an operation in one readwrite transaction, turning IndexedDB failures into StorageErrors. */
async function transaction<T>(operation: (records: Records) => Promise<T>): Promise<T> {
	if (memory) return operation(memoryRecords(memory));
	const opening = (connection ??= open());
	let db: Database;
	try {
		db = await opening;
	} catch (error) {
		// Try again next time: storage may come back (another tab closed, settings changed).
		if (connection === opening) connection = null;
		if (error instanceof StorageUnavailableError) {
			storageProblem = error;
			memory = new Map();
			return operation(memoryRecords(memory));
		}
		throw error;
	}
	try {
		const tx = db.transaction('workspaces', 'readwrite');
		const result = await operation({
			all: () => tx.store.getAll(),
			get: (id) => tx.store.get(id),
			put: async (meta) => void (await tx.store.put(meta)),
			delete: (id) => tx.store.delete(id)
		});
		await tx.done;
		return result;
	} catch (error) {
		throw error instanceof WorkspaceError ? error : toStorageError(error, 'write');
	}
}

/**
 * Closes the registry's database connection; the next call opens it again. A registry that was
 * in memory because storage was refused forgets its entries and tries IndexedDB again.
 */
export function closeRegistry(): void {
	const closing = connection;
	connection = null;
	memory = null;
	storageProblem = null;
	void closing?.then(
		(db) => db.close(),
		() => {}
	);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks a workspace name and returns it trimmed; throws InvalidNameError with the reason. */
export function validateWorkspaceName(name: string): string {
	const trimmed = name.trim();
	if (trimmed === '') throw new InvalidNameError(name, 'A workspace name cannot be empty.');
	if ([...trimmed].length > MAX_WORKSPACE_NAME_LENGTH) {
		throw new InvalidNameError(
			name,
			`A workspace name can have at most ${MAX_WORKSPACE_NAME_LENGTH} characters: use a shorter name.`
		);
	}
	if (CONTROL_CHARACTER.test(trimmed)) {
		throw new InvalidNameError(
			name,
			'A workspace name cannot contain control characters such as line breaks or tabs.'
		);
	}
	return trimmed;
}

function sameName(a: string, b: string): boolean {
	return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

function duplicateName(name: string): AlreadyExistsError {
	return new AlreadyExistsError(
		name,
		`A workspace named "${name}" already exists: choose another name.`
	);
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random URL-safe id: 12 characters, 72 bits. */
function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return Array.from(bytes, (byte) => ID_ALPHABET.charAt(byte & 63)).join('');
}

let lastStamp = 0;

/** Date.now(), but strictly increasing, so "most recent first" follows the order of actions. */
function stamp(): number {
	lastStamp = Math.max(Date.now(), lastStamp + 1);
	return lastStamp;
}

/** Every workspace, most recently updated first. */
export function listWorkspaces(): Promise<WorkspaceMeta[]> {
	return transaction(async (records) =>
		(await records.all()).sort((a, b) => b.updatedAt - a.updatedAt)
	);
}

/** The workspace with this id, or undefined. */
export function getWorkspace(id: string): Promise<WorkspaceMeta | undefined> {
	return transaction((records) => records.get(id));
}

/**
 * Registers a new workspace. Refuses an invalid name (InvalidNameError) and a name already in
 * use, ignoring case (AlreadyExistsError). Its template is applied when it is first opened.
 */
export async function createWorkspace(options: {
	name: string;
	template: TemplateId;
}): Promise<WorkspaceMeta> {
	const name = validateWorkspaceName(options.name);
	getTemplate(options.template);
	const now = stamp();
	const meta: WorkspaceMeta = {
		id: newId(),
		name,
		template: options.template,
		createdAt: now,
		updatedAt: now
	};
	await transaction(async (records) => {
		if ((await records.all()).some((other) => sameName(other.name, name)))
			throw duplicateName(name);
		await records.put(meta);
	});
	return meta;
}

/** Renames a workspace (same rules as createWorkspace) and returns its updated entry. */
export function renameWorkspace(id: string, newName: string): Promise<WorkspaceMeta> {
	const name = validateWorkspaceName(newName);
	return transaction(async (records) => {
		const all = await records.all();
		const meta = all.find((candidate) => candidate.id === id);
		if (!meta) throw new NotFoundError(id, 'This workspace no longer exists.');
		if (all.some((other) => other.id !== id && sameName(other.name, name))) {
			throw duplicateName(name);
		}
		const renamed: WorkspaceMeta = { ...meta, name, updatedAt: stamp() };
		await records.put(renamed);
		return renamed;
	});
}

/** Marks a workspace as just used (updatedAt = now); an unknown id is ignored. */
export function touchWorkspace(id: string): Promise<void> {
	return transaction(async (records) => {
		const meta = await records.get(id);
		if (meta) await records.put({ ...meta, updatedAt: stamp() });
	});
}

/** Removes a workspace from the list and deletes its stored files (`new WorkspacePersistence(id, doc)`). */
export async function deleteWorkspace(id: string): Promise<void> {
	await transaction((records) => records.delete(id));
	if (!memory) await deleteWorkspaceData(id);
}
