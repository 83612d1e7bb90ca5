// The shell's errors, and the one table that turns any error into the words coreutils would
// print (`No such file or directory`), so every builtin reports failures the same way.
import { WorkspaceError } from '../workspace/errors.ts';

/** Base of the shell's own errors; `message` is what the terminal prints after `name: `. */
export class ShellError extends Error {
	override name = 'ShellError';
}

/** A path that leaves the workspace (`/etc`, `../..` from the root). */
export class ShellPathError extends ShellError {
	override name = 'ShellPathError';
	readonly path: string;
	constructor(path: string) {
		super(`${path}: outside the workspace (the shell sees only /workspace, also known as ~)`);
		this.path = path;
	}
}

/** A bad option or argument; the command prints it and exits with `status` (2 by default). */
export class UsageError extends ShellError {
	override name = 'UsageError';
	readonly status: number;
	constructor(message: string, status = 2) {
		super(message);
		this.status = status;
	}
}

/** The command was interrupted (Ctrl+C): exit status 130. */
export class InterruptedError extends ShellError {
	override name = 'InterruptedError';
	constructor() {
		super('Interrupted');
	}
}

const errnoText: Record<string, string> = {
	ENOENT: 'No such file or directory',
	EEXIST: 'File exists',
	ENOTDIR: 'Not a directory',
	EISDIR: 'Is a directory',
	ENOTEMPTY: 'Directory not empty',
	EFBIG: 'File too large',
	EINVAL: 'Invalid argument',
	EIO: 'Input/output error',
	EDQUOT: 'Disk quota exceeded',
	EUNAVAILABLE: 'Storage unavailable'
};

/**
 * The short reason coreutils prints for an error: `No such file or directory` for a missing
 * path, our own sentence for errors that have no errno (invalid names, paths outside).
 */
export function reason(error: unknown): string {
	if (error instanceof ShellPathError) return 'outside the workspace';
	if (error instanceof WorkspaceError) return errnoText[error.code] ?? error.message;
	if (error instanceof Error) return error.message;
	return String(error);
}

/** The errno-like code of an error, when it has one (`ENOENT`). */
export function errorCode(error: unknown): string | undefined {
	return error instanceof WorkspaceError ? error.code : undefined;
}
