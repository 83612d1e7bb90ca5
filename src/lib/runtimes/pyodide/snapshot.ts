// Python's start-up cache. Booting Pyodide means starting CPython and importing the standard
// library, which takes seconds; a memory snapshot of a booted Python (Pyodide's private
// `_makeSnapshot` / `_loadSnapshot` options) brings that down to a fraction of a second. The
// build makes one (scripts/python-startup-image.ts, the same boot in Node with JSPI), so even a
// first visit starts from it; a browser that cannot use that image (no JSPI, or a build that could
// not make one) boots normally, imports the runner and the modules beginners use, and saves its
// own, before anything of the workspace or the page is in it. Later boots load the copy kept in
// the browser. Anything wrong with a snapshot costs one normal boot, never a failed one.
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import { version as pyodideVersion } from 'pyodide';
import type { Startup } from './api.ts';
import { DamagedSnapshotError, openSnapshot, packSnapshot } from './snapshot-format.ts';
import { snapshotToLoad } from './snapshot-restore.ts';

/**
 * Bump when what goes into a snapshot changes in a way the key does not see (the code below,
 * or the way python.ts sets Python up around it): old snapshots are then never loaded.
 */
const RECIPE_VERSION = 1;

/**
 * Imported before the snapshot is taken, so that a program importing them pays nothing. Only
 * modules that do no work on import beyond defining things, and nothing that opens files,
 * starts threads or holds JavaScript objects (a snapshot cannot hold those).
 */
export const PRELOADED_MODULES = [
	'abc',
	'array',
	'base64',
	'bisect',
	'calendar',
	'codeop',
	'collections',
	'contextlib',
	'copy',
	'csv',
	'dataclasses',
	'datetime',
	'decimal',
	'enum',
	'fractions',
	'functools',
	'hashlib',
	'heapq',
	'io',
	'itertools',
	'math',
	'pathlib',
	'pprint',
	'random',
	're',
	'statistics',
	'string',
	'struct',
	'textwrap',
	'tokenize',
	'typing',
	// The preview's WSGI bridge puts its shim on this package's path at every boot.
	'wsgiref'
] as const;

/** A snapshot found in a store; its bytes are read only when asked for. */
export interface StoredSnapshot {
	bytes(): Promise<Uint8Array>;
}

/** Where snapshots are kept between page loads (the browser's: snapshot-opfs.ts). */
export interface SnapshotStore {
	/** The snapshot saved under `key`, or null. */
	get(key: string): Promise<StoredSnapshot | null>;
	/** Saves a snapshot under `key`, dropping every other one (they belong to older versions). */
	put(key: string, bytes: Uint8Array): Promise<void>;
	/** Drops every snapshot. */
	clear(): Promise<void>;
}

/** What startPython needs from the worker. */
export interface StartOptions {
	/** null: boot from scratch every time (no Cache API here, or tests). */
	store: SnapshotStore | null;
	/**
	 * The start-up image the build made for `key`, packed (snapshot-format.ts), or null when it
	 * made none for it; tried when the store has none. Absent: the build's images are not used.
	 */
	image?: (key: string) => Promise<Uint8Array | null>;
	/** What the snapshot depends on besides Pyodide itself: the stdlib URL, the runner's source. */
	key: string;
	/**
	 * Calls loadPyodide with the worker's options plus `extra` (the snapshot options), with a
	 * module factory wrapped in restoringPacked: a snapshot to load comes from snapshotToLoad.
	 */
	load(extra: Partial<PyodideConfig>): Promise<PyodideAPI>;
	/** Sets up what every Python needs and a snapshot keeps (the runner module); pure Python only. */
	prepare(pyodide: PyodideAPI): void;
	/** Throws unless a Python from a snapshot is usable (its runner is there and answers). */
	check(pyodide: PyodideAPI): void;
	/** Told when a stored snapshot could not be used or a new one not saved (Python runs regardless). */
	warn?(message: string): void;
}

/** What startPython gives back. */
export interface Started {
	pyodide: PyodideAPI;
	startup: Startup;
	/**
	 * Settles (never rejects) once a new start-up cache has been written, at once if there is
	 * none to write. The write needs this thread's event loop: a run that blocks it (input(), a
	 * long loop) before the write is done would hold the write back, and a reload would lose it.
	 */
	saved: Promise<void>;
}

