// The worker's half of the file sync: the workspace mirrored into Emscripten's file system under
// one root, and what programs do there reported back. Emscripten's FS.trackingDelegate is not
// in every build, so the FS functions that programs reach through syscalls are wrapped instead.
// A wrapper only marks the path dirty; flush() reads each dirty path's current state, so a file
// written a thousand times between two flushes is reported once, with its final content.
import type { FileOp } from './api.ts';

/** The part of Emscripten's FS this module uses. */
export interface EmscriptenFs {
	open(path: string, flags: number | string, mode?: number): EmscriptenStream;
	close(stream: EmscriptenStream): void;
	unlink(path: string): void;
	rename(from: string, to: string): void;
	mkdir(path: string, mode?: number): unknown;
	rmdir(path: string): void;
	truncate(path: string | object, length: number): void;
	ftruncate(fd: number, length: number): void;
	getStream(fd: number): EmscriptenStream | null | undefined;
	stat(path: string): { mode: number; size: number };
	isDir(mode: number): boolean;
	isFile(mode: number): boolean;
	readdir(path: string): string[];
	readFile(path: string): Uint8Array;
	writeFile(path: string, data: Uint8Array): void;
	mkdirTree(path: string): void;
	cwd(): string;
	streams: (EmscriptenStream | null | undefined)[];
}

/** An open file in Emscripten's FS. */
export interface EmscriptenStream {
	path?: string;
	flags: number;
}

const O_ACCMODE = 3; // O_WRONLY is 1, O_RDWR is 2

/** Options of an FsMirror. */
export interface FsMirrorOptions {
	/** Receives the program's changes, workspace-relative. */
	send(ops: FileOp[]): void;
	/** Files larger than this are reported as 'too-large' instead of read. */
	maxFileBytes: number;
	/** Shortest time between two automatic flushes from poll() (default 20 ms). */
	intervalMs?: number;
}

/** Mirrors workspace files into the FS under `root` and reports what programs change there. */
export class FsMirror {
	readonly #fs: EmscriptenFs;
	readonly #root: string;
	readonly #options: FsMirrorOptions;
	readonly #dirty = new Set<string>();
	/** Folders that arrived by rename: their whole content is new at the target. */
	readonly #moved = new Set<string>();
	#applying = false;
	#lastFlush = 0;

