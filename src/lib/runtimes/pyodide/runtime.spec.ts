// The main thread's side of the Pyodide backend (worker lifecycle, queue, Ctrl+C, restarts,
// file sync), against a scripted stand-in for the worker that speaks the same comlink API.
// Real Python in a real worker is covered by python.spec.ts and the e2e tests.
import * as Comlink from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import type { ProcessOutput, RuntimeState } from '../types.ts';
import type {
	BootOptions,
	FileOp,
	InstalledPackage,
	PythonWorkerApi,
	RunSpec,
	Startup,
	WorkerEvents
} from './api.ts';
import { InstalledPackages } from './installed-packages.ts';
import { OutputWriter } from './output-channel.ts';
import { prewarm as prewarmFor } from '../index.ts';
import { PyodideRuntime } from './runtime.ts';
import { prewarm } from './worker-start.ts';

const greeter: InstalledPackage = {
	name: 'greeter',
	version: '1.0',
	source: 'index',
	url: 'http://index.test/files/greeter-1.0-py3-none-any.whl'
};

/** What the scripted worker does for `python -c <script>`. */
class ScriptedPython implements PythonWorkerApi {
	static failBoot = false;
	static restored: InstalledPackage[][] = [];
	static restoreProblems: string[] = [];
	static startup: Startup | undefined;
	received: FileOp[] = [];
	#events!: WorkerEvents;
	#control!: Int32Array;
	#output!: OutputWriter;
	#interrupts = 0;

	async boot(options: BootOptions, events: WorkerEvents) {
		if (ScriptedPython.failBoot) throw new Error('the network is down');
		this.#events = events;
		this.#control = new Int32Array(options.channel!, 0, 8);
		this.#output = new OutputWriter(options.channel!);
		return { pythonVersion: '3.14.2', bootMs: 1, startup: ScriptedPython.startup };
	}

	applyFiles(ops: FileOp[]): void {
		this.received.push(...ops);
	}

	async restorePackages(packages: InstalledPackage[]): Promise<string[]> {
		ScriptedPython.restored.push(packages);
		return ScriptedPython.restoreProblems;
	}

