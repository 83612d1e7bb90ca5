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
