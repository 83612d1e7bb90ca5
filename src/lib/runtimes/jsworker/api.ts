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

/** A server the program listens with (http.createServer + listen), as the page learns of it. */
export interface JsServerInfo {
	/** The server's id in this run. */
	id: number;
	port: number;
	/** The program's main file, relative to the workspace, e.g. 'server.js'. */
	script: string;
}

/** A preview request for one of the program's servers: what http.IncomingMessage is made from. */
export interface JsHttpRequest {
	method: string;
	/** Path and query, as the program sees `req.url`, e.g. '/api/items?x=1'. */
	url: string;
	/** Header names lower-cased. */
	headers: Record<string, string>;
	body: ArrayBuffer | null;
}

/** What the program's handler answered (http.ServerResponse once ended). */
export interface JsHttpResponse {
	status: number;
	headers: Record<string, string>;
	body: Uint8Array;
}

/** Calls from the worker to the main thread, in order; they never wait for an answer. */
export interface JsWorkerEvents {
	/** Program output, coalesced over a few milliseconds. */
	output(kind: JsStreamKind, text: string): void;
	/** Files the program created, changed or removed since the last report. */
	files(ops: FileOp[]): void;
	/** The program waits for stdin and the shared buffer is empty: supply more, or end it. */
	stdinWanted(): void;
	/** A server started listening: the preview may send it requests now. */
	listening(server: JsServerInfo): void;
	/** A server stopped listening (server.close()). */
	closed(id: number): void;
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
	/** Passes a preview request to a listening server; resolves when its response has ended. */
	request(server: number, request: JsHttpRequest): Promise<JsHttpResponse>;
	/** Text typed in the terminal, where there is no shared channel (no cross-origin isolation). */
	stdin(text: string | null): void;
}
