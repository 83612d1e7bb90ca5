/**
 * Reads a zip's central directory: the list of entries with their sizes and attributes, read
 * before anything is inflated, so that an import can refuse a zip by its directory alone.
 * Format: PKWARE's APPNOTE.TXT (sections 4.3.12 to 4.3.16, zip64 in 4.3.14 and 4.5.3).
 */
import { CorruptZipError, UnsupportedZipError } from './zip-errors.ts';

/** One entry of the central directory. */
export interface ZipEntry {
	/** The name as stored (decoded from UTF-8, or Latin-1 for old zips). */
	name: string;
	/** True for a folder entry (a name ending in `/`, or the DOS directory attribute). */
	isDirectory: boolean;
	/** 0 stored, 8 deflated (anything else is refused here). */
	method: number;
	/** CRC-32 of the uncompressed content. */
	crc: number;
	compressedSize: number;
	/** Uncompressed size, as the directory declares it. */
	size: number;
	/** Where the entry's local header starts. */
	localOffset: number;
	/** The unix file mode (type and permission bits) when a unix tool made the entry, else null. */
	unixMode: number | null;
}

/** A zip's entries and where its central directory starts (no entry data lies beyond it). */
export interface ZipDirectory {
	entries: ZipEntry[];
	directoryOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
/** Host systems whose external attributes carry a unix mode in their upper 16 bits. */
const UNIX_HOSTS = new Set([3, 19]); // unix, OS X
const DOS_DIRECTORY = 0x10;
const MAX_COMMENT = 0xffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Reads the central directory of a zip; throws CorruptZipError or UnsupportedZipError. */
export function readDirectory(bytes: Uint8Array): ZipDirectory {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const end = findEndOfDirectory(view);
	let offset = view.getUint32(end + 16, true);
	let size = view.getUint32(end + 12, true);
	if (offset === 0xffffffff || size === 0xffffffff || view.getUint16(end + 10, true) === 0xffff) {
		const zip64 = readZip64End(view, end);
		if (zip64) ({ offset, size } = zip64);
	}
	if (offset + size > end) throw new CorruptZipError('its list of files is cut short');
	const entries: ZipEntry[] = [];
	// The entry count in the end record is 16 bits and some tools wrap it: walk by size instead.
	for (let at = offset; at < offset + size;) {
		const { entry, next } = readEntry(bytes, view, at, offset + size);
		entries.push(entry);
		at = next;
	}
	checkLocations(view, entries, offset);
	return { entries, directoryOffset: offset };
}

/** Where an entry's content starts, read from its local header. */
export function dataOffset(bytes: Uint8Array, entry: ZipEntry): number {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const at = entry.localOffset;
	if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_HEADER) {
		throw new CorruptZipError(`the entry "${entry.name}" is missing`);
	}
	return at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
}

function findEndOfDirectory(view: DataView): number {
	const last = view.byteLength - 22;
	if (last < 0)
		throw new CorruptZipError(view.byteLength === 0 ? 'it is empty' : 'it is too short');
	for (let at = last; at >= Math.max(0, last - MAX_COMMENT); at--) {
		if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
	}
	throw new CorruptZipError('its list of files is missing');
}

function readZip64End(view: DataView, end: number): { offset: number; size: number } | null {
	const locator = end - 20;
	if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return null;
	const at = uint64(view, locator + 8);
	if (at + 56 > locator || view.getUint32(at, true) !== ZIP64_END_OF_DIRECTORY) {
		throw new CorruptZipError('its zip64 record is damaged');
	}
	return { size: uint64(view, at + 40), offset: uint64(view, at + 48) };
}

