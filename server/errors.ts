// Every error the server raises on purpose is a ServerError: its message is written for the
// person who will read it (a user in the browser, or whoever starts the server), and its
// statusCode and code say how the HTTP boundary (http-errors.ts) reports it.

/** Base of the server's errors: a user-facing message, an HTTP status and a stable code. */
export class ServerError extends Error {
	/** HTTP status this error is reported with. */
	readonly statusCode: number = 500;
	/** Stable, machine-readable code (UPPER_SNAKE_CASE) for clients to branch on. */
	readonly code: string = 'INTERNAL';

	constructor(message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = new.target.name;
	}
}

/** The environment holds invalid settings; the server cannot start. */
export class ConfigError extends ServerError {
	override readonly code = 'CONFIG_INVALID';

	/** One sentence per bad variable, in the order they were checked. */
	readonly problems: readonly string[];

	constructor(problems: readonly string[]) {
		super(problems.join('\n'));
		this.problems = problems;
	}
}

/** The request is malformed or asks for something that makes no sense. */
export class BadRequestError extends ServerError {
	override readonly statusCode: number = 400;
	override readonly code: string = 'BAD_REQUEST';
}

/** The request's input failed validation (schema or zod); the message says which field and why. */
export class ValidationError extends BadRequestError {
	override readonly code = 'VALIDATION_FAILED';
}

/** Nothing exists at the requested path or id. */
export class NotFoundError extends ServerError {
	override readonly statusCode = 404;
	override readonly code = 'NOT_FOUND';
}

/** A dependency of the request (the database, the build) is not available right now. */
export class ServiceUnavailableError extends ServerError {
	override readonly statusCode = 503;
	override readonly code = 'UNAVAILABLE';
}

/** The database could not be opened, migrated or queried. */
export class StoreError extends ServerError {
	override readonly code: string = 'STORE_ERROR';
}

/** The database was written by a newer Bytestorm than this one: refusing to run on it. */
export class DatabaseTooNewError extends StoreError {
	override readonly code = 'DATABASE_TOO_NEW';
}

/** Building the front end (vite build) failed or could not run. */
export class BuildError extends ServerError {
	override readonly code = 'BUILD_FAILED';
}
