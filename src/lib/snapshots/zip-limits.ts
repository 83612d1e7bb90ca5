/**
 * What an import accepts, decided from the zip's directory before anything is inflated: safe
 * paths only (no `../`, no absolute paths, no symlinks or devices), and no more entries, bytes
 * or compression than a workspace can take.
 */
import { maxFileBytes, maxWorkspaceBytes, maxWorkspaceEntries } from '#lib/limits.ts';
import { InvalidPathError } from '#lib/workspace/errors.ts';
import { normalizePath } from '#lib/workspace/paths.ts';
import type { ZipEntry } from './zip-directory.ts';
import { UnsafeZipEntryError, ZipError, ZipTooLargeError } from './zip-errors.ts';

/** The limits an import is checked against. */
export interface ImportLimits {
	/** Files and folders together. */
	maxEntries: number;
	/** All files' uncompressed bytes together. */
	maxTotalBytes: number;
	maxFileBytes: number;
	/** Largest uncompressed/compressed ratio of one entry over `ratioFloorBytes`. */
	maxRatio: number;
	/** Entries smaller than this are not ratio-checked (small files of zeros are fine). */
	ratioFloorBytes: number;
}

/** The workspace limits of src/lib/limits.ts, and a ratio no source tree reaches but a zip bomb does. */
export const defaultImportLimits: ImportLimits = {
	maxEntries: maxWorkspaceEntries,
	maxTotalBytes: maxWorkspaceBytes,
	maxFileBytes,
	maxRatio: 200,
	ratioFloorBytes: 1024 * 1024
};

/** What to unpack: each file entry with its workspace path, and the folders to create. */
export interface ImportPlan {
	files: { entry: ZipEntry; path: string }[];
	folders: string[];
}

const NOTHING = 'Nothing was imported.';
const FILE_TYPE_MASK = 0o170000;
const SYMLINK = 0o120000;
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;

/** Checks every entry and the totals; throws a ZipError whose message names the first problem. */
export function planImport(entries: ZipEntry[], limits = defaultImportLimits): ImportPlan {
	checkTotals(entries.length, 0, limits, 'The zip');
	const kept: { entry: ZipEntry; path: string }[] = [];
	let total = 0;
	for (const entry of entries) {
		checkType(entry);
		const path = safePath(entry.name);
		// macOS adds resource forks under __MACOSX/: they are not the user's files.
		if (path === '' || path === '__MACOSX' || path.startsWith('__MACOSX/')) continue;
		if (!entry.isDirectory) {
			checkEntrySize(entry, path, limits);
			total += entry.size;
			checkTotals(0, total, limits, 'The zip');
		}
		kept.push({ entry, path });
	}
	const prefix = commonFolder(kept);
	const plan: ImportPlan = { files: [], folders: [] };
	const seen = new Map<string, boolean>();
	for (const { entry, path: full } of kept) {
		const path = full.slice(prefix.length);
		if (path === '') continue;
		if (seen.has(path)) {
			if (entry.isDirectory && seen.get(path)) continue;
			throw new ZipError(
				`The zip holds "${path}" twice, so it is not clear which to keep. ${NOTHING}`
			);
		}
		seen.set(path, entry.isDirectory);
		if (entry.isDirectory) plan.folders.push(path);
		else plan.files.push({ entry, path });
	}
	checkNoFileAsFolder(seen);
	return plan;
}

/**
 * Refuses more than `limits.maxEntries` entries or `limits.maxTotalBytes` bytes; `what` starts
 * the sentence ("The zip", "The folder").
 */
export function checkTotals(
	entries: number,
	bytes: number,
	limits: ImportLimits,
	what: string
): void {
	if (entries > limits.maxEntries) {
		throw new ZipTooLargeError(
			`${what} has ${count(entries)} files and folders; a workspace can hold at most ${count(limits.maxEntries)}. ${NOTHING}`
		);
	}
	if (bytes > limits.maxTotalBytes) {
		throw new ZipTooLargeError(
			`${what} holds more than ${megabytes(limits.maxTotalBytes)} of files, more than a workspace can hold. ${NOTHING}`
		);
	}
}

/** Refuses one file over the per-file limit; shared with folder imports. */
export function checkFileSize(path: string, size: number, limits = defaultImportLimits): void {
	if (size > limits.maxFileBytes) {
		throw new ZipTooLargeError(
			`"${path}" is ${megabytes(size)}; one file can be at most ${megabytes(limits.maxFileBytes)}. ${NOTHING}`
		);
	}
}

function checkEntrySize(entry: ZipEntry, path: string, limits: ImportLimits): void {
	checkFileSize(path, entry.size, limits);
	const ratio = entry.size / Math.max(entry.compressedSize, 1);
	if (entry.size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
		throw new ZipTooLargeError(
			`"${path}" would expand ${Math.round(ratio)} times (from ${megabytes(entry.compressedSize)} to ${megabytes(entry.size)}), as zip bombs do, so the zip was refused. ${NOTHING}`
		);
	}
}

function checkType(entry: ZipEntry): void {
	if (entry.unixMode === null) return;
	const type = entry.unixMode & FILE_TYPE_MASK;
	if (type === SYMLINK) {
		throw new UnsafeZipEntryError(
			entry.name,
			`"${entry.name}" in the zip is a symbolic link, which could point outside the workspace; Bytestorm imports only files and folders. ${NOTHING}`
		);
	}
	if (type !== 0 && type !== REGULAR && type !== DIRECTORY) {
		throw new UnsafeZipEntryError(
			entry.name,
			`"${entry.name}" in the zip is a device or a pipe, not a file; Bytestorm imports only files and folders. ${NOTHING}`
		);
	}
}

/** The workspace path of an entry name; '' for the root itself. */
function safePath(name: string): string {
	// Zips made on Windows sometimes separate folders with backslashes.
	const slashed = name.replaceAll('\\', '/');
	if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
		throw new UnsafeZipEntryError(
			name,
			`The zip contains "${name}", an absolute path that would be written outside the workspace. ${NOTHING}`
		);
	}
	if (slashed.split('/').includes('..')) {
		throw new UnsafeZipEntryError(
			name,
			`The zip contains "${name}", a path with "..", which could write outside the workspace. ${NOTHING}`
		);
	}
	try {
		return normalizePath(slashed);
	} catch (error) {
		if (!(error instanceof InvalidPathError)) throw error;
		throw new UnsafeZipEntryError(
			name,
			`The zip contains a name Bytestorm cannot use: ${error.message} ${NOTHING}`
		);
	}
}

/** `folder/` when every path lies in one top-level folder (as GitHub's archives do), else ''. */
function commonFolder(entries: { entry: ZipEntry; path: string }[]): string {
	const first = entries[0];
	if (first === undefined) return '';
	const top = first.path.split('/')[0]!;
	const prefix = `${top}/`;
	const inside = entries.every(
		({ entry, path }) => (path === top && entry.isDirectory) || path.startsWith(prefix)
	);
	return inside && entries.some(({ path }) => path.startsWith(prefix)) ? prefix : '';
}

/** Refuses "a" as a file when "a/b" is also in the zip. */
function checkNoFileAsFolder(seen: Map<string, boolean>): void {
	for (const path of seen.keys()) {
		for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
			const parent = path.slice(0, slash);
			if (seen.get(parent) === false) {
				throw new ZipError(`The zip holds "${parent}" both as a file and as a folder. ${NOTHING}`);
			}
		}
	}
}

function count(n: number): string {
	return n.toLocaleString('en-US');
}

function megabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}
