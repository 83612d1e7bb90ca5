/** Taking, listing, reading and deleting snapshots; content-addressed, one transaction each. */
import { capture, forgetHash, type Capture, type CapturedFile } from './capture.ts';
import type { IDBPTransaction } from 'idb';
import {
	snapshotDB,
	workspaceRange,
	type SnapshotDB,
	type SnapshotSchema,
	type UsageRecord
} from './db.ts';
import { SnapshotError, SnapshotNameError, SnapshotNotFoundError } from './errors.ts';
import { run } from './transaction.ts';
import type {
	FileRecord,
	Manifest,
	SnapshotContent,
	SnapshotSummary,
	SnapshotUsage,
	WorkspaceRef
} from './types.ts';

/** Longest snapshot name, in characters. */
export const MAX_SNAPSHOT_NAME_LENGTH = 100;

/** Options of `take`. */
export interface TakeOptions {
	/** An automatic snapshot (timer, before a restore or an import) rather than the user's. */
	auto?: boolean;
}

/** The name as stored, or a SnapshotNameError saying what is wrong with it. */
export function validateSnapshotName(name: string): string {
	const clean = name.trim();
	if (clean === '') throw new SnapshotNameError('Give the snapshot a name.');
	if (clean.length > MAX_SNAPSHOT_NAME_LENGTH)
		throw new SnapshotNameError(
			`The name is ${clean.length} characters long: keep it to ${MAX_SNAPSHOT_NAME_LENGTH}.`
		);
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(clean))
		throw new SnapshotNameError(
			'The name cannot contain control characters such as tabs or line breaks.'
		);
	return clean;
}

/**
 * Takes a snapshot of the workspace's files as they are now. Only content the store lacks is
 * written, and everything is written in one transaction: on any failure (a full disk, another
 * tab deleting the blobs this relied on) no part of the snapshot is kept.
 */
export async function take(
	ref: WorkspaceRef,
	name: string,
	options: TakeOptions = {}
): Promise<SnapshotSummary> {
	const clean = validateSnapshotName(name);
	const db = await snapshotDB();
	for (let attempt = 0; ; attempt++) {
		const view = await capture(ref.ws);
		const outcome = await write(db, ref.id, clean, options.auto ?? false, view);
		if ('summary' in outcome) return outcome.summary;
		// Remembered hashes whose blobs were deleted meanwhile (in another tab): read them again.
		for (const file of outcome.missing) forgetHash(ref.ws, file.source);
		if (attempt === 2)
			throw new SnapshotError(
				'No snapshot was taken: snapshots were being deleted in another tab at the same time. Try again.'
			);
	}
}

type WriteTx = IDBPTransaction<
	SnapshotSchema,
	('blobs' | 'snapshots' | 'manifests' | 'meta')[],
	'readwrite'
>;

type Outcome = { summary: SnapshotSummary } | { missing: CapturedFile[] };