/** Boots Python from the stored snapshot if there is a good one, else from scratch, saving one. */
export async function startPython(options: StartOptions): Promise<Started> {
	const { store } = options;
	const key = snapshotKey(options.key);
	let damaged = false;
	const stored = store ? await store.get(key).catch(() => null) : null;
	if (store && stored) {
		try {
			// Passed as a promise: Pyodide fetches and compiles its wasm while the bytes are read.
			const snapshot = stored.bytes().then((bytes) => snapshotToLoad(openSnapshot(bytes)));
			// Pyodide awaits it only after loading its own script: until then, a damaged
			// snapshot's rejection would count as unhandled. loadPyodide still rejects with it.
			snapshot.catch(() => {});
			const pyodide = await options.load({ _loadSnapshot: snapshot });
			options.check(pyodide);
			return { pyodide, startup: 'snapshot', saved: Promise.resolve() };
		} catch (error) {
			damaged = true;
			options.warn?.(`Python's start-up cache could not be used (${describe(error)}).`);
			await store.clear().catch(() => {});
		}
	}
	const image = options.image ? await options.image(key).catch(() => null) : null;
	if (image) {
		try {
			const pyodide = await options.load({ _loadSnapshot: snapshotToLoad(openSnapshot(image)) });
			options.check(pyodide);
			// Kept as this browser's cache: reading it back is faster than fetching it again.
			const saved = store ? put(store, key, image, options.warn) : Promise.resolve();
			return { pyodide, startup: damaged ? 'rebuilt' : 'image', saved };
		} catch (error) {
			options.warn?.(`Python's start-up image could not be used (${describe(error)}).`);
		}
	}
	const pyodide = await options.load(store ? { _makeSnapshot: true } : {});
	options.prepare(pyodide);
	const saved = store ? save(pyodide, store, key, options.warn) : Promise.resolve();
	return { pyodide, startup: damaged ? 'rebuilt' : store ? 'made' : 'plain', saved };
}

/** Takes the snapshot now; packs and stores it a little later, in the background. */
function save(
	pyodide: PyodideAPI,
	store: SnapshotStore,
	key: string,
	warn: StartOptions['warn']
): Promise<void> {
	let memory: Uint8Array;
	try {
		pyodide.runPython(`import ${PRELOADED_MODULES.join(', ')}`);
		memory = pyodide.makeMemorySnapshot();
	} catch (error) {
		warn?.(`Python's start-up cache could not be made (${describe(error)}).`);
		return Promise.resolve();
	}
	// Packing takes this thread for a few tens of milliseconds: after the boot has answered.
	return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
		let packed: Uint8Array;
		try {
			packed = packSnapshot(memory);
		} catch (error) {
			warn?.(`Python's start-up cache could not be made (${describe(error)}).`);
			return;
		}
		return put(store, key, packed, warn);
	});
}

/** Stores `bytes` as the start-up cache; a failure is only told. */
function put(
	store: SnapshotStore,
	key: string,
	bytes: Uint8Array,
	warn: StartOptions['warn']
): Promise<void> {
	return store.put(key, bytes).catch((error: unknown) => {
		warn?.(notSavedMessage(error));
	});
}

/**
 * The full key: Pyodide's version (its build must match the snapshot's), whether this browser
 * has JavaScript Promise Integration (Python records at start-up how time.sleep can block),
 * the recipe, and what the caller says the snapshot depends on.
 */
export function snapshotKey(dependsOn: string): string {
	const jspi = typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';
	const recipe = `${RECIPE_VERSION}:${PRELOADED_MODULES.join(',')}:${dependsOn}`;
	return `pyodide-${pyodideVersion}-${jspi ? 'jspi' : 'nojspi'}-${hash(recipe)}`;
}

/** A store in memory, for tests and for checking the start-up path in Node. */
export function memorySnapshots(): SnapshotStore & { entries: Map<string, Uint8Array> } {
	const entries = new Map<string, Uint8Array>();
	return {
		entries,
		async get(key) {
			const bytes = entries.get(key);
			return bytes ? { bytes: async () => bytes.slice() } : null;
		},
		async put(key, bytes) {
			entries.clear();
			entries.set(key, bytes);
		},
		async clear() {
			entries.clear();
		}
	};
}

/** Short FNV-1a hash of a string, as hex. */
function hash(text: string): string {
	let value = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193);
	return (value >>> 0).toString(16).padStart(8, '0');
}

/** What the user is told when a new start-up cache could not be written (Python runs regardless). */
export function notSavedMessage(error: unknown): string {
	return `Python's start-up cache could not be saved (${describe(error)}).`;
}

function describe(error: unknown): string {
	if (error instanceof DamagedSnapshotError) return error.message;
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
