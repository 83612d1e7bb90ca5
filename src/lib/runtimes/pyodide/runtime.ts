// The Pyodide backend on the main thread: it owns the worker (starting, and replacing it when
// Python cannot be stopped any other way), keeps the workspace in step with Python's files, and
// runs one command at a time, queuing the others.
import * as Comlink from 'comlink';
import type { FileSystem } from '#lib/workspace/index.ts';
import { RuntimeStartError } from '../errors.ts';
import { takeInFrameAfterInput } from '../frame-after-input.ts';
import type {
	Process,
	ProcessOutput,
	RunRequest,
	Runtime,
	RuntimeFactory,
	RuntimeState,
	Signal
} from '../types.ts';
import type { FileOp, PythonWorkerApi, RunSpec, WorkerEvents } from './api.ts';
import { PythonAppServers } from './app-servers.ts';
import { PYODIDE_COMMANDS } from './argv.ts';
import { ChannelWriter } from './channel.ts';
import { CompletionWriter } from './completion-channel.ts';
import { InstalledPackages } from './installed-packages.ts';
import { OutputReader } from './output-channel.ts';
import { PythonProcess, SIGNAL_EXIT_CODES } from './process.ts';
import { RequestWriter } from './request-channel.ts';
import { startupDetail, startupNotice } from './startup.ts';
import { WorkspaceSync } from './sync.ts';
import { adoptSpare, startWorker, type StartedWorker } from './worker-start.ts';

/** How long Ctrl+C may take before the worker is replaced (a long call into C never checks it). */
export const INTERRUPT_GRACE_MS = 1000;

/** One worker and what belongs to it; replaced as a whole on restart. */
interface Engine {
	readonly worker: Worker;
	readonly api: Comlink.Remote<PythonWorkerApi>;
	readonly channel: ChannelWriter | null;
	/** The program's output through shared memory (output-channel.ts); null without it. */
	readonly output: OutputReader | null;
	/** Stops taking that output at the start of the frame after each key press or click. */
	readonly stopTakingOutput: () => void;
	/** The preview's requests to a program serving a web app (app-servers.ts). */
	readonly requests: RequestWriter | null;
	/** Tab at Python's prompt (completion-channel.ts). */
	readonly completions: CompletionWriter | null;
	status: { state: 'starting'; detail: string } | { state: 'ready'; detail?: string };
	ready: Promise<void>;
	/** performance.now() when the worker was created. */
	readonly createdAt: number;
}

/** The run in the worker right now. */
interface Running {
	readonly process: PythonProcess;
	readonly runId: number;
	readonly engine: Engine;
	watchdog?: ReturnType<typeof setTimeout>;
}

let nextPid = 1;

/** Python (and pip) in a Web Worker, on one workspace's files. */
export class PyodideRuntime implements Runtime {
	readonly id = 'pyodide' as const;
	readonly commands: readonly string[] = PYODIDE_COMMANDS;
	readonly #sync: WorkspaceSync;
	readonly #packages: InstalledPackages;
	readonly #apps: PythonAppServers;
	readonly #stateListeners = new Set<(state: RuntimeState) => void>();
	readonly #queue: PythonProcess[] = [];
	#state: RuntimeState = { state: 'idle' };
	#engine: Engine | null = null;
	#failure: string | null = null;
	/** The process being started or run; the others wait in #queue. */
	#current: PythonProcess | null = null;
	#running: Running | null = null;
	#runIds = 0;
	#toldNotIsolated = false;
	/** Packages of the workspace that the last boot could not install, told with the next run. */
	#packageNotice: string | null = null;
	/** What the last boot has to say about Python's start-up cache, told with the next run. */
	#startupNotice: string | null = null;
	#disposed = false;

