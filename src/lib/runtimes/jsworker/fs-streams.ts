// fs's stream and FileHandle objects, small but with Node's events and ordering.
import type { Buffer } from 'buffer';
import { EventEmitter } from 'events';
import { toBytes, type Options } from './fs-args.ts';
import type { FsHost } from './fs-module.ts';
import { FsError } from './errors.ts';
import { nativeSetTimeout } from './native.ts';
import { parentOf, type MemoryFs } from './vfs.ts';

/** fs/promises' FileHandle over the sync calls on `fd`. */
export function fileHandle(fd: number, sync: Record<string, (...args: never[]) => unknown>) {
	const call = (name: string, ...args: unknown[]) =>
		Promise.resolve().then(() => (sync[name] as (...values: unknown[]) => unknown)(...args));
	return {
		fd,
		readFile: (options?: Options) => call('readFileSync', fd, options),
		writeFile: (data: unknown) => call('writeSync', fd, data),
		write: (data: unknown) =>
			call('writeSync', fd, data).then((bytesWritten) => ({ bytesWritten })),
		appendFile: (data: unknown) => call('writeSync', fd, data),
		stat: () => call('fstatSync', fd),
		close: () => call('closeSync', fd)
	};
}

/** A small fs.WriteStream: write/end, then 'finish' and 'close'. */
export function writeStream(host: FsHost, path: string, flags: string, vfs: MemoryFs) {
	const stream = new EventEmitter() as EventEmitter & Record<string, unknown>;
	if (!vfs.get(parentOf(path))) throw new FsError('ENOENT', 'open', path);
	if (!flags.startsWith('a') || !vfs.get(path)) vfs.write(path, new Uint8Array(0));
	const ref = host.loop.ref();
	let bytesWritten = 0;
	// Chunks written in one turn reach the file together: appending each one by copying the
	// file would make a loop of many small writes quadratic.
	let pending: Uint8Array[] = [];
	const flush = () => {
		if (pending.length === 0) return;
		const chunks = [vfs.read(path), ...pending];
		pending = [];
		const next = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
		let at = 0;
		for (const chunk of chunks) {
			next.set(chunk, at);
			at += chunk.length;
		}
		vfs.write(path, next);
	};
	const write = (chunk: unknown, encoding?: unknown) => {
		const bytes = toBytes(
			chunk,
			typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined
		);
		if (pending.length === 0) queueMicrotask(flush);
		pending.push(bytes);
		bytesWritten += bytes.length;
		return true;
	};
	Object.assign(stream, {
		path,
		get bytesWritten() {
			return bytesWritten;
		},
		write: (chunk: unknown, encoding?: unknown, callback?: unknown) => {
			write(chunk, encoding);
			const done = typeof encoding === 'function' ? encoding : callback;
			if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
			return true;
		},
		end: (chunk?: unknown, encoding?: unknown, callback?: unknown) => {
			if (chunk !== undefined && typeof chunk !== 'function') write(chunk, encoding);
			flush();
			const done = [chunk, encoding, callback].find((value) => typeof value === 'function');
			nativeSetTimeout(() => {
				stream.emit('finish');
				stream.emit('close');
				if (typeof done === 'function') (done as () => void)();
				ref.release();
			}, 0);
			return stream;
		}
	});
	queueMicrotask(() => stream.emit('open'));
	return stream;
}

/** A small fs.ReadStream: the whole content as one 'data' event, then 'end'. */
export function readStream(host: FsHost, content: string | Buffer) {
	const stream = new EventEmitter() as EventEmitter & Record<string, unknown>;
	const ref = host.loop.ref();
	nativeSetTimeout(() => {
		if (content.length > 0) stream.emit('data', content);
		stream.emit('end');
		stream.emit('close');
		ref.release();
	}, 0);
	stream.pipe = (target: { write(chunk: unknown): void; end?(): void }) => {
		stream.on('data', (chunk) => target.write(chunk));
		stream.on('end', () => target.end?.());
		return target;
	};
	stream.setEncoding = () => stream;
	return stream;
}
