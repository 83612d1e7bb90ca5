import type * as Y from 'yjs';

/**
 * Who made a change. Every write names its origin so that no component reacts to its own writes:
 * the editor ignores 'editor' changes, a runtime ignores 'runtime' changes, and so on.
 * Changes applied from outside this tab (IndexedDB load, a collaborator) arrive as 'remote'.
 */
export type Origin = 'ui' | 'editor' | 'runtime' | 'shell' | 'restore' | 'import' | 'remote';

/** What a path names. */
export type EntryType = 'file' | 'dir';

/** How a file's content is held: text as Y.Text (editable, collaborative), binary as bytes. */
export type FileEncoding = 'text' | 'binary';

/** One direct child of a folder, as `list()` returns it. */
export interface Entry {
	/** Last path component. */
	name: string;
	/** Normalised path from the workspace root, no leading slash (`src/main.py`). */
	path: string;
	type: EntryType;
}

/** What `stat()` tells about a path. */
export interface Stat {
	path: string;
	type: EntryType;
	/** For files, 'text' or 'binary'; undefined for folders. */
	encoding?: FileEncoding;
	/** Size in bytes (UTF-8 length for text); 0 for folders. */
	size: number;
}

/** One path touched by a transaction. */
export interface PathChange {
	path: string;
	/** 'created' and 'deleted' apply to files and explicit folders; 'modified' to file content. */
	kind: 'created' | 'modified' | 'deleted';
	type: EntryType;
}

/** All paths one transaction touched, with its origin. */
export interface WorkspaceChange {
	origin: Origin;
	changes: PathChange[];
}

export interface WriteOptions {
	origin?: Origin;
	/** Create missing parent folders (default true). */
	createParents?: boolean;
	/** Replace an existing file (default true for writeFile, false for createFile). */
	overwrite?: boolean;
}

/** The file operations every view and provider uses; implemented over one Y.Doc by `Workspace`. */
export interface FileSystem {
	readonly doc: Y.Doc;
	exists(path: string): boolean;
	stat(path: string): Stat;
	list(dir?: string): Entry[];
	/** Every file and folder under `dir` (folders implied by files included), depth first, in list() order. */
	walk(dir?: string): Entry[];
	readText(path: string): string;
	readBytes(path: string): Uint8Array;
	/** The shared text of a text file, for editor bindings. */
	textOf(path: string): Y.Text;
	writeFile(path: string, content: string | Uint8Array, options?: WriteOptions): void;
	createFile(path: string, content?: string | Uint8Array, options?: WriteOptions): void;
	mkdir(path: string, options?: { recursive?: boolean; origin?: Origin }): void;
	rename(from: string, to: string, options?: { origin?: Origin }): void;
	remove(path: string, options?: { recursive?: boolean; origin?: Origin }): void;
	/** Calls `listener` after each transaction that touched files; returns the unsubscribe function. */
	onChange(listener: (change: WorkspaceChange) => void): () => void;
}