	constructor(fs: EmscriptenFs, root: string, options: FsMirrorOptions) {
		this.#fs = fs;
		this.#root = root.replace(/\/+$/, '');
		this.#options = options;
		fs.mkdirTree(this.#root);
		this.#hook();
	}

	/** Applies workspace changes to the FS, without reporting them back as program writes. */
	apply(ops: FileOp[]): void {
		this.#applying = true;
		try {
			for (const op of ops) this.#applyOne(op);
		} finally {
			this.#applying = false;
		}
	}

	/** Reports changes if some are pending and the last report is `intervalMs` old. */
	poll(): void {
		if (this.#dirty.size === 0) return;
		if (performance.now() - this.#lastFlush >= (this.#options.intervalMs ?? 20)) this.flush();
	}

	/** Reports every pending change now. */
	flush(): void {
		this.#lastFlush = performance.now();
		if (this.#dirty.size === 0) return;
		const paths = [...this.#dirty].sort();
		this.#dirty.clear();
		const ops = new Map<string, FileOp>();
		for (const path of paths) this.#collect(path, ops);
		this.#moved.clear();
		// Removals first, then folders parents first, then files: each op finds its parent ready.
		const order = { remove: 0, mkdir: 1, write: 2, 'too-large': 2 } as const;
		const sorted = [...ops.values()].sort(
			(a, b) => order[a.op] - order[b.op] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
		);
		if (sorted.length > 0) this.#options.send(sorted);
	}

	/** Marks files still open for writing (a program may end without closing them), then flushes. */
	finish(): void {
		for (const stream of this.#fs.streams) {
			if (stream?.path && (stream.flags & O_ACCMODE) !== 0) this.#mark(stream.path);
		}
		this.flush();
	}

	#hook(): void {
		const fs = this.#fs;
		const { open, close, unlink, rename, mkdir, rmdir, truncate, ftruncate } = fs;
		// Each wrapper runs the operation first, then marks what it changed, then gives poll() a
		// chance: a program that writes a file and then blocks in C still gets it reported.
		const mark = (...paths: unknown[]) => {
			if (this.#applying) return;
			for (const path of paths) if (typeof path === 'string') this.#mark(path);
			this.poll();
		};
		fs.open = (path, flags, mode) => {
			const stream = open.call(fs, path, flags, mode);
			if (writes(flags)) mark(stream.path ?? path);
			return stream;
		};
		fs.close = (stream) => {
			const path = stream.path;
			close.call(fs, stream);
			if ((stream.flags & O_ACCMODE) !== 0) mark(path);
		};
		fs.unlink = (path) => (unlink.call(fs, path), mark(path));
		fs.rmdir = (path) => (rmdir.call(fs, path), mark(path));
		fs.mkdir = (path, mode) => {
			const node = mkdir.call(fs, path, mode);
			mark(path);
			return node;
		};
		fs.rename = (from, to) => {
			rename.call(fs, from, to);
			const target = this.#applying ? null : this.#relative(to);
			// Before marking: a flush must see the target as moved, to report what it holds.
			if (target !== null) this.#moved.add(target);
			mark(from, to);
		};
		fs.truncate = (path, length) => (truncate.call(fs, path, length), mark(path));
		fs.ftruncate = (fd, length) => (ftruncate.call(fs, fd, length), mark(fs.getStream(fd)?.path));
	}

	#mark(path: string): void {
		const relative = this.#relative(path);
		if (relative !== null) this.#dirty.add(relative);
	}

	/** The workspace path for an FS path under the root; null outside it and for bytecode caches. */
	#relative(path: string): string | null {
		const absolute = resolvePath(path.startsWith('/') ? path : `${this.#fs.cwd()}/${path}`);
		if (!absolute.startsWith(`${this.#root}/`)) return null;
		const relative = absolute.slice(this.#root.length + 1);
		return relative.split('/').includes('__pycache__') ? null : relative;
	}

	#collect(path: string, ops: Map<string, FileOp>): void {
		const absolute = `${this.#root}/${path}`;
		let mode: number;
		let size: number;
		try {
			({ mode, size } = this.#fs.stat(absolute));
		} catch {
			ops.set(path, { op: 'remove', path });
			return;
		}
		if (this.#fs.isFile(mode)) {
			const max = this.#options.maxFileBytes;
			ops.set(
				path,
				size > max
					? { op: 'too-large', path, size }
					: { op: 'write', path, data: this.#fs.readFile(absolute) }
			);
		} else if (this.#fs.isDir(mode)) {
			ops.set(path, { op: 'mkdir', path });
			if (this.#moved.has(path)) {
				for (const name of this.#fs.readdir(absolute)) {
					if (name === '.' || name === '..' || name === '__pycache__') continue;
					this.#moved.add(`${path}/${name}`);
					this.#collect(`${path}/${name}`, ops);
				}
			}
		}
	}

	#applyOne(op: FileOp): void {
		const fs = this.#fs;
		const absolute = `${this.#root}/${op.path}`;
		const current = statOrNull(fs, absolute);
		if (op.op === 'remove') {
			if (current) removeTree(fs, absolute);
		} else if (op.op === 'mkdir') {
			if (current && !fs.isDir(current.mode)) removeTree(fs, absolute);
			fs.mkdirTree(absolute);
		} else if (op.op === 'write') {
			if (current && fs.isDir(current.mode)) removeTree(fs, absolute);
			fs.mkdirTree(absolute.slice(0, absolute.lastIndexOf('/')));
			fs.writeFile(absolute, op.data);
		}
	}
}

/** True for open flags that can change a file (write access, create or truncate). */
function writes(flags: number | string): boolean {
	if (typeof flags === 'string') return flags !== 'r';
	const O_CREAT = 0o100;
	const O_TRUNC = 0o1000;
	return (flags & O_ACCMODE) !== 0 || (flags & (O_CREAT | O_TRUNC)) !== 0;
}

/** Collapses `.`, `..` and repeated slashes in an absolute path. */
function resolvePath(path: string): string {
	const parts: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return `/${parts.join('/')}`;
}

function statOrNull(fs: EmscriptenFs, path: string): { mode: number } | null {
	try {
		return fs.stat(path);
	} catch {
		return null;
	}
}

function removeTree(fs: EmscriptenFs, path: string): void {
	const { mode } = fs.stat(path);
	if (!fs.isDir(mode)) return fs.unlink(path);
	for (const name of fs.readdir(path)) {
		if (name !== '.' && name !== '..') removeTree(fs, `${path}/${name}`);
	}
	fs.rmdir(path);
}
