// Node's fs.constants, Stats and Dirent for entries of the worker's copy of the workspace.
import type { Entry } from './vfs.ts';

/** fs.constants: the flags and modes programs test against. */
export const constants = {
	F_OK: 0,
	R_OK: 4,
	W_OK: 2,
	X_OK: 1,
	O_RDONLY: 0,
	O_WRONLY: 1,
	O_RDWR: 2,
	O_CREAT: 64,
	O_EXCL: 128,
	O_TRUNC: 512,
	O_APPEND: 1024,
	S_IFMT: 0o170000,
	S_IFREG: 0o100000,
	S_IFDIR: 0o040000,
	COPYFILE_EXCL: 1
};

/** The is*() methods Node's Stats and Dirent share: entries here are files or folders. */
class EntryType {
	readonly #dir: boolean;

	constructor(dir: boolean) {
		this.#dir = dir;
	}
	isFile(): boolean {
		return !this.#dir;
	}
	isDirectory(): boolean {
		return this.#dir;
	}
	isSymbolicLink(): boolean {
		return false;
	}
	isFIFO(): boolean {
		return false;
	}
	isSocket(): boolean {
		return false;
	}
	isBlockDevice(): boolean {
		return false;
	}
	isCharacterDevice(): boolean {
		return false;
	}
}

/** Node's Stats for one entry. */
export class Stats extends EntryType {
	readonly dev = 1;
	readonly ino: number;
	readonly mode: number;
	readonly nlink = 1;
	readonly uid = 1000;
	readonly gid = 1000;
	readonly rdev = 0;
	readonly size: number;
	readonly blksize = 4096;
	readonly blocks: number;
	readonly atimeMs: number;
	readonly mtimeMs: number;
	readonly ctimeMs: number;
	readonly birthtimeMs: number;
	readonly atime: Date;
	readonly mtime: Date;
	readonly ctime: Date;
	readonly birthtime: Date;

	constructor(entry: Entry, ino: number) {
		super(entry.type === 'dir');
		this.ino = ino;
		this.mode = entry.type === 'dir' ? 0o040755 : 0o100644;
		this.size = entry.type === 'file' ? entry.data.length : 4096;
		this.blocks = Math.ceil(this.size / 512);
		this.atimeMs = this.mtimeMs = this.ctimeMs = entry.mtimeMs;
		this.birthtimeMs = entry.birthtimeMs;
		this.atime = this.mtime = this.ctime = new Date(entry.mtimeMs);
		this.birthtime = new Date(entry.birthtimeMs);
	}
}

/** Node's Dirent, for readdir's withFileTypes. */
export class Dirent extends EntryType {
	readonly name: string;
	readonly parentPath: string;
	readonly path: string;

	constructor(name: string, parent: string, dir: boolean) {
		super(dir);
		this.name = name;
		this.parentPath = this.path = parent;
	}
}

// Named as in Node, for console.log (minified builds rename classes).
Object.defineProperty(Stats, 'name', { value: 'Stats' });
Object.defineProperty(Dirent, 'name', { value: 'Dirent' });
