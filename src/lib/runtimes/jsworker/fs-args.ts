// Argument handling shared by fs's functions and streams, with Node's error codes.
import { Buffer } from 'buffer';
import { constants } from './fs-stats.ts';

/** The options argument of readFile/writeFile and friends. */
export type Options =
	{ encoding?: BufferEncoding | null; flag?: string } | BufferEncoding | null | undefined;

/** A path argument (string, URL or Buffer) as a string. */
export function toPath(path: unknown): string {
	if (typeof path === 'string') return path;
	if (path instanceof URL) return decodeURIComponent(path.pathname);
	if (path instanceof Uint8Array) return Buffer.from(path).toString();
	const error = new TypeError(
		`The "path" argument must be of type string or an instance of Buffer or URL. Received ${typeof path}`
	);
	(error as { code?: string }).code = 'ERR_INVALID_ARG_TYPE';
	throw error;
}

/** The encoding an options argument names, or null for bytes. */
export function encodingOf(options: Options): BufferEncoding | null {
	if (typeof options === 'string') return options;
	return options?.encoding ?? null;
}

/** Data to write as fresh bytes (never aliasing the caller's buffer). */
export function toBytes(data: unknown, encoding?: BufferEncoding | null): Uint8Array {
	if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
	if (data instanceof Uint8Array) return Uint8Array.from(data);
	if (ArrayBuffer.isView(data))
		return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
	const error = new TypeError(
		`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${data === null ? 'null' : typeof data}`
	);
	(error as { code?: string }).code = 'ERR_INVALID_ARG_TYPE';
	throw error;
}

/** open()'s numeric flags as the equivalent string flag. */
export function numericFlag(flags: number): string {
	const write = flags & 3;
	if (flags & constants.O_APPEND) return write === 2 ? 'a+' : 'a';
	if (write === 0) return 'r';
	if (flags & constants.O_TRUNC || flags & constants.O_CREAT) return write === 2 ? 'w+' : 'w';
	return 'r+';
}
