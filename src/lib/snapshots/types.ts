import type { Workspace } from '#lib/workspace/index.ts';

/** How a file was held in the workspace: text (Y.Text) or binary (bytes). */
export type FileKind = 'text' | 'binary';

/** One file of a snapshot: its content is the blob named by `hash`. */
export interface FileRecord {
	/** Normalised workspace path (`src/main.py`). */
	path: string;
	/** SHA-256 of the file's bytes (UTF-8 for text), lower-case hex. */
	hash: string;
	/** Size in bytes. */
	size: number;
	kind: FileKind;
}

/** What the snapshot list shows: everything about a snapshot but its files. */
export interface SnapshotSummary {
	id: string;
	workspaceId: string;
	name: string;
	/** Milliseconds since the epoch. */
	created: number;
	/** Taken by Bytestorm (on a timer, before a restore or an import) rather than by the user. */
	auto: boolean;
	fileCount: number;
	/** Sum of the files' sizes, in bytes. */
	size: number;
	/** Files added, removed or changed since the workspace's previous snapshot (all files for the first). */
	changed: number;
	/** Bytes this snapshot added to the store (content no earlier snapshot had). */
	newBytes: number;
}

/** A snapshot's file list: path -> {hash, size, kind}, and the folders that were empty. */
export interface Manifest {
	id: string;
	workspaceId: string;
	files: FileRecord[];
	emptyFolders: string[];
}

/** A snapshot with its content, as `readSnapshot` returns it. */
export interface SnapshotContent {
	summary: SnapshotSummary;
	/** Path -> content: a string for text files, bytes for binary files. */
	files: Map<string, string | Uint8Array>;
	emptyFolders: string[];
}

/** The workspace a snapshot is taken of or restored into. */
export interface WorkspaceRef {
	/** The workspace id (the registry's), which snapshots are listed by. */
	id: string;
	ws: Workspace;
}

/** Storage the snapshots use, in bytes, and what the browser reports for the whole site. */
export interface SnapshotUsage {
	/** Bytes of stored file content (each distinct content counted once). */
	bytes: number;
	/** Distinct contents stored. */
	blobs: number;
	/** navigator.storage.estimate() for the whole site, when the browser tells. */
	site?: { usage: number; quota: number };
}
