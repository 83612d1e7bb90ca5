/**
 * Packs: new file contents are stored a few large records at a time rather than one record per
 * file, because IndexedDB's cost is per record (in Chromium here, 1,000 puts of 10 KB took about
 * 220 ms, ten puts of 1 MB about 50 ms; see db.ts for the stores).
 *
 * Each content (by SHA-256) is in exactly one pack. Deleting snapshots rewrites the packs that
 * held content no snapshot uses any more without it, or deletes them, in the same transaction.
 */
import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { concatBytes } from '#lib/bytes.ts';
import type { PackIndex, SnapshotSchema } from './db.ts';

/** A pack is written once its contents reach this many bytes (a bigger file has one to itself). */
export const PACK_BYTES = 1 << 20;

/** Where one content's bytes are. */
export interface Location {
	pack: string;
	offset: number;
	size: number;
}

/** Hash -> location, for every content in the store. */
export type ContentIndex = ReadonlyMap<string, Location>;

type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<
	SnapshotSchema,
	StoreNames<SnapshotSchema>[],
	Mode
>;

type Store<Name extends 'packs' | 'packData'> = IDBPObjectStore<
	SnapshotSchema,
	StoreNames<SnapshotSchema>[],
	Name,
	'readwrite' | 'versionchange'
>;

/**
 * The index as this tab last read or wrote it, and the `packsVersion` it belongs to: every
 * transaction that changes the packs stores a new version in meta, so a match means no other tab
 * (and no deleted database) changed them since.
 */
let remembered: { version: string; index: ContentIndex } | null = null;

/** The content index, read in `tx` unless the one remembered still belongs to `version`. */
export async function contentIndex(
	tx: Tx<IDBTransactionMode>,
	version: string | undefined
): Promise<ContentIndex> {
	if (version !== undefined && remembered?.version === version) return remembered.index;
	const index = new Map<string, Location>();
	for (const pack of await tx.objectStore('packs').getAll()) addPack(index, pack);
	if (version !== undefined) remembered = { version, index };
	return index;
}

/** Remembers the index after a committed write, so that the next snapshot need not read it. */
export function rememberIndex(version: string, index: ContentIndex, added: PackIndex[]): void {
	const next = new Map(index);
	for (const pack of added) addPack(next, pack);
	remembered = { version, index: next };
}

function addPack(index: Map<string, Location>, pack: PackIndex): void {
	pack.hashes.forEach((hash, i) =>
		index.set(hash, { pack: pack.id, offset: pack.offsets[i]!, size: pack.sizes[i]! })
	);
}

/** A fresh value for meta's `packsVersion`. */
export function newPacksVersion(): string {
	return crypto.randomUUID();
}

/** Gathers contents into packs and puts each pack (index and bytes) once it is full. */
export class PackWriter {
	readonly #packs: Store<'packs'>;
	readonly #data: Store<'packData'>;
	#hashes: string[] = [];
	#parts: Uint8Array[] = [];
	#bytes = 0;
	/** The packs put so far. */
	readonly written: PackIndex[] = [];
	/** The put requests, to await (and to see fail) with the rest of the transaction. */
	readonly requests: Promise<unknown>[] = [];

	constructor(packs: Store<'packs'>, data: Store<'packData'>) {
		this.#packs = packs;
		this.#data = data;
	}

	/** Adds one content; the caller makes sure the store lacks it. */
	add(hash: string, bytes: Uint8Array): void {
		this.#hashes.push(hash);
		this.#parts.push(bytes);
		this.#bytes += bytes.length;
		if (this.#bytes >= PACK_BYTES) this.flush();
	}

	/** Puts what is gathered as one pack. */
	flush(): void {
		if (this.#parts.length === 0) return;
		const offsets: number[] = [];
		const sizes: number[] = [];
		let offset = 0;
		for (const part of this.#parts) {
			offsets.push(offset);
			sizes.push(part.length);
			offset += part.length;
		}
		const pack: PackIndex = { id: crypto.randomUUID(), hashes: this.#hashes, offsets, sizes };
		const joined = concatBytes(this.#parts);
		// Stored with its whole buffer: a single part that is a view into a larger one is copied.
		const owned = joined.byteOffset === 0 && joined.byteLength === joined.buffer.byteLength;
		const bytes = owned ? joined : joined.slice();
		this.requests.push(quiet(this.#packs.put(pack)), quiet(this.#data.put(bytes, pack.id)));
		this.written.push(pack);
		this.#hashes = [];
		this.#parts = [];
		this.#bytes = 0;
	}
}

/** The same promise, with its rejection (AbortError after a failed put) also handled by `run`. */
export function quiet<T>(request: Promise<T>): Promise<T> {
	request.catch(() => {});
	return request;
}

/**
 * The bytes of each hash, each a copy of its own (a view would keep the whole pack in memory).
 * Hashes the index lacks are left out of the result.
 */
export async function readContents(
	tx: Tx<IDBTransactionMode>,
	index: ContentIndex,
	hashes: Iterable<string>
): Promise<Map<string, Uint8Array>> {
	const byPack = new Map<string, [string, Location][]>();
	for (const hash of new Set(hashes)) {
		const location = index.get(hash);
		if (!location) continue;
		let wanted = byPack.get(location.pack);
		if (!wanted) byPack.set(location.pack, (wanted = []));
		wanted.push([hash, location]);
	}
	const ids = [...byPack.keys()];
	const packs = await Promise.all(ids.map((id) => tx.objectStore('packData').get(id)));
	const result = new Map<string, Uint8Array>();
	ids.forEach((id, i) => {
		const bytes = packs[i];
		if (!bytes) return;
		for (const [hash, { offset, size }] of byPack.get(id)!)
			result.set(hash, bytes.slice(offset, offset + size));
	});
	return result;
}

/** What a clean-up freed. */
export interface Freed {
	bytes: number;
	contents: number;
}

/**
 * Removes the contents `isUsed` rejects from every pack that holds one of `candidates`: a pack
 * left empty is deleted, any other is rewritten with only what is still used.
 */
export async function dropContents(
	tx: Tx<'readwrite'>,
	index: ContentIndex,
	candidates: Iterable<string>,
	isUsed: (hash: string) => boolean
): Promise<Freed> {
	const affected = new Set<string>();
	for (const hash of candidates) {
		const location = index.get(hash);
		if (location && !isUsed(hash)) affected.add(location.pack);
	}
	const packs = tx.objectStore('packs');
	const data = tx.objectStore('packData');
	const freed: Freed = { bytes: 0, contents: 0 };
	await Promise.all(
		[...affected].map(async (id) => {
			const [pack, bytes] = await Promise.all([packs.get(id), data.get(id)]);
			if (!pack) return;
			const keep: number[] = [];
			pack.hashes.forEach((hash, i) => {
				if (isUsed(hash)) return void keep.push(i);
				freed.bytes += pack.sizes[i]!;
				freed.contents++;
			});
			if (keep.length === 0 || !bytes) {
				await Promise.all([packs.delete(id), data.delete(id)]);
				return;
			}
			const writer = new PackWriter(packs, data);
			for (const i of keep)
				writer.add(
					pack.hashes[i]!,
					bytes.subarray(pack.offsets[i]!, pack.offsets[i]! + pack.sizes[i]!)
				);
			writer.flush();
			await Promise.all([packs.delete(id), data.delete(id), ...writer.requests]);
		})
	);
	return freed;
}
