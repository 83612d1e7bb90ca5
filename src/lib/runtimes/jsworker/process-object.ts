// Node's `process` for one run: argv, env, cwd, exit and exitCode, stdout/stderr/stdin, nextTick,
// hrtime and the events programs listen to ('exit', 'uncaughtException'). Everything it does
// to the outside goes through the ProcessHost, so it has no transport of its own.
import { EventEmitter } from 'events';
import { Buffer } from 'buffer';
import type { EventLoop, Ref } from './event-loop.ts';
import type { StdinSource } from './stdin.ts';

/** The Node version the runtime imitates (what `process.version` says). */
export const NODE_VERSION = 'v24.9.0';

/** What the process object needs from the runtime. */
export interface ProcessHost {
	argv: string[];
	env: Record<string, string>;
	/** Absolute working directory, e.g. /workspace/src. */
	cwd: string;
	columns: number;
	rows: number;
	loop: EventLoop;
	stdin: StdinSource;
	write(kind: 'stdout' | 'stderr', text: string): void;
	/** Ends the program now with `code` (never returns). */
	exit(code: number): never;
	/** Resolves a path against the cwd and checks that it is a folder (for chdir). */
	chdir(path: string): string;
}

/** A writable stream that writes to the terminal: process.stdout or process.stderr. */
class TerminalStream extends EventEmitter {
	readonly fd: number;
	readonly isTTY = true;
	readonly writable = true;
	columns: number;
	rows: number;
	readonly #write: (text: string) => void;

	constructor(fd: number, write: (text: string) => void, columns: number, rows: number) {
		super();
		this.fd = fd;
		this.#write = write;
		this.columns = columns;
		this.rows = rows;
	}

	write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
		const done = typeof encoding === 'function' ? encoding : callback;
		this.#write(
			typeof chunk === 'string'
				? chunk
				: chunk instanceof Uint8Array
					? Buffer.from(chunk).toString(
							typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'
						)
					: String(chunk)
		);
		if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
		return true;
	}

	end(chunk?: unknown, ...rest: unknown[]): this {
		if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk, ...rest);
		return this;
	}

	getColorDepth(): number {
		return 1;
	}

	hasColors(): boolean {
		return false;
	}

	getWindowSize(): [number, number] {
		return [this.columns, this.rows];
	}

	cursorTo(x: number, y?: number | (() => void)): boolean {
		this.#write(typeof y === 'number' ? `\x1b[${y + 1};${x + 1}H` : `\x1b[${x + 1}G`);
		return true;
	}

	clearLine(): boolean {
		this.#write('\x1b[2K');
		return true;
	}
}

/** process.stdin: flowing 'data' events while someone listens, and async iteration. */
class StdinStream extends EventEmitter {
	readonly fd = 0;
	readonly isTTY = true;
	readonly readable = true;
	readonly #source: StdinSource;
	readonly #loop: EventLoop;
	#encoding: BufferEncoding | null = null;
	#flowing = false;
	#reading = false;
	#ended = false;
	#ref: Ref | null = null;

	constructor(source: StdinSource, loop: EventLoop) {
		super();
		this.#source = source;
		this.#loop = loop;
		this.on('newListener', (event: string) => {
			if (event === 'data' || event === 'readable') queueMicrotask(() => this.resume());
		});
	}

	setEncoding(encoding: BufferEncoding): this {
		this.#encoding = encoding;
		return this;
	}

	setRawMode(): this {
		return this;
	}

