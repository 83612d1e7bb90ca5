// The worker's copy of the workspace: an in-memory tree under /workspace that Node's synchronous
// fs can read at once. Workspace changes come in through apply() and are never reported back;
// what the program changes is marked dirty, and takeChanges() reads each dirty path's *current*
// state, so a file written a thousand times between two reports is reported once.
import type { FileOp } from './api.ts';
import { FsError } from './errors.ts';

/** Where the workspace lives inside the runtime (the program's cwd is under it). */
export const WORKSPACE_ROOT = '/workspace';

/** A file or folder in the tree. */
export type Entry =
	| { type: 'file'; data: Uint8Array; mtimeMs: number; birthtimeMs: number }
	| { type: 'dir'; mtimeMs: number; birthtimeMs: number };

/** Options of a MemoryFs. */
export interface MemoryFsOptions {
	/** Files larger than this are reported as 'too-large' instead of sent. */
	maxFileBytes: number;
	/** Called on every change the program makes (to schedule a report). */
	changed?: () => void;
}

/** An in-memory POSIX tree with change tracking for the part under WORKSPACE_ROOT. */
export class MemoryFs {
	readonly #entries = new Map<string, Entry>();
	readonly #dirty = new Set<string>();
	readonly #options: MemoryFsOptions;

	constructor(options: MemoryFsOptions) {
		this.#options = options;
		for (const dir of ['/', '/tmp', WORKSPACE_ROOT]) this.#entries.set(dir, newDir());
	}

