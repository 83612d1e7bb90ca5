// The copy of a workspace's unsaved edits that outlives its page: IndexedDB transactions still
// running when a page unloads are lost, localStorage writes are synchronous and are not.
import * as Y from 'yjs';

/** The backup-storage key of the edits of workspace `name` that were not saved when its page went away. */
export function unsavedBackupKey(name: string): string {
	return `bytestorm:unsaved:${name}`;
}

/** The part of `Storage` (localStorage) that keeps the unload backup. */
export type BackupStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The page's localStorage, or null where there is none or reading it throws (storage disabled). */
export function pageBackupStorage(): BackupStorage | null {
	try {
		const storage = (globalThis as { localStorage?: BackupStorage }).localStorage;
		return typeof storage?.getItem === 'function' ? storage : null;
	} catch {
		return null;
	}
}

/**
 * Keeps one copy per workspace of edits not yet stored, as a Yjs update in `storage`, which
 * every tab of the workspace shares. It never throws: a storage that refuses (full, disabled)
 * only loses the copy.
 */
export class UnsavedBackup {
	readonly #storage: BackupStorage;
	/** The copy this backup last saved or took, per workspace: the one `remove()` may remove. */
	readonly #own = new Map<string, string>();

	constructor(storage: BackupStorage) {
		this.#storage = storage;
	}

	/** Stores `update` as the copy of workspace `name`, merged with the copy already there. */
	save(name: string, update: Uint8Array): void {
		const key = unsavedBackupKey(name);
		try {
			let merged = update;
			const earlier = this.#storage.getItem(key);
			if (earlier !== null) {
				// Another tab's copy, or this tab's from when it was hidden: keep both.
				try {
					merged = Y.mergeUpdates([fromBase64(earlier), update]);
				} catch {
					// Unreadable: this copy replaces it.
				}
			}
			const value = toBase64(merged);
			this.#storage.setItem(key, value);
			this.#own.set(name, value);
		} catch {
			// localStorage full or refused: the page is going away, nothing else can be done.
		}
	}

	/**
	 * The copy a previous page left for workspace `name`, or null; an unreadable copy is removed.
	 * The copy stays stored until `remove(name)`, so a second unload before its content is stored
	 * still has it.
	 */
	take(name: string): Uint8Array | null {
		const key = unsavedBackupKey(name);
		let value: string | null;
		try {
			value = this.#storage.getItem(key);
		} catch {
			return null;
		}
		if (value === null) return null;
		let update: Uint8Array;
		try {
			update = fromBase64(value);
			// Decoding reads every struct, so a corrupt copy fails here, before touching a doc.
			Y.decodeUpdate(update);
		} catch {
			removeQuietly(this.#storage, key);
			return null;
		}
		this.#own.set(name, value);
		return update;
	}

	/**
	 * Removes the copy of workspace `name` this backup saved or took, once what it held is stored,
	 * unless another tab replaced it since. Does nothing when it has saved or taken none.
	 */
	remove(name: string): void {
		const value = this.#own.get(name);
		if (value === undefined) return;
		this.#own.delete(name);
		const key = unsavedBackupKey(name);
		try {
			if (this.#storage.getItem(key) === value) this.#storage.removeItem(key);
		} catch {
			// Refused: the copy stays, and applying it again next time changes nothing.
		}
	}

	/** Removes the copy of workspace `name`, whichever tab left it (the workspace is deleted). */
	discard(name: string): void {
		this.#own.delete(name);
		removeQuietly(this.#storage, unsavedBackupKey(name));
	}
}

function removeQuietly(storage: BackupStorage, key: string): void {
	try {
		storage.removeItem(key);
	} catch {
		// Refused: a leftover copy is harmless, applying it again changes nothing.
	}
}

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	// In chunks: spreading a large array into one call overflows the stack.
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
	return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
