/** A POSIX-like code that names the kind of failure, for code that switches on it. */
export type WorkspaceErrorCode =
	| 'EINVAL'
	| 'ENOENT'
	| 'EEXIST'
	| 'ENOTDIR'
	| 'EISDIR'
	| 'ENOTEMPTY'
	| 'EFBIG'
	| 'EIO'
	| 'EUNAVAILABLE'
	| 'EDQUOT';

/** Base of every error the workspace raises; `message` is a sentence a user can act on. */
export class WorkspaceError extends Error {
	override name = 'WorkspaceError';
	readonly code: WorkspaceErrorCode;
	/** The path (or name) the error is about, when there is one. */
	readonly path: string | undefined;

	constructor(
		code: WorkspaceErrorCode,
		message: string,
		options: { path?: string; cause?: unknown } = {}
	) {
		super(message, { cause: options.cause });
		this.code = code;
		this.path = options.path;
	}
}

/** Quotes a path for a message: control characters escaped, very long paths shortened. */
export function quote(path: string): string {
	// eslint-disable-next-line no-control-regex
	const visible = path.replace(/[\u0000-\u001f\u007f]/g, (c) => {
		return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
	return `"${visible.length > 80 ? `${visible.slice(0, 77)}...` : visible}"`;
}

/** A path or file name that cannot be used: outside the workspace, absolute, empty, too long... */
export class InvalidPathError extends WorkspaceError {
	override name = 'InvalidPathError';
	constructor(path: string, message: string) {
		super('EINVAL', message, { path });
	}
}

/** A workspace name that cannot be used (empty, too long, control characters). */
export class InvalidNameError extends WorkspaceError {
	override name = 'InvalidNameError';
	constructor(name: string, message: string) {
		super('EINVAL', message, { path: name });
	}
}

/** Nothing exists at the path. */
export class NotFoundError extends WorkspaceError {
	override name = 'NotFoundError';
	constructor(path: string, message = `There is no file or folder at ${quote(path)}.`) {
		super('ENOENT', message, { path });
	}
}

/** Something already exists where a new file, folder or workspace was to go. */
export class AlreadyExistsError extends WorkspaceError {
	override name = 'AlreadyExistsError';
	constructor(
		path: string,
		message = `${quote(path)} already exists: choose another name or remove it first.`
	) {
		super('EEXIST', message, { path });
	}
}

/** A folder was expected but the path (or one of its parents) is a file. */
export class NotADirectoryError extends WorkspaceError {
	override name = 'NotADirectoryError';
	constructor(path: string, message = `${quote(path)} is a file, not a folder.`) {
		super('ENOTDIR', message, { path });
	}
}

/** A file was expected but the path is a folder. */
export class IsADirectoryError extends WorkspaceError {
	override name = 'IsADirectoryError';
	constructor(path: string, message = `${quote(path)} is a folder, not a file.`) {
		super('EISDIR', message, { path });
	}
}

/** A folder still has entries and the operation was not asked to be recursive. */
export class NotEmptyError extends WorkspaceError {
	override name = 'NotEmptyError';
	constructor(
		path: string,
		message = `The folder ${quote(path)} is not empty: remove what is inside first, or remove it with everything in it.`
	) {
		super('ENOTEMPTY', message, { path });
	}
}

/** A binary file was asked for as shared text (only text files can be edited collaboratively). */
export class BinaryFileError extends WorkspaceError {
	override name = 'BinaryFileError';
	constructor(
		path: string,
		message = `${quote(path)} is a binary file: it cannot be edited as text.`
	) {
		super('EINVAL', message, { path });
	}
}

/** Content larger than the workspace's per-file limit. */
export class FileTooLargeError extends WorkspaceError {
	override name = 'FileTooLargeError';
	/** Size of the refused content in bytes. */
	readonly size: number;
	/** The limit in bytes. */
	readonly limit: number;

	constructor(path: string, size: number, limit: number) {
		super(
			'EFBIG',
			`${quote(path)} is ${megabytes(size)}, more than the ${megabytes(limit)} limit for one file: use a smaller file.`,
			{ path }
		);
		this.size = size;
		this.limit = limit;
	}
}

/** Formats a byte count in MB for messages: `50 MB`, `60.5 MB`, `0.0098 MB`. */
function megabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	const shown = mb >= 1 ? mb.toFixed(1) : mb.toPrecision(2);
	return `${String(Number(shown))} MB`;
}

/** The browser's storage (IndexedDB) failed; the in-memory workspace is unaffected. */
export class StorageError extends WorkspaceError {
	override name = 'StorageError';
	constructor(
		message = 'Bytestorm could not save your files in this browser. Your edits stay in this tab only: download the files you need before closing it.',
		options: { cause?: unknown; code?: WorkspaceErrorCode } = {}
	) {
		super(options.code ?? 'EIO', message, { cause: options.cause });
	}
}

/** IndexedDB cannot be used at all: missing, disabled, private browsing, or access lost. */
export class StorageUnavailableError extends StorageError {
	override name = 'StorageUnavailableError';
	constructor(
		message = 'This browser is not letting Bytestorm store files (private browsing or storage disabled). Your edits stay in this tab only: download the files you need before closing it.',
		cause?: unknown
	) {
		super(message, { cause, code: 'EUNAVAILABLE' });
	}
}

/** The browser refused to store more data for this site. */
export class QuotaExceededError extends StorageError {
	override name = 'QuotaExceededError';
	constructor(
		message = "The browser's storage for this site is full, so your latest changes are not saved yet. They are kept in this tab: delete workspaces you no longer need, and they are saved as soon as there is room.",
		cause?: unknown
	) {
		super(message, { cause, code: 'EDQUOT' });
	}
}

/** The DOMException name of an IndexedDB failure, also when a library wrapped it in a plain Error. */
function failureName(cause: unknown): string {
	if (
		cause instanceof Error ||
		(typeof DOMException !== 'undefined' && cause instanceof DOMException)
	) {
		if (cause.name !== 'Error') return cause.name;
		// lib0 (used by y-indexeddb) rejects with `new Error(String(domException))`.
		return /^(\w+Error)\b/.exec(cause.message)?.[1] ?? cause.name;
	}
	return '';
}

/**
 * Converts whatever IndexedDB threw into a StorageError subclass, in one table:
 * 'open' failures mean storage is unavailable; 'write' failures are quota, lost access or other.
 */
export function toStorageError(cause: unknown, during: 'open' | 'write'): StorageError {
	if (cause instanceof StorageError) return cause;
	const name = failureName(cause);
	if (name === 'QuotaExceededError') return new QuotaExceededError(undefined, cause);
	if (during === 'open') return new StorageUnavailableError(undefined, cause);
	if (name === 'InvalidStateError' || name === 'UnknownError' || name === 'NotFoundError') {
		return storageLostError(cause);
	}
	return new StorageError(undefined, { cause });
}

/** The storage was open but went away: site data cleared, or the workspace deleted in another tab. */
export function storageLostError(cause?: unknown): StorageUnavailableError {
	return new StorageUnavailableError(
		'Bytestorm lost access to the storage for this workspace (site data cleared, or the workspace deleted in another tab). Your edits stay in this tab only: download the files you need before closing it.',
		cause
	);
}
