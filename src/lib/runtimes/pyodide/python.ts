// The Python worker's logic, with no transport: worker.ts exposes it over comlink, and the unit
// tests call it directly in Node. Everything from the outside (the index URL, the shared
// channel, the event sink) comes in as parameters.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type {
	BootInfo,
	BootOptions,
	FileOp,
	InstalledPackage,
	PythonWorkerApi,
	RunSpec,
	StartupCacheKeeper,
	StreamKind,
	WorkerEvents
} from './api.ts';
import { PYTHON_HELP, parsePythonArgs } from './argv.ts';
import { ChannelReader, pollingSignalBuffer } from './channel.ts';
import { CompletionReader } from './completion-channel.ts';
import { loadPyodideEarly, wasmDeferral, withFetchesAnswered } from './early-load.ts';
import { FsMirror, type EmscriptenFs } from './fs-mirror.ts';
import { OutputBuffer } from './output.ts';
import { OutputWriter } from './output-channel.ts';
import { connectStreams, type TerminalStreams } from './stdio.ts';
import { installServeBridge } from './serve-bridge.ts';
import { DEFAULT_PACKAGE_SOURCES } from './package-sources.ts';
import { pipArguments } from './pip-args.ts';
import { PackageManager } from './pip.ts';
import { notSavedMessage, startPython, type SnapshotStore } from './snapshot.ts';
import { pyodideModule, restoringPacked } from './snapshot-restore.ts';
import runnerSource from './runner.py?raw';
import displaySource from './bytestorm.py?raw';
import matplotlibBackendSource from './bytestorm_matplotlib.py?raw';

/** Where the workspace is mirrored inside Python's file system (its cwd during a run). */
export const WORKSPACE_ROOT = '/workspace';

/** Python's name for the runner module, and where its source lives (outside the workspace). */
const RUNNER_FILE = '/opt/bytestorm/_bytestorm.py';

/** Exit code of a command that does not exist, as in POSIX shells. */
const COMMAND_NOT_FOUND = 127;

const encoder = new TextEncoder();

/**
 * Where the program's output goes: the shared ring (output-channel.ts), which the main thread
 * reads at once even right after a key press, or worker events where there is no shared memory.
 */
interface OutputTransport {
	text(kind: StreamKind, text: string): void;
	display(mime: string, data: Uint8Array): void;
}

/** One booted Python: everything a run needs. */
interface Session {
	readonly pyodide: PyodideAPI;
	readonly events: WorkerEvents;
	readonly transport: OutputTransport;
	/** Coalesces what the program writes before it goes to `transport`. */
	readonly output: OutputBuffer;
	readonly mirror: FsMirror;
	readonly runner: (requestJson: string) => number;
	/** Says which of stdin, stdout and stderr are the terminal, for the next run. */
	readonly setTerminal: (terminal: TerminalStreams) => void;
	readonly pythonVersion: string;
	readonly packages: PackageManager;
	/** Pyodide's class for Python exceptions, taken at boot: after a fatal error, pyodide.ffi throws. */
	readonly PythonError: PyodideAPI['ffi']['PythonError'];
}

/** Boots Pyodide and runs commands on it; implements the worker API without knowing about comlink. */
export class PythonWorker implements PythonWorkerApi {
	#session: Session | null = null;
	#warmUp: ReturnType<typeof setTimeout> | undefined;
	/** Package restores under way (they wait for downloads): a warm-up then is skipped. */
	#restoring = 0;
	/** Until the start-up cache this boot made is written (startPython's `saved`); then null. */
	#saving: Promise<void> | null = null;
	readonly #snapshots: SnapshotStore | null;

	/** `snapshots`: where Python's start-up cache lives (snapshot.ts); none boots from scratch. */
	constructor(options: { snapshots?: SnapshotStore | null } = {}) {
		this.#snapshots = options.snapshots ?? null;
	}

