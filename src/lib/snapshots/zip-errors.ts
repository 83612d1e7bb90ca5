/** Base of every error raised while reading or writing a .zip; `message` is a sentence for the user. */
export class ZipError extends Error {
	override name = 'ZipError';
}

/** The file is not a zip, or it is damaged or cut short. */
export class CorruptZipError extends ZipError {
	override name = 'CorruptZipError';
	constructor(detail: string, options: { cause?: unknown } = {}) {
		super(
			`This file is not a readable .zip (${detail}): it may be damaged or incomplete. Nothing was imported.`,
			options
		);
	}
}

/** An entry that could write outside the workspace or is not a plain file: a `../` or absolute path, a symlink. */
export class UnsafeZipEntryError extends ZipError {
	override name = 'UnsafeZipEntryError';
	/** The entry's name as stored in the zip. */
	readonly entry: string;
	constructor(entry: string, message: string) {
		super(message);
		this.entry = entry;
	}
}

/** The zip is bigger than a workspace may be: too many entries, too many bytes, or a zip bomb. */
export class ZipTooLargeError extends ZipError {
	override name = 'ZipTooLargeError';
}

/** The zip uses something Bytestorm cannot read: encryption or an unknown compression method. */
export class UnsupportedZipError extends ZipError {
	override name = 'UnsupportedZipError';
}

const zipErrorClasses: Readonly<Record<string, typeof ZipError>> = {
	ZipError,
	CorruptZipError: CorruptZipError as unknown as typeof ZipError,
	UnsafeZipEntryError: UnsafeZipEntryError as unknown as typeof ZipError,
	ZipTooLargeError,
	UnsupportedZipError
};

/**
 * A ZipError of the class `error.name` names, for an error that crossed from the zip worker as
 * a plain Error: its message is already the user's sentence, so only the class is restored.
 * Any other error is returned as it is.
 */
export function reviveZipError(error: Error): Error {
	if (error instanceof ZipError) return error;
	const kind = Object.hasOwn(zipErrorClasses, error.name) ? zipErrorClasses[error.name] : undefined;
	if (!kind) return error;
	const revived = new ZipError(error.message, { cause: error });
	Object.setPrototypeOf(revived, kind.prototype);
	revived.name = error.name;
	return revived;
}
