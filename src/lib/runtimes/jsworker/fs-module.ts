// Node's `fs` and `fs/promises` over the worker's copy of the workspace (vfs.ts). The
// synchronous calls are the real ones; the callback and promise forms run them a task later, so
// a program sees Node's ordering (the callback never runs before the calling code has finished).
import { Buffer } from 'buffer';
import type { EventLoop } from './event-loop.ts';
import { FsError } from './errors.ts';
import { encodingOf, numericFlag, toBytes, toPath, type Options } from './fs-args.ts';
import { constants, Dirent, Stats } from './fs-stats.ts';
import { fileHandle, readStream, writeStream } from './fs-streams.ts';
import { nativeSetTimeout } from './native.ts';
import type { StdinSource } from './stdin.ts';
import type { MemoryFs } from './vfs.ts';

/** What fs needs besides the tree. */
export interface FsHost {
	vfs: MemoryFs;
	loop: EventLoop;
	stdin: StdinSource;
	cwd(): string;
	write(kind: 'stdout' | 'stderr', text: string): void;
}

interface OpenFile {
	path: string;
	position: number;
	append: boolean;
	write: boolean;
}

/** Creates the `fs` module (with `fs.promises`) for one run. */
export function createFs(host: FsHost): Record<string, unknown> {
	const { vfs } = host;
	const inodes = new Map<string, number>();
	const files = new Map<number, OpenFile>();
	let nextFd = 3;
	const abs = (path: unknown): string => resolveIn(host.cwd(), toPath(path));
	const ino = (path: string) => {
		if (!inodes.has(path)) inodes.set(path, inodes.size + 1);
		return inodes.get(path)!;
	};
	const stat = (path: unknown, options?: { throwIfNoEntry?: boolean }) => {
		const target = abs(path);
		const entry = vfs.get(target);
		if (!entry) {
			if (options?.throwIfNoEntry === false) return undefined;
			throw new FsError('ENOENT', 'stat', target);
		}
		return new Stats(entry, ino(target));
	};
	const readFileSync = (path: unknown, options?: Options) => {
		const encoding = encodingOf(options);
		const bytes =
			path === 0 || path === '/dev/stdin'
				? host.stdin.readAllSync()
				: (readFd(path) ?? vfs.read(abs(path)));
		const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
		return encoding ? buffer.toString(encoding) : Buffer.from(buffer);
	};
	const readFd = (path: unknown): Uint8Array | undefined => {
		if (typeof path !== 'number') return undefined;
		const file = files.get(path);
		if (!file) throw new FsError('EBADF', 'read', String(path));
		return vfs.read(file.path);
	};
	const writeFileSync = (path: unknown, data: unknown, options?: Options) => {
		const flag = typeof options === 'object' && options ? options.flag : undefined;
		if (path === 1 || path === 2)
			return void host.write(path === 1 ? 'stdout' : 'stderr', String(data));
		const target = typeof path === 'number' ? fdPath(path) : abs(path);
		const bytes = toBytes(data, encodingOf(options));
		if (flag?.startsWith('a')) return appendTo(target, bytes);
		if (flag?.includes('x') && vfs.get(target)) throw new FsError('EEXIST', 'open', target);
		vfs.write(target, bytes);
	};
	const appendTo = (target: string, bytes: Uint8Array) => {
		const existing = vfs.get(target);
		const before = existing?.type === 'file' ? existing.data : new Uint8Array(0);
		const joined = new Uint8Array(before.length + bytes.length);
		joined.set(before);
		joined.set(bytes, before.length);
		vfs.write(target, joined);
	};
	const fdPath = (fd: number) => {
		const file = files.get(fd);
		if (!file) throw new FsError('EBADF', 'write', String(fd));
		return file.path;
	};
	const readdirSync = (
		path: unknown,
		options?: { withFileTypes?: boolean; recursive?: boolean } | string
	) => {
		const target = abs(path);
		const withTypes = typeof options === 'object' && options.withFileTypes;
		const recursive = typeof options === 'object' && options.recursive;
		const out: (string | Dirent)[] = [];
		const walk = (dir: string, prefix: string) => {
			for (const name of vfs.list(dir)) {
				const full = `${dir === '/' ? '' : dir}/${name}`;
				const isDir = vfs.get(full)?.type === 'dir';
				out.push(withTypes ? new Dirent(name, dir, isDir) : prefix + name);
				if (recursive && isDir) walk(full, `${prefix}${name}/`);
			}
		};
		walk(target, '');
		return out;
	};
	const mkdirSync = (path: unknown, options?: { recursive?: boolean } | number) => {
		const recursive = typeof options === 'object' && Boolean(options.recursive);
		return vfs.mkdir(abs(path), recursive);
	};
	const rmSync = (path: unknown, options?: { recursive?: boolean; force?: boolean }) => {
		const target = abs(path);
		if (!vfs.get(target) && options?.force) return;
		vfs.remove(target, { recursive: options?.recursive });
	};
	const copyFileSync = (from: unknown, to: unknown, mode?: number) => {
		const target = abs(to);
		if (mode && mode & constants.COPYFILE_EXCL && vfs.get(target))
			throw new FsError('EEXIST', 'copyfile', abs(from), target);
		vfs.write(target, vfs.read(abs(from), 'copyfile').slice(), 'copyfile');
	};
	const cpSync = (from: unknown, to: unknown, options?: { recursive?: boolean }) => {
		const source = abs(from);
		const entry = vfs.get(source);
		if (!entry) throw new FsError('ENOENT', 'cp', source);
		const target = abs(to);
		if (entry.type === 'file') return vfs.write(target, entry.data.slice());
		if (!options?.recursive) throw new FsError('EISDIR', 'cp', source);
		vfs.mkdir(target, true);
		for (const name of vfs.list(source)) cpSync(`${source}/${name}`, `${target}/${name}`, options);
	};
	const openSync = (path: unknown, flags: string | number = 'r') => {
		const target = abs(path);
		const flag = typeof flags === 'number' ? numericFlag(flags) : flags;
		const exists = vfs.get(target);
		if (flag.includes('x') && exists) throw new FsError('EEXIST', 'open', target);
		if (flag.startsWith('r') && !exists) throw new FsError('ENOENT', 'open', target);
		if (exists?.type === 'dir' && flag !== 'r') throw new FsError('EISDIR', 'open', target);
		if (flag.startsWith('w') || (!exists && flag.startsWith('a')))
			vfs.write(target, new Uint8Array(0));
		const fd = nextFd++;
		files.set(fd, { path: target, position: 0, append: flag.startsWith('a'), write: flag !== 'r' });
		return fd;
	};
	const writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
		const encoding = typeof rest[1] === 'string' ? (rest[1] as BufferEncoding) : undefined;
		const bytes = toBytes(data, encoding);
		if (fd === 1 || fd === 2) {
			host.write(fd === 1 ? 'stdout' : 'stderr', Buffer.from(bytes).toString());
			return bytes.length;
		}
		const file = files.get(fd);
		if (!file?.write) throw new FsError('EBADF', 'write', String(fd));
		const current = vfs.read(file.path);
		const at = file.append ? current.length : file.position;
		const next = new Uint8Array(Math.max(current.length, at + bytes.length));
		next.set(current);
		next.set(bytes, at);
		vfs.write(file.path, next);
		file.position = at + bytes.length;
		return bytes.length;
	};
	const readSync = (
		fd: number,
		buffer: Uint8Array,
		offsetOrOptions?: unknown,
		length?: number,
		position?: number | null
	) => {
		const offset = typeof offsetOrOptions === 'number' ? offsetOrOptions : 0;
		const max = length ?? buffer.length - offset;
		if (fd === 0) {
			const chunk = host.stdin.readSync();
			if (!chunk) return 0;
			const count = Math.min(max, chunk.length);
			buffer.set(chunk.subarray(0, count), offset);
			return count;
		}
		const file = files.get(fd);
		if (!file) throw new FsError('EBADF', 'read', String(fd));
		const data = vfs.read(file.path);
		const from = typeof position === 'number' ? position : file.position;
		const count = Math.max(0, Math.min(max, data.length - from));
		buffer.set(data.subarray(from, from + count), offset);
		if (typeof position !== 'number') file.position = from + count;
		return count;
	};
	const sync: Record<string, (...args: never[]) => unknown> = {
		existsSync: (path: unknown) => {
			try {
				return vfs.get(abs(path)) !== undefined;
			} catch {
				return false;
			}
		},
		readFileSync,
		writeFileSync,
		appendFileSync: (path: unknown, data: unknown, options?: Options) => {
			if (typeof path === 'number') return writeSync(path, data);
			appendTo(abs(path), toBytes(data, encodingOf(options)));
		},
		readdirSync,
		mkdirSync,
		mkdtempSync: (prefix: string) => {
			const path = `${abs(prefix)}${Math.random().toString(36).slice(2, 8)}`;
			vfs.mkdir(path, false);
			return path;
		},
		statSync: stat,
		lstatSync: stat,
		fstatSync: (fd: number) => stat(fdPath(fd)),
		accessSync: (path: unknown) => {
			if (!vfs.get(abs(path))) throw new FsError('ENOENT', 'access', abs(path));
		},
		unlinkSync: (path: unknown) => vfs.remove(abs(path), { fileOnly: true }),
		rmdirSync: (path: unknown, options?: { recursive?: boolean }) =>
			vfs.remove(abs(path), { dirOnly: !options?.recursive, recursive: options?.recursive }),
		rmSync,
		renameSync: (from: unknown, to: unknown) => vfs.rename(abs(from), abs(to)),
		copyFileSync,
		cpSync,
		truncateSync: (path: unknown, length = 0) => {
			const target = abs(path);
			const data = vfs.read(target);
			const next = new Uint8Array(length);
			next.set(data.subarray(0, length));
			vfs.write(target, next);
		},
		realpathSync: (path: unknown) => {
			const target = abs(path);
			if (!vfs.get(target)) throw new FsError('ENOENT', 'realpath', target);
			return target;
		},
		openSync,
		closeSync: (fd: number) => {
			if (!files.delete(fd) && fd > 2) throw new FsError('EBADF', 'close', String(fd));
		},
		readSync,
		writeSync,
		fsyncSync: () => undefined,
		chmodSync: () => undefined,
		utimesSync: (path: unknown) => {
			const entry = vfs.get(abs(path));
			if (entry) entry.mtimeMs = Date.now();
		}
	};
	(sync.realpathSync as unknown as { native: unknown }).native = sync.realpathSync;
	const callbacks: Record<string, unknown> = {};
	const promises: Record<string, unknown> = { constants };
	for (const [name, fn] of Object.entries(sync)) {
		const base = name.slice(0, -4);
		if (!name.endsWith('Sync') || base === 'exists') continue;
		callbacks[base] = (...args: unknown[]) => {
			const callback =
				typeof args.at(-1) === 'function' ? (args.pop() as (...values: unknown[]) => void) : null;
			later(host.loop, () => {
				let result: unknown;
				try {
					result = (fn as (...values: unknown[]) => unknown)(...args);
				} catch (error) {
					return callback?.(error);
				}
				callback?.(null, result);
			});
		};
		promises[base] = (...args: unknown[]) =>
			new Promise((resolve, reject) =>
				later(host.loop, () => {
					try {
						resolve((fn as (...values: unknown[]) => unknown)(...args));
					} catch (error) {
						reject(error as Error);
					}
				})
			);
	}
	callbacks.exists = (path: unknown, callback: (exists: boolean) => void) =>
		later(host.loop, () => callback(sync.existsSync!(path as never) as boolean));
	promises.open = async (path: unknown, flags?: string) => fileHandle(openSync(path, flags), sync);
	const fs: Record<string, unknown> = {
		...sync,
		...callbacks,
		constants,
		...constants,
		Stats,
		Dirent,
		promises,
		createWriteStream: (path: unknown, options?: { flags?: string }) =>
			writeStream(host, abs(path), options?.flags ?? 'w', vfs),
		createReadStream: (path: unknown, options?: Options) =>
			readStream(host, readFileSync(path, options)),
		watch: () => {
			throw new FsError('EINVAL', 'watch', 'fs.watch is not available in the offline runtime');
		}
	};
	return fs;
}

/** Resolves `path` against `cwd` into a normalised absolute path. */
export function resolveIn(cwd: string, path: string): string {
	const parts: string[] = [];
	for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return `/${parts.join('/')}`;
}

/** Runs `work` a task later, keeping the program alive until it has. */
function later(loop: EventLoop, work: () => void): void {
	const ref = loop.ref();
	nativeSetTimeout(() => {
		if (loop.stopped) return;
		try {
			work();
		} finally {
			ref.release();
		}
	}, 0);
}