	async boot(
		options: BootOptions,
		events: WorkerEvents,
		keeper?: StartupCacheKeeper
	): Promise<BootInfo> {
		if (this.#session) throw new Error('Python is already running in this worker.');
		const started = performance.now();
		const packageSources = options.packageSources ?? DEFAULT_PACKAGE_SOURCES;
		// Pyodide's files load and compile while the snapshot is read (early-load.ts); snapshots
		// are restored by snapshot-restore.ts.
		const warn = (message: string) => console.warn(message);
		const early = loadPyodideEarly(options.indexURL);
		const createPyodideModule = restoringPacked(early ?? pyodideModule(options.indexURL));
		// Set when Python boots from the build's image (a first visit): loadPyodide only starts
		// the standard library's download once it has the snapshot, so it starts here instead,
		// next to the image's. Behind the page's own files, which are what the user sees first.
		let stdlib: { url: string; response: Promise<Response> } | null = null;
		const { pyodide, startup, saved } = await startPython({
			store: keptBy(this.#snapshots, keeper, warn),
			// A snapshot holds the runner, and the stdlib modules' offsets in the zip it was made with.
			key: `${options.stdlibHash ?? options.stdlibURL ?? ''}\n${runnerSource}`,
			image: options.startupImagesURL
				? (key) => {
						if (early && options.stdlibURL) {
							const response = fetch(options.stdlibURL, { priority: 'low' });
							response.catch(() => {});
							stdlib = { url: options.stdlibURL, response };
						}
						return fetchStartupImage(`${options.startupImagesURL}${key}.bin`);
					}
				: undefined,
			load: (snapshotOptions) => {
				const load = () =>
					loadPyodide({
						indexURL: options.indexURL,
						stdLibURL: options.stdlibURL,
						// Where loadPackage finds the files pyodide-lock.json names (pip installs them).
						packageBaseUrl: packageSources.packageBaseUrl,
						// Start-up messages would arrive before any run; streams are connected below.
						stdout: () => {},
						stderr: () => {},
						createPyodideModule,
						...snapshotOptions
					});
				if (!early) return load();
				const answers = new Map([wasmDeferral(options.indexURL)]);
				const prefetched = stdlib;
				// Handed to the first load that asks for it (a later one fetches it again).
				if (prefetched) {
					answers.set(prefetched.url, () => {
						stdlib = null;
						return prefetched.response;
					});
				}
				return withFetchesAnswered(answers, load);
			},
			prepare: importRunner,
			check: checkRunner,
			warn
		});
		const transport: OutputTransport = options.channel
			? new OutputWriter(options.channel)
			: {
					text: (kind, text) => events.output(kind, text),
					display: (mime, data) => events.display(mime, data)
				};
		const output = new OutputBuffer((kind, text) => transport.text(kind, text));
		const mirror = new FsMirror(pyodide.FS as unknown as EmscriptenFs, WORKSPACE_ROOT, {
			maxFileBytes: options.maxFileBytes,
			send: (ops) => {
				// Output written before the files changed reaches the main thread first.
				output.flush();
				events.files(ops);
			}
		});
		const reader = options.channel
			? new ChannelReader(options.channel, {
					beforeBlocking: () => {
						output.flush();
						mirror.flush();
					},
					stdinWanted: () => events.stdinWanted(),
					interrupted: () => pyodide.checkInterrupt()
				})
			: null;
		const setTerminal = connectStreams(pyodide, output, reader);
		const poll = () => {
			output.poll();
			mirror.poll();
		};
		pyodide.setInterruptBuffer(
			reader ? reader.signalBuffer(poll) : pollingSignalBuffer(new Int32Array(1), poll)
		);
		// Where the modules of ours that programs import go (asked once: each question costs).
		const sitePackages = String(pyodide.runPython('import site; site.getsitepackages()[0]'));
		installDisplay(pyodide, sitePackages, (mime, data) => {
			// Output printed before the image stays before it.
			output.flush();
			transport.display(mime, data);
		});
		installServeBridge(pyodide, {
			channel: options.channel,
			send: (event) => {
				// The request log printed before an answer reaches the terminal first.
				output.flush();
				events.appServer(event);
			},
			beforeBlocking: () => {
				output.flush();
				mirror.flush();
			},
			takeInterrupt: () => reader?.takeInterrupt() ?? false,
			sitePackages
		});
		const completions =
			options.channel && reader
				? new CompletionReader(options.channel, reader, (id, matches) => {
						output.flush();
						events.completions(id, matches);
					})
				: null;
		const runner = installRunner(pyodide, reader, completions);
		const pythonVersion = afterStart(pyodide);
		const packages = new PackageManager(pyodide, {
			sources: packageSources,
			workspaceRoot: WORKSPACE_ROOT,
			changed: (change) => events.packagesChanged(change),
			interrupted: () => reader?.takeInterrupt() ?? false
		});
		this.#session = {
			pyodide,
			events,
			transport,
			output,
			mirror,
			runner,
			setTerminal,
			pythonVersion,
			packages,
			PythonError: pyodide.ffi.PythonError
		};
		// Soon after the boot has answered, and once more a moment later, unless a run comes first
		// (run() cancels what is left): a run pressed while Python was starting arrives within
		// milliseconds, and should not wait for the warm-up. A package restore under way (it waits
		// for downloads) is not run over: that warm-up is skipped.
		const warmUpAfter = ([delay, ...later]: number[]) => {
			if (delay === undefined) return;
			this.#warmUp = setTimeout(() => {
				if (this.#restoring === 0) warmUp(runner);
				warmUpAfter(later);
			}, delay);
		};
		warmUpAfter([WARM_UP_DELAY_MS, WARM_UP_AGAIN_MS]);
		this.#saving = saved;
		void saved.then(() => {
			if (this.#saving === saved) this.#saving = null;
		});
		return { pythonVersion, bootMs: performance.now() - started, startup };
	}

	/** Settles once the start-up cache this boot made is written; at once if it made none. */
	cacheSaved(): Promise<void> {
		return this.#saving ?? Promise.resolve();
	}

	applyFiles(ops: FileOp[]): void {
		this.#require().mirror.apply(ops);
	}

	async restorePackages(packages: InstalledPackage[]): Promise<string[]> {
		this.#restoring++;
		try {
			return await this.#require().packages.restore(packages);
		} finally {
			this.#restoring--;
		}
	}

	run(spec: RunSpec): number | Promise<number> {
		const session = this.#require();
		// The run compiles what it uses itself.
		clearTimeout(this.#warmUp);
		// A program blocks this thread, and with it the cache's packing and hand-over to the page
		// (or its write, where the worker writes it): the first run waits for those, or a reload
		// would start Python the slow way.
		if (this.#saving) return this.#saving.then(() => this.run(spec));
		session.setTerminal({
			stdin: spec.stdinIsTerminal,
			stdout: spec.stdoutIsTerminal,
			stderr: spec.stderrIsTerminal
		});
		const pip = pipArguments(spec.argv);
		if (pip) return this.#pip(session, spec, pip);
		let code: number;
		try {
			code = this.#dispatch(session, spec);
		} catch (error) {
			session.output.end();
			// Not a Python exception: Pyodide itself failed (out of memory, a fatal error), and
			// this worker cannot run anything else. The main thread replaces it.
			if (!(error instanceof session.PythonError)) throw fatalReason(error);
			// A failure of the runner itself, e.g. a second Ctrl+C while the traceback of the
			// first was being printed.
			const interrupted = error.type === 'KeyboardInterrupt';
			say(session, 'stderr', interrupted ? '\nKeyboardInterrupt\n' : `${error.message}\n`);
			code = interrupted ? 130 : 1;
		}
		return this.#finish(session, spec, code);
	}

	async #pip(session: Session, spec: RunSpec, args: string[]): Promise<number> {
		const code = await session.packages.pip(args, spec.cwd, {
			write: (kind, text) => {
				say(session, kind, text);
				// Progress lines show at once: no Python polls the buffer while pip downloads.
				session.output.flush();
			}
		});
		return this.#finish(session, spec, code);
	}

	#finish(session: Session, spec: RunSpec, code: number): number {
		session.output.end();
		session.mirror.finish();
		session.events.exit(spec.runId, code);
		return code;
	}

	#dispatch(session: Session, spec: RunSpec): number {
		const [program = '', ...args] = spec.argv;
		if (program !== 'python' && program !== 'python3') {
			say(session, 'stderr', `${program}: command not found\n`);
			return COMMAND_NOT_FOUND;
		}
		let command = parsePythonArgs(args);
		// sys.argv[0] of a program read from stdin: '-' when named, '' when implied, as in CPython.
		let stdinName = '-';
		// As CPython: with stdin not a terminal, `python` runs what it reads, with no prompt.
		if (command.kind === 'repl' && !spec.stdinIsTerminal) {
			command = { kind: 'stdin', args: [] };
			stdinName = '';
		}
		switch (command.kind) {
			case 'file':
			case 'code':
				return session.runner(
					JSON.stringify({
						kind: command.kind,
						target: command.kind === 'file' ? command.path : command.code,
						args: command.args,
						cwd: spec.cwd,
						env: spec.env,
						interactive: command.interactive ?? false
					})
				);
			case 'stdin':
				return session.runner(
					JSON.stringify({
						kind: 'stdin',
						target: stdinName,
						args: command.args,
						cwd: spec.cwd,
						env: spec.env
					})
				);
			case 'repl':
				return session.runner(
					JSON.stringify({
						kind: 'repl',
						target: '',
						args: [],
						cwd: spec.cwd,
						env: spec.env,
						quiet: command.quiet ?? false
					})
				);
			case 'version':
				say(session, 'stdout', `Python ${session.pythonVersion}\n`);
				return 0;
			case 'help':
				say(session, 'stdout', PYTHON_HELP);
				return 0;
			case 'unsupported':
				say(session, 'stderr', command.message);
				return 1;
			case 'usage-error':
				say(session, 'stderr', command.message);
				return 2;
		}
	}

