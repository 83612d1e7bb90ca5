// Test support for the unit specs: a real Pyodide in Node, driven through PythonWorker exactly as
// worker.ts exposes it, with the main thread's end of the channel in the test's hands.
import { fileURLToPath } from 'node:url';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ProcessOutput } from '../types.ts';
import type {
	AppServerEvent,
	BootInfo,
	FileOp,
	PackageChange,
	StartupCacheKeeper,
	StreamKind,
	WorkerEvents
} from './api.ts';
import { ChannelWriter, createChannelBuffer } from './channel.ts';
import { CompletionWriter } from './completion-channel.ts';
import type { PackageSources } from './package-sources.ts';
import { PythonWorker } from './python.ts';
import type { SnapshotStore } from './snapshot.ts';

/** The pyodide npm package's folder: Node loads the core files straight from it. */
export const pyodideDir = fileURLToPath(
	new URL('../../../../node_modules/pyodide/', import.meta.url)
);

const channelModule = new URL('./channel.ts', import.meta.url).href;
const completionModule = new URL('./completion-channel.ts', import.meta.url).href;
const outputModule = new URL('./output-channel.ts', import.meta.url).href;

/** One piece of output, with when it arrived (performance.now()). */
export interface TimedOutput {
	kind: StreamKind;
	text: string;
	at: number;
}

/** What one run produced. */
export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
	notices: string;
	outputs: TimedOutput[];
	/** performance.now() when run() returned. */
	endedAt: number;
}

/** Per-run options. */
export interface RunOptions {
	cwd?: string;
	env?: Record<string, string>;
	/** Bytes queued on stdin before the run starts; null in a list is Ctrl+D at a terminal. */
	stdin?: string | (string | null)[];
	/** Ends stdin after `stdin`. */
	closeStdin?: boolean;
	/** False: stdin is a pipe (default true, the terminal). */
	stdinIsTerminal?: boolean;
	/** False: stdout is a pipe or a file (default true). */
	stdoutIsTerminal?: boolean;
	/** False: stderr is a pipe or a file (default true). */
	stderrIsTerminal?: boolean;
}

/** Hooks a spec may set; both are called on the test's thread, in the middle of a run. */
export interface TestHooks {
	onFiles?: (ops: FileOp[]) => void;
	/** Python waits for stdin: answer through `python.writer`. */
	onStdinWanted?: () => void;
	/** A program serving the preview reported something (serve-bridge.ts). */
	onAppServer?: (event: AppServerEvent) => void;
	/** Python answered a completion request (completion-channel.ts). */
	onCompletions?: (id: number, matches: string[]) => void;
}

/**
 * Reads the output ring (output-channel.ts) on a thread of its own, as the page's main thread
 * does while Python runs in its worker: here Python runs on the test's thread, which cannot.
 */
class OutputThread {
	readonly #port: MessagePort;
	/** Drains asked for by the test's thread, and drains done. */
	readonly #sync = new Int32Array(new SharedArrayBuffer(8));

