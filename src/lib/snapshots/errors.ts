/** Base of every error the snapshot store raises; `message` is a sentence a user can act on. */
export class SnapshotError extends Error {
	override name = 'SnapshotError';
	constructor(message: string, options: { cause?: unknown } = {}) {
		super(message, { cause: options.cause });
	}
}

/** No snapshot with that id (deleted, maybe in another tab). */
export class SnapshotNotFoundError extends SnapshotError {
	override name = 'SnapshotNotFoundError';
	constructor(id: string) {
		super(`The snapshot "${id}" no longer exists: it may have been deleted in another tab.`);
	}
}

/** The snapshot has no file at that path. */
export class SnapshotFileNotFoundError extends SnapshotError {
	override name = 'SnapshotFileNotFoundError';
	constructor(path: string) {
		super(`The snapshot has no file "${path}".`);
	}
}

/** A file is larger than the workspace accepts, so it is neither snapshotted nor restored. */
export class SnapshotFileTooLargeError extends SnapshotError {
	override name = 'SnapshotFileTooLargeError';
	readonly path: string;
	constructor(path: string, size: number, limit: number, during: 'take' | 'restore') {
		super(
			during === 'take'
				? `No snapshot was taken: "${path}" is ${megabytes(size)}, more than the ${megabytes(limit)} limit for one file. Remove or shrink it and try again.`
				: `Nothing was restored: "${path}" in the snapshot is ${megabytes(size)}, more than the ${megabytes(limit)} limit for one file.`
		);
		this.path = path;
	}
}

/** A snapshot name that cannot be used. */
export class SnapshotNameError extends SnapshotError {
	override name = 'SnapshotNameError';
}

/** The browser refused to store more: nothing of the snapshot was kept. */
export class SnapshotQuotaError extends SnapshotError {
	override name = 'SnapshotQuotaError';
	constructor(cause?: unknown) {
		super(
			"No snapshot was taken: the browser's storage for this site is full. Your files are unchanged; delete old snapshots or workspaces to make room, then try again.",
			{ cause }
		);
	}
}

/** IndexedDB failed or is unavailable (private browsing, site data cleared). */
export class SnapshotStorageError extends SnapshotError {
	override name = 'SnapshotStorageError';
	constructor(cause?: unknown) {
		super(
			'Bytestorm could not use the browser storage for snapshots (private browsing, storage disabled, or site data cleared). Your files are unchanged; try again after reloading the page.',
			{ cause }
		);
	}
}

/** The DOMException name behind an IndexedDB failure, also when a library wrapped it. */
function failureName(cause: unknown): string {
	if (
		cause instanceof Error ||
		(typeof DOMException !== 'undefined' && cause instanceof DOMException)
	)
		return cause.name;
	return '';
}

/** Converts whatever IndexedDB threw into a SnapshotError, in one table. */
export function toSnapshotError(cause: unknown): SnapshotError {
	if (cause instanceof SnapshotError) return cause;
	if (failureName(cause) === 'QuotaExceededError') return new SnapshotQuotaError(cause);
	return new SnapshotStorageError(cause);
}

/** A byte count for messages: `50 MB`, `200 MB`, `0.5 MB`. */
export function megabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return `${String(Number(mb >= 1 ? mb.toFixed(1) : mb.toPrecision(2)))} MB`;
}
