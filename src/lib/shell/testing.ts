// Test helpers: run one builtin on a workspace and see what it printed, without a terminal.
import { Workspace } from '../workspace/workspace.ts';
import type { FileSystem } from '../workspace/types.ts';
import { bufferOutput, emptyInput, inputFrom, type InputStream } from './io.ts';
import { resolvePath } from './paths.ts';
import type { Builtin, CommandContext, CommandInfo, JobInfo, ShellContext } from './types.ts';

/** What a test shell records about calls that act on the shell itself. */
export interface TestShell extends ShellContext {
	readonly cleared: number;
	readonly exited: number | undefined;
	readonly killed: { target: string; signal: string }[];
}

/** A ShellContext over `fs` with no jobs, for unit tests; `overrides` replace any member. */
export function testShell(
	fs: FileSystem,
	overrides: Partial<ShellContext> & { commandList?: CommandInfo[]; jobList?: JobInfo[] } = {}
): TestShell {
	let cleared = 0;
	let exited: number | undefined;
	const killed: { target: string; signal: string }[] = [];
	const shell: TestShell = {
		cwd: '',
		env: new Map([
			['HOME', '/workspace'],
			['USER', 'tester'],
			['PWD', '/workspace']
		]),
		resolve(path) {
			return resolvePath(shell.cwd, path);
		},
		user: { name: 'tester', email: 'tester@example.com' },
		history: [],
		commands: () => overrides.commandList ?? [],
		jobs: () => overrides.jobList ?? [],
		processes: () => [],
		kill(target, signal) {
			killed.push({ target, signal });
			return true;
		},
		foreground: async () => 0,
		clear: () => void cleared++,
		exit: (code) => void (exited = code),
		get cleared() {
			return cleared;
		},
		get exited() {
			return exited;
		},
		killed,
		...overrides
	};
	void fs;
	return shell;
}

/** What `runBuiltin` reports: the exit status and everything printed. */
export interface BuiltinResult {
	status: number;
	stdout: string;
	stderr: string;
	stdoutBytes: Uint8Array;
}

/**
 * Runs `builtin` with `args` on `fs` (a fresh Workspace by default). `stdin` is a string or
 * stream; `shell` a test shell (its cwd is used); `terminal` makes stdout a terminal.
 */
export async function runBuiltin(
	builtin: Builtin,
	args: string[],
	options: {
		fs?: FileSystem;
		stdin?: string | Uint8Array | InputStream;
		shell?: ShellContext;
		terminal?: boolean;
		columns?: number;
		signal?: AbortSignal;
	} = {}
): Promise<BuiltinResult> {
	const fs = options.fs ?? new Workspace();
	const stdout = bufferOutput({ isTerminal: options.terminal, columns: options.columns });
	const stderr = bufferOutput({ isTerminal: options.terminal, columns: options.columns });
	const stdin =
		options.stdin === undefined
			? emptyInput
			: typeof options.stdin === 'string' || options.stdin instanceof Uint8Array
				? inputFrom(options.stdin)
				: options.stdin;
	const ctx: CommandContext = {
		argv: [builtin.name, ...args],
		stdin,
		stdout,
		stderr,
		fs,
		shell: options.shell ?? testShell(fs),
		signal: options.signal ?? new AbortController().signal
	};
	const status = await builtin.run(ctx);
	return { status, stdout: stdout.text(), stderr: stderr.text(), stdoutBytes: stdout.bytes() };
}