	/** Applies workspace changes (workspace-relative ops) without reporting them back. */
	apply(ops: readonly FileOp[]): void {
		for (const op of ops) {
			const path = `${WORKSPACE_ROOT}/${op.path}`;
			if (op.op === 'remove') this.#removeTree(path);
			else if (op.op === 'mkdir') {
				if (this.#entries.get(path)?.type === 'file') this.#entries.delete(path);
				this.#mkdirs(path);
			} else if (op.op === 'write') {
				if (this.#entries.get(path)?.type === 'dir') this.#removeTree(path);
				this.#mkdirs(parentOf(path));
				this.#entries.set(path, newFile(op.data));
			}
		}
	}

	/** The program's changes since the last call, workspace-relative, in an order that applies cleanly. */
	takeChanges(): FileOp[] {
		if (this.#dirty.size === 0) return [];
		const paths = [...this.#dirty].sort();
		this.#dirty.clear();
		const ops: FileOp[] = [];
		for (const path of paths) {
			const relative = path.slice(WORKSPACE_ROOT.length + 1);
			const entry = this.#entries.get(path);
			if (!entry) ops.push({ op: 'remove', path: relative });
			else if (entry.type === 'dir') ops.push({ op: 'mkdir', path: relative });
			else if (entry.data.length > this.#options.maxFileBytes)
				ops.push({ op: 'too-large', path: relative, size: entry.data.length });
			else ops.push({ op: 'write', path: relative, data: entry.data.slice() });
		}
		const order = { remove: 0, mkdir: 1, write: 2, 'too-large': 2 } as const;
		return ops.sort((a, b) => order[a.op] - order[b.op]);
	}

	/** The entry at an absolute, normalised path, or undefined. */
	get(path: string): Entry | undefined {
		return this.#entries.get(path);
	}

	/** The names in a folder, sorted; throws ENOENT or ENOTDIR. */
	list(path: string, syscall = 'scandir'): string[] {
		const entry = this.#entries.get(path);
		if (!entry) throw new FsError('ENOENT', syscall, path);
		if (entry.type !== 'dir') throw new FsError('ENOTDIR', syscall, path);
		const prefix = path === '/' ? '/' : `${path}/`;
		const names: string[] = [];
		for (const key of this.#entries.keys()) {
			if (key.startsWith(prefix) && key !== '/' && !key.slice(prefix.length).includes('/')) {
				names.push(key.slice(prefix.length));
			}
		}
		return names.sort();
	}

	/** Reads a file's bytes; throws ENOENT or EISDIR. */
	read(path: string, syscall = 'open'): Uint8Array {
		const entry = this.#entries.get(path);
		if (!entry) throw new FsError('ENOENT', syscall, path);
		if (entry.type === 'dir') throw new FsError('EISDIR', 'read', path);
		return entry.data;
	}

	/** Creates or replaces a file; the parent folder must exist. */
	write(path: string, data: Uint8Array, syscall = 'open'): void {
		const existing = this.#entries.get(path);
		if (existing?.type === 'dir') throw new FsError('EISDIR', syscall, path);
		this.#requireParent(path, syscall);
		if (existing) {
			existing.data = data;
			existing.mtimeMs = Date.now();
		} else this.#entries.set(path, newFile(data));
		this.#mark(path);
	}

	/** Creates a folder (and its parents when `recursive`); returns the first folder created. */
	mkdir(path: string, recursive: boolean): string | undefined {
		const existing = this.#entries.get(path);
		if (existing) {
			if (recursive && existing.type === 'dir') return undefined;
			throw new FsError('EEXIST', 'mkdir', path);
		}
		if (!recursive) {
			this.#requireParent(path, 'mkdir');
			this.#entries.set(path, newDir());
			this.#mark(path);
			return path;
		}
		const parent = parentOf(path);
		const parentEntry = this.#entries.get(parent);
		if (parentEntry?.type === 'file') throw new FsError('ENOTDIR', 'mkdir', path);
		const first = parentEntry ? path : this.mkdir(parent, true);
		this.#entries.set(path, newDir());
		this.#mark(path);
		return first;
	}

	/** Removes a file, or a folder (with its content when `recursive`). */
	remove(
		path: string,
		options: { recursive?: boolean; dirOnly?: boolean; fileOnly?: boolean }
	): void {
		const entry = this.#entries.get(path);
		const syscall = options.dirOnly ? 'rmdir' : options.fileOnly ? 'unlink' : 'rm';
		if (!entry) throw new FsError('ENOENT', syscall, path);
		if (path === '/' || path === WORKSPACE_ROOT) throw new FsError('EBUSY', syscall, path);
		if (entry.type === 'dir') {
			if (options.fileOnly) throw new FsError('EISDIR', syscall, path);
			if (!options.recursive && !options.dirOnly) throw new FsError('ERR_FS_EISDIR', syscall, path);
			if (!options.recursive && this.list(path).length > 0)
				throw new FsError('ENOTEMPTY', syscall, path);
		} else if (options.dirOnly) throw new FsError('ENOTDIR', syscall, path);
		this.#removeTree(path);
		this.#mark(path);
	}

	/** Moves a file or folder, replacing a file at the target. */
	rename(from: string, to: string): void {
		const entry = this.#entries.get(from);
		if (!entry) throw new FsError('ENOENT', 'rename', from, to);
		if (from === to) return;
		if (entry.type === 'dir' && to.startsWith(`${from}/`))
			throw new FsError('EINVAL', 'rename', from, to);
		const target = this.#entries.get(to);
		if (target?.type === 'dir' && (entry.type === 'file' || this.list(to).length > 0))
			throw new FsError(entry.type === 'file' ? 'EISDIR' : 'ENOTEMPTY', 'rename', from, to);
		this.#requireParent(to, 'rename');
		const moved: [string, Entry][] = [];
		for (const [key, value] of this.#entries) {
			if (key === from || key.startsWith(`${from}/`)) moved.push([key, value]);
		}
		this.#removeTree(to);
		for (const [key] of moved) this.#entries.delete(key);
		for (const [key, value] of moved) {
			const next = to + key.slice(from.length);
			this.#entries.set(next, value);
			this.#mark(next);
		}
		this.#mark(from);
	}

	#requireParent(path: string, syscall: string): void {
		const parent = this.#entries.get(parentOf(path));
		if (!parent) throw new FsError('ENOENT', syscall, path);
		if (parent.type !== 'dir') throw new FsError('ENOTDIR', syscall, path);
	}

	#mkdirs(path: string): void {
		for (let dir = path; !this.#entries.has(dir); dir = parentOf(dir)) {
			this.#entries.set(dir, newDir());
		}
	}

	#removeTree(path: string): void {
		for (const key of [...this.#entries.keys()]) {
			if (key === path || key.startsWith(`${path}/`)) this.#entries.delete(key);
		}
	}

	#mark(path: string): void {
		if (!path.startsWith(`${WORKSPACE_ROOT}/`)) return;
		this.#dirty.add(path);
		this.#options.changed?.();
	}
}

/** The folder holding an absolute path ('/' for top-level names). */
export function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash <= 0 ? '/' : path.slice(0, slash);
}

function newFile(data: Uint8Array): Entry {
	const now = Date.now();
	return { type: 'file', data, mtimeMs: now, birthtimeMs: now };
}

function newDir(): Entry {
	const now = Date.now();
	return { type: 'dir', mtimeMs: now, birthtimeMs: now };
}