	constructor(fs: FileSystem) {
		this.#sync = new WorkspaceSync(fs, {
			notice: (text) => this.#running?.process.notice(text)
		});
		this.#packages = new InstalledPackages(fs.doc);
		this.#apps = new PythonAppServers(fs);
	}

	get state(): RuntimeState {
		return this.#state;
	}

	onState(listener: (state: RuntimeState) => void): () => void {
		this.#stateListeners.add(listener);
		return () => this.#stateListeners.delete(listener);
	}

	async warmUp(): Promise<void> {
		await this.#ensureEngine().ready;
	}

	async run(request: RunRequest): Promise<Process> {
		if (this.#disposed) throw new RuntimeStartError('Python was shut down with its workspace.');
		await this.#ensureEngine().ready;
		const process = new PythonProcess(nextPid++, request, {
			kill: (target, signal) => this.#kill(target, signal)
		});
		if (this.#current || this.#queue.length > 0) {
			process.notice('Waiting for the Python program that is already running to finish.');
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
		this.#stopEngine();
		this.#apps.end();
		for (const process of ended) {
			process.notice('Python was shut down with its workspace.');
			process.finish(SIGNAL_EXIT_CODES.SIGKILL);
		}
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

	async #execute(process: PythonProcess): Promise<void> {
		try {
			let engine: Engine;
			// A worker replaced while this run waited for it is followed by its replacement.
			do {
				engine = this.#ensureEngine();
				await engine.ready;
			} while (engine !== this.#engine && !this.#disposed);
			if (process.ended || this.#disposed) return;
			const runId = ++this.#runIds;
			const running: Running = { process, runId, engine };
			this.#running = running;
			this.#refreshState();
			const ops = this.#sync.takeChanges();
			if (ops.length > 0) await engine.api.applyFiles(transferable(ops));
			// Stopped while its files were on the way.
			if (process.ended) return;
			if (!engine.channel && !this.#toldNotIsolated) {
				this.#toldNotIsolated = true;
				process.notice(
					'This page is not cross-origin isolated: input() cannot wait for typing, and Stop restarts Python instead of interrupting it.'
				);
			}
			if (this.#packageNotice) {
				process.notice(this.#packageNotice);
				this.#packageNotice = null;
			}
			if (this.#startupNotice) {
				process.notice(this.#startupNotice);
				this.#startupNotice = null;
			}
			engine.channel?.reset(process.columns, process.rows);
			engine.completions?.reset();
			process.attach(engine.channel, engine.completions);
			this.#apps.begin(engine.requests);
			const { request } = process;
			const spec: RunSpec = {
				runId,
				argv: request.argv,
				cwd: request.cwd ?? '',
				env: request.env ?? {},
				stdinIsTerminal: request.stdinIsTerminal ?? true,
				stdoutIsTerminal: request.stdoutIsTerminal ?? true,
				stderrIsTerminal: request.stderrIsTerminal ?? true,
				columns: process.columns,
				rows: process.rows
			};
			// The exit code arrives as an event after the run's output (see WorkerEvents.exit); a
			// rejection means Python itself broke (a fatal error), so the worker is replaced.
			engine.api.run(spec).catch((error: unknown) => {
				this.#restart(
					running,
					`Python stopped working (${describe(error)}) and was restarted; your files are safe.`,
					1
				);
			});
			await process.exit;
		} catch (error) {
			process.notice(describe(error));
			process.finish(1);
		} finally {
			if (this.#running?.process === process) {
				clearTimeout(this.#running.watchdog);
				this.#running = null;
				this.#apps.end();
			}
			if (this.#current === process) this.#current = null;
			this.#refreshState();
			this.#pump();
		}
	}

	#kill(process: PythonProcess, signal: Signal): void {
		const queued = this.#queue.indexOf(process);
		if (queued >= 0) this.#queue.splice(queued, 1);
		const running = this.#running?.process === process ? this.#running : null;
		if (!running || !process.started) {
			process.finish(SIGNAL_EXIT_CODES[signal]);
			return;
		}
		const channel = running.engine.channel;
		if (signal === 'SIGINT' && channel) {
			channel.interrupt();
			// Counted from the last press. A program that took the interrupt and goes on (the
			// prompt after KeyboardInterrupt, a handler of its own) is not stuck: it stays.
			clearTimeout(running.watchdog);
			running.watchdog = setTimeout(() => {
				if (channel.interruptTaken()) return;
				this.#restart(running, 'Python did not stop, so it was restarted; your files are safe.');
			}, INTERRUPT_GRACE_MS);
			return;
		}
		this.#restart(
			running,
			signal === 'SIGINT'
				? 'Python was stopped by restarting it; your files are safe.'
				: `Python was stopped (${signal}) and restarted; your files are safe.`,
			SIGNAL_EXIT_CODES[signal]
		);
	}

	/** Replaces the worker: the files live in the workspace, so a fresh Python loses nothing. */
	#restart(running: Running, message: string, code = SIGNAL_EXIT_CODES.SIGINT): void {
		if (running.process.ended || this.#engine !== running.engine) return;
		this.#stopEngine();
		running.process.notice(message);
		running.process.finish(code);
		// Start the replacement now, so the next run does not wait for it.
		if (!this.#disposed) this.#ensureEngine().ready.catch(() => {});
	}

	#ensureEngine(): Engine {
		if (this.#engine) return this.#engine;
		// The page may have started one ahead of time (worker-start.ts): it is booting already.
		const maxFileBytes = this.#sync.maxFileBytes;
		const started = adoptSpare(maxFileBytes) ?? startWorker(maxFileBytes);
		const output = started.channel
			? new OutputReader(started.channel, (taken) => this.#deliver(engine, taken))
			: null;
		const engine: Engine = {
			worker: started.worker,
			api: started.api,
			channel: started.channel ? new ChannelWriter(started.channel) : null,
			output,
			stopTakingOutput: output ? takeInFrameAfterInput(() => output.drain()) : () => {},
			requests: started.channel ? new RequestWriter(started.channel) : null,
			completions: started.channel ? new CompletionWriter(started.channel) : null,
			status: { state: 'starting', detail: 'Loading Python' },
			ready: Promise.resolve(),
			createdAt: started.createdAt
		};
		this.#engine = engine;
		this.#failure = null;
		engine.ready = this.#boot(engine, started);
		// Callers that await `ready` see the failure; this keeps a background start quiet.
		engine.ready.catch(() => {});
		this.#refreshState();
		return engine;
	}

	async #boot(engine: Engine, started: StartedWorker): Promise<void> {
		const { crashed } = started;
		started.connect(this.#events(engine));
		try {
			const { startup } = await started.booted;
			this.#startupNotice = startupNotice(startup) ?? this.#startupNotice;
			this.#setStatus(engine, { state: 'starting', detail: 'Copying your files' });
			await Promise.race([engine.api.applyFiles(transferable(this.#sync.snapshot())), crashed]);
			const installed = this.#packages.list();
			if (installed.length > 0) {
				this.#setStatus(engine, { state: 'starting', detail: 'Installing your packages' });
				const problems = await Promise.race([engine.api.restorePackages(installed), crashed]);
				this.#packageNotice =
					problems.length > 0
						? `Some packages were not installed again: ${problems.join(' ')}`
						: null;
			}
			const startedIn = performance.now() - engine.createdAt;
			this.#setStatus(engine, { state: 'ready', detail: startupDetail(startup, startedIn) });
		} catch (error) {
			engine.worker.terminate();
			const message = `Python could not start (${describe(error)}). Check your connection and reload the page.`;
			if (this.#engine === engine) {
				this.#engine = null;
				this.#failure = message;
				this.#refreshState();
			}
			throw new RuntimeStartError(message, { cause: error });
		}
	}

	/**
	 * The worker's reports, honoured only while `engine` is the current worker. Each first takes
	 * the output the worker wrote before it (output-channel.ts), so the order stays the worker's.
	 */
	#events(engine: Engine): WorkerEvents {
		const current = () => (this.#engine === engine ? this.#running : null);
		const afterOutput =
			<A extends unknown[]>(handle: (...args: A) => void) =>
			(...args: A) => {
				engine.output?.drain();
				handle(...args);
			};
		return {
			output: afterOutput((kind, text) => current()?.process.emit({ kind, text })),
			display: afterOutput((mime, data) =>
				current()?.process.emit({ kind: 'display', mime, data })
			),
			files: afterOutput((ops) => {
				if (this.#engine === engine) this.#sync.applyFromRuntime(ops);
			}),
			stdinWanted: afterOutput(() => engine.channel?.pump()),
			packagesChanged: afterOutput((change) => {
				if (this.#engine === engine) this.#packages.apply(change);
			}),
			appServer: afterOutput((event) => {
				if (current()) this.#apps.handle(event);
			}),
			completions: afterOutput((id, matches) => current()?.process.completed(id, matches)),
			exit: afterOutput((runId, code) => {
				const running = current();
				if (running?.runId === runId) running.process.finish(code);
			})
		};
	}

	/** What the worker wrote into the output ring: the current run's, while `engine` is current. */
	#deliver(engine: Engine, output: ProcessOutput): void {
		if (this.#engine === engine) this.#running?.process.emit(output);
	}

	#stopEngine(): void {
		this.#engine?.stopTakingOutput();
		this.#engine?.output?.close();
		this.#engine?.worker.terminate();
		this.#engine = null;
		this.#refreshState();
	}

	#setStatus(engine: Engine, status: Engine['status']): void {
		engine.status = status;
		this.#refreshState();
	}

	#refreshState(): void {
		const engine = this.#engine;
		let next: RuntimeState;
		if (this.#disposed) next = { state: 'idle' };
		else if (!engine)
			next = this.#failure ? { state: 'failed', message: this.#failure } : { state: 'idle' };
		else if (engine.status.state === 'starting') next = { ...engine.status };
		else next = this.#running ? { state: 'busy' } : { ...engine.status };
		if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
		this.#state = next;
		for (const listener of [...this.#stateListeners]) listener(next);
	}
}

/** Creates the Pyodide runtime for one workspace (the router calls this once per workspace). */
export const createPyodideRuntime: RuntimeFactory = (fs) => new PyodideRuntime(fs);

/** Moves the file contents to the worker instead of copying them. */
function transferable(ops: FileOp[]): FileOp[] {
	const buffers = new Set<ArrayBuffer>();
	for (const op of ops) {
		if (op.op === 'write' && op.data.buffer instanceof ArrayBuffer) buffers.add(op.data.buffer);
	}
	return Comlink.transfer(ops, [...buffers]);
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