	#require(): Session {
		if (!this.#session) throw new Error('Python has not started in this worker yet.');
		return this.#session;
	}
}

/**
 * Corrects what a snapshot keeps from where it was made (runner.py's after_start: the random
 * seed, the time zone) and answers Python's version.
 */
function afterStart(pyodide: PyodideAPI): string {
	const year = new Date().getFullYear();
	const winter = new Date(year, 0, 1).getTimezoneOffset();
	const summer = new Date(year, 6, 1).getTimezoneOffset();
	return String(
		pyodide.runPython(
			`import sys; sys.modules["_bytestorm"].after_start(${winter}, ${summer}); sys.version.split()[0]`
		)
	);
}

/**
 * `store`, with what is saved handed to `keeper` (the page) when there is one: the save is done
 * once the bytes are on their way, and the worker's thread is free for the first run. A write
 * the page could not make is told through `warn`, as the worker's own would be (snapshot.ts).
 */
function keptBy(
	store: SnapshotStore | null,
	keeper: StartupCacheKeeper | undefined,
	warn: (message: string) => void
): SnapshotStore | null {
	if (!store || !keeper) return store;
	return {
		get: (key) => store.get(key),
		clear: () => store.clear(),
		put: async (key, bytes) => {
			void Promise.resolve(keeper.keep(key, bytes)).catch((error: unknown) =>
				warn(notSavedMessage(error))
			);
		}
	};
}

