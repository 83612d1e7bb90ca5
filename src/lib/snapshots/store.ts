/** Taking, listing, reading and deleting snapshots; content-addressed, one transaction each. */
import { capture, forgetHash, type Capture, type CapturedFile } from './capture.ts';
import type { IDBPTransaction } from 'idb';
import {
	snapshotDB,
	workspaceRange,
	type PackIndex,
	type SnapshotDB,
	type SnapshotSchema,
	type UsageRecord
} from './db.ts';
import {
	contentIndex,
	dropContents,
	newPacksVersion,
	PackWriter,
	readContents,
	rememberIndex,
	type ContentIndex
} from './packs.ts';
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
	('packs' | 'packData' | 'snapshots' | 'manifests' | 'meta')[],
	'readwrite'
>;

/** The snapshot taken (and the packs it wrote), or the files whose content was not there. */
type Outcome =
	| {
			summary: SnapshotSummary;
			wrote?: { version: string; index: ContentIndex; packs: PackIndex[] };
	  }
	| { missing: CapturedFile[] };

async function write(
	db: SnapshotDB,
	workspaceId: string,
	name: string,
	auto: boolean,
	view: Capture
): Promise<Outcome> {
	const tx = db.transaction(['packs', 'packData', 'snapshots', 'manifests', 'meta'], 'readwrite');
	const outcome = await run(tx, async (): Promise<Outcome> => {
		const [previous, usage] = await Promise.all([
			latestManifest(tx, workspaceId),
			tx.objectStore('meta').get('usage')
		]);
		// Every content a stored manifest names exists (they are written and deleted together), so
		// only the other hashes need a look in the index.
		const stored = new Set(previous?.files.map((file) => file.hash));
		const unknown = view.files.filter((file) => !stored.has(file.hash));
		const index = unknown.length > 0 ? await contentIndex(tx, usage?.packsVersion) : new Map();
		for (const file of unknown) if (index.has(file.hash)) stored.add(file.hash);
		const missing = view.files.filter((file) => !file.bytes && !stored.has(file.hash));
		// Nothing is written then: the empty transaction commits and the caller captures again.
		if (missing.length > 0) return { missing };
		const writer = new PackWriter(tx.objectStore('packs'), tx.objectStore('packData'));
		let newBytes = 0;
		let newBlobs = 0;
		for (const file of view.files) {
			if (!file.bytes || stored.has(file.hash)) continue;
			stored.add(file.hash);
			writer.add(file.hash, file.bytes);
			newBytes += file.size;
			newBlobs++;
		}
		writer.flush();
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
		const version = writer.written.length > 0 ? newPacksVersion() : usage?.packsVersion;
		const total: UsageRecord = {
			bytes: (usage?.bytes ?? 0) + newBytes,
			blobs: (usage?.blobs ?? 0) + newBlobs,
			...(version !== undefined && { packsVersion: version })
		};
		await Promise.all([
			...writer.requests,
			tx.objectStore('snapshots').put(summary),
			tx.objectStore('manifests').put(manifest),
			tx.objectStore('meta').put(total, 'usage')
		]);
		lastManifests.set(workspaceId, manifest);
		if (writer.written.length === 0 || version === undefined) return { summary };
		return { summary, wrote: { version, index, packs: writer.written } };
	});
	// Only now that it is committed: an aborted snapshot must not be remembered as stored.
	if ('wrote' in outcome && outcome.wrote)
		rememberIndex(outcome.wrote.version, outcome.wrote.index, outcome.wrote.packs);
	return outcome;
}

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

/** The bytes of each content named, read in one transaction. */
export async function readBlobs(hashes: Iterable<string>): Promise<Map<string, Uint8Array>> {
	const unique = [...new Set(hashes)];
	const db = await snapshotDB();
	const tx = db.transaction(['packs', 'packData', 'meta']);
	const result = await run(tx, async () => {
		const usage = await tx.objectStore('meta').get('usage');
		return readContents(tx, await contentIndex(tx, usage?.packsVersion), unique);
	});
	if (unique.some((hash) => !result.has(hash)))
		throw new SnapshotError(
			'Part of this snapshot is missing from the browser storage (site data partly cleared?): it cannot be read.'
		);
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
	const tx = db.transaction(['packs', 'packData', 'snapshots', 'manifests', 'meta'], 'readwrite');
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
		// Only contents of the deleted snapshots can have lost their last reference.
		const candidates = new Set<string>();
		for (const manifest of doomed) for (const file of manifest.files) candidates.add(file.hash);
		const used = new Set<string>();
		let cursor = await manifests.openCursor();
		while (cursor) {
			for (const file of cursor.value.files) if (candidates.has(file.hash)) used.add(file.hash);
			cursor = await cursor.continue();
		}
		const meta = tx.objectStore('meta');
		const usage = (await meta.get('usage')) ?? { bytes: 0, blobs: 0 };
		const index = await contentIndex(tx, usage.packsVersion);
		const freed = await dropContents(tx, index, candidates, (hash) => used.has(hash));
		if (freed.contents === 0) return { freedBytes: 0 };
		await meta.put(
			{
				bytes: Math.max(0, usage.bytes - freed.bytes),
				blobs: Math.max(0, usage.blobs - freed.contents),
				packsVersion: newPacksVersion()
			},
			'usage'
		);
		return { freedBytes: freed.bytes };
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
