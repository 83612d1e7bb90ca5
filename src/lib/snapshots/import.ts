/**
 * Imports as a new workspace: a .zip file, or the files of a folder dropped onto the page. All
 * checks run and every byte is read before the workspace is created, so a refused import
 * creates nothing.
 */
import { isProbablyText, decodeText } from '#lib/workspace/content.ts';
import type { WorkspaceContents } from '#lib/workspace/contents.ts';
import { createWorkspaceWith } from '#lib/workspace/copies.ts';
import { normalizeEntryPath } from '#lib/workspace/paths.ts';
import type { WorkspaceMeta } from '#lib/workspace/registry.ts';
import { UnsafeZipEntryError, ZipTooLargeError } from './zip-errors.ts';
import { checkFileSize, checkTotals, defaultImportLimits } from './zip-limits.ts';
import { unzipInWorker } from './zip-client.ts';
import { nameFromFileName } from './zip.ts';

/** A file picked or dropped, with its path relative to what was dropped (`folder/a.txt`). */
export interface PickedFile {
	path: string;
	file: File;
}

/** Whether a picked file is a zip to unpack rather than a file to add. */
export function isZipFile(file: File): boolean {
	return /\.zip$/i.test(file.name) || file.type === 'application/zip';
}

/** Creates a workspace from a .zip, named after the file; throws a ZipError that says why not. */
export async function importZipFile(
	file: File,
	limits = defaultImportLimits
): Promise<WorkspaceMeta> {
	// A zip is at most a little larger than what it holds; a bigger one is refused unread.
	if (file.size > limits.maxTotalBytes + limits.maxEntries * 1024) {
		throw new ZipTooLargeError(
			`"${file.name}" is larger than a workspace can hold, so it was not opened. Nothing was imported.`
		);
	}
	const contents = await unzipInWorker(new Uint8Array(await file.arrayBuffer()), limits);
	return createWorkspaceWith({ name: nameFromFileName(file.name), contents });
}

/**
 * Creates a workspace from dropped files: a single dropped folder gives its name and is the
 * new workspace's root. Throws a ZipError for too many or too large files.
 */
export async function importFiles(
	picked: PickedFile[],
	limits = defaultImportLimits
): Promise<WorkspaceMeta> {
	const top = picked[0]?.path.split('/')[0] ?? '';
	const oneFolder = picked.length > 0 && picked.every(({ path }) => path.startsWith(`${top}/`));
	const what = oneFolder ? `The folder "${top}"` : 'What was dropped';
	checkTotals(picked.length, 0, limits, what);
	let total = 0;
	const items = picked.map(({ path, file }) => {
		const inside = oneFolder ? path.slice(top.length + 1) : path;
		checkFileSize(inside, file.size, limits);
		total += file.size;
		return { path: safePath(inside), file };
	});
	checkTotals(0, total, limits, what);
	const contents: WorkspaceContents = { files: new Map(), folders: [] };
	for (const { path, file } of items) {
		const bytes = new Uint8Array(await file.arrayBuffer());
		contents.files.set(path, isProbablyText(bytes) ? decodeText(bytes) : bytes);
	}
	return createWorkspaceWith({ name: oneFolder ? top : 'Dropped files', contents });
}

function safePath(path: string): string {
	try {
		return normalizeEntryPath(path);
	} catch (error) {
		throw new UnsafeZipEntryError(
			path,
			`"${path}" cannot be imported: ${error instanceof Error ? error.message : String(error)} Nothing was imported.`
		);
	}
}