function readEntry(
	bytes: Uint8Array,
	view: DataView,
	at: number,
	limit: number
): { entry: ZipEntry; next: number } {
	if (at + 46 > limit || view.getUint32(at, true) !== DIRECTORY_HEADER) {
		throw new CorruptZipError('its list of files is damaged');
	}
	const host = view.getUint8(at + 5);
	const flags = view.getUint16(at + 8, true);
	const method = view.getUint16(at + 10, true);
	const nameLength = view.getUint16(at + 28, true);
	const extraLength = view.getUint16(at + 30, true);
	const commentLength = view.getUint16(at + 32, true);
	const external = view.getUint32(at + 38, true);
	const next = at + 46 + nameLength + extraLength + commentLength;
	if (next > limit) throw new CorruptZipError('its list of files is damaged');
	const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
	const name = decodeName(nameBytes, (flags & 0x800) !== 0);
	if (flags & 0x1) {
		throw new UnsupportedZipError(
			`"${name}" in the zip is encrypted, and Bytestorm cannot open encrypted zips: zip the files again without a password. Nothing was imported.`
		);
	}
	if (method !== 0 && method !== 8) {
		throw new UnsupportedZipError(
			`"${name}" in the zip is compressed with a method Bytestorm cannot read (number ${method}): zip the files again with ordinary (deflate) compression. Nothing was imported.`
		);
	}
	const sizes = {
		compressedSize: view.getUint32(at + 20, true),
		size: view.getUint32(at + 24, true),
		localOffset: view.getUint32(at + 42, true)
	};
	readZip64Extra(view, at + 46 + nameLength, extraLength, sizes);
	const unixMode = UNIX_HOSTS.has(host) ? external >>> 16 : null;
	return {
		entry: {
			name,
			isDirectory: name.endsWith('/') || (external & DOS_DIRECTORY) !== 0,
			method,
			crc: view.getUint32(at + 16, true),
			unixMode: unixMode === 0 ? null : unixMode,
			...sizes
		},
		next
	};
}

/** Replaces 32-bit fields saturated at 0xffffffff with their zip64 values, in the order the format fixes. */
function readZip64Extra(
	view: DataView,
	start: number,
	length: number,
	sizes: { compressedSize: number; size: number; localOffset: number }
): void {
	for (let at = start; at + 4 <= start + length;) {
		const id = view.getUint16(at, true);
		const fieldLength = view.getUint16(at + 2, true);
		if (id === ZIP64_EXTRA) {
			let field = at + 4;
			const end = field + fieldLength;
			for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
				if (sizes[key] !== 0xffffffff) continue;
				if (field + 8 > end) throw new CorruptZipError('a zip64 field is damaged');
				sizes[key] = uint64(view, field);
				field += 8;
			}
			return;
		}
		at += 4 + fieldLength;
	}
}

/** Every entry's content must lie before the directory and no two may overlap (overlapping entries are a zip bomb trick). */
function checkLocations(view: DataView, entries: ZipEntry[], directoryOffset: number): void {
	const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
	let previousEnd = 0;
	for (const entry of sorted) {
		if (entry.localOffset < previousEnd) {
			throw new CorruptZipError(`the entries "${entry.name}" and another overlap`);
		}
		const at = entry.localOffset;
		if (at + 30 > directoryOffset || view.getUint32(at, true) !== LOCAL_HEADER) {
			throw new CorruptZipError(`the content of "${entry.name}" is missing`);
		}
		const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
		previousEnd = start + entry.compressedSize;
		if (previousEnd > directoryOffset) {
			throw new CorruptZipError(`the content of "${entry.name}" is cut short`);
		}
	}
}

function decodeName(bytes: Uint8Array, isUtf8: boolean): string {
	try {
		return utf8.decode(bytes);
	} catch (error) {
		if (isUtf8) throw new CorruptZipError('a file name is not valid UTF-8', { cause: error });
		// Zips from old tools name files in a DOS code page; Latin-1 keeps ASCII names right.
		return latin1.decode(bytes);
	}
}

function uint64(view: DataView, at: number): number {
	const value = view.getBigUint64(at, true);
	if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptZipError('a size is impossible');
	return Number(value);
}
