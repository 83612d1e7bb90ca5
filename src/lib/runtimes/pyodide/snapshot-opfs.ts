// Where Python's start-up cache lives: one file in the origin private file system (OPFS). In the
// worker a sync access handle reads its 13 MB straight into memory in a few milliseconds, where
// the Cache API took half a second and more to hand over the same bytes.
import type { SnapshotStore, StoredSnapshot } from './snapshot.ts';

/** The folder under the OPFS root; one file in it, named after the snapshot's key. */
export const SNAPSHOT_FOLDER = 'bytestorm-python-startup';

/** Where older versions kept the snapshot (the Cache API): emptied when a new one is saved. */
const OLD_CACHE_NAME = 'bytestorm-python-startup';

/** What lib.dom leaves out: the worker-only handle (lib.webworker has it). */
interface SyncAccessHandle {
	getSize(): number;
	read(into: Uint8Array, options: { at: number }): number;
	close(): void;
}
/** Renaming in place: Chromium and Firefox have it for the OPFS; lib.dom does not yet. */
type MovableFileHandle = FileSystemFileHandle & { move?(newName: string): Promise<void> };
type SyncFileHandle = FileSystemFileHandle & {
	createSyncAccessHandle?(options?: { mode: 'read-only' }): Promise<SyncAccessHandle>;
};

/** Snapshots in the OPFS: null where there is none (insecure pages, old browsers, Node). */
export function opfsSnapshots(folderName = SNAPSHOT_FOLDER): SnapshotStore | null {
	const storage = globalThis.navigator?.storage;
	if (typeof storage?.getDirectory !== 'function') return null;
	const folder = async (create: boolean) =>
		(await storage.getDirectory()).getDirectoryHandle(folderName, { create });
	return {
		async get(key) {
			let file: FileSystemFileHandle;
			try {
				file = await (await folder(false)).getFileHandle(fileName(key));
			} catch (error) {
				if (isNotFound(error)) return null;
				throw error;
			}
			return { bytes: () => readAll(file) } satisfies StoredSnapshot;
		},
		async put(key, bytes) {
			const dir = await folder(true);
			const name = fileName(key);
			const partial = partialName(key);
			for await (const other of dir.keys()) {
				if (other !== name && other !== partial) await dir.removeEntry(other).catch(() => {});
			}
			// Written under another name and renamed when whole: a reload or a reader in another
			// tab finds the old file or the new one, never an empty or half-written one (a writable
			// on the final name would leave it empty if the page went away mid-write).
			const file: MovableFileHandle = await dir.getFileHandle(canRename() ? partial : name, {
				create: true
			});
			const writable = await file.createWritable();
			await writable.write(bytes as Uint8Array<ArrayBuffer>);
			await writable.close();
			if (file.name !== name) await file.move!(name);
			if (typeof caches !== 'undefined') await caches.delete(OLD_CACHE_NAME).catch(() => false);
		},
		async clear() {
			try {
				await (await storage.getDirectory()).removeEntry(folderName, { recursive: true });
			} catch (error) {
				if (!isNotFound(error)) throw error;
			}
		}
	};
}

/** The whole file: through a read-only sync access handle where there is one, else as a Blob. */
async function readAll(file: SyncFileHandle): Promise<Uint8Array> {
	if (typeof file.createSyncAccessHandle === 'function') {
		let handle: SyncAccessHandle | null = null;
		try {
			handle = await file.createSyncAccessHandle({ mode: 'read-only' });
		} catch {
			// Locked (another tab is writing it) or no such mode here: the slower way below.
		}
		if (handle) {
			try {
				const bytes = new Uint8Array(handle.getSize());
				let read = 0;
				while (read < bytes.length) {
					const count = handle.read(bytes.subarray(read), { at: read });
					if (count === 0) break;
					read += count;
				}
				// A file that shrank while it was read: the format's checks refuse what is short.
				return read === bytes.length ? bytes : bytes.subarray(0, read);
			} finally {
				handle.close();
			}
		}
	}
	return new Uint8Array(await (await file.getFile()).arrayBuffer());
}

function canRename(): boolean {
	const prototype = globalThis.FileSystemFileHandle?.prototype as MovableFileHandle | undefined;
	return typeof prototype?.move === 'function';
}

/** Where a snapshot is written before it is renamed to {@link fileName}. */
function partialName(key: string): string {
	return `${key}.partial`;
}

/** Keys are made of [A-Za-z0-9-] (snapshot.ts), which every file system accepts. */
function fileName(key: string): string {
	return `${key}.bin`;
}

function isNotFound(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'NotFoundError';
}
