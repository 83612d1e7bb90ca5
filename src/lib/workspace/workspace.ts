/**
 * The workspace's files, over one Y.Doc.
 *
 * Data layout inside the doc (a persistent format: keep it stable, change it only with a
 * migration):
 *
 *   doc.getMap('files')    normalised path -> Y.Text (text file) | Uint8Array (binary file)
 *   doc.getMap('folders')  normalised path -> true (a folder created explicitly, e.g. an empty one)
 *
 * Paths are normalised by paths.ts: POSIX, relative to the root, no leading or trailing slash.
 * A folder also exists implicitly while a file or an explicit folder lies under it. Change the
 * maps only through this class, so the rules below (and the folder index) hold.
 */
import * as Y from 'yjs';
import { isOrigin, reportLater, trackChanges } from './changes.ts';
import { decodeText, encodeText, equalBytes, replaceText, utf8Length } from './content.ts';
import {
	AlreadyExistsError,
	BinaryFileError,
	FileTooLargeError,
	InvalidPathError,
	IsADirectoryError,
	NotADirectoryError,
	NotEmptyError,
	NotFoundError,
	quote
} from './errors.ts';
import { addAncestors, listChildren, walkEntries } from './listing.ts';
import { ancestors, dirname, isInside, normalizeEntryPath, normalizePath } from './paths.ts';
import type { Entry, FileSystem, Origin, Stat, WorkspaceChange, WriteOptions } from './types.ts';

/** Name of the Y.Map holding the files. */
export const FILES_MAP = 'files';

/** Name of the Y.Map holding the explicitly created folders. */
export const FOLDERS_MAP = 'folders';

/** Default largest content for one file: 50 MB. */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/** What the files map holds for one file. */
export type FileValue = Y.Text | Uint8Array;

/** Options of `new Workspace(doc, options)`. */
export interface WorkspaceOptions {
	/** Largest content accepted for one file, in bytes (default 50 MB). */
	maxFileBytes?: number;
}

/** The files of a workspace over one Y.Doc; every mutation is one transaction with its origin. */
export class Workspace implements FileSystem {
	readonly doc: Y.Doc;
	readonly maxFileBytes: number;
	readonly #files: Y.Map<FileValue>;
	readonly #folders: Y.Map<true>;
	/** Every folder that exists (explicit or implied), built on demand; null when stale. */
	#dirs: Set<string> | null = null;
	/** Transactions made entirely by this class, which keep #dirs up to date themselves. */
	readonly #own = new WeakSet<Y.Transaction>();
	readonly #listeners = new Set<(change: WorkspaceChange) => void>();
	readonly #origins = new Map<unknown, Origin>();
	/** UTF-8 sizes of text files, so that `stat` need not rebuild a large file's string. */
	readonly #textSizes = new WeakMap<Y.Text, number>();
	readonly #stop: () => void;