/** The start-up image at `url`, or null if the build made none for this key (or it is unreachable). */
async function fetchStartupImage(url: string): Promise<Uint8Array | null> {
	// Not kept by the HTTP cache too: the start-up cache keeps it once it has booted Python.
	const response = await fetch(url, { cache: 'no-store' });
	return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
}

/**
 * What made Pyodide fail, for the message that says Python was restarted. C code nested too
 * deeply (json.loads of 100,000 brackets, repr of a list nested as deep, freeing one) overflows
 * the browser's stack before CPython's own guard sees it: that is said in words.
 */
export function fatalReason(error: unknown): unknown {
	if (error instanceof RangeError && /call stack/i.test(error.message)) {
		return new Error(
			`it nested calls too deeply for the browser's stack: RangeError: ${error.message}`,
			{ cause: error }
		);
	}
	return error;
}

/** Writes the runner module into the FS and imports it: pure Python, so a snapshot keeps it. */
function importRunner(pyodide: PyodideAPI): void {
	writeRunnerFile(pyodide);
	pyodide.runPython(`
import importlib.util, sys
spec = importlib.util.spec_from_file_location("_bytestorm", ${JSON.stringify(RUNNER_FILE)})
module = importlib.util.module_from_spec(spec)
sys.modules["_bytestorm"] = module
spec.loader.exec_module(module)
del spec, module
`);
}