	run(spec: RunSpec): number {
		const script = spec.argv[2];
		const exit = (code: number) => this.#events.exit(spec.runId, code);
		if (script === 'hello') {
			this.#events.output('stdout', 'hello\n');
			this.#events.files([{ op: 'write', path: 'out.txt', data: new Uint8Array([111, 107]) }]);
			exit(0);
		} else if (script === 'wait-for-ctrl-c') {
			const timer = setInterval(() => {
				if (this.#control[0] !== 2) return;
				clearInterval(timer);
				this.#events.output('stderr', 'KeyboardInterrupt\n');
				exit(130);
			}, 5);
		} else if (script === 'prompt') {
			// Like Python's prompt: takes each Ctrl+C (KeyboardInterrupt) and goes on.
			const timer = setInterval(() => {
				if (Atomics.compareExchange(this.#control, 0, 2, 0) !== 2) return;
				this.#events.output('stderr', 'KeyboardInterrupt\n');
				if (++this.#interrupts === 2) {
					clearInterval(timer);
					exit(0);
				}
			}, 5);
		} else if (script === 'install') {
			this.#events.packagesChanged({ installed: [greeter], removed: [] });
			exit(0);
		} else if (script === 'shared-memory') {
			// As Python's output goes with shared memory: into the ring, with events posted after it.
			this.#output.text('stdout', 'before\n');
			this.#events.files([{ op: 'write', path: 'out.txt', data: new Uint8Array([111, 107]) }]);
			this.#output.text('stdout', 'x'.repeat(100_000) + '\n');
			this.#output.text('stdout', 'after\n');
			exit(0);
		} else if (script === 'files') {
			this.#events.output('stdout', JSON.stringify(this.received.map((op) => op.path)));
			exit(0);
		}
		// Anything else never ends, like a long call into C.
		return 0;
	}
}

/** A Worker whose other end is a ScriptedPython on a MessageChannel in this thread. */
class FakeWorker extends EventTarget {
	static created: FakeWorker[] = [];
	terminated = false;
	readonly #port: MessagePort;

	constructor() {
		super();
		const { port1, port2 } = new MessageChannel();
		Comlink.expose(new ScriptedPython(), port2);
		this.#port = port1;
		port1.start();
		FakeWorker.created.push(this);
	}

	postMessage(message: unknown, transfer: Transferable[] = []): void {
		this.#port.postMessage(message, transfer);
	}

	override addEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
		if (type === 'message') this.#port.addEventListener(type, listener);
		else super.addEventListener(type, listener);
	}

	override removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
		if (type === 'message') this.#port.removeEventListener(type, listener);
		else super.removeEventListener(type, listener);
	}

	terminate(): void {
		this.terminated = true;
		this.#port.close();
	}
}

let ws: Workspace;
let runtime: PyodideRuntime;
let states: RuntimeState[];

beforeEach(() => {
	vi.stubGlobal('Worker', FakeWorker);
	vi.stubGlobal('location', { href: 'http://localhost/' });
	vi.stubGlobal('crossOriginIsolated', true);
	FakeWorker.created = [];
	ScriptedPython.failBoot = false;
	ScriptedPython.restored = [];
	ScriptedPython.restoreProblems = [];
	ScriptedPython.startup = undefined;
	ws = new Workspace(new Y.Doc());
	runtime = new PyodideRuntime(ws);
	states = [];
	runtime.onState((state) => states.push(state));
});

afterEach(() => {
	runtime.dispose();
	vi.unstubAllGlobals();
});

async function start(script: string) {
	const process = await runtime.run({ argv: ['python', '-c', script] });
	const outputs: ProcessOutput[] = [];
	process.onOutput((output) => outputs.push(output));
	const text = () => outputs.map((output) => ('text' in output ? output.text : '')).join('');
	return { process, outputs, text };
}

describe('the Pyodide runtime on the main thread', () => {
	it('boots the worker with the workspace files, then runs, streams and writes back', async () => {
		ws.writeFile('main.py', 'print(1)');
		const { process, text } = await start('hello');
		expect(await process.exit).toBe(0);
		expect(text()).toBe('hello\n');
		expect(ws.readText('out.txt')).toBe('ok');
		expect(states).toEqual([
			{ state: 'starting', detail: 'Loading Python' },
			{ state: 'starting', detail: 'Copying your files' },
			{
				state: 'ready',
				detail: expect.stringMatching(/^Python runs in this browser .* started in /)
			},
			{ state: 'busy' },
			{ state: 'ready', detail: expect.stringMatching(/^Python runs in this browser/) }
		]);
	});

	it('delivers output from shared memory before the files changed after it and before the exit', async () => {
		const { process, text } = await start('shared-memory');
		let seenWithFiles = '';
		ws.onChange(() => (seenWithFiles ||= text()));
		expect(await process.exit).toBe(0);
		expect(ws.readText('out.txt')).toBe('ok');
		expect(seenWithFiles).toMatch(/^before\n/);
		expect(text()).toBe(`before\n${'x'.repeat(100_000)}\nafter\n`);
	});

	it('sends workspace changes made since the last run before the next run', async () => {
		await runtime.warmUp();
		ws.writeFile('data.csv', 'a,b');
		const { process, text } = await start('files');
		await process.exit;
		expect(text()).toBe('["data.csv"]');
	});

	it('runs one program at a time and says so to the one that waits', async () => {
		const first = await start('wait-for-ctrl-c');
		const second = await start('hello');
		expect(second.text()).toBe('Waiting for the Python program that is already running to finish.');
		first.process.kill('SIGINT');
		expect(await first.process.exit).toBe(130);
		expect(first.text()).toBe('KeyboardInterrupt\n');
		expect(await second.process.exit).toBe(0);
		expect(second.text()).toContain('hello\n');
	});

	it('stops a waiting program without running it', async () => {
		const first = await start('wait-for-ctrl-c');
		const second = await start('hello');
		second.process.kill('SIGINT');
		expect(await second.process.exit).toBe(130);
		first.process.kill();
		await first.process.exit;
		expect(ws.exists('out.txt')).toBe(false);
	});

	it('replaces a worker that ignores Ctrl+C for a second, keeping the files', async () => {
		ws.writeFile('keep.txt', 'safe');
		const stuck = await start('never-ends');
		const pressed = performance.now();
		stuck.process.kill('SIGINT');
		expect(await stuck.process.exit).toBe(130);
		expect(performance.now() - pressed).toBeGreaterThanOrEqual(900);
		expect(stuck.text()).toBe('Python did not stop, so it was restarted; your files are safe.');
		expect(FakeWorker.created).toHaveLength(2);
		expect(FakeWorker.created[0]!.terminated).toBe(true);
		const next = await start('hello');
		expect(await next.process.exit).toBe(0);
		expect(ws.readText('keep.txt')).toBe('safe');
	});

	it('keeps a program that took Ctrl+C and goes on (the prompt): no restart', async () => {
		const prompt = await start('prompt');
		prompt.process.kill('SIGINT');
		const later = new Promise((resolve) => setTimeout(() => resolve('still running'), 1300));
		expect(await Promise.race([prompt.process.exit, later])).toBe('still running');
		expect(prompt.process.interruptTaken).toBe(true);
		expect(prompt.text()).toBe('KeyboardInterrupt\n');
		expect(FakeWorker.created).toHaveLength(1);
		prompt.process.kill('SIGINT');
		expect(await prompt.process.exit).toBe(0);
		expect(FakeWorker.created[0]!.terminated).toBe(false);
	});

	it('restarts at once on SIGKILL, with exit code 137', async () => {
		const stuck = await start('never-ends');
		stuck.process.kill('SIGKILL');
		expect(await stuck.process.exit).toBe(137);
		expect(FakeWorker.created[0]!.terminated).toBe(true);
	});

	it('reports a worker that cannot boot as failed, with a sentence, and retries on the next run', async () => {
		ScriptedPython.failBoot = true;
		await expect(runtime.run({ argv: ['python', '-c', 'hello'] })).rejects.toThrow(
			/^Python could not start \(the network is down\)\. /
		);
		expect(runtime.state.state).toBe('failed');
		ScriptedPython.failBoot = false;
		const { process } = await start('hello');
		expect(await process.exit).toBe(0);
	});

	it("records pip's packages in the workspace and installs them again when Python next starts", async () => {
		const { process } = await start('install');
		expect(await process.exit).toBe(0);
		expect(new InstalledPackages(ws.doc).list()).toEqual([greeter]);
		expect(ScriptedPython.restored).toEqual([]);
		// The workspace opened again (a reload): its new runtime reinstalls, and tells what failed.
		runtime.dispose();
		ScriptedPython.restoreProblems = [
			'pip install needs the network: greeter is not installed or cached.'
		];
		runtime = new PyodideRuntime(ws);
		states = [];
		runtime.onState((state) => states.push(state));
		const next = await start('hello');
		expect(await next.process.exit).toBe(0);
		expect(ScriptedPython.restored).toEqual([[greeter]]);
		expect(states).toContainEqual({ state: 'starting', detail: 'Installing your packages' });
		expect(next.outputs[0]).toEqual({
			kind: 'notice',
			text: 'Some packages were not installed again: pip install needs the network: greeter is not installed or cached.'
		});
	});

	it("says once, with the next run, that Python's start-up cache was damaged and rebuilt", async () => {
		ScriptedPython.startup = 'rebuilt';
		const first = await start('hello');
		expect(await first.process.exit).toBe(0);
		expect(first.outputs[0]).toEqual({
			kind: 'notice',
			text: "Python's start-up cache was damaged and has been rebuilt."
		});
		expect(runtime.state).toEqual({
			state: 'ready',
			detail: expect.stringContaining('its start-up cache was damaged and has been rebuilt')
		});
		const second = await start('hello');
		expect(await second.process.exit).toBe(0);
		expect(second.text()).toBe('hello\n');
	});

	it('tells in the status when Python started from its start-up cache', async () => {
		ScriptedPython.startup = 'snapshot';
		await runtime.warmUp();
		expect(runtime.state).toEqual({
			state: 'ready',
			detail: expect.stringMatching(/started in \d+\.\d s from its start-up cache\.$/)
		});
	});

	it('gives notices from before the first output to every listener that subscribes at once', async () => {
		ScriptedPython.startup = 'rebuilt';
		const process = await runtime.run({ argv: ['python', '-c', 'hello'] });
		const runLog: ProcessOutput[] = [];
		const terminal: ProcessOutput[] = [];
		// As the page does: the run log subscribes, then the terminal, after an await.
		process.onOutput((output) => runLog.push(output));
		await Promise.resolve();
		await Promise.resolve();
		process.onOutput((output) => terminal.push(output));
		expect(await process.exit).toBe(0);
		expect(terminal).toEqual(runLog);
		expect(terminal.map((output) => output.kind)).toEqual(['notice', 'stdout']);
	});

	it('adopts the worker the page started ahead of time instead of starting another', async () => {
		runtime.dispose();
		prewarm();
		prewarm();
		expect(FakeWorker.created).toHaveLength(1);
		runtime = new PyodideRuntime(ws);
		const { process, text } = await start('hello');
		expect(await process.exit).toBe(0);
		expect(text()).toBe('hello\n');
		expect(FakeWorker.created).toHaveLength(1);
		expect(FakeWorker.created[0]!.terminated).toBe(false);
	});

	it("starts the page's worker at once, so a runtime made right after it adopts that one", async () => {
		runtime.dispose();
		// Through the router, as the workspace page does before it opens the workspace. A worker
		// started only after an import could come after the runtime's own: two Pythons booted,
		// and both wrote the start-up cache (seen in full test runs on a first visit).
		prewarmFor('python');
		expect(FakeWorker.created).toHaveLength(1);
		runtime = new PyodideRuntime(ws);
		const { process } = await start('hello');
		expect(await process.exit).toBe(0);
		expect(FakeWorker.created).toHaveLength(1);
	});

	it('drops a worker started ahead of time that cannot boot, and starts one of its own', async () => {
		runtime.dispose();
		ScriptedPython.failBoot = true;
		prewarm();
		await vi.waitFor(() => expect(FakeWorker.created[0]!.terminated).toBe(true));
		ScriptedPython.failBoot = false;
		runtime = new PyodideRuntime(ws);
		const { process } = await start('hello');
		expect(await process.exit).toBe(0);
		expect(FakeWorker.created).toHaveLength(2);
	});
});
