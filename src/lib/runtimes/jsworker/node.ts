// The JavaScript worker's logic, with no transport: worker.ts exposes it over comlink, and the
// unit tests call it directly. A worker runs one program: boot mirrors the files in, run()
// installs Node's globals and runs the entry module, and the program ends when process.exit()
// is called or nothing keeps its event loop alive. The main thread then discards the worker.
import { Buffer } from 'buffer';
import { OutputBuffer } from '../pyodide/output.ts';
import { ChannelReader } from '../pyodide/channel.ts';
import type {
	FileOp,
	JsBootOptions,
	JsHttpRequest,
	JsHttpResponse,
	JsRunSpec,
	JsWorkerApi,
	JsWorkerEvents
} from './api.ts';
import { NODE_HELP, parseNodeArgs } from './argv.ts';
import { Builtins, isBuiltin } from './builtins.ts';
import { createConsole } from './console.ts';
import { ModuleNotFoundError, ProcessExit } from './errors.ts';
import { EventLoop, NodeTimeout } from './event-loop.ts';
import { createFetch } from './fetch-global.ts';
import { createFs, resolveIn } from './fs-module.ts';
import { createHttp, type HttpRuntime } from './http-module.ts';
import { HOST_KEY, ModuleLoader, prepareLoader } from './loader.ts';
import { nativeSetTimeout } from './native.ts';
import { createProcess, NODE_VERSION } from './process-object.ts';
import { describeUncaught } from './report.ts';
import { StdinSource } from './stdin.ts';
import { MemoryFs, parentOf, WORKSPACE_ROOT } from './vfs.ts';

/** How often files changed by a busy program are reported, at most. */
const FILE_REPORT_MS = 50;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs one Node program in this worker; implements the worker API without knowing about comlink. */
export class JsWorker implements JsWorkerApi {
	#vfs: MemoryFs | null = null;
	#events: JsWorkerEvents | null = null;
	#stdin = new StdinSource(null);
	#channel: SharedArrayBuffer | null = null;
	#output: OutputBuffer | null = null;
	#flushScheduled = false;
	#filesScheduled = false;
	#lastFileReport = 0;
	#ended = false;
	#started = false;
	/** The run's http module, once the program required it. */
	#http: HttpRuntime | null = null;

