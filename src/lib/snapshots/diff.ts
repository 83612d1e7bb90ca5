/** What changed between a snapshot and another one, or the workspace's current files. */
import { diffLines } from 'diff';
import { capture } from './capture.ts';
import { contentOf, readBlobs, readManifest } from './store.ts';
import type { FileRecord, WorkspaceRef } from './types.ts';

/** One file that differs between the two sides. */
export interface FileChange {
	path: string;
	status: 'added' | 'removed' | 'modified';
	/** The file on the older side (absent when added). */
	before?: FileRecord;
	/** The file on the newer side (absent when removed). */
	after?: FileRecord;
}

/** The newer side of a comparison: another snapshot, or the files as they are now. */
export type DiffTarget = { snapshotId: string } | 'current';

/** One row of a side-by-side view; `skip` stands for unchanged lines left out. */
export type DiffRow =
	| { kind: 'same' | 'changed' | 'removed' | 'added'; left?: DiffLine; right?: DiffLine }
	| { kind: 'skip'; count: number };

/** A numbered line of one side. */
export interface DiffLine {
	/** 1-based line number. */
	line: number;
	text: string;
}

/** A file's side-by-side diff, or why there is none. */
export type FileDiff =
	| { kind: 'text'; rows: DiffRow[] }
	| { kind: 'binary' | 'too-large'; beforeSize: number; afterSize: number };

/** Largest text (either side) diffed line by line, in bytes; bigger files show sizes only. */
export const MAX_DIFF_BYTES = 1024 * 1024;

/** Unchanged lines kept around each change in a folded view. */
const CONTEXT = 3;

/** The files that differ between a snapshot and `to`, in path order. */
export async function diff(
	ref: WorkspaceRef,
	fromSnapshotId: string,
	to: DiffTarget
): Promise<FileChange[]> {
	const before = (await readManifest(fromSnapshotId)).manifest.files;
	const after =
		to === 'current'
			? (await capture(ref.ws)).files.map(({ path, hash, size, kind }) => ({
					path,
					hash,
					size,
					kind
				}))
			: (await readManifest(to.snapshotId)).manifest.files;
	return compareFiles(before, after);
}

/** The changes between two file lists, in path order. */
export function compareFiles(before: FileRecord[], after: FileRecord[]): FileChange[] {
	const old = new Map(before.map((file) => [file.path, file]));
	const changes: FileChange[] = [];
	for (const file of after) {
		const was = old.get(file.path);
		old.delete(file.path);
		if (!was) changes.push({ path: file.path, status: 'added', after: file });
		else if (was.hash !== file.hash || was.kind !== file.kind)
			changes.push({ path: file.path, status: 'modified', before: was, after: file });
	}
	for (const file of old.values())
		changes.push({ path: file.path, status: 'removed', before: file });
	return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The side-by-side diff of one changed file. `to` says where the newer side comes from: the
 * snapshot store, or (for 'current') the workspace as it is now.
 */
export async function diffFile(
	ref: WorkspaceRef,
	change: FileChange,
	to: DiffTarget
): Promise<FileDiff> {
	const beforeSize = change.before?.size ?? 0;
	const afterSize = change.after?.size ?? 0;
	const binary = change.before?.kind === 'binary' || change.after?.kind === 'binary';
	if (binary) return { kind: 'binary', beforeSize, afterSize };
	if (beforeSize > MAX_DIFF_BYTES || afterSize > MAX_DIFF_BYTES)
		return { kind: 'too-large', beforeSize, afterSize };
	const fromStore = [change.before, to === 'current' ? undefined : change.after].filter(
		(file): file is FileRecord => file !== undefined
	);
	const blobs = await readBlobs(fromStore.map((file) => file.hash));
	const text = (file: FileRecord | undefined, current: boolean): string => {
		if (!file) return '';
		if (current) return ref.ws.exists(file.path) ? ref.ws.readText(file.path) : '';
		return contentOf(file, blobs.get(file.hash)!) as string;
	};
	return {
		kind: 'text',
		rows: foldUnchanged(
			sideBySide(text(change.before, false), text(change.after, to === 'current'))
		)
	};
}

/** Lines of `before` and `after` as side-by-side rows: a removed run next to the added run after it. */
export function sideBySide(before: string, after: string): DiffRow[] {
	const rows: DiffRow[] = [];
	let left = 1;
	let right = 1;
	let removed: string[] = [];
	const flush = (added: string[]) => {
		const n = Math.max(removed.length, added.length);
		for (let i = 0; i < n; i++) {
			const l = removed[i];
			const r = added[i];
			rows.push({
				kind:
					l !== undefined && r !== undefined ? 'changed' : l !== undefined ? 'removed' : 'added',
				left: l !== undefined ? { line: left++, text: l } : undefined,
				right: r !== undefined ? { line: right++, text: r } : undefined
			});
		}
		removed = [];
	};
	for (const part of diffLines(before, after, { ignoreNewlineAtEof: true })) {
		const lines = splitLines(part.value);
		if (part.removed) {
			removed.push(...lines);
		} else if (part.added) {
			flush(lines);
		} else {
			flush([]);
			for (const text of lines)
				rows.push({ kind: 'same', left: { line: left++, text }, right: { line: right++, text } });
		}
	}
	flush([]);
	return rows;
}

/** Replaces runs of unchanged rows farther than a few lines from any change with one `skip` row. */
export function foldUnchanged(rows: DiffRow[], context = CONTEXT): DiffRow[] {
	const near = rows.map(() => false);
	rows.forEach((row, i) => {
		if (row.kind === 'same') return;
		for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++)
			near[j] = true;
	});
	const folded: DiffRow[] = [];
	let skipped = 0;
	rows.forEach((row, i) => {
		if (row.kind === 'same' && !near[i]) {
			skipped++;
			return;
		}
		if (skipped > 0) folded.push({ kind: 'skip', count: skipped });
		skipped = 0;
		folded.push(row);
	});
	if (skipped > 0) folded.push({ kind: 'skip', count: skipped });
	return folded;
}

function splitLines(value: string): string[] {
	const lines = value.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}
