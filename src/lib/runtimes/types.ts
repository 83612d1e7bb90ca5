import type { FileSystem } from '../workspace/types.ts';

/** The backends a command can run on. */
export type BackendId = 'pyodide' | 'webcontainer' | 'jsworker' | 'cloud';

/** Where a runtime is in its life, for the status bar and the terminal. */
export type RuntimeState =
	| { state: 'idle' }
	| { state: 'starting'; detail?: string }
	/** `detail` says how Python started, for the status bar's tooltip. */
	| { state: 'ready'; detail?: string }
	| { state: 'busy' }
	| { state: 'failed'; message: string };

/** A command to run: `argv[0]` is the program (`python`), the rest its arguments. */
export interface RunRequest {
	argv: string[];
	/** Working directory, relative to the workspace root ('' is the root). */
	cwd?: string;
	env?: Record<string, string>;
	/** False when stdin is a pipe or a file: `python` alone then runs what it reads, as CPython does. */
	stdinIsTerminal?: boolean;
	/** False when stdout is a pipe or a file (`> out.txt`), for programs that ask (`isatty()`). */
	stdoutIsTerminal?: boolean;
	/** Likewise for stderr (`2> errors.txt`). */
	stderrIsTerminal?: boolean;
	/** Terminal size, for programs that care. */
	columns?: number;
	rows?: number;
}

/** Lines from Bytestorm about a command that is starting ("Starting WebContainer…"). */
export interface StartNotes {
	/** Shows `text` on a line of its own, apart from the program's output. */
	note(text: string): void;
}

/** Something a process produced. stdout and stderr stay apart where the backend allows. */
export type ProcessOutput =
	| { kind: 'stdout' | 'stderr'; text: string }
	/** Rich output through the display protocol, e.g. a PNG from matplotlib. */
	| { kind: 'display'; mime: string; data: Uint8Array }
	/** A note from the runtime itself (not the program), e.g. "Python interrupted". */
	| { kind: 'notice'; text: string };

/** What Tab at a program's prompt can put in place of `line.slice(from, to)` (UTF-16 offsets). */
export interface PromptCompletion {
	from: number;
	to: number;
	/** Whole replacements for the word, each with what follows it (`print(`, `os.path`). */
	candidates: string[];
}

/** Signals a process understands; SIGINT is Ctrl+C (KeyboardInterrupt in Python). */
export type Signal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

/** A running program: a handle, as in E2B's and code-server's SDKs. */
export interface Process {
	readonly pid: number;
	readonly backend: BackendId;
	/** Calls `listener` for every piece of output, in order; returns the unsubscribe function. */
	onOutput(listener: (output: ProcessOutput) => void): () => void;
	/** Sends text to the program's stdin (a blocked `input()` receives it line by line). */
	write(data: string): void;
	/** Ends stdin: a blocked read gets end of file (EOFError in Python). */
	closeStdin(): void;
	/**
	 * A one-off end of input, as Ctrl+D at a terminal: one read gets end of file, later reads
	 * wait for more. Absent where the backend can only close stdin.
	 */
	endOfInput?(): void;
	resize(columns: number, rows: number): void;
	/**
	 * Tab at the program's interactive prompt (Python's `>>>`): the completions of the word before
	 * `cursor` (a UTF-16 offset) in `line`, the line being typed there. Null when Tab completes
	 * nothing now (the program is not waiting at its prompt, or no word ends at the cursor): it
	 * then indents. Absent where the backend has no prompt to ask.
	 */
	complete?(line: string, cursor: number): Promise<PromptCompletion | null>;
	kill(signal?: Signal): void;
	/**
	 * Whether the program has received the last SIGINT (it may handle it and go on, as Python's
	 * prompt does after KeyboardInterrupt); absent where the backend cannot tell.
	 */
	readonly interruptTaken?: boolean;
	/**
	 * True when the program runs on a pseudo-terminal (a WebContainer's): it echoes and edits what
	 * is typed itself, so the terminal gives it the keys as pressed.
	 */
	readonly pty?: boolean;
	/** The exit code once the program ended: 0 success, 1 error, 130 interrupted. */
	readonly exit: Promise<number>;
}

/** One backend: what it can run, and how to start it on a workspace. */
export interface Runtime {
	readonly id: BackendId;
	/** Program names this backend provides (`python`, `pip`). */
	readonly commands: readonly string[];
	/** Current state; `onState` reports each change. */
	readonly state: RuntimeState;
	onState(listener: (state: RuntimeState) => void): () => void;
	/** Starts the backend ahead of the first run (booting Python takes a moment). */
	warmUp(): Promise<void>;
	/** Runs a command on the workspace's files; rejects only if the backend cannot start. */
	run(request: RunRequest): Promise<Process>;
	/** Calls `listener` when a server the runtime runs is ready at `url` (a WebContainer's dev server). */
	onServerReady?(listener: (port: number, url: string) => void): () => void;
	/** Calls `listener` when that server's port closes. */
	onServerClosed?(listener: (port: number) => void): () => void;
	/** Stops everything and releases the worker; the workspace's files are untouched. */
	dispose(): void;
}

/** How a backend is created: on one workspace's files. */
export type RuntimeFactory = (fs: FileSystem) => Runtime;