	async boot(options: JsBootOptions, events: JsWorkerEvents): Promise<void> {
		await prepareLoader();
		this.#events = events;
		this.#vfs = new MemoryFs({
			maxFileBytes: options.maxFileBytes,
			changed: () => this.#filesChanged()
		});
		this.#vfs.apply(options.files);
		this.#channel = options.channel;
		const reader = options.channel
			? new ChannelReader(options.channel, {
					beforeBlocking: () => this.#flushAll(),
					stdinWanted: () => events.stdinWanted(),
					// Ctrl+C replaces the worker; nothing in it needs to hear about it.
					interrupted: () => {}
				})
			: null;
		this.#stdin = new StdinSource(reader);
	}

	applyFiles(ops: FileOp[]): void {
		this.#vfs?.apply(ops);
	}

	stdin(text: string | null): void {
		this.#stdin.push(text === null ? null : encoder.encode(text));
	}

	request(server: number, request: JsHttpRequest): Promise<JsHttpResponse> {
		if (!this.#http || this.#ended)
			return Promise.reject(new Error('The program is not serving any more.'));
		return this.#http.dispatch(server, request);
	}

	run(spec: JsRunSpec): void {
		const vfs = this.#vfs;
		const events = this.#events;
		if (!vfs || !events)
			throw new Error('The JavaScript runtime has not started in this worker yet.');
		if (this.#started) throw new Error('This worker has run its program already.');
		this.#started = true;
		vfs.apply(spec.files);
		this.#output = new OutputBuffer((kind, text) => events.output(kind, text));
		const command = parseNodeArgs(spec.argv.slice(1));
		switch (command.kind) {
			case 'version':
				return this.#say('stdout', `${NODE_VERSION}\n`, 0);
			case 'help':
				return this.#say('stdout', NODE_HELP, 0);
			case 'repl':
				return this.#say(
					'stderr',
					'The interactive Node prompt is not available in the offline runtime: run a file (node app.js) or some code (node -e "console.log(1)").\n',
					1
				);
			case 'usage-error':
				return this.#say('stderr', command.message, 9);
			default:
				this.#program(spec, command);
		}
	}

	#program(
		spec: JsRunSpec,
		command:
			| { kind: 'file'; path: string; args: string[] }
			| { kind: 'eval'; code: string; print: boolean; args: string[] }
	): void {
		const vfs = this.#vfs!;
		let cwd = resolveIn(WORKSPACE_ROOT, spec.cwd);
		const write = (kind: 'stdout' | 'stderr', text: string) => this.#write(kind, text);
		const loop = new EventLoop(() => idle());
		let exitCode: number | null = null;
		const end = (code: number) => {
			if (exitCode !== null) return;
			exitCode = code;
			try {
				process.emit('exit', code);
			} catch {
				// An 'exit' listener that throws does not change the code.
			}
			this.#finish(loop, code);
		};
		const exit = (code: number): never => {
			end(code);
			// Nothing after process.exit() may run: block until the main thread ends the worker.
			if (this.#channel) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
			throw new ProcessExit(code);
		};
		const idle = () => {
			process.emit('beforeExit', Number(process.exitCode ?? 0));
			// A 'beforeExit' listener may have scheduled more work; the loop calls again when it is done.
			if (!loop.busy) end(Number(process.exitCode ?? 0));
		};
		const mainPath = command.kind === 'file' ? resolveIn(cwd, command.path) : `${cwd}/[eval]`;
		const process = createProcess({
			argv: [
				'/usr/local/bin/node',
				...(command.kind === 'file' ? [mainPath] : []),
				...command.args
			],
			env: {
				HOME: WORKSPACE_ROOT,
				PATH: '/usr/local/bin:/usr/bin:/bin',
				TERM: 'xterm-256color',
				...spec.env
			},
			cwd,
			columns: spec.columns,
			rows: spec.rows,
			loop,
			stdin: this.#stdin,
			write,
			exit,
			chdir: (path) => {
				const target = resolveIn(cwd, path);
				if (vfs.get(target)?.type !== 'dir') {
					const error = new Error(`ENOENT: no such file or directory, chdir ${cwd} -> '${path}'`);
					throw Object.assign(error, { code: 'ENOENT', syscall: 'chdir', path });
				}
				return (cwd = target);
			}
		});
		// Node's process events, without @types/node's overloads for them.
		const emitter = process as unknown as { emit(event: string, ...args: unknown[]): boolean };
		let crashing = false;
		const crash = (error: unknown) => {
			if (error instanceof ProcessExit || crashing || exitCode !== null) return;
			if (process.listenerCount('uncaughtException') > 0) {
				emitter.emit('uncaughtException', error, 'uncaughtException');
				return;
			}
			crashing = true;
			loop.stop();
			const context = {
				urls: loader.urls,
				prefixLengths: loader.prefixLengths,
				compileFailures: loader.compileFailures,
				esmSources: loader.esmSources,
				source: (path: string) => readText(vfs, path, loader.esmSources)
			};
			void describeUncaught(error, context).then(
				(text) => {
					this.#output?.write('stderr', encoder.encode(text));
					this.#finish(loop, 1);
				},
				() => this.#finish(loop, 1)
			);
		};
		const guard = (run: () => void) => {
			try {
				run();
			} catch (error) {
				crash(error);
			}
		};
		globalThis.addEventListener?.('error', (event) => {
			event.preventDefault();
			crash(event.error ?? new Error(event.message));
		});
		globalThis.addEventListener?.('unhandledrejection', (event) => {
			event.preventDefault();
			if (process.listenerCount('unhandledRejection') > 0)
				return void process.emit('unhandledRejection', event.reason, event.promise);
			crash(event.reason);
		});
		const timers = makeTimers(loop, guard);
		const console = createConsole(write);
		const http = () =>
			(this.#http ??= createHttp({
				loop,
				defer: (run) => void timers.setImmediate(run),
				guard,
				script: command.kind === 'file' ? mainPath.slice(WORKSPACE_ROOT.length + 1) : 'node -e',
				listening: (server) => {
					// What the program printed before listening shows before the preview's line.
					this.#output?.flush();
					this.#events?.listening(server);
				},
				closed: (id) => this.#events?.closed(id)
			})).module;
		const fs = createFs({ vfs, loop, stdin: this.#stdin, cwd: () => cwd, write });
		const loader: ModuleLoader = new ModuleLoader({
			vfs,
			isBuiltin,
			builtin: (name) => builtins.get(name),
			cwd: () => cwd
		});
		const builtins: Builtins = new Builtins({
			process,
			console,
			fs,
			timers,
			http,
			createRequire: (filename) =>
				loader.createRequire(
					filename instanceof URL
						? decodeURIComponent(filename.pathname)
						: String(filename).replace(/^file:\/\//, '')
				)
		});
		Object.assign(globalThis, {
			process,
			Buffer,
			global: globalThis,
			console,
			fetch: createFetch(globalThis.fetch.bind(globalThis)),
			...timers
		});
		(globalThis as Record<symbol, unknown>)[HOST_KEY] = {
			builtin: (name: string) => builtins.get(name),
			requireFile: (path: string) => loader.requireFile(path),
			import: (specifier: string, from: string) => loader.import(specifier, from),
			metaResolve: (specifier: string, from: string) => {
				const target = loader.resolve(specifier, parentOf(from), 'import', from);
				return target.startsWith('node:') ? target : `file://${target}`;
			}
		};
		guard(() => {
			if (command.kind === 'eval')
				return runEval(command.code, command.print, mainPath, loader, console);
			let entry: string;
			try {
				entry = loader.resolve(mainPath, cwd, 'require', mainPath);
			} catch (error) {
				if (!(error instanceof ModuleNotFoundError)) throw error;
				throw Object.assign(new Error(`Cannot find module '${mainPath}'`), {
					code: 'MODULE_NOT_FOUND',
					requireStack: []
				});
			}
			const done = loader.runMain(entry);
			if (done) {
				const ref = loop.ref();
				done.then(
					() => ref.release(),
					(error: unknown) => {
						crash(error);
						ref.release();
					}
				);
			}
		});
		loop.start();
	}

	/** Prints a message of the runtime's own and ends the run. */
	#say(kind: 'stdout' | 'stderr', text: string, code: number): void {
		this.#output!.write(kind, encoder.encode(text));
		this.#finish(null, code);
	}

	#write(kind: 'stdout' | 'stderr', text: string): void {
		const output = this.#output;
		if (!output || this.#ended) return;
		output.write(kind, encoder.encode(text));
		if (!this.#flushScheduled) {
			this.#flushScheduled = true;
			nativeSetTimeout(() => {
				this.#flushScheduled = false;
				this.#output?.flush();
			}, 4);
		}
	}

	#filesChanged(): void {
		if (this.#ended) return;
		// A program that never yields still shows its files, every FILE_REPORT_MS.
		if (performance.now() - this.#lastFileReport >= FILE_REPORT_MS) this.#reportFiles();
		if (this.#filesScheduled) return;
		this.#filesScheduled = true;
		nativeSetTimeout(() => {
			this.#filesScheduled = false;
			this.#reportFiles();
		}, 0);
	}

	#reportFiles(): void {
		this.#lastFileReport = performance.now();
		const ops = this.#vfs?.takeChanges() ?? [];
		if (ops.length === 0) return;
		// Output written before the files changed reaches the main thread first.
		this.#output?.flush();
		this.#events?.files(ops);
	}

	#flushAll(): void {
		this.#output?.flush();
		this.#reportFiles();
	}

	#finish(loop: EventLoop | null, code: number): void {
		if (this.#ended) return;
		loop?.stop();
		this.#output?.end();
		this.#reportFiles();
		this.#ended = true;
		this.#events?.exit(code);
	}
}