	constructor(doc: Y.Doc = new Y.Doc(), options: WorkspaceOptions = {}) {
		this.doc = doc;
		this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
		this.#files = doc.getMap(FILES_MAP);
		this.#folders = doc.getMap(FOLDERS_MAP);
		const stopTracking = trackChanges(doc, this.#files, this.#folders, (transaction, changes) =>
			this.#emit({ origin: this.#originOf(transaction), changes })
		);
		const invalidate = (transaction: Y.Transaction) => {
			const changed = transaction.changed as Map<unknown, unknown>;
			for (const type of changed.keys()) if (type instanceof Y.Text) this.#textSizes.delete(type);
			if (this.#own.has(transaction)) return;
			if (changed.has(this.#files) || changed.has(this.#folders)) this.#dirs = null;
		};
		doc.on('afterTransaction', invalidate);
		this.#stop = () => {
			stopTracking();
			doc.off('afterTransaction', invalidate);
		};
	}

	/** Stops listening to the doc and drops every change listener; the doc itself is untouched. */
	destroy(): void {
		this.#stop();
		this.#listeners.clear();
	}

	/**
	 * Reports transactions whose origin is `key` (an object such as a y-codemirror sync config or an
	 * UndoManager) as `origin` instead of 'remote'. Returns the function that forgets the mapping.
	 */
	registerOrigin(key: unknown, origin: Origin): () => void {
		this.#origins.set(key, origin);
		return () => this.#origins.delete(key);
	}

	exists(path: string): boolean {
		const p = normalizePath(path);
		return this.#files.has(p) || this.#isDir(p);
	}

	stat(path: string): Stat {
		const p = normalizePath(path);
		const value = this.#files.get(p);
		if (value instanceof Y.Text) {
			let size = this.#textSizes.get(value);
			if (size === undefined) {
				size = utf8Length(value.toString());
				this.#textSizes.set(value, size);
			}
			return { path: p, type: 'file', encoding: 'text', size };
		}
		if (value !== undefined)
			return { path: p, type: 'file', encoding: 'binary', size: value.length };
		if (this.#isDir(p)) return { path: p, type: 'dir', size: 0 };
		throw new NotFoundError(p);
	}

	/** Direct children of `dir`: folders first, then files, each in natural name order. */
	list(dir = ''): Entry[] {
		const d = this.#requireDir(dir);
		return listChildren(d, this.#dirSet(), this.#files.keys());
	}

	/** Every file and folder under `dir` (implied folders included), depth first, in list() order. */
	walk(dir = ''): Entry[] {
		const d = this.#requireDir(dir);
		return walkEntries(d, this.#dirSet(), this.#files.keys());
	}

	/** The content of a file as text (binary files are decoded as UTF-8). */
	readText(path: string): string {
		const value = this.#file(path);
		return value instanceof Y.Text ? value.toString() : decodeText(value);
	}

	/** The content of a file as bytes (text files are encoded as UTF-8); the caller owns the copy. */
	readBytes(path: string): Uint8Array {
		const value = this.#file(path);
		return value instanceof Y.Text ? encodeText(value.toString()) : new Uint8Array(value);
	}

	textOf(path: string): Y.Text {
		const value = this.#file(path);
		if (!(value instanceof Y.Text)) throw new BinaryFileError(normalizePath(path));
		return value;
	}

	/** Writes a file, replacing it if it exists; a string into a text file becomes a minimal edit. */
	writeFile(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
		this.#write(path, content, options.overwrite ?? true, options);
	}

	/** Creates a file; refuses an existing path unless `overwrite` is set. */
	createFile(path: string, content: string | Uint8Array = '', options: WriteOptions = {}): void {
		this.#write(path, content, options.overwrite ?? false, options);
	}

	/** Creates a folder; `recursive` creates missing parents and accepts an existing folder. */
	mkdir(path: string, options: { recursive?: boolean; origin?: Origin } = {}): void {
		const p = normalizeEntryPath(path);
		if (this.#files.has(p)) {
			throw new AlreadyExistsError(
				p,
				`${quote(p)} is already a file: choose another name for the folder.`
			);
		}
		if (this.#isDir(p)) {
			if (options.recursive) return;
			throw new AlreadyExistsError(p, `The folder ${quote(p)} already exists.`);
		}
		this.#checkParents(p, options.recursive ?? false);
		this.#transact(options.origin, () => this.#setFolder(p));
	}

	/** Moves a file or a folder with everything under it; the target must not exist. */
	rename(from: string, to: string, options: { origin?: Origin } = {}): void {
		if (normalizePath(from) === '') {
			throw new InvalidPathError(from, 'The workspace root cannot be moved or renamed.');
		}
		const source = normalizeEntryPath(from);
		const target = normalizeEntryPath(to);
		const sourceIsFile = this.#files.has(source);
		if (!sourceIsFile && !this.#isDir(source)) throw new NotFoundError(source);
		if (source === target) return;
		if (!sourceIsFile && isInside(target, source)) {
			throw new InvalidPathError(
				target,
				`The folder ${quote(source)} cannot be moved into itself (${quote(target)}).`
			);
		}
		if (this.#files.has(target) || this.#isDir(target)) throw new AlreadyExistsError(target);
		this.#checkParents(target, true);
		this.#transact(options.origin, () => {
			if (sourceIsFile) {
				this.#move(source, target);
			} else {
				const prefix = `${source}/`;
				for (const path of [...this.#files.keys()]) {
					if (path.startsWith(prefix)) this.#move(path, target + path.slice(source.length));
				}
				for (const path of [...this.#folders.keys()]) {
					if (isInside(path, source)) {
						this.#deleteFolder(path);
						this.#setFolder(target + path.slice(source.length));
					}
				}
			}
			this.#keepFolder(dirname(source));
		});
	}

	/** Removes a file, or a folder (with everything in it only when `recursive`); never the root. */
	remove(path: string, options: { recursive?: boolean; origin?: Origin } = {}): void {
		const p = normalizePath(path);
		if (p === '') {
			throw new InvalidPathError(
				path,
				'The workspace root cannot be removed: remove the files and folders inside it instead.'
			);
		}
		if (this.#files.has(p)) {
			this.#transact(options.origin, () => {
				this.#deleteFile(p);
				this.#keepFolder(dirname(p));
			});
			return;
		}
		if (!this.#isDir(p)) throw new NotFoundError(p);
		const prefix = `${p}/`;
		const files = [...this.#files.keys()].filter((key) => key.startsWith(prefix));
		const folders = [...this.#folders.keys()].filter((key) => key.startsWith(prefix));
		if (!options.recursive && files.length + folders.length > 0) throw new NotEmptyError(p);
		this.#transact(options.origin, () => {
			for (const key of files) this.#deleteFile(key);
			for (const key of folders) this.#deleteFolder(key);
			if (this.#folders.has(p)) this.#deleteFolder(p);
			this.#keepFolder(dirname(p));
		});
	}

	onChange(listener: (change: WorkspaceChange) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#write(
		path: string,
		content: string | Uint8Array,
		overwrite: boolean,
		options: WriteOptions
	): void {
		const p = normalizeEntryPath(path);
		const size = typeof content === 'string' ? utf8Length(content) : content.length;
		if (size > this.maxFileBytes) throw new FileTooLargeError(p, size, this.maxFileBytes);
		const existing = this.#files.get(p);
		if (existing === undefined && this.#isDir(p)) throw new IsADirectoryError(p);
		if (existing !== undefined && !overwrite) throw new AlreadyExistsError(p);
		this.#checkParents(p, options.createParents ?? true);
		if (
			content instanceof Uint8Array &&
			existing instanceof Uint8Array &&
			equalBytes(existing, content)
		) {
			return;
		}
		this.#transact(options.origin, () => {
			if (typeof content !== 'string') this.#setFile(p, new Uint8Array(content));
			else if (existing instanceof Y.Text) replaceText(existing, content);
			else this.#setFile(p, new Y.Text(content));
		});
	}

	/** Refuses a path under a file and, unless `createParents`, a path whose folder is missing. */
	#checkParents(path: string, createParents: boolean): void {
		for (const dir of ancestors(path)) {
			if (this.#files.has(dir)) {
				throw new NotADirectoryError(
					dir,
					`${quote(dir)} is a file, not a folder, so ${quote(path)} cannot be inside it.`
				);
			}
		}
		const parent = dirname(path);
		if (!createParents && !this.#isDir(parent)) {
			throw new NotFoundError(
				parent,
				`The folder ${quote(parent)} does not exist: create it first.`
			);
		}
	}

	#requireDir(dir: string): string {
		const d = normalizePath(dir);
		if (this.#isDir(d)) return d;
		if (this.#files.has(d)) throw new NotADirectoryError(d);
		throw new NotFoundError(d, `There is no folder at ${quote(d)}.`);
	}

	#file(path: string): FileValue {
		const p = normalizePath(path);
		const value = this.#files.get(p);
		if (value !== undefined) return value;
		if (this.#isDir(p)) throw new IsADirectoryError(p);
		throw new NotFoundError(p);
	}

	#isDir(path: string): boolean {
		return path === '' || this.#dirSet().has(path);
	}

	#dirSet(): Set<string> {
		if (this.#dirs) return this.#dirs;
		const dirs = new Set<string>();
		for (const path of this.#folders.keys()) {
			dirs.add(path);
			addAncestors(dirs, path);
		}
		for (const path of this.#files.keys()) addAncestors(dirs, path);
		return (this.#dirs = dirs);
	}

	/** Runs `fn` as one transaction; a nested call joins the caller's transaction and origin. */
	#transact(origin: Origin | undefined, fn: () => void): void {
		const nested = this.doc._transaction !== null;
		this.doc.transact((transaction) => {
			if (!nested) this.#own.add(transaction);
			fn();
		}, origin ?? 'ui');
	}

	#setFile(path: string, value: FileValue): void {
		this.#files.set(path, value);
		if (this.#dirs) addAncestors(this.#dirs, path);
	}

	#deleteFile(path: string): void {
		this.#files.delete(path);
		this.#dirs = null;
	}

	#setFolder(path: string): void {
		this.#folders.set(path, true);
		if (this.#dirs) {
			this.#dirs.add(path);
			addAncestors(this.#dirs, path);
		}
	}

	#deleteFolder(path: string): void {
		this.#folders.delete(path);
		this.#dirs = null;
	}

	/** Y.Text cannot move between keys in Yjs: the content is copied into a new one. */
	#move(from: string, to: string): void {
		const value = this.#files.get(from);
		if (value === undefined) return;
		const copy = value instanceof Y.Text ? new Y.Text(value.toString()) : value;
		this.#deleteFile(from);
		this.#setFile(to, copy);
	}

	/** Keeps a folder that just lost its last entry, as a file system would. */
	#keepFolder(dir: string): void {
		if (dir !== '' && !this.#isDir(dir)) this.#setFolder(dir);
	}

	#originOf(transaction: Y.Transaction): Origin {
		const origin: unknown = transaction.origin;
		if (isOrigin(origin)) return origin;
		return this.#origins.get(origin) ?? 'remote';
	}

	#emit(change: WorkspaceChange): void {
		for (const listener of [...this.#listeners]) {
			try {
				listener(change);
			} catch (error) {
				// A failing listener must not break the transaction that every other view relies on.
				reportLater(error);
			}
		}
	}
}