async function write(
	db: SnapshotDB,
	workspaceId: string,
	name: string,
	auto: boolean,
	view: Capture
): Promise<Outcome> {
	const tx = db.transaction(['blobs', 'snapshots', 'manifests', 'meta'], 'readwrite');
	return run(tx, async () => {
		const blobs = tx.objectStore('blobs');
		const [previous, usage] = await Promise.all([
			latestManifest(tx, workspaceId),
			tx.objectStore('meta').get('usage')
		]);
		// Every blob a stored manifest names exists (they are written and deleted together), so
		// only the other hashes need a look in the store.
		const stored = new Set(previous?.files.map((file) => file.hash));
		const unknown = [...new Set(view.files.map((file) => file.hash))].filter((h) => !stored.has(h));
		if (unknown.length > KEY_LOOKUPS) {
			for (const key of await blobs.getAllKeys()) stored.add(key);
		} else {
			const found = await Promise.all(unknown.map((hash) => blobs.getKey(hash)));
			for (const key of found) if (key !== undefined) stored.add(key);
		}
		const missing = view.files.filter((file) => !file.bytes && !stored.has(file.hash));
		// Nothing is written then: the empty transaction commits and the caller captures again.
		if (missing.length > 0) return { missing };
		const writes: Promise<unknown>[] = [];
		let newBytes = 0;
		let newBlobs = 0;
		for (const file of view.files) {
			if (!file.bytes || stored.has(file.hash)) continue;
			stored.add(file.hash);
			writes.push(quiet(blobs.put(ownBytes(file.bytes), file.hash)));
			newBytes += file.size;
			newBlobs++;
		}
		const files: FileRecord[] = view.files.map(({ path, hash, size, kind }) => ({
			path,
			hash,
			size,
			kind
		}));
		const summary: SnapshotSummary = {
			id: crypto.randomUUID(),
			workspaceId,
			name,
			created: Date.now(),
			auto,
			fileCount: files.length,
			size: files.reduce((sum, file) => sum + file.size, 0),
			changed: previous ? countChanged(previous.files, files) : files.length,
			newBytes
		};
		const manifest: Manifest = {
			id: summary.id,
			workspaceId,
			files,
			emptyFolders: view.emptyFolders
		};
		const total: UsageRecord = {
			bytes: (usage?.bytes ?? 0) + newBytes,
			blobs: (usage?.blobs ?? 0) + newBlobs
		};
		writes.push(
			tx.objectStore('snapshots').put(summary),
			tx.objectStore('manifests').put(manifest),
			tx.objectStore('meta').put(total, 'usage')
		);
		await Promise.all(writes);
		lastManifests.set(workspaceId, manifest);
		return { summary };
	});
}

/** The same promise, with its rejection (AbortError after a failed put) also handled by `run`. */
function quiet<T>(request: Promise<T>): Promise<T> {
	request.catch(() => {});
	return request;
}

/** A copy that owns its buffer: a Yjs value can be a view into a whole decoded update. */
function ownBytes(bytes: Uint8Array): Uint8Array {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
		? bytes
		: bytes.slice();
}

/** Above this many hashes to look up, one getAllKeys is cheaper than a getKey each. */
const KEY_LOOKUPS = 64;

/** The last manifest this tab wrote per workspace: manifests never change, so it stays true. */
const lastManifests = new Map<string, Manifest>();

/** The workspace's newest manifest, read inside the snapshot's own transaction. */
async function latestManifest(tx: WriteTx, workspaceId: string): Promise<Manifest | undefined> {
	const cursor = await tx
		.objectStore('snapshots')
		.index('workspace')
		.openCursor(workspaceRange(workspaceId), 'prev');
	if (!cursor) return undefined;
	const known = lastManifests.get(workspaceId);
	return known?.id === cursor.value.id ? known : tx.objectStore('manifests').get(cursor.value.id);
}

/** Files added, removed or with other content between two file lists. */
export function countChanged(before: FileRecord[], after: FileRecord[]): number {
	const old = new Map(before.map((file) => [file.path, file.hash]));
	let changed = 0;
	for (const file of after) {
		if (old.get(file.path) !== file.hash) changed++;
		old.delete(file.path);
	}
	return changed + old.size;
}

/** The workspace's snapshots, newest first. */
export async function list(workspaceId: string): Promise<SnapshotSummary[]> {
	const db = await snapshotDB();
	const tx = db.transaction('snapshots');
	const all = await run(tx, () => tx.store.index('workspace').getAll(workspaceRange(workspaceId)));
	return all.reverse();
}

/** One snapshot's summary and file list. */
export async function readManifest(
	snapshotId: string
): Promise<{ summary: SnapshotSummary; manifest: Manifest }> {
	const db = await snapshotDB();
	const tx = db.transaction(['snapshots', 'manifests']);
	const [summary, manifest] = await run(tx, () =>
		Promise.all([
			tx.objectStore('snapshots').get(snapshotId),
			tx.objectStore('manifests').get(snapshotId)
		])
	);
	if (!summary || !manifest) throw new SnapshotNotFoundError(snapshotId);
	return { summary, manifest };
}

/** The bytes of each blob named, read in one transaction. */
export async function readBlobs(hashes: Iterable<string>): Promise<Map<string, Uint8Array>> {
	const unique = [...new Set(hashes)];
	const db = await snapshotDB();
	const tx = db.transaction('blobs');
	const values = await run(tx, () => Promise.all(unique.map((hash) => tx.store.get(hash))));
	const result = new Map<string, Uint8Array>();
	unique.forEach((hash, i) => {
		const bytes = values[i];
		if (!bytes)
			throw new SnapshotError(
				'Part of this snapshot is missing from the browser storage (site data partly cleared?): it cannot be read.'
			);
		result.set(hash, bytes);
	});
	return result;
}

