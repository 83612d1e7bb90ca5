/**
 * A consistent view of a workspace's files, with their SHA-256 hashes.
 *
 * Hashes are remembered per file value (a Y.Text until it is edited, a Uint8Array for good since
 * the workspace never mutates one in place), so a second snapshot of a workspace with one
 * changed file hashes one file.
 */
import * as Y from 'yjs';
import { FILES_MAP, FOLDERS_MAP, type FileValue, type Workspace } from '#lib/workspace/index.ts';
import { SnapshotFileTooLargeError } from './errors.ts';
import { sha256 } from './hash.ts';
import type { FileRecord } from './types.ts';

/** One file as captured: its record, and its bytes when they had to be read to hash them. */
export interface CapturedFile extends FileRecord {
	/** Set when the hash was computed now: the bytes to store if the store lacks them. */
	bytes?: Uint8Array;
	/** The value in the doc, so that a stale cached hash can be forgotten. */
	source: FileValue;
}

/** The files and empty folders of a workspace at one instant. */
export interface Capture {
	files: CapturedFile[];
	emptyFolders: string[];
}

interface Digest {
	hash: string;
	size: number;
}

const encoder = new TextEncoder();

/** Hashes remembered for one doc; a Y.Text's entry is dropped by the transaction that edits it. */
class HashCache {
	readonly texts = new WeakMap<Y.Text, Digest>();
	readonly bytes = new WeakMap<Uint8Array, Digest>();
	/** The capture that is hashing a text; an edit meanwhile clears it, so the hash is not kept. */
	readonly pending = new WeakMap<Y.Text, object>();

	constructor(doc: Y.Doc) {
		const onTransaction = (transaction: Y.Transaction) => {
			for (const type of (transaction.changed as Map<unknown, unknown>).keys()) {
				if (type instanceof Y.Text) {
					this.texts.delete(type);
					this.pending.delete(type);
				}
			}
		};
		doc.on('afterTransaction', onTransaction);
		doc.once('destroy', () => {
			doc.off('afterTransaction', onTransaction);
			caches.delete(doc);
		});
	}

	get(value: FileValue): Digest | undefined {
		return value instanceof Y.Text ? this.texts.get(value) : this.bytes.get(value);
	}

	forget(value: FileValue): void {
		if (value instanceof Y.Text) this.texts.delete(value);
		else this.bytes.delete(value);
	}
}

const caches = new WeakMap<Y.Doc, HashCache>();

function cacheOf(doc: Y.Doc): HashCache {
	let cache = caches.get(doc);
	if (!cache) caches.set(doc, (cache = new HashCache(doc)));
	return cache;
}

/** Forgets the hash remembered for a file value (its blob turned out to be missing from the store). */
export function forgetHash(ws: Workspace, value: FileValue): void {
	cacheOf(ws.doc).forget(value);
}

/**
 * Reads every file of `ws` in one synchronous step (so the view is consistent), then hashes the
 * ones whose hash is not remembered. Refuses a file over `ws.maxFileBytes` before hashing anything.
 */
export async function capture(ws: Workspace): Promise<Capture> {
	const cache = cacheOf(ws.doc);
	const files = ws.doc.getMap<FileValue>(FILES_MAP);
	const captured: CapturedFile[] = [];
	const toHash: { file: CapturedFile; bytes: Uint8Array; token?: object }[] = [];
	const token = {};
	for (const [path, value] of files) {
		const kind = value instanceof Y.Text ? 'text' : 'binary';
		const known = cache.get(value);
		if (known) {
			captured.push({ path, kind, hash: known.hash, size: known.size, source: value });
			continue;
		}
		if (!(value instanceof Y.Text) && value.length > ws.maxFileBytes)
			throw new SnapshotFileTooLargeError(path, value.length, ws.maxFileBytes, 'take');
		const bytes = value instanceof Y.Text ? encoder.encode(value.toString()) : value;
		if (bytes.length > ws.maxFileBytes)
			throw new SnapshotFileTooLargeError(path, bytes.length, ws.maxFileBytes, 'take');
		const file: CapturedFile = { path, kind, hash: '', size: bytes.length, bytes, source: value };
		captured.push(file);
		if (value instanceof Y.Text) cache.pending.set(value, token);
		toHash.push({ file, bytes });
	}
	const emptyFolders = findEmptyFolders(ws.doc.getMap<true>(FOLDERS_MAP).keys(), files.keys());
	await Promise.all(
		toHash.map(async ({ file, bytes }) => {
			file.hash = await sha256(bytes);
			const digest = { hash: file.hash, size: file.size };
			const source = file.source;
			if (!(source instanceof Y.Text)) cache.bytes.set(source, digest);
			else if (cache.pending.get(source) === token) {
				// Not edited while hashing: the hash still describes the text.
				cache.texts.set(source, digest);
				cache.pending.delete(source);
			}
		})
	);
	captured.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return { files: captured, emptyFolders };
}

/** The explicit folders with nothing under them, sorted. */
export function findEmptyFolders(folders: Iterable<string>, files: Iterable<string>): string[] {
	const all = [...folders];
	const occupied = new Set<string>();
	const addParents = (path: string) => {
		for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
			const parent = path.slice(0, i);
			if (occupied.has(parent)) break;
			occupied.add(parent);
		}
	};
	for (const path of files) addParents(path);
	for (const path of all) addParents(path);
	return all.filter((path) => !occupied.has(path)).sort();
}
