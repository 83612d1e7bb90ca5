// The offline JavaScript backend on the main thread. Every `node` run gets a fresh worker, as
// every Node process gets a fresh heap: a spare worker boots with the workspace's files while the
// previous run ends (or while the page opens), so a run only sends the edits made since, and
// starts at once. Ctrl+C, a crash or running out of memory cost only that worker; the files live
// in the workspace.
import * as Comlink from 'comlink';
import type { FileSystem } from '#lib/workspace/index.ts';
import { RuntimeStartError } from '../errors.ts';
import { ChannelWriter, createChannelBuffer } from '../pyodide/channel.ts';
import { WorkspaceSync } from '../pyodide/sync.ts';
import type {
	Process,
	RunRequest,
	Runtime,
	RuntimeFactory,
	RuntimeState,
	Signal
} from '../types.ts';
import type { FileOp, JsWorkerApi, JsWorkerEvents } from './api.ts';
import { JSWORKER_COMMANDS } from './argv.ts';
import { markRun } from './crash-marker.ts';
import { NodeProcess, SIGNAL_EXIT_CODES } from './process.ts';
import { RunServers, type RunEnd } from './preview-servers.ts';

/** One worker, booted (or booting) with the workspace's files, good for one run. */
interface Engine {
	readonly worker: Worker;
	readonly api: Comlink.Remote<JsWorkerApi>;
	readonly channel: ChannelWriter | null;
	readonly ready: Promise<void>;
	/** Rejects when the worker dies (a crash, out of memory) or its script does not load. */
	readonly died: Promise<never>;
	/** Receives the worker's reports for the run it is given. */
	process: NodeProcess | null;
	/** The run's http servers on the preview. */
	servers: RunServers | null;
}

let nextPid = 1;

/** `node` in a Web Worker, on one workspace's files. */
export class JsWorkerRuntime implements Runtime {
	readonly id = 'jsworker' as const;
	readonly commands: readonly string[] = JSWORKER_COMMANDS;
	readonly #fs: FileSystem;
	readonly #sync: WorkspaceSync;
	readonly #stateListeners = new Set<(state: RuntimeState) => void>();
	readonly #queue: NodeProcess[] = [];
	#state: RuntimeState = { state: 'idle' };
	#spare: Engine | null = null;
	#running: { process: NodeProcess; engine: Engine } | null = null;
	#current: NodeProcess | null = null;
	#disposed = false;
	/** Ends the "server stopped" page a crashed server left on the preview. */
	#clearStopped = () => {};

