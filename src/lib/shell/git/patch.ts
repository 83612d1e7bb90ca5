// One file's change as git prints it: `diff --git` header, mode and index lines, and unified
// hunks computed by jsdiff; binary files as `Binary files ... differ`. Also the line counts
// that `git commit` summarises.
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import { decodeText } from '../../workspace/content.ts';
import { paint, shortOid, type Colouring } from './repo.ts';

/** One side of a change: a blob with its mode (`100644`) and bytes. */
export interface BlobSide {
	oid: string;
	mode: string;
	content: Uint8Array;
}

/** A file before and after; a missing side means the file was created or deleted. */
export interface FileChange {
	/** The repository path. */
	path: string;
	before?: BlobSide;
	after?: BlobSide;
}

const NULL_OID = '0000000';
/** git calls a file binary when a NUL byte appears in its first 8000 bytes. */
const BINARY_SNIFF = 8000;
const CONTEXT_LINES = 3;

function isBinary(content: Uint8Array | undefined): boolean {
	return content !== undefined && content.subarray(0, BINARY_SNIFF).includes(0);
}

function hunksOf(change: FileChange): StructuredPatchHunk[] {
	const before = change.before ? decodeText(change.before.content) : '';
	const after = change.after ? decodeText(change.after.content) : '';
	return structuredPatch('a', 'b', before, after, '', '', { context: CONTEXT_LINES }).hunks;
}

/** The unified diff of one file as `git diff` prints it ('' when nothing changed). */
export function formatPatch(change: FileChange, out: Colouring): string {
	const { path, before, after } = change;
	if (before && after && before.oid === after.oid && before.mode === after.mode) return '';
	const meta = (line: string) => paint(out, 'bold', line);
	const lines = [meta(`diff --git a/${path} b/${path}`)];
	if (!before) lines.push(meta(`new file mode ${after!.mode}`));
	else if (!after) lines.push(meta(`deleted file mode ${before.mode}`));
	else if (before.mode !== after.mode) {
		lines.push(meta(`old mode ${before.mode}`), meta(`new mode ${after.mode}`));
	}
	const range = `${before ? shortOid(before.oid) : NULL_OID}..${after ? shortOid(after.oid) : NULL_OID}`;
	const sameMode = before && after && before.mode === after.mode;
	lines.push(meta(`index ${range}${sameMode ? ` ${after.mode}` : ''}`));
	const from = before ? `a/${path}` : '/dev/null';
	const to = after ? `b/${path}` : '/dev/null';
	if (isBinary(before?.content) || isBinary(after?.content)) {
		lines.push(`Binary files ${from} and ${to} differ`);
		return `${lines.join('\n')}\n`;
	}
	const hunks = hunksOf(change);
	if (hunks.length > 0) lines.push(meta(`--- ${from}`), meta(`+++ ${to}`));
	const oldLines = before ? decodeText(before.content).split('\n') : [];
	for (const hunk of hunks) {
		const header = `@@ -${hunkRange(hunk.oldStart, hunk.oldLines)} +${hunkRange(hunk.newStart, hunk.newLines)} @@`;
		const context = functionContext(oldLines, hunk.oldStart);
		lines.push(paint(out, 'cyan', header) + (context ? ` ${context}` : ''));
		for (const line of hunk.lines) {
			if (line.startsWith('-')) lines.push(paint(out, 'red', line));
			else if (line.startsWith('+')) lines.push(paint(out, 'green', line));
			else lines.push(line);
		}
	}
	return `${lines.join('\n')}\n`;
}

/** `start,count` as git writes it: the count left out when 1, the start before an empty range. */
function hunkRange(start: number, count: number): string {
	if (count === 0) return `${Math.max(start - 1, 0)},0`;
	return count === 1 ? `${start}` : `${start},${count}`;
}

/** git's default hunk context: the last line before the hunk starting with a letter, `_` or `$`. */
function functionContext(oldLines: readonly string[], oldStart: number): string {
	for (let i = oldStart - 2; i >= 0; i--) {
		const line = oldLines[i]!;
		if (/^[A-Za-z_$]/.test(line)) return line.slice(0, 80).trimEnd();
	}
	return '';
}

/** Lines added and removed by a change (0 and 0 for binary files), for `N files changed`. */
export function lineCounts(change: FileChange): { insertions: number; deletions: number } {
	if (isBinary(change.before?.content) || isBinary(change.after?.content)) {
		return { insertions: 0, deletions: 0 };
	}
	// A created or deleted file needs no diff: every line is added or removed.
	if (!change.before) return { insertions: lineCount(change.after!.content), deletions: 0 };
	if (!change.after) return { insertions: 0, deletions: lineCount(change.before.content) };
	let insertions = 0;
	let deletions = 0;
	for (const hunk of hunksOf(change)) {
		for (const line of hunk.lines) {
			if (line.startsWith('+')) insertions++;
			else if (line.startsWith('-')) deletions++;
		}
	}
	return { insertions, deletions };
}

/** Lines as git counts them: a last line without a newline counts too. */
function lineCount(content: Uint8Array): number {
	let lines = 0;
	for (const byte of content) if (byte === 0x0a) lines++;
	return content.length > 0 && content[content.length - 1] !== 0x0a ? lines + 1 : lines;
}

/** ` 2 files changed, 3 insertions(+), 1 deletion(-)` as git prints after a commit. */
export function summaryLine(changes: readonly FileChange[]): string {
	let insertions = 0;
	let deletions = 0;
	for (const change of changes) {
		const counts = lineCounts(change);
		insertions += counts.insertions;
		deletions += counts.deletions;
	}
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	let line = ` ${plural(changes.length, 'file')} changed`;
	if (insertions > 0 || deletions === 0) line += `, ${plural(insertions, 'insertion')}(+)`;
	if (deletions > 0 || insertions === 0) line += `, ${plural(deletions, 'deletion')}(-)`;
	return line;
}
