// The `fs` isomorphic-git reads and writes: Node's `fs.promises` shape over the workspace, with
// `/` as the workspace root. Git's files are workspace files like any other: refs and config are
// stored as text, objects and the index as bytes, and every write has the 'shell' origin.
import * as Y from 'yjs';
import { contentFromBytes } from '../../workspace/content.ts';
import { WorkspaceError } from '../../workspace/errors.ts';
import { dirname, normalizePath } from '../../workspace/paths.ts';
import type { FileSystem } from '../../workspace/types.ts';
import { FsError } from './errors.ts';

/** A regular, non-executable file and a folder, as git records them. */
const FILE_MODE = 0o100644;
const DIR_MODE = 0o040000;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** What `stat` and `lstat` resolve to: the fields isomorphic-git compares with its index. */
export interface GitStats {
	readonly type: 'file' | 'dir';
	readonly mode: number;
	readonly size: number;
	readonly ino: number;
	readonly mtimeSeconds: number;
	readonly mtimeNanoseconds: number;
	readonly ctimeSeconds: number;
	readonly ctimeNanoseconds: number;
	readonly mtimeMs: number;
	readonly ctimeMs: number;
	readonly uid: number;
	readonly gid: number;
	readonly dev: number;
	isFile(): boolean;
	isDirectory(): boolean;
	isSymbolicLink(): boolean;
}

/** The promise API isomorphic-git calls; paths are absolute, `/` being the workspace root. */
export interface GitFsPromises {
	readFile(path: string, options?: { encoding?: string } | string): Promise<Uint8Array | string>;
	writeFile(
		path: string,
		data: Uint8Array | string,
		options?: { encoding?: string; mode?: number } | string
	): Promise<void>;
	unlink(path: string): Promise<void>;
	readdir(path: string): Promise<string[]>;
	mkdir(path: string, options?: { recursive?: boolean } | number): Promise<void>;
	rmdir(path: string): Promise<void>;
	stat(path: string): Promise<GitStats>;
	lstat(path: string): Promise<GitStats>;
	readlink(path: string): Promise<string>;
	symlink(target: string, path: string): Promise<void>;
	chmod(path: string, mode: number): Promise<void>;
}

/** The `fs` argument of every isomorphic-git call. */
export interface GitFs {
	readonly promises: GitFsPromises;
}

/** The workspace `fs` for isomorphic-git: `dir: '/'` is the workspace root. */
export function createGitFs(fs: FileSystem): GitFs {
	const run = <T>(syscall: string, path: string, action: (p: string) => T): Promise<T> => {
		try {
			return Promise.resolve(action(toWorkspacePath(syscall, path)));
		} catch (error) {
			return Promise.reject(toFsError(error, syscall, path));
		}
	};
	const fail = (code: string, syscall: string, path: string): never => {
		throw new FsError(code, syscall, path);
	};
	const typeOf = (p: string) => (fs.exists(p) ? fs.stat(p).type : undefined);
	// isomorphic-git probes many missing paths (.gitignore files, loose objects, refs): answering
	// those before the workspace throws saves building two errors per probe.
	const present = (p: string, syscall: string, path: string) => {
		if (!fs.exists(p)) fail('ENOENT', syscall, path);
		return p;
	};

	const promises: GitFsPromises = {
		readFile: (path, options) =>
			run('open', path, (p) => {
				const encoding = typeof options === 'string' ? options : options?.encoding;
				present(p, 'open', path);
				return encoding === 'utf8' || encoding === 'utf-8' ? fs.readText(p) : fs.readBytes(p);
			}),
		writeFile: (path, data) =>
			run('open', path, (p) => {
				present(dirname(p), 'open', path);
				const content = typeof data === 'string' ? data : storedContent(data);
				fs.writeFile(p, content, { origin: 'shell', createParents: false });
			}),
		unlink: (path) =>
			run('unlink', path, (p) => {
				if (typeOf(p) === 'dir') fail('EISDIR', 'unlink', path);
				fs.remove(p, { origin: 'shell' });
			}),
		readdir: (path) => run('scandir', path, (p) => fs.list(p).map((entry) => entry.name)),
		mkdir: (path, options) =>
			run('mkdir', path, (p) => {
				const recursive = typeof options === 'object' && options.recursive === true;
				if (p === '') {
					if (!recursive) fail('EEXIST', 'mkdir', path);
					return;
				}
				fs.mkdir(p, { recursive, origin: 'shell' });
			}),
		rmdir: (path) =>
			run('rmdir', path, (p) => {
				const type = typeOf(p);
				if (type === undefined) fail('ENOENT', 'rmdir', path);
				if (type === 'file') fail('ENOTDIR', 'rmdir', path);
				if (p === '') fail('EPERM', 'rmdir', path);
				if (fs.list(p).length > 0) fail('ENOTEMPTY', 'rmdir', path);
				fs.remove(p, { origin: 'shell' });
			}),
		stat: (path) => run('stat', path, (p) => statOf(fs, present(p, 'stat', path))),
		lstat: (path) => run('lstat', path, (p) => statOf(fs, present(p, 'lstat', path))),
		// The workspace has no symbolic links: every path is a file or a folder.
		readlink: (path) =>
			run('readlink', path, (p) => fail(typeOf(p) ? 'EINVAL' : 'ENOENT', 'readlink', path)),
		symlink: (_target, path) => run('symlink', path, () => fail('ENOSYS', 'symlink', path)),
		// Nor modes: every file is a regular, non-executable file.
		chmod: (path) =>
			run('chmod', path, (p) => {
				if (!typeOf(p)) fail('ENOENT', 'chmod', path);
			})
	};
	return { promises };
}

