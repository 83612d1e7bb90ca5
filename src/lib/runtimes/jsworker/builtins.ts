// The Node modules the offline runtime provides, made on first require for each run, and the
// Node modules it knows but leaves out: those fail with a sentence naming the module and the
// runtime that has it, never with "Cannot find module".
import { Buffer, constants as bufferConstants, kMaxLength } from 'buffer';
import EventEmitter, { once, on } from 'events';
import path from 'path-browserify';
import { createAssert } from './assert-module.ts';
import { UnsupportedModuleError } from './errors.ts';
import { createReadline } from './readline-module.ts';
import { createUrl } from './url-module.ts';
import { createUtil } from './util-module.ts';

/** What the builtins are made from, for one run. */
export interface BuiltinSources {
	process: NodeJS.Process;
	console: Console;
	fs: Record<string, unknown>;
	timers: Record<string, (...args: never[]) => unknown>;
	createRequire(filename: string | URL): unknown;
	/** The run's `http` module (its servers serve the preview). */
	http(): Record<string, unknown>;
}

/** Node builtins with no offline version: each says why, and where to run instead. */
const unsupported: Readonly<Record<string, string>> = {
	child_process: "the 'child_process' module (programs cannot start other programs in the browser)",
	cluster: "the 'cluster' module",
	crypto: "the 'crypto' module",
	dgram: "the 'dgram' module (no network sockets in the browser)",
	diagnostics_channel: "the 'diagnostics_channel' module",
	dns: "the 'dns' module (no network sockets in the browser)",
	domain: "the 'domain' module",
	http2: "the 'http2' module",
	https: "the 'https' module (a server on the preview speaks plain http: use the 'http' module)",
	inspector: "the 'inspector' module",
	net: "the 'net' module (no network sockets in the browser)",
	repl: "the 'repl' module",
	sqlite: "the 'sqlite' module",
	stream: "the 'stream' module yet",
	'stream/promises': "the 'stream/promises' module yet",
	test: "the 'node:test' module",
	tls: "the 'tls' module",
	trace_events: "the 'trace_events' module",
	v8: "the 'v8' module",
	vm: "the 'vm' module",
	wasi: "the 'wasi' module",
	worker_threads: "the 'worker_threads' module",
	zlib: "the 'zlib' module",
	async_hooks: "the 'async_hooks' module"
};

