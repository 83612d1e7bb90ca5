// How a Pyodide memory snapshot is stored: about two thirds of a freshly booted Python's 30 MB
// of memory is zero pages, so only the pages with data are kept, with a bitmap saying where they
// go, and a checksum over everything, so a damaged copy is refused before Pyodide sees it (a
// snapshot with a flipped byte could crash or hang Python instead of failing cleanly).

const MAGIC = 0x504e5342; // 'BSNP', little-endian
const FORMAT = 1;
const PAGE_BYTES = 4096;
const PAGE_WORDS = PAGE_BYTES / 4;
// magic, format, memory bytes, page count, checksum (all u32)
const HEADER_WORDS = 5;
const HEADER_BYTES = HEADER_WORDS * 4;

/** A stored snapshot that cannot be used: not ours, truncated, or with bytes that changed. */
export class DamagedSnapshotError extends Error {
	override name = 'DamagedSnapshotError';
}

/** Packs the bytes of `pyodide.makeMemorySnapshot()` for storage. */
export function packSnapshot(memory: Uint8Array): Uint8Array {
	if (memory.length % 4 !== 0)
		throw new RangeError('A memory snapshot is a whole number of words.');
	if (memory.byteOffset % 4 !== 0) memory = memory.slice();
	const pageCount = Math.ceil(memory.length / PAGE_BYTES);
	const bitmapBytes = bitmapSize(pageCount);
	const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >> 2);
	const kept: number[] = [];
	let dataBytes = 0;
	for (let page = 0; page < pageCount; page++) {
		const start = page * PAGE_WORDS;
		const end = Math.min(start + PAGE_WORDS, words.length);
		let zero = true;
		for (let i = start; i < end; i++) {
			if (words[i] !== 0) {
				zero = false;
				break;
			}
		}
		if (zero) continue;
		kept.push(page);
		dataBytes += (end - start) * 4;
	}
	const packed = new Uint8Array(HEADER_BYTES + bitmapBytes + dataBytes);
	const bitmap = packed.subarray(HEADER_BYTES, HEADER_BYTES + bitmapBytes);
	let offset = HEADER_BYTES + bitmapBytes;
	for (const page of kept) {
		bitmap[page >> 3]! |= 1 << (page & 7);
		const start = page * PAGE_BYTES;
		const bytes = memory.subarray(start, Math.min(start + PAGE_BYTES, memory.length));
		packed.set(bytes, offset);
		offset += bytes.length;
	}
	const header = new Uint32Array(packed.buffer, 0, HEADER_WORDS);
	header.set([MAGIC, FORMAT, memory.length, pageCount, 0]);
	header[4] = checksum(packed, HEADER_BYTES);
	return packed;
}

/** A packed snapshot that passed its checks, ready to be written out where it is needed. */
export interface OpenedSnapshot {
	/** Length of the memory snapshot it holds, in bytes. */
	readonly memoryBytes: number;
	/**
	 * Writes the snapshot's bytes from `from` to `to` (default: its end) into `target`, starting
	 * at index 0. `target` must already be zero from index `zeroFrom` on: pages that are zero in
	 * the snapshot are not written there. Below it, they are zeroed.
	 */
	writeInto(target: Uint8Array, from: number, zeroFrom: number, to?: number): void;
}

/**
 * Checks a packed snapshot without unpacking it; throws DamagedSnapshotError if it is not
 * intact. Writing it out later skips its zero pages (two thirds of it): on a machine where a
 * first touch of memory is slow, every page not written is time saved.
 */
export function openSnapshot(packed: Uint8Array): OpenedSnapshot {
	if (packed.byteOffset % 4 !== 0) packed = packed.slice();
	if (packed.length < HEADER_BYTES || packed.length % 4 !== 0) {
		throw new DamagedSnapshotError('The snapshot is truncated.');
	}
	const header = new Uint32Array(packed.buffer, packed.byteOffset, HEADER_WORDS);
	const [magic, format, memoryBytes = 0, pageCount = 0, sum] = header;
	if (magic !== MAGIC || format !== FORMAT) {
		throw new DamagedSnapshotError('The snapshot is not in a format this version reads.');
	}
	if (memoryBytes % 4 !== 0 || pageCount !== Math.ceil(memoryBytes / PAGE_BYTES)) {
		throw new DamagedSnapshotError('The snapshot header is inconsistent.');
	}
	const bitmapBytes = bitmapSize(pageCount);
	if (packed.length < HEADER_BYTES + bitmapBytes) {
		throw new DamagedSnapshotError('The snapshot is truncated.');
	}
	if (checksum(packed, HEADER_BYTES) !== sum) {
		throw new DamagedSnapshotError('The snapshot does not match its checksum.');
	}
	const bitmap = packed.subarray(HEADER_BYTES, HEADER_BYTES + bitmapBytes);
	const has = (page: number) => (bitmap[page >> 3]! & (1 << (page & 7))) !== 0;
	// Runs of kept pages and of zero pages, as [start, end, offset in `packed` or -1 for zeros]:
	// most of the data is in a few long runs, each copied in one go.
	const runs: [number, number, number][] = [];
	let offset = HEADER_BYTES + bitmapBytes;
	for (let page = 0; page < pageCount;) {
		const first = page;
		const kept = has(page);
		while (page < pageCount && has(page) === kept) page++;
		const start = first * PAGE_BYTES;
		const end = Math.min(page * PAGE_BYTES, memoryBytes);
		runs.push([start, end, kept ? offset : -1]);
		if (kept) offset += end - start;
	}
	if (offset > packed.length) throw new DamagedSnapshotError('The snapshot is truncated.');
	if (offset !== packed.length) throw new DamagedSnapshotError('The snapshot has trailing bytes.');
	return {
		memoryBytes,
		writeInto(target, from, zeroFrom, to = memoryBytes) {
			if (from < 0 || to > memoryBytes || from > to) {
				throw new RangeError('No such part of the snapshot.');
			}
			if (target.length < to - from) {
				throw new RangeError('The snapshot does not fit where it is to be written.');
			}
			for (const [runStart, runEnd, source] of runs) {
				const start = Math.max(runStart, from);
				const end = Math.min(runEnd, to);
				if (start >= end) continue;
				if (source >= 0) {
					const at = source + (start - runStart);
					target.set(packed.subarray(at, at + end - start), start - from);
				} else if (start - from < zeroFrom) {
					target.fill(0, start - from, Math.min(end - from, zeroFrom));
				}
			}
		}
	};
}

function bitmapSize(pageCount: number): number {
	// Rounded up to whole words, so the pages after it stay word-aligned for the checksum.
	return Math.ceil(pageCount / 32) * 4;
}

/** FNV-1a over 32-bit words from `start` (a multiple of 4) to the end: fast, and enough to catch damage. */
function checksum(bytes: Uint8Array, start: number): number {
	const words = new Uint32Array(
		bytes.buffer,
		bytes.byteOffset + start,
		(bytes.length - start) >> 2
	);
	let hash = 0x811c9dc5;
	for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
	return hash >>> 0;
}
