/**
 * Workspace contents to a .zip and back, with fflate. Export takes plain contents (the live
 * workspace's files, or a snapshot's), so any source of files exports with one call. Import
 * reads the central directory first and refuses an unsafe or oversized zip before inflating
 * anything; then each entry is inflated into a buffer of its declared size and its CRC checked.
 */
import { Zip, ZipDeflate, ZipPassThrough, inflateSync } from 'fflate';
import { decodeText, encodeText, isProbablyText } from '#lib/workspace/content.ts';
import type { WorkspaceContents } from '#lib/workspace/contents.ts';
import { crc32 } from './crc32.ts';
import { dataOffset, readDirectory, type ZipEntry } from './zip-directory.ts';
import { CorruptZipError, ZipError } from './zip-errors.ts';
import { defaultImportLimits, planImport, type ImportLimits } from './zip-limits.ts';

/** Options of `zipContents`. */
export interface ZipOptions {
	/** Deflate level, 0 (store only) to 9; default 6. */
	level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
	/** Date stamped on every entry (default now). */
	mtime?: Date;
}

/** The zip of some contents, as the chunks fflate wrote (a Blob takes them as they are). */
export function zipContents(contents: WorkspaceContents, options: ZipOptions = {}): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	let failure: Error | null = null;
	const zip = new Zip((error, chunk) => {
		if (error) failure = error;
		else chunks.push(chunk);
	});
	const level = options.level ?? 6;
	const mtime = options.mtime ?? new Date();
	const paths = [...contents.files.keys()].sort();
	for (const path of paths) {
		const content = contents.files.get(path)!;
		const bytes = typeof content === 'string' ? encodeText(content) : content;
		const entry = level === 0 ? new ZipPassThrough(path) : new ZipDeflate(path, { level });
		entry.mtime = mtime;
		zip.add(entry);
		entry.push(bytes, true);
	}
	for (const folder of [...contents.folders].sort()) {
		const entry = new ZipPassThrough(`${folder}/`);
		entry.mtime = mtime;
		zip.add(entry);
		entry.push(new Uint8Array(0), true);
	}
	zip.end();
	if (failure) throw new ZipError(`The zip could not be written: ${(failure as Error).message}.`);
	return chunks;
}

/** The zip of some contents as a Blob, ready to download. */
export function zipBlob(contents: WorkspaceContents, options: ZipOptions = {}): Blob {
	return new Blob(zipContents(contents, options) as BlobPart[], { type: 'application/zip' });
}

/**
 * The contents of a zip: text files as text, others as bytes, folder entries as folders, a
 * single top-level folder stripped. Throws a ZipError (a sentence for the user) for a corrupt,
 * unsafe or oversized zip; nothing is returned in part.
 */
export function unzipContents(
	bytes: Uint8Array,
	limits: ImportLimits = defaultImportLimits
): WorkspaceContents {
	const { entries } = readDirectory(bytes);
	const plan = planImport(entries, limits);
	const files = new Map<string, string | Uint8Array>();
	for (const { entry, path } of plan.files) {
		const content = inflateEntry(bytes, entry);
		files.set(path, isProbablyText(content) ? decodeText(content) : content);
	}
	const filled = new Set<string>();
	for (const path of [...files.keys(), ...plan.folders]) {
		for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
			filled.add(path.slice(0, slash));
		}
	}
	return { files, folders: plan.folders.filter((folder) => !filled.has(folder)) };
}

function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
	const start = dataOffset(bytes, entry);
	const compressed = bytes.subarray(start, start + entry.compressedSize);
	let content: Uint8Array;
	if (entry.method === 0) {
		content = compressed;
	} else {
		try {
			// One byte more than declared: an entry that fills it lied about its size.
			content = inflateSync(compressed, { out: new Uint8Array(entry.size + 1) });
		} catch (error) {
			throw new CorruptZipError(`"${entry.name}" cannot be decompressed`, { cause: error });
		}
	}
	if (content.length !== entry.size) {
		throw new CorruptZipError(`"${entry.name}" is not the size its header declares`);
	}
	if (crc32(content) !== entry.crc) {
		throw new CorruptZipError(`"${entry.name}" does not match its checksum`);
	}
	return entry.method === 0 ? content.slice() : content;
}

// Characters that file systems refuse in a name; a workspace name may hold any of them.
// eslint-disable-next-line no-control-regex
const UNSAFE_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f]/g;

/** The name a downloaded zip gets: the workspace's name, made safe for a file system. */
export function zipFileName(workspaceName: string): string {
	const safe = workspaceName.replace(UNSAFE_FILE_NAME, '-').trim();
	return `${safe || 'workspace'}.zip`;
}

/** The workspace name an imported zip or folder gets: its file name without `.zip`. */
export function nameFromFileName(fileName: string): string {
	const stem = fileName.replace(/\.zip$/i, '').trim();
	return stem || 'Imported';
}