	constructor(buffer: SharedArrayBuffer) {
		const { port1, port2 } = new MessageChannel();
		this.#port = port1;
		const thread = new Worker(
			`import { OutputReader } from ${JSON.stringify(outputModule)};
			import { workerData } from 'node:worker_threads';
			const { buffer, sync, port } = workerData;
			const reader = new OutputReader(buffer, (output) =>
				port.postMessage({ output, at: performance.timeOrigin + performance.now() })
			);
			// A pending waitAsync does not keep a thread alive in Node.
			setInterval(() => {}, 60_000);
			for (;;) {
				const asked = Atomics.load(sync, 0);
				if (Atomics.load(sync, 1) < asked) {
					reader.drain();
					Atomics.store(sync, 1, asked);
					Atomics.notify(sync, 1);
					continue;
				}
				const waiting = Atomics.waitAsync(sync, 0, asked);
				if (waiting.async) await waiting.value;
			}`,
			{ eval: true, workerData: { buffer, sync: this.#sync, port: port2 }, transferList: [port2] }
		);
		thread.unref();
	}

	/** What the reader has delivered of everything written so far, with when (performance.now()). */
	take(): { output: ProcessOutput; at: number }[] {
		const asked = Atomics.add(this.#sync, 0, 1) + 1;
		Atomics.notify(this.#sync, 0);
		for (let done = Atomics.load(this.#sync, 1); done < asked; done = Atomics.load(this.#sync, 1)) {
			Atomics.wait(this.#sync, 1, done, 100);
		}
		const taken: { output: ProcessOutput; at: number }[] = [];
		for (let got = receiveMessageOnPort(this.#port); got; got = receiveMessageOnPort(this.#port)) {
			const { output, at } = got.message as { output: ProcessOutput; at: number };
			taken.push({ output, at: at - performance.timeOrigin });
		}
		return taken;
	}
}

/** A booted Python with a recorder around its events. */
export class TestPython {
	readonly worker: PythonWorker;
	readonly buffer = createChannelBuffer();
	readonly writer = new ChannelWriter(this.buffer);
	readonly hooks: TestHooks = {};
	#outputs: TimedOutput[] = [];
	#displays: { mime: string; data: Uint8Array }[] = [];
	/** Reads the output ring once booted with shared memory. */
	#outputThread: OutputThread | null = null;
	/** What pip reported for the workspace to remember, in order. */
	packageChanges: PackageChange[] = [];
	/** What the last boot reported (how Python started, how long it took). */
	bootInfo: BootInfo | null = null;
	#runId = 0;

	/** `snapshots`: a start-up cache for the worker (snapshot.spec.ts); none by default. */
	constructor(options: { snapshots?: SnapshotStore } = {}) {
		this.worker = new PythonWorker(options);
	}

	/** What the run has printed so far, in order. */
	get outputs(): TimedOutput[] {
		this.#collect();
		return this.#outputs;
	}

	/** What the run has shown through the display protocol so far, in order. */
	get displays(): { mime: string; data: Uint8Array }[] {
		this.#collect();
		return this.#displays;
	}

	/**
	 * Boots Pyodide (a few seconds); `maxFileBytes` defaults to 1 MB. `isolated: false` boots it
	 * as on a page without cross-origin isolation: no shared channel. `packageSources` points pip
	 * somewhere other than the public services; `startupImagesURL` serves start-up images;
	 * `keeper` writes the start-up cache, as the page does.
	 */
	async boot(
		maxFileBytes = 1024 * 1024,
		{
			isolated = true,
			packageSources,
			startupImagesURL,
			keeper
		}: {
			isolated?: boolean;
			packageSources?: PackageSources;
			startupImagesURL?: string;
			keeper?: StartupCacheKeeper;
		} = {}
	): Promise<number> {
		const events: WorkerEvents = {
			output: (kind, text) => this.#outputs.push({ kind, text, at: performance.now() }),
			display: (mime, data) => this.#displays.push({ mime, data }),
			files: (ops) => this.hooks.onFiles?.(ops),
			// As the runtime does: what waits behind a Ctrl+D moves once it is taken.
			stdinWanted: () => {
				this.writer.pump();
				this.hooks.onStdinWanted?.();
			},
			exit: () => {},
			packagesChanged: (change) => this.packageChanges.push(change),
			appServer: (event) => this.hooks.onAppServer?.(event),
			completions: (id, matches) => this.hooks.onCompletions?.(id, matches)
		};
		const info = await this.worker.boot(
			{
				indexURL: pyodideDir,
				channel: isolated ? this.buffer : null,
				maxFileBytes,
				packageSources,
				startupImagesURL
			},
			events,
			keeper
		);
		this.bootInfo = info;
		// Until then a run waits for it, asynchronously; run() here wants an answer at once.
		await this.worker.cacheSaved();
		if (isolated) this.#outputThread = new OutputThread(this.buffer);
		return info.bootMs;
	}

	/** Runs a command line (`['python', 'main.py']`) to its end. */
	run(argv: string[], options: RunOptions = {}): RunResult {
		const code = this.#start(argv, options);
		if (typeof code !== 'number') throw new Error(`${argv[0]} runs asynchronously: use runAsync()`);
		return this.#result(code);
	}

	/** Runs a command line that awaits (pip) to its end. */
	async runAsync(argv: string[], options: RunOptions = {}): Promise<RunResult> {
		return this.#result(await this.#start(argv, options));
	}

	#start(argv: string[], options: RunOptions): number | Promise<number> {
		this.#collect();
		this.#outputs = [];
		this.#displays = [];
		this.writer.reset(100, 30);
		new CompletionWriter(this.buffer).reset();
		const typed = typeof options.stdin === 'string' ? [options.stdin] : (options.stdin ?? []);
		for (const text of typed) {
			if (text === null) this.writer.endOfInput();
			else this.writer.write(new TextEncoder().encode(text));
		}
		if (options.closeStdin) this.writer.close();
		return this.worker.run({
			runId: ++this.#runId,
			argv,
			cwd: options.cwd ?? '',
			env: options.env ?? {},
			stdinIsTerminal: options.stdinIsTerminal ?? true,
			stdoutIsTerminal: options.stdoutIsTerminal ?? true,
			stderrIsTerminal: options.stderrIsTerminal ?? true,
			columns: 100,
			rows: 30
		});
	}

	#result(code: number): RunResult {
		const endedAt = performance.now();
		const outputs = this.outputs;
		const text = (kind: StreamKind) =>
			outputs
				.filter((output) => output.kind === kind)
				.map((output) => output.text)
				.join('');
		return {
			code,
			stdout: text('stdout'),
			stderr: text('stderr'),
			notices: text('notice'),
			outputs,
			endedAt
		};
	}

	/** Runs `python -c code`. */
	python(code: string, options: RunOptions = {}): RunResult {
		return this.run(['python', '-c', code], options);
	}

	/** Takes what the output thread has read from the ring. */
	#collect(): void {
		for (const { output, at } of this.#outputThread?.take() ?? []) {
			if (output.kind === 'display') this.#displays.push({ mime: output.mime, data: output.data });
			else this.#outputs.push({ kind: output.kind, text: output.text, at });
		}
	}

	/** Writes files into Python's workspace mirror, as the main thread's sync would. */
	files(files: Record<string, string | Uint8Array>): void {
		const encoder = new TextEncoder();
		this.worker.applyFiles(
			Object.entries(files).map(([path, content]) => ({
				op: 'write',
				path,
				data: typeof content === 'string' ? encoder.encode(content) : content
			}))
		);
	}

	/**
	 * Presses Tab from another thread (this one is busy running Python): once Python's prompt has
	 * waited for a line for `ms`, asks for the completions of `word`, as the terminal does;
	 * `atPrompt: false` asks after `ms` whatever Python is doing. The answer arrives through
	 * `hooks.onCompletions`. Resolves once the helper thread has started, to the function that
	 * stops it; if it is not stopped within 10 s it ends stdin, so that a prompt that never
	 * answers fails the test instead of hanging it.
	 */
	async completeAfter(ms: number, word: string, { atPrompt = true } = {}): Promise<() => void> {
		const helper = new Worker(
			`import { ChannelWriter } from ${JSON.stringify(channelModule)};
			import { CompletionWriter } from ${JSON.stringify(completionModule)};
			import { parentPort, workerData } from 'node:worker_threads';
			const writer = new CompletionWriter(workerData.buffer);
			parentPort.postMessage('ready');
			const poll = setInterval(() => {
				if (workerData.atPrompt && !writer.prompting) return;
				clearInterval(poll);
				setTimeout(() => writer.ask(workerData.word), ${ms});
			}, 5);
			setTimeout(() => new ChannelWriter(workerData.buffer).close(), 10_000);`,
			{ eval: true, workerData: { buffer: this.buffer, word, atPrompt } }
		);
		await new Promise((resolve) => helper.once('message', resolve));
		return () => void helper.terminate();
	}

	/**
	 * Presses Ctrl+C from another thread after `ms` (this one is busy running Python). Resolves
	 * to performance.now()-comparable time of the press once the helper thread has started.
	 */
	async interruptAfter(ms: number): Promise<{ pressedAt: () => number }> {
		const clock = new Float64Array(new SharedArrayBuffer(8));
		const helper = new Worker(
			`import { ChannelWriter } from ${JSON.stringify(channelModule)};
			import { parentPort, workerData } from 'node:worker_threads';
			const writer = new ChannelWriter(workerData.buffer);
			parentPort.postMessage('ready');
			setTimeout(() => {
				workerData.clock[0] = performance.timeOrigin + performance.now();
				writer.interrupt();
				process.exit(0);
			}, ${ms});`,
			{ eval: true, workerData: { buffer: this.buffer, clock } }
		);
		await new Promise((resolve) => helper.once('message', resolve));
		return { pressedAt: () => clock[0]! - performance.timeOrigin };
	}
}
