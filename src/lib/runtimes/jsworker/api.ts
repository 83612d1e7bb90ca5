// The typed contract between the main thread (runtime.ts) and the JavaScript worker (node.ts).
// Both sides import only types from here, so neither depends on the other's transport.
import type { FileOp } from '../pyodide/api.ts';

export type { FileOp };

/** How the worker starts. */
export interface JsBootOptions {
	/** The shared control block (pyodide/channel.ts layout) for stdin; null without cross-origin isolation. */
	channel: SharedArrayBuffer | null;
	/** Largest file written back to the workspace, in bytes. */
	maxFileBytes: number;
	/** The workspace's files and folders, so synchronous fs can read them at once. */
	files: FileOp[];
}

/** One run: the command line and its environment, as RunRequest gives them. */
export interface JsRunSpec {
	argv: string[];
	/** Working directory relative to the workspace root ('' is the root). */
	cwd: string;
	env: Record<string, string>;
	columns: number;
	rows: number;
	/** Workspace changes since the worker booted. */
	files: FileOp[];
}

/** Output kinds the worker streams; 'notice' is the runtime talking, not the program. */
export type JsStreamKind = 'stdout' | 'stderr' | 'notice';

/** Calls from the worker to the main thread, in order; they never wait for an answer. */
export interface JsWorkerEvents {
	/** Program output, coalesced over a few milliseconds. */
	output(kind: JsStreamKind, text: string): void;
	/** Files the program created, changed or removed since the last report. */
	files(ops: FileOp[]): void;
	/** The program waits for stdin and the shared buffer is empty: supply more, or end it. */
	stdinWanted(): void;
	/** The program ended with this exit code; every output and file event came before. */
	exit(code: number): void;
}

/** What the worker exposes: boot once with the files, then run one program (a worker per run). */
export interface JsWorkerApi {
	/** Sets up the runtime and mirrors the workspace's files; resolves once it can run. */
	boot(options: JsBootOptions, events: JsWorkerEvents): Promise<void>;
	/** Applies workspace changes made while the worker waits for its run. */
	applyFiles(ops: FileOp[]): void;
	/** Starts the program; its end arrives as `events.exit` (the event loop may outlive this call). */
	run(spec: JsRunSpec): void;
	/** Text typed in the terminal, where there is no shared channel (no cross-origin isolation). */
	stdin(text: string | null): void;
}