	constructor(fs: FileSystem) {
		this.#fs = fs;
		this.#sync = new WorkspaceSync(fs, {
			notice: (text) => this.#running?.process.notice(text),
			writer: 'Node'
		});
	}

	get state(): RuntimeState {
		return this.#state;
	}

	onState(listener: (state: RuntimeState) => void): () => void {
		this.#stateListeners.add(listener);
		return () => this.#stateListeners.delete(listener);
	}

	async warmUp(): Promise<void> {
		if (this.#running || this.#disposed) return;
		await this.#ensureSpare().ready;
	}

	async run(request: RunRequest): Promise<Process> {
		if (this.#disposed) throw new RuntimeStartError('Node was shut down with its workspace.');
		const process = new NodeProcess(nextPid++, request, (target, signal) =>
			this.#kill(target, signal)
		);
		if (this.#current || this.#queue.length > 0) {
			process.notice('Waiting for the Node program that is already running to finish.');
		}
		this.#queue.push(process);
		this.#pump();
		return process;
	}

	dispose(): void {
		if (this.#disposed) return;
		this.#disposed = true;
		const ended = [...this.#queue, ...(this.#current ? [this.#current] : [])];
		this.#queue.length = 0;
		this.#running?.engine.worker.terminate();
		this.#spare?.worker.terminate();
		this.#running = this.#spare = null;
		for (const process of ended) {
			process.notice('Node was shut down with its workspace.');
			process.finish(SIGNAL_EXIT_CODES.SIGKILL);
		}
		this.#clearStopped();
		this.#sync.destroy();
		this.#stateListeners.clear();
		this.#state = { state: 'idle' };
	}

	#pump(): void {
		if (this.#current || this.#disposed) return;
		const process = this.#queue.shift();
		if (!process) return;
		this.#current = process;
		void this.#execute(process);
	}

	async #execute(process: NodeProcess): Promise<void> {
		let engine: Engine | null = null;
		const unmark = markRun(process.request.argv);
		try {
			engine = this.#ensureSpare();
			this.#spare = null;
			engine.process = process;
			// A new run takes the preview back from the server the last one left stopped.
			this.#clearStopped();
			this.#clearStopped = () => {};
			const api = engine.api;
			engine.servers = new RunServers(this.#fs, {
				request: (id, request) => api.request(id, request),
				notice: (text) => process.notice(text)
			});
			this.#running = { process, engine };
			this.#refreshState();
			await Promise.race([engine.ready, engine.died]);
			if (process.ended) return;
			const { argv, cwd = '', env = {} } = process.request;
			const files = this.#sync.takeChanges();
			engine.channel?.reset(process.columns, process.rows);
			process.attach(
				engine.channel ? { channel: engine.channel } : { send: (text) => void api.stdin(text) }
			);
			const spec = { argv, cwd, env, columns: process.columns, rows: process.rows, files };
			void api.run(transferable(spec)).catch(() => {});
			await Promise.race([process.exit, engine.died]);
		} catch (error) {
			if (!process.ended) {
				process.notice(
					engine && this.#running?.engine === engine
						? `Node stopped working (${describe(error)}); your files are safe.`
						: describe(error)
				);
				if (engine) this.#endServers(engine, { kind: 'exit', code: 1 });
				process.finish(1);
			}
		} finally {
			unmark();
			if (engine) this.#endServers(engine, { kind: 'exit', code: 1 });
			engine?.worker.terminate();
			if (this.#running?.process === process) this.#running = null;
			if (this.#current === process) this.#current = null;
			this.#refreshState();
			// The next run's worker boots now, with the files this run left behind.
			if (!this.#disposed && !this.#spare) this.#ensureSpare().ready.catch(() => {});
			this.#pump();
		}
	}

	#kill(process: NodeProcess, signal: Signal): void {
		const queued = this.#queue.indexOf(process);
		if (queued >= 0) this.#queue.splice(queued, 1);
		const running = this.#running?.process === process ? this.#running : null;
		if (running) {
			// JavaScript cannot be interrupted from outside: the worker goes, the files stay.
			running.engine.worker.terminate();
			process.notice(signal === 'SIGINT' ? 'Interrupted' : `Stopped (${signal})`);
			this.#endServers(running.engine, { kind: 'signal' });
		}
		process.finish(SIGNAL_EXIT_CODES[signal]);
	}

	#ensureSpare(): Engine {
		if (this.#spare) return this.#spare;
		const engine = startEngine(this.#sync.snapshot(), this.#sync.maxFileBytes, (engine) =>
			this.#events(engine)
		);
		this.#spare = engine;
		engine.ready.then(
			() => this.#refreshState(),
			() => {}
		);
		this.#refreshState();
		return engine;
	}

	/** The worker's reports, honoured for the process it runs. */
	#events(engine: Engine): JsWorkerEvents {
		return {
			output: (kind, text) => engine.process?.emit({ kind, text }),
			files: (ops) => {
				if (!this.#disposed) this.#sync.applyFromRuntime(ops);
			},
			stdinWanted: () => engine.channel?.pump(),
			listening: (server) => engine.servers?.listening(server),
			closed: (id) => engine.servers?.closed(id),
			exit: (code) => {
				this.#endServers(engine, { kind: 'exit', code });
				engine.process?.finish(code);
			}
		};
	}

	/** The run is over: its servers leave the preview (a crashed one leaves a "stopped" page). */
	#endServers(engine: Engine, how: RunEnd): void {
		const servers = engine.servers;
		if (!servers) return;
		engine.servers = null;
		const clear = servers.end(how);
		if (this.#disposed) clear();
		else this.#clearStopped = clear;
	}

	#refreshState(): void {
		let next: RuntimeState;
		if (this.#disposed) next = { state: 'idle' };
		else if (this.#running) next = { state: 'busy' };
		else if (this.#spare)
			next = {
				state: 'ready',
				detail: 'Node.js programs run in this browser, offline (a worker per run)'
			};
		else next = { state: 'idle' };
		if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
		this.#state = next;
		for (const listener of [...this.#stateListeners]) listener(next);
	}
}

/** Creates a worker and boots it with the workspace's files. */
function startEngine(
	files: FileOp[],
	maxFileBytes: number,
	events: (engine: Engine) => JsWorkerEvents
): Engine {
	const worker = new Worker(new URL('./worker.ts', import.meta.url), {
		type: 'module',
		name: 'node'
	});
	const isolated = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated;
	const buffer = isolated ? createChannelBuffer() : null;
	const api = Comlink.wrap<JsWorkerApi>(worker);
	const died = new Promise<never>((_, reject) => {
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			reject(new Error(event.message || 'its worker stopped: it may have run out of memory'));
		});
	});
	died.catch(() => {});
	const engine: Engine = {
		worker,
		api,
		channel: buffer ? new ChannelWriter(buffer) : null,
		ready: Promise.resolve(),
		died,
		process: null,
		servers: null
	};
	const booting = api.boot(
		transferable({ channel: buffer, maxFileBytes, files }),
		Comlink.proxy(events(engine))
	);
	(engine as { ready: Promise<void> }).ready = Promise.race([booting, died]).catch(
		(error: unknown) => {
			throw new RuntimeStartError(
				`The offline JavaScript runtime could not start (${describe(error)}). Reload the page to try again.`,
				{ cause: error }
			);
		}
	);
	engine.ready.catch(() => {});
	return engine;
}

/** Creates the offline JavaScript runtime for one workspace (the router calls this once per workspace). */
export const createJsWorkerRuntime: RuntimeFactory = (fs) => new JsWorkerRuntime(fs);

/** Moves the file contents to the worker instead of copying them. */
function transferable<T extends { files: FileOp[] }>(value: T): T {
	const buffers = new Set<ArrayBuffer>();
	for (const op of value.files) {
		if (op.op === 'write' && op.data.buffer instanceof ArrayBuffer) buffers.add(op.data.buffer);
	}
	return Comlink.transfer(value, [...buffers]);
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