const decoder = new TextDecoder();

/** A file's content as the workspace holds it: a string for text, bytes for binary. */
export function contentOf(file: FileRecord, bytes: Uint8Array): string | Uint8Array {
	return file.kind === 'text' ? decoder.decode(bytes) : bytes;
}

/** A snapshot with every file's content. */
export async function readSnapshot(snapshotId: string): Promise<SnapshotContent> {
	const { summary, manifest } = await readManifest(snapshotId);
	const blobs = await readBlobs(manifest.files.map((file) => file.hash));
	const files = new Map<string, string | Uint8Array>();
	for (const file of manifest.files) files.set(file.path, contentOf(file, blobs.get(file.hash)!));
	return { summary, files, emptyFolders: manifest.emptyFolders };
}

/**
 * Path -> content of a snapshot's files (a string for text files, bytes for binary ones), for
 * export. Empty folders are in `readSnapshot(id).emptyFolders`.
 */
export async function readSnapshotFiles(
	snapshotId: string
): Promise<Map<string, string | Uint8Array>> {
	return (await readSnapshot(snapshotId)).files;
}

/**
 * Deletes snapshots and, in the same transaction, the content no remaining snapshot uses.
 * Ids that no longer exist are skipped. Returns the bytes freed.
 */
export async function remove(...snapshotIds: string[]): Promise<{ freedBytes: number }> {
	const db = await snapshotDB();
	const tx = db.transaction(['blobs', 'snapshots', 'manifests', 'meta'], 'readwrite');
	return run(tx, async () => {
		const manifests = tx.objectStore('manifests');
		const doomed = (await Promise.all(snapshotIds.map((id) => manifests.get(id)))).filter(
			(manifest) => manifest !== undefined
		);
		if (doomed.length === 0) return { freedBytes: 0 };
		await Promise.all(
			doomed.flatMap((manifest) => [
				tx.objectStore('snapshots').delete(manifest.id),
				manifests.delete(manifest.id)
			])
		);
		// Only blobs of the deleted snapshots can have lost their last reference.
		const candidates = new Map<string, number>();
		for (const manifest of doomed)
			for (const file of manifest.files) candidates.set(file.hash, file.size);
		let cursor = await manifests.openCursor();
		while (cursor && candidates.size > 0) {
			for (const file of cursor.value.files) candidates.delete(file.hash);
			cursor = await cursor.continue();
		}
		const blobs = tx.objectStore('blobs');
		let freedBytes = 0;
		await Promise.all(
			[...candidates].map(([hash, size]) => {
				freedBytes += size;
				return blobs.delete(hash);
			})
		);
		const meta = tx.objectStore('meta');
		const usage = (await meta.get('usage')) ?? { bytes: 0, blobs: 0 };
		await meta.put(
			{
				bytes: Math.max(0, usage.bytes - freedBytes),
				blobs: Math.max(0, usage.blobs - candidates.size)
			},
			'usage'
		);
		return { freedBytes };
	});
}

/** Deletes every snapshot of a workspace (when the workspace itself is deleted). */
export async function removeWorkspaceSnapshots(
	workspaceId: string
): Promise<{ freedBytes: number }> {
	return remove(...(await list(workspaceId)).map((snapshot) => snapshot.id));
}

/** Storage the snapshots use (all workspaces: content is shared between them). */
export async function usage(): Promise<SnapshotUsage> {
	const db = await snapshotDB();
	const record = (await db.get('meta', 'usage')) ?? { bytes: 0, blobs: 0 };
	const result: SnapshotUsage = { bytes: record.bytes, blobs: record.blobs };
	try {
		const estimate = await globalThis.navigator?.storage?.estimate();
		if (estimate?.usage !== undefined && estimate.quota !== undefined)
			result.site = { usage: estimate.usage, quota: estimate.quota };
	} catch {
		// The browser does not tell: the snapshots' own figure is enough.
	}
	return result;
}