const makers: Readonly<Record<string, (sources: BuiltinSources) => unknown>> = {
	assert: () => createAssert(false),
	'assert/strict': () => createAssert(true),
	buffer: () => ({
		Buffer,
		constants: bufferConstants,
		kMaxLength,
		Blob,
		atob,
		btoa,
		File: globalThis.File
	}),
	console: (sources) => sources.console,
	events: () => Object.assign(EventEmitter, { EventEmitter, once, on, default: EventEmitter }),
	fs: (sources) => sources.fs,
	http: (sources) => sources.http(),
	'fs/promises': (sources) => sources.fs.promises,
	module: (sources) => ({
		createRequire: sources.createRequire,
		builtinModules: builtinNames(),
		isBuiltin: (name: string) => isBuiltin(name.replace(/^node:/, ''))
	}),
	os: () => ({
		EOL: '\n',
		platform: () => 'linux',
		type: () => 'Linux',
		arch: () => 'x64',
		release: () => 'bytestorm',
		hostname: () => 'bytestorm',
		homedir: () => '/workspace',
		tmpdir: () => '/tmp',
		userInfo: () => ({
			username: 'user',
			uid: 1000,
			gid: 1000,
			shell: null,
			homedir: '/workspace'
		}),
		cpus: () =>
			Array.from({ length: navigator.hardwareConcurrency || 1 }, () => ({
				model: 'browser',
				speed: 0,
				times: {}
			})),
		availableParallelism: () => navigator.hardwareConcurrency || 1,
		totalmem: () => 2 ** 31,
		freemem: () => 2 ** 30,
		uptime: () => Math.round(performance.now() / 1000),
		loadavg: () => [0, 0, 0],
		networkInterfaces: () => ({}),
		endianness: () => 'LE',
		constants: { signals: { SIGINT: 2, SIGTERM: 15, SIGKILL: 9 } }
	}),
	path: () => pathModule(),
	'path/posix': () => pathModule(),
	perf_hooks: () => ({ performance }),
	process: (sources) => sources.process,
	punycode: () => ({ toASCII: (domain: string) => new URL(`http://${domain}`).hostname }),
	querystring: () => ({
		parse: (text: string) => Object.fromEntries(new URLSearchParams(text)),
		stringify: (value: Record<string, string>) => new URLSearchParams(value).toString(),
		escape: encodeURIComponent,
		unescape: decodeURIComponent
	}),
	readline: () => createReadline(false),
	'readline/promises': () => createReadline(true),
	string_decoder: () => ({ StringDecoder }),
	timers: (sources) => sources.timers,
	'timers/promises': (sources) => ({
		setTimeout: (delay: number, value?: unknown) =>
			new Promise((resolve) =>
				sources.timers.setTimeout!((() => resolve(value)) as never, delay as never)
			),
		setImmediate: (value?: unknown) =>
			new Promise((resolve) => sources.timers.setImmediate!((() => resolve(value)) as never)),
		setInterval: async function* (delay: number, value?: unknown) {
			for (;;) {
				await new Promise((resolve) =>
					sources.timers.setTimeout!(resolve as never, delay as never)
				);
				yield value;
			}
		},
		scheduler: {
			wait: (delay: number) =>
				new Promise((resolve) => sources.timers.setTimeout!(resolve as never, delay as never)),
			yield: () => new Promise((resolve) => sources.timers.setImmediate!(resolve as never))
		}
	}),
	tty: () => ({ isatty: (fd: number) => fd >= 0 && fd <= 2 }),
	url: () => createUrl(),
	util: () => createUtil(),
	'util/types': () => createUtil().types
};

/** True for every Node builtin name the runtime knows, provided or not. */
export function isBuiltin(name: string): boolean {
	return Object.hasOwn(makers, name) || Object.hasOwn(unsupported, name);
}

/** The names of Node's builtins, as `module.builtinModules` lists them. */
export function builtinNames(): string[] {
	return [...Object.keys(makers), ...Object.keys(unsupported)].sort();
}

/** One run's builtins, each made on first use and then shared, as in Node. */
export class Builtins {
	readonly #sources: BuiltinSources;
	readonly #made = new Map<string, unknown>();

	constructor(sources: BuiltinSources) {
		this.#sources = sources;
	}

	/** The module's exports; throws UnsupportedModuleError for the ones left out. */
	get(name: string): unknown {
		if (this.#made.has(name)) return this.#made.get(name);
		const make = Object.hasOwn(makers, name) ? makers[name] : undefined;
		if (!make) throw new UnsupportedModuleError(name, unsupported[name]);
		const made = make(this.#sources);
		this.#made.set(name, made);
		return made;
	}
}

function pathModule(): typeof path {
	return Object.assign(path, { posix: path, default: path });
}

/** Node's StringDecoder: completes multi-byte characters split across chunks. */
class StringDecoder {
	readonly encoding: string;
	readonly #decoder: TextDecoder | null;

	constructor(encoding = 'utf8') {
		this.encoding = encoding;
		this.#decoder = /^utf-?8$/i.test(encoding) ? new TextDecoder() : null;
	}

	write(chunk: Uint8Array): string {
		return this.#decoder
			? this.#decoder.decode(chunk, { stream: true })
			: Buffer.from(chunk).toString(this.encoding as BufferEncoding);
	}

	end(chunk?: Uint8Array): string {
		return (chunk ? this.write(chunk) : '') + (this.#decoder?.decode() ?? '');
	}
}
