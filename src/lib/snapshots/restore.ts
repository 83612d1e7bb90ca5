/**
 * Restoring a snapshot (or one file of it) into the workspace's Y.Doc: one transaction with the
 * 'restore' origin, after an automatic snapshot of the files as they were, so a restore can
 * itself be undone by restoring that snapshot.
 */
import { FILES_MAP, FOLDERS_MAP, type FileValue, type Workspace } from '#lib/workspace/index.ts';
import { capture } from './capture.ts';
import { SnapshotError, SnapshotFileNotFoundError, SnapshotFileTooLargeError } from './errors.ts';
import { contentOf, readBlobs, readManifest, take } from './store.ts';
import type { FileRecord, Manifest, SnapshotSummary, WorkspaceRef } from './types.ts';

/** What a restore did. */
export interface RestoreResult {
	/** The automatic snapshot of the files as they were before; null when nothing had to change. */
	before: SnapshotSummary | null;
	/** Files written or deleted. */
	changed: number;
}

/** How many times a restore starts over when the files change under it. */
const attempts = 3;

/**
 * Makes the workspace's files what the snapshot holds: files it lacks are deleted, its empty
 * folders come back. Files already equal are left alone, so open editors keep their state.
 */
export async function restore(ref: WorkspaceRef, snapshotId: string): Promise<RestoreResult> {
	const { summary, manifest } = await readManifest(snapshotId);
	for (const file of manifest.files) checkSize(ref.ws, file);
	return whileUnchanged(ref.ws, async () => {
		const current = new Map((await capture(ref.ws)).files.map((file) => [file.path, file]));
		const stale = manifest.files.filter((file) => {
			const now = current.get(file.path);
			return !now || now.hash !== file.hash || now.kind !== file.kind;
		});
		const wanted = new Set(manifest.files.map((file) => file.path));
		const extra = [...current.keys()].filter((path) => !wanted.has(path));
		if (stale.length === 0 && extra.length === 0 && sameFolders(ref.ws, manifest))
			return () => ({ before: null, changed: 0 });
		const blobs = await readBlobs(stale.map((file) => file.hash));
		const before = await take(ref, `Before restoring “${summary.name}”`, { auto: true });
		return () => {
			const contents = new Map(
				stale.map((file) => [file.path, contentOf(file, blobs.get(file.hash)!)])
			);
			applyManifest(ref.ws, manifest, contents);
			return { before, changed: stale.length + extra.length };
		};
	});
}

/** Brings back one file of a snapshot, after an automatic snapshot; other files are untouched. */
export async function restoreFile(
	ref: WorkspaceRef,
	snapshotId: string,
	path: string
): Promise<RestoreResult> {
	const { summary, manifest } = await readManifest(snapshotId);
	const file = manifest.files.find((record) => record.path === path);
	if (!file) throw new SnapshotFileNotFoundError(path);
	checkSize(ref.ws, file);
	const bytes = (await readBlobs([file.hash])).get(file.hash)!;
	const content = contentOf(file, bytes);
	return whileUnchanged(ref.ws, async () => {
		const now = (await capture(ref.ws)).files.find((record) => record.path === path);
		if (now && now.hash === file.hash && now.kind === file.kind)
			return () => ({ before: null, changed: 0 });
		const before = await take(ref, `Before restoring ${path} from “${summary.name}”`, {
			auto: true
		});
		return () => {
			ref.ws.doc.transact(() => {
				ref.ws.writeFile(path, content, { origin: 'restore', createParents: true });
			}, 'restore');
			return { before, changed: 1 };
		};
	});
}

/**
 * Runs `prepare` (which reads the files and takes the automatic snapshot) and then the change it
 * returns, synchronously, unless the workspace changed meanwhile: then the automatic snapshot
 * would miss those edits, so it starts over.
 */
async function whileUnchanged(
	ws: Workspace,
	prepare: () => Promise<() => RestoreResult>
): Promise<RestoreResult> {
	for (let attempt = 1; ; attempt++) {
		let edited = false;
		const stop = ws.onChange(() => (edited = true));
		try {
			const change = await prepare();
			if (!edited) return change();
		} finally {
			stop();
		}
		if (attempt === attempts)
			throw new SnapshotError(
				'Nothing was restored: the files kept changing (another tab or a running program?). Try again when they are idle.'
			);
	}
}

function checkSize(ws: Workspace, file: FileRecord): void {
	if (file.size > ws.maxFileBytes)
		throw new SnapshotFileTooLargeError(file.path, file.size, ws.maxFileBytes, 'restore');
}

function sameFolders(ws: Workspace, manifest: Manifest): boolean {
	const folders = [...ws.doc.getMap<true>(FOLDERS_MAP).keys()];
	const empty = folders.filter((path) => ws.list(path).length === 0).sort();
	return empty.join('\n') === manifest.emptyFolders.join('\n');
}

/**
 * Writes a snapshot into the doc in one 'restore' transaction: deletes files it lacks and folders
 * left empty that it did not have, writes `contents` (the files that differ), recreates its empty
 * folders. Sizes are checked beforehand, so nothing in here is expected to throw halfway.
 */
export function applyManifest(
	ws: Workspace,
	manifest: Manifest,
	contents: Map<string, string | Uint8Array>
): void {
	const origin = 'restore';
	const files = ws.doc.getMap<FileValue>(FILES_MAP);
	const folders = ws.doc.getMap<true>(FOLDERS_MAP);
	const wanted = new Set(manifest.files.map((file) => file.path));
	const keep = new Set(manifest.emptyFolders);
	ws.doc.transact(() => {
		for (const path of [...files.keys()]) if (!wanted.has(path)) ws.remove(path, { origin });
		// Removing a folder's last entry keeps the folder (as a file system does): prune upwards.
		for (let pruned = true; pruned;) {
			pruned = false;
			for (const path of [...folders.keys()]) {
				if (!keep.has(path) && folders.has(path) && ws.list(path).length === 0) {
					ws.remove(path, { origin });
					pruned = true;
				}
			}
		}
		// A string over a binary file (or bytes over a text one) makes a new value: writeFile knows.
		for (const [path, content] of contents)
			ws.writeFile(path, content, { origin, createParents: true });
		for (const path of manifest.emptyFolders) ws.mkdir(path, { recursive: true, origin });
	}, origin);
}