	resume(): this {
		if (this.#ended) return this;
		this.#flowing = true;
		this.#ref ??= this.#loop.ref();
		void this.#pump();
		return this;
	}

	pause(): this {
		this.#flowing = false;
		this.#ref?.release();
		this.#ref = null;
		return this;
	}

	unref(): this {
		return this.pause();
	}

	ref(): this {
		return this.resume();
	}

	destroy(): this {
		this.pause();
		this.#ended = true;
		return this;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<string | Buffer> {
		const ref = this.#loop.ref();
		try {
			for (let chunk = await this.#source.read(); chunk; chunk = await this.#source.read()) {
				yield this.#decode(chunk);
			}
		} finally {
			ref.release();
		}
	}

	async #pump(): Promise<void> {
		if (this.#reading) return;
		this.#reading = true;
		try {
			while (this.#flowing && !this.#ended) {
				const chunk = await this.#source.read();
				if (this.#loop.stopped) return;
				if (!chunk) {
					this.#ended = true;
					this.emit('end');
					this.emit('close');
					this.pause();
					return;
				}
				this.emit('data', this.#decode(chunk));
			}
		} finally {
			this.#reading = false;
		}
	}

	#decode(chunk: Uint8Array): string | Buffer {
		const buffer = Buffer.from(chunk);
		return this.#encoding ? buffer.toString(this.#encoding) : buffer;
	}
}

/** Creates `process` for one run. */
export function createProcess(host: ProcessHost): NodeJS.Process {
	const emitter = new EventEmitter();
	const started = performance.now();
	let cwd = host.cwd;
	const process = Object.assign(emitter, {
		title: 'node',
		version: NODE_VERSION,
		versions: { node: NODE_VERSION.slice(1), v8: '13.6', bytestorm: 'offline' },
		platform: 'linux',
		arch: 'x64',
		pid: 42,
		ppid: 1,
		execPath: '/usr/local/bin/node',
		execArgv: [] as string[],
		argv: host.argv,
		argv0: 'node',
		env: host.env,
		exitCode: undefined as number | undefined,
		release: { name: 'node' },
		config: {},
		features: {},
		stdout: new TerminalStream(1, (text) => host.write('stdout', text), host.columns, host.rows),
		stderr: new TerminalStream(2, (text) => host.write('stderr', text), host.columns, host.rows),
		stdin: new StdinStream(host.stdin, host.loop),
		cwd: () => cwd,
		chdir: (path: string) => {
			cwd = host.chdir(String(path));
		},
		exit: (code?: number | string) => {
			const exitCode = code === undefined ? Number(process.exitCode ?? 0) : Number(code) | 0;
			host.exit(exitCode);
		},
		abort: () => host.exit(134),
		kill: () => true,
		nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
			queueMicrotask(() => callback(...args));
		},
		hrtime: Object.assign(
			(previous?: [number, number]) => {
				const now = performance.now() + performance.timeOrigin;
				let seconds = Math.floor(now / 1000);
				let nanos = Math.floor((now % 1000) * 1e6);
				if (previous) {
					seconds -= previous[0];
					nanos -= previous[1];
					if (nanos < 0) {
						seconds--;
						nanos += 1e9;
					}
				}
				return [seconds, nanos];
			},
			{ bigint: () => BigInt(Math.floor((performance.now() + performance.timeOrigin) * 1e6)) }
		),
		uptime: () => (performance.now() - started) / 1000,
		memoryUsage: Object.assign(
			() => {
				const heap = (
					performance as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }
				).memory;
				const used = heap?.usedJSHeapSize ?? 0;
				return {
					rss: used,
					heapTotal: heap?.totalJSHeapSize ?? used,
					heapUsed: used,
					external: 0,
					arrayBuffers: 0
				};
			},
			{ rss: () => 0 }
		),
		cpuUsage: () => ({ user: Math.round((performance.now() - started) * 1000), system: 0 }),
		emitWarning: (warning: string | Error) => {
			const text =
				typeof warning === 'string' ? `Warning: ${warning}` : `${warning.name}: ${warning.message}`;
			host.write('stderr', `(node:42) ${text}\n`);
		},
		umask: () => 0o22,
		getuid: () => 1000,
		getgid: () => 1000,
		geteuid: () => 1000,
		binding: () => {
			throw new Error('process.binding is not available in the offline runtime.');
		}
	});
	return process as unknown as NodeJS.Process;
}
