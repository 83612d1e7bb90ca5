// The files of a commit, of the index and of the working tree as blobs, and the changes
// between two of them, for diff, show and the summary after a commit.
import * as git from 'isomorphic-git';
import type { BlobSide, FileChange } from './patch.ts';
import { workspacePath, type Repo } from './repo.ts';
import { isUnder } from './worktree.ts';
import { compareNames } from '../paths.ts';

/** A blob in a tree or the index: its id and mode (`100644`). */
export interface BlobEntry {
	oid: string;
	mode: string;
}

const DEFAULT_MODE = '100644';
const modeText = (mode: number) => mode.toString(8).padStart(6, '0');

/** Every blob of a commit's tree (or of the index), by repository path. */
export async function blobEntries(
	repo: Repo,
	source: { commit: string } | 'index'
): Promise<Map<string, BlobEntry>> {
	const entries = new Map<string, BlobEntry>();
	const walker = source === 'index' ? git.STAGE() : git.TREE({ ref: source.commit });
	await git.walk({
		...repo.base,
		trees: [walker],
		map: async (filepath, [entry]) => {
			if (!entry || filepath === '.') return undefined;
			const type = await entry.type();
			if (type === 'blob') {
				entries.set(filepath, { oid: await entry.oid(), mode: modeText(await entry.mode()) });
			}
			// Submodules ('commit') have nothing to walk into.
			return type === 'commit' ? null : undefined;
		}
	});
	return entries;
}

/** Every blob of commit `oid`'s tree; none for no commit (an unborn branch). */
export async function commitEntries(
	repo: Repo,
	oid: string | undefined
): Promise<Map<string, BlobEntry>> {
	return oid ? blobEntries(repo, { commit: oid }) : new Map<string, BlobEntry>();
}

/** The changes from commit `from` (none: an empty tree) to commit `to`, sorted by path. */
export async function commitChanges(
	repo: Repo,
	from: string | undefined,
	to: string,
	paths: readonly string[] = []
): Promise<FileChange[]> {
	const before = await commitEntries(repo, from);
	const after = await blobEntries(repo, { commit: to });
	const changed: { path: string; before?: BlobEntry; after?: BlobEntry }[] = [];
	for (const path of new Set([...before.keys(), ...after.keys()])) {
		if (paths.length > 0 && !paths.some((filepath) => isUnder(path, filepath))) continue;
		const a = before.get(path);
		const b = after.get(path);
		if (a && b && a.oid === b.oid && a.mode === b.mode) continue;
		changed.push({ path, before: a, after: b });
	}
	return withContent(repo, changed);
}

/** Reads the blobs of changes whose sides are known by id. */
export async function withContent(
	repo: Repo,
	changes: readonly { path: string; before?: BlobEntry; after?: BlobEntry }[]
): Promise<FileChange[]> {
	const read = async (entry: BlobEntry | undefined): Promise<BlobSide | undefined> =>
		entry && { ...entry, content: (await git.readBlob({ ...repo.base, oid: entry.oid })).blob };
	const result: FileChange[] = [];
	for (const change of [...changes].sort((a, b) => compareNames(a.path, b.path))) {
		result.push({
			path: change.path,
			before: await read(change.before),
			after: await read(change.after)
		});
	}
	return result;
}

/** A file of the working tree as a blob; its mode is the one git knows for it (no modes here). */
export async function worktreeBlob(
	repo: Repo,
	path: string,
	knownMode: string | undefined
): Promise<BlobSide | undefined> {
	const file = workspacePath(repo, path);
	const fs = repo.run.ctx.fs;
	if (!fs.exists(file) || fs.stat(file).type !== 'file') return undefined;
	const content = fs.readBytes(file);
	const { oid } = await git.hashBlob({ object: content });
	return { oid, mode: knownMode ?? DEFAULT_MODE, content };
}