/** Throws unless the runner is imported and Python answers (after loading a snapshot). */
function checkRunner(pyodide: PyodideAPI): void {
	if (pyodide.runPython('import sys; "_bytestorm" in sys.modules and 6 * 7') !== 42) {
		throw new Error('Python started without its runner');
	}
}

/** The runner's source file: a snapshot has the module, not the file tracebacks read. */
function writeRunnerFile(pyodide: PyodideAPI): void {
	pyodide.FS.mkdirTree(RUNNER_FILE.slice(0, RUNNER_FILE.lastIndexOf('/')));
	pyodide.FS.writeFile(RUNNER_FILE, runnerSource);
}

/** Connects the imported runner to this worker and returns its `run` as a JS function. */
function installRunner(
	pyodide: PyodideAPI,
	reader: ChannelReader | null,
	completions: CompletionReader | null
): (requestJson: string) => number {
	writeRunnerFile(pyodide);
	const module = pyodide.runPython('import sys; sys.modules["_bytestorm"]') as {
		init(root: string, wait: unknown, waitForLine: unknown): void;
		run: (requestJson: string) => number;
	};
	// Returns true when Ctrl+C ended the sleep; the interrupt is taken so Python raises it once.
	// undefined, not null: Pyodide turns JS null into `jsnull`, and only undefined into None.
	const wait = reader
		? (seconds: number) => reader.sleep(seconds) && reader.takeInterrupt()
		: undefined;
	// The prompt's wait for a line; `complete` answers Tab with the matches as JSON.
	const waitForLine = completions
		? (complete: (word: string) => string) =>
				completions.waitForLine((word) => JSON.parse(complete(word)) as string[])
		: undefined;
	module.init(WORKSPACE_ROOT, wait, waitForLine);
	return (requestJson) => Number(module.run(requestJson));
}

/**
 * Makes `import bytestorm` (the display protocol) work, and points matplotlib at a backend that
 * shows figures through it. Files in Emscripten's file system live outside a memory snapshot, so
 * this runs on every boot.
 */
function installDisplay(
	pyodide: PyodideAPI,
	sitePackages: string,
	send: (mime: string, data: Uint8Array) => void
): void {
	pyodide.registerJsModule('_bytestorm_display', { send });
	pyodide.FS.mkdirTree(sitePackages);
	pyodide.FS.writeFile(`${sitePackages}/bytestorm.py`, displaySource);
	pyodide.FS.writeFile(`${sitePackages}/bytestorm_matplotlib.py`, matplotlibBackendSource);
	pyodide.runPython(`import os; os.environ["MPLBACKEND"] = "module://bytestorm_matplotlib"`);
}

/** How long after the boot the warm-up waits for a run that would make it needless. */
const WARM_UP_DELAY_MS = 50;

/**
 * When the warm-up runs again. The first run after a boot took 20-40 ms longer than the next
 * even after one warm-up (in the runner's reset, 2026-12-04); a second one 0.7 s after the first
 * took a first `python -c pass` from 54 to 26 ms, Enter to the next prompt (medians of 8 pages).
 */
const WARM_UP_AGAIN_MS = 700;

/** A program that goes where most programs go (formatting, a caught exception), printing nothing. */
const WARM_UP_PROGRAM = `
import io
data = {"numbers": [n * n for n in range(20)], "ratio": 2 / 3, "name": "warm"}
print(f"{data!r} {sum(data['numbers'])} {data['ratio']:.2f}", file=io.StringIO())
try:
    int("x")
except ValueError as error:
    str(error)
`;

/**
 * Runs a small program through the runner once. Pyodide's wasm is compiled function by function
 * on first use, and after a boot from the start-up cache little has run yet: without this, the
 * user's first run would pay for compiling the interpreter's common paths.
 */
function warmUp(runner: (requestJson: string) => number): void {
	try {
		runner(JSON.stringify({ kind: 'code', target: WARM_UP_PROGRAM, args: [], cwd: '', env: {} }));
	} catch {
		// Only a warm-up: a real run reports what is wrong.
	}
}

/** Sends a message of the runtime's own, after the program output before it. */
function say(session: Session, kind: StreamKind, text: string): void {
	if (kind === 'notice') {
		session.output.flush();
		session.transport.text(kind, text);
	} else {
		session.output.write(kind, encoder.encode(text));
	}
}