/** Node's timer globals on the run's event loop. */
function makeTimers(loop: EventLoop, guard: (run: () => void) => void) {
	const clear = (timer: unknown) => {
		if (timer instanceof NodeTimeout) timer.close();
		else if (typeof timer === 'number') loop.find(timer)?.close();
	};
	return {
		setTimeout: (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
			loop.timer(() => callback(...args), clamp(delay), false, guard),
		setInterval: (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
			loop.timer(() => callback(...args), clamp(delay), true, guard),
		setImmediate: (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
			loop.timer(() => callback(...args), 0, false, guard),
		clearTimeout: clear,
		clearInterval: clear,
		clearImmediate: clear
	};
}

function clamp(delay: unknown): number {
	const ms = Number(delay);
	return ms >= 1 && ms <= 2 ** 31 - 1 ? ms : 1;
}

/** `node -e` and `node -p`: the code runs in global scope with require, module and friends. */
function runEval(
	code: string,
	print: boolean,
	filename: string,
	loader: ModuleLoader,
	console: Console
): void {
	const module = { exports: {}, filename, id: '[eval]', loaded: false, children: [] };
	Object.assign(globalThis, {
		require: loader.createRequire(filename),
		module,
		exports: module.exports,
		__filename: '[eval]',
		__dirname: '.'
	});
	const result: unknown = (0, eval)(`${code}\n//# sourceURL=[eval]`);
	if (print) console.log(result);
}

function readText(
	vfs: MemoryFs,
	path: string,
	esm: ReadonlyMap<string, string>
): string | undefined {
	const entry = vfs.get(path);
	if (entry?.type === 'file') return decoder.decode(entry.data);
	return esm.get(path);
}
