// The seam between the shell's interpreter and its commands. A builtin is a function of a
// CommandContext that resolves to an exit status; it talks to the workspace through `fs`, to
// the shell through `shell`, and stops when `signal` aborts (Ctrl+C, kill).
import type { FileSystem } from '../workspace/types.ts';
import type { InputStream, OutputStream } from './io.ts';

/** Everything a command gets when it runs. */
export interface CommandContext {
	/** `argv[0]` is the command's name as typed, the rest its expanded arguments. */
	readonly argv: readonly string[];
	readonly stdin: InputStream;
	readonly stdout: OutputStream;
	readonly stderr: OutputStream;
	/** The workspace's files; shell writes use the 'shell' origin. */
	readonly fs: FileSystem;
	readonly shell: ShellContext;
	/** Aborted when the user presses Ctrl+C or the job is killed: stop soon, return 130. */
	readonly signal: AbortSignal;
}

/** A command built into the shell. */
export interface Builtin {
	readonly name: string;
	/** One line for `help`: what the command does. */
	readonly summary: string;
	/** The synopsis for `help NAME`, e.g. `ls [-laR] [FILE]...`. */
	readonly usage: string;
	run(ctx: CommandContext): Promise<number>;
}

/** Where a command comes from, for `which`, `help`, `type` and tab completion. */
export interface CommandInfo {
	name: string;
	summary: string;
	/** The synopsis, for `help NAME` (builtins have one). */
	usage?: string;
	kind: 'builtin' | 'program';
}

/** A job of the shell: one command line started with `&`, or stopped in the foreground. */
export interface JobInfo {
	/** The job number shown as `[1]` and taken by `fg %1` and `kill %1`. */
	id: number;
	/** The process id of its last command. */
	pid: number;
	/** The command line as typed. */
	command: string;
	state: 'running' | 'done';
	/** Set once done. */
	exitCode?: number;
}

/** One running command, for `ps`. */
export interface ProcessInfo {
	pid: number;
	/** The command and its arguments. */
	command: string;
	/** Where it runs: 'shell' for builtins, or the runtime backend's id. */
	where: string;
	/** Milliseconds since the epoch. */
	startedAt: number;
}

/** What the shell exposes to builtins that act on the shell itself (cd, export, jobs, ...). */
export interface ShellContext {
	/** The current folder as a workspace path ('' is the root). Builtins like `cd` set it. */
	cwd: string;
	/** The environment: exported variables (HOME, PWD, USER, PATH, ...). */
	readonly env: Map<string, string>;
	/**
	 * Resolves a path argument as every command does: relative to `cwd`, or absolute under
	 * `/workspace` (the workspace root, also `~`). Throws ShellPathError for paths outside.
	 */
	resolve(path: string): string;
	/** The user's name and email (whoami, git's author); `git config --global` updates it in place. */
	readonly user: { name: string; email: string };
	/** Lines entered in this terminal and before, oldest first. */
	readonly history: readonly string[];
	/** Every command the shell knows: its builtins, then the runtimes' programs. */
	commands(): CommandInfo[];
	jobs(): JobInfo[];
	processes(): ProcessInfo[];
	/** Sends `signal` to a process (by pid) or a job (`%N`); false when there is no such one. */
	kill(target: string, signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): boolean;
	/** Brings a job to the foreground and waits for it; resolves to its exit status. */
	foreground(jobId: number): Promise<number>;
	/** Clears the terminal screen and its scrollback. */
	clear(): void;
	/** Ends the shell session (the terminal tab closes). */
	exit(code: number): void;
}
