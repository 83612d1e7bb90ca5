// git's failures as the terminal shows them, and the one table that turns whatever a
// subcommand, isomorphic-git or the workspace threw into git-like `fatal:`/`error:` lines.
import { WorkspaceError } from '../../workspace/errors.ts';
import { ShellPathError, UsageError } from '../errors.ts';

/** Base of git's own failures: `message` is printed as it is, then git exits with `status`. */
export class GitError extends Error {
	override name = 'GitError';
	readonly status: number;
	constructor(message: string, status = 1) {
		super(message);
		this.status = status;
	}
}

/** A failure that stops git before it did anything: `fatal: ...`, status 128. */
export class FatalError extends GitError {
	override name = 'FatalError';
	constructor(message: string) {
		super(`fatal: ${message}`, 128);
	}
}

/** The folder is in no repository. */
export class NotARepositoryError extends FatalError {
	override name = 'NotARepositoryError';
	constructor() {
		super('not a git repository (or any of the parent directories): .git');
	}
}

/** A refused operation: `error: ...`, status 1 unless given. */
export class CommandError extends GitError {
	override name = 'CommandError';
	constructor(message: string, status = 1) {
		super(`error: ${message}`, status);
	}
}

/** A usage line as git prints it: each alternative form (` | git ...`) on its own line. */
export function formatUsage(usage: string): string {
	return `usage: ${usage.split(/ \| (?=git )/).join('\n   or: ')}`;
}

/** Bad options or arguments: the message, then the subcommand's usage, status 129. */
export class GitUsageError extends GitError {
	override name = 'GitUsageError';
	constructor(message: string, usage: string) {
		super(`${message ? `error: ${message}\n` : ''}${formatUsage(usage)}`, 129);
	}
}

/** What Node's fs throws, for isomorphic-git, which switches on `code`. */
export class FsError extends Error {
	override name = 'FsError';
	readonly code: string;
	readonly syscall: string;
	readonly path: string;
	constructor(code: string, syscall: string, path: string) {
		super(`${code}: ${fsErrorText[code] ?? 'operation failed'}, ${syscall} '${path}'`);
		this.code = code;
		this.syscall = syscall;
		this.path = path;
	}
}

const fsErrorText: Record<string, string> = {
	ENOENT: 'no such file or directory',
	EEXIST: 'file already exists',
	ENOTDIR: 'not a directory',
	EISDIR: 'illegal operation on a directory',
	ENOTEMPTY: 'directory not empty',
	EINVAL: 'invalid argument',
	EPERM: 'operation not permitted',
	ENOSYS: 'function not implemented'
};

/** What git prints for a failure and the status it exits with. */
export interface GitFailure {
	/** One or more lines, without the final newline. */
	message: string;
	status: number;
}

/** isomorphic-git's errors carry a `code` (their class name) and a `data` record. */
interface LibraryError {
	code: string;
	message: string;
	data: Record<string, unknown>;
}

function isLibraryError(error: unknown): error is LibraryError {
	return (
		error instanceof Error &&
		typeof (error as Partial<LibraryError>).code === 'string' &&
		typeof (error as Partial<LibraryError>).data === 'object'
	);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/** isomorphic-git error code -> what git says. */
const libraryFailures: Record<string, (data: Record<string, unknown>) => GitFailure> = {
	NotFoundError: (data) => ({
		message: /^[0-9a-f]{40}$/.test(text(data.what))
			? `fatal: bad object ${text(data.what)}`
			: `fatal: ${text(data.what)}: not found`,
		status: 128
	}),
	// isomorphic-git's own wording asks for a bug report; its `data.message` says what broke.
	InternalError: (data) => ({ message: `fatal: ${text(data.message)}`, status: 128 }),
	AlreadyExistsError: (data) => ({
		message: `fatal: a ${text(data.noun)} named '${text(data.where)}' already exists`,
		status: 128
	}),
	InvalidRefNameError: (data) => ({
		message: `fatal: '${text(data.ref)}' is not a valid branch name`,
		status: 128
	}),
	CheckoutConflictError: (data) => ({
		message: [
			'error: Your local changes to the following files would be overwritten by checkout:',
			...(Array.isArray(data.filepaths) ? data.filepaths.map((path) => `\t${text(path)}`) : []),
			'Please commit your changes or stash them before you switch branches.',
			'Aborting'
		].join('\n'),
		status: 1
	}),
	UnmergedPathsError: () => ({
		message: 'error: you need to resolve your current index first',
		status: 1
	}),
	AmbiguousError: (data) => ({
		message: `fatal: ambiguous argument '${text(data.short)}': more than one object matches`,
		status: 128
	}),
	InvalidOidError: (data) => ({
		message: `fatal: bad object ${text(data.value)}`,
		status: 128
	}),
	NoCommitError: (data) => ({
		message: `fatal: your current branch '${text(data.ref)}' does not have any commits yet`,
		status: 128
	}),
	UnsafeFilepathError: (data) => ({
		message: `error: invalid path '${text(data.filepath)}'`,
		status: 1
	}),
	InvalidFilepathError: () => ({ message: 'fatal: invalid path', status: 128 })
};

/**
 * Converts anything a git subcommand threw into what git would print, in one table: git's own
 * errors as they are, bad options with the usage, isomorphic-git's errors by their code, the
 * workspace's errors with their sentence. Never a stack trace, never `[object Object]`.
 */
export function toGitFailure(error: unknown, usage: string): GitFailure {
	if (error instanceof GitError) return { message: error.message, status: error.status };
	if (error instanceof UsageError) {
		return { message: `error: ${error.message}\n${formatUsage(usage)}`, status: 129 };
	}
	if (error instanceof ShellPathError) {
		return {
			message: `fatal: ${error.path}: '${error.path}' is outside the workspace`,
			status: 128
		};
	}
	if (error instanceof WorkspaceError) return { message: `fatal: ${error.message}`, status: 128 };
	if (isLibraryError(error)) {
		const convert = libraryFailures[error.code];
		if (convert) return convert(error.data);
		return { message: `fatal: ${firstLine(error.message)}`, status: 128 };
	}
	if (error instanceof Error) return { message: `fatal: ${firstLine(error.message)}`, status: 128 };
	return {
		message: `fatal: ${typeof error === 'string' ? error : 'unexpected failure'}`,
		status: 128
	};
}

function firstLine(message: string): string {
	return message.split('\n')[0] || 'unexpected failure';
}
