export type {
	FileKind,
	FileRecord,
	Manifest,
	SnapshotContent,
	SnapshotSummary,
	SnapshotUsage,
	WorkspaceRef
} from './types.ts';
export {
	SnapshotError,
	SnapshotFileNotFoundError,
	SnapshotFileTooLargeError,
	SnapshotNameError,
	SnapshotNotFoundError,
	SnapshotQuotaError,
	SnapshotStorageError
} from './errors.ts';
export {
	MAX_SNAPSHOT_NAME_LENGTH,
	list,
	readManifest,
	readSnapshot,
	readSnapshotFiles,
	remove,
	removeWorkspaceSnapshots,
	take,
	usage,
	validateSnapshotName,
	type TakeOptions
} from './store.ts';
export { restore, restoreFile, type RestoreResult } from './restore.ts';
export {
	MAX_DIFF_BYTES,
	compareFiles,
	diff,
	diffFile,
	sideBySide,
	type DiffLine,
	type DiffRow,
	type DiffTarget,
	type FileChange,
	type FileDiff
} from './diff.ts';
export { AutoSnapshots, type AutoSnapshotOptions } from './auto.ts';
export { SNAPSHOTS_DB, closeSnapshotDB } from './db.ts';