/** `/a/b` (or `a/b`) as the workspace path `a/b`; `/` is the root (''). */
function toWorkspacePath(syscall: string, path: string): string {
	if (typeof path !== 'string') throw new FsError('EINVAL', syscall, String(path));
	return normalizePath(path.replace(/^\/+/, ''));
}

function toFsError(error: unknown, syscall: string, path: string): unknown {
	if (error instanceof FsError) return error;
	if (error instanceof WorkspaceError) {
		// Too large, quota, storage: keep the workspace's sentence, which says what to do.
		if (!(error.code in nodeCodes)) return error;
		return new FsError(error.code, syscall, path);
	}
	return error;
}

const nodeCodes = { ENOENT: 1, EEXIST: 1, ENOTDIR: 1, EISDIR: 1, ENOTEMPTY: 1, EINVAL: 1 };

/** Text as text (what the editor opens), anything else as bytes, each exactly as written. */
export function storedContent(bytes: Uint8Array): string | Uint8Array {
	const content = contentFromBytes(bytes);
	if (typeof content !== 'string') return new Uint8Array(bytes);
	// The decoder drops a leading byte order mark; keep it so the bytes read back unchanged.
	return UTF8_BOM.every((byte, i) => bytes[i] === byte) ? `\ufeff${content}` : content;
}

/**
 * The workspace keeps no times, and isomorphic-git trusts a file whose stat matches its index
 * entry without hashing it. So the times and inode are a fingerprint of the content: any edit,
 * even one that keeps the size, changes the stat, and identical content gives an identical stat.
 */
interface Stamp {
	seconds: number;
	nanoseconds: number;
	ino: number;
}

/** Stamps of text files by Y.Text, per document; dropped when the text changes. */
const textStamps = new WeakMap<Y.Doc, WeakMap<Y.Text, Stamp>>();

function stampsOf(doc: Y.Doc): WeakMap<Y.Text, Stamp> {
	const known = textStamps.get(doc);
	if (known) return known;
	const stamps = new WeakMap<Y.Text, Stamp>();
	// One listener for the document's life: it forgets the stamp of every text a transaction
	// touched (an edit here, a collaborator's, an undo), so a cached stamp is always current.
	doc.on('afterTransaction', (transaction: Y.Transaction) => {
		for (const type of transaction.changed.keys()) if (type instanceof Y.Text) stamps.delete(type);
	});
	textStamps.set(doc, stamps);
	return stamps;
}

function statOf(fs: FileSystem, path: string): GitStats {
	const stat = fs.stat(path);
	if (stat.type === 'dir')
		return new Stats('dir', DIR_MODE, 0, { seconds: 0, nanoseconds: 0, ino: 0 });
	let stamp: Stamp;
	if (stat.encoding === 'text') {
		const text = fs.textOf(path);
		const stamps = stampsOf(fs.doc);
		stamp = stamps.get(text) ?? fingerprint(text.toString(), 1);
		stamps.set(text, stamp);
	} else {
		stamp = fingerprint(fs.readBytes(path), 2);
	}
	return new Stats('file', FILE_MODE, stat.size, stamp);
}

/** Two independent 32-bit hashes (FNV-1a and a multiply-xorshift) of the content. */
function fingerprint(content: string | Uint8Array, kind: number): Stamp {
	let a = 0x811c9dc5 ^ kind;
	let b = 0x9e3779b9 ^ content.length;
	const length = content.length;
	for (let i = 0; i < length; i++) {
		const unit = typeof content === 'string' ? content.charCodeAt(i) : content[i]!;
		a = Math.imul(a ^ unit, 0x01000193);
		b = Math.imul(b ^ unit, 0x85ebca6b);
		b ^= b >>> 13;
	}
	b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
	b ^= b >>> 16;
	return { seconds: a >>> 0, nanoseconds: (b >>> 0) % 1_000_000_000, ino: b >>> 0 };
}

class Stats implements GitStats {
	readonly type: 'file' | 'dir';
	readonly mode: number;
	readonly size: number;
	readonly ino: number;
	readonly mtimeSeconds: number;
	readonly mtimeNanoseconds: number;
	readonly ctimeSeconds: number;
	readonly ctimeNanoseconds: number;
	readonly mtimeMs: number;
	readonly ctimeMs: number;
	readonly uid = 0;
	readonly gid = 0;
	readonly dev = 1;

	constructor(type: 'file' | 'dir', mode: number, size: number, stamp: Stamp) {
		this.type = type;
		this.mode = mode;
		this.size = size;
		this.ino = stamp.ino;
		this.mtimeSeconds = this.ctimeSeconds = stamp.seconds;
		this.mtimeNanoseconds = this.ctimeNanoseconds = stamp.nanoseconds;
		this.mtimeMs = this.ctimeMs = stamp.seconds * 1000 + Math.floor(stamp.nanoseconds / 1e6);
	}

	isFile(): boolean {
		return this.type === 'file';
	}

	isDirectory(): boolean {
		return this.type === 'dir';
	}

	isSymbolicLink(): boolean {
		return false;
	}
}
