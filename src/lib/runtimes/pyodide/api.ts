// The typed contract between the main thread (runtime.ts) and the Python worker (python.ts).
// Both sides import only types from here, so neither depends on the other's transport.
import type { PackageSources } from './package-sources.ts';

/**
 * One file-system change, in either direction. Paths are workspace-relative (`src/main.py`).
 * 'write' carries the whole content; 'too-large' says a program wrote a file over the size limit.
 */
export type FileOp =
	| { op: 'write'; path: string; data: Uint8Array }
	| { op: 'mkdir'; path: string }
	| { op: 'remove'; path: string }
	| { op: 'too-large'; path: string; size: number };

/** How the worker starts Python. */
export interface BootOptions {
	/** Absolute URL (or, in Node, folder path) of Pyodide's core files, with a trailing slash. */
	indexURL: string;
	/** The shared block (channel.ts) for stdin, output and interrupts; null without cross-origin isolation. */
	channel: SharedArrayBuffer | null;
	/** Largest file written back to the workspace, in bytes. */
	maxFileBytes: number;
	/** URL of the standard library zip; Pyodide's own (next to indexURL) when absent. */
	stdlibURL?: string;
	/**
	 * What identifies that zip's content (its hash): Python's start-up cache holds offsets into
	 * it. Absent: the URL stands in for it.
	 */
	stdlibHash?: string;
	/**
	 * URL of the folder, with a trailing slash, of the start-up images the build made
	 * (scripts/python-startup-image.ts); absent: a first boot makes its own.
	 */
	startupImagesURL?: string;
	/** Where pip downloads from (package-sources.ts); the public defaults when absent. */
	packageSources?: PackageSources;
}

/** A package pip installed, as the workspace remembers it to install it again on the next boot. */
export interface InstalledPackage {
	name: string;
	version: string;
	/** 'pyodide': Pyodide's build, loaded by name; 'index': a pure-Python wheel from `url`. */
	source: 'pyodide' | 'index';
	url: string;
}

/** What one pip command changed: packages installed, and normalised names of those removed. */
export interface PackageChange {
	installed: InstalledPackage[];
	removed: string[];
}

/**
 * How Python started: 'snapshot' from its start-up cache (snapshot.ts), 'image' from the
 * start-up image the build made (kept as the cache from then on); else from scratch, 'made'
 * saving a cache, 'rebuilt' replacing a damaged one, 'plain' with nowhere to keep one.
 */
export type Startup = 'snapshot' | 'image' | 'made' | 'rebuilt' | 'plain';

/** What the worker reports once Python is up. */
export interface BootInfo {
	/** `sys.version`'s first word, e.g. '3.14.2'. */
	pythonVersion: string;
	/** Milliseconds spent in loadPyodide and our set-up. */
	bootMs: number;
	/** Whether Python came from its start-up cache (snapshot.ts); absent: booted from scratch. */
	startup?: Startup;
}

/** One run: the command line and its environment, as RunRequest gives them. */
export interface RunSpec {
	/** Identifies the run in `WorkerEvents.exit`. */
	runId: number;
	argv: string[];
	/** Working directory relative to the workspace root ('' is the root). */
	cwd: string;
	env: Record<string, string>;
	/**
	 * False when stdin is a pipe or a file (`echo 'print(1)' | python` runs what it reads);
	 * `sys.stdin.isatty()` says which.
	 */
	stdinIsTerminal: boolean;
	/** False when stdout is a pipe or a file (`python main.py > out.txt`): `sys.stdout.isatty()`. */
	stdoutIsTerminal: boolean;
	/** Likewise for stderr (`2> errors.txt`). */
	stderrIsTerminal: boolean;
	columns: number;
	rows: number;
}

/** Output kinds the worker streams; 'notice' is the runtime talking, not the program. */
export type StreamKind = 'stdout' | 'stderr' | 'notice';

/** What a Python program serving a web app on the preview (bytestorm_wsgi.py) reports. */
export type AppServerEvent =
	/** A server starts answering the preview for `port`. */
	| { kind: 'listen'; port: number; label: string }
	/** It stopped (Ctrl+C, server_close()): requests waiting for it get an error page. */
	| { kind: 'close'; port: number }
	/** The answer to request `id`. */
	| { kind: 'response'; id: number; status: number; headers: [string, string][]; body: Uint8Array }
	/** The worker took a chunk of a request from the mailbox (request-channel.ts): send the next. */
	| { kind: 'taken' };

/**
 * Calls from the worker to the main thread, in order. They may arrive while Python is still
 * running (the worker posts them from inside a blocked run), so they never wait for an answer.
 * With shared memory, output and displays go through its output ring instead (output-channel.ts),
 * and the main thread takes what is there before it handles each of these.
 */
export interface WorkerEvents {
	/** Program output without shared memory, UTF-8 decoded and coalesced over a few milliseconds. */
	output(kind: StreamKind, text: string): void;
	/** Files the program created, changed or removed since the last report. */
	files(ops: FileOp[]): void;
	/** Rich output (`bytestorm.display`) without shared memory, after the output before it. */
	display(mime: string, data: Uint8Array): void;
	/** The program waits for stdin and the shared buffer is empty: supply more, or end it. */
	stdinWanted(): void;
	/** The run ended with this exit code; every output and file event of the run came before. */
	exit(runId: number, code: number): void;
	/** pip installed or removed packages: the workspace records them (installed-packages.ts). */
	packagesChanged(change: PackageChange): void;
	/** A program's web app serves the preview (bytestorm_wsgi.py). */
	appServer(event: AppServerEvent): void;
	/** The answer to Tab request `id` (completion-channel.ts): what Python's prompt offers for its word. */
	completions(id: number, matches: string[]): void;
}

/**
 * The page's side of Python's start-up cache: it writes what a boot saves, so the worker's thread
 * is free at once for the first run (a program blocks it, and the write with it).
 */
export interface StartupCacheKeeper {
	/**
	 * Writes `bytes` as the cache under `key`; a failure is the page's to tell. The bytes are the
	 * keeper's from then on: the worker never reads them again (worker.ts moves them, not copies).
	 */
	keep(key: string, bytes: Uint8Array): void | Promise<void>;
}

/** What the worker exposes: boot once, then mirror files and run commands one at a time. */
export interface PythonWorkerApi {
	/**
	 * Loads Pyodide, installs the runner, and keeps `events` for every later report. A new
	 * start-up cache goes to `keeper` where there is one, else the worker writes it itself.
	 */
	boot(options: BootOptions, events: WorkerEvents, keeper?: StartupCacheKeeper): Promise<BootInfo>;
	/** Applies workspace changes to Python's file system (never reported back as program writes). */
	applyFiles(ops: FileOp[]): void;
	/**
	 * Runs one command; the exit code also arrives as `events.exit`, after the run's output.
	 * Python runs synchronously; pip awaits its downloads, so it answers with a promise.
	 */
	run(spec: RunSpec): number | Promise<number>;
	/** Installs the workspace's packages again after a boot; one sentence per failure. */
	restorePackages(packages: InstalledPackage[]): Promise<string[]>;
}
