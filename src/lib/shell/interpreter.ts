// The evaluator: runs a parsed command line. Builtins run in the page on the workspace; programs
// (python, pip, ...) start through a ProgramLauncher, so this module never imports a runtime.
// Each command of a pipeline runs concurrently, connected by pipes with backpressure.
import type { Process, ProcessOutput, RunRequest, StartNotes } from '../runtimes/types.ts';
import type { FileSystem } from '../workspace/types.ts';
import type { AndOrList, Pipeline, Script, SimpleCommand } from './ast.ts';
import { INTERRUPTED } from './builtins/define.ts';
import { reason } from './errors.ts';
import { expandSingle, expandWord, type ExpansionContext } from './expand.ts';
import { createPipe, emptyInput, type InputStream, type OutputStream } from './io.ts';
import { JobTable, type Job } from './jobs.ts';
import { ROOT, absolutePath, resolvePath } from './paths.ts';
import { runProgram, type Streams } from './program.ts';
import { openForReading, openForWriting, type FileOutput } from './redirect.ts';
import type { Builtin, CommandContext, CommandInfo, ShellContext } from './types.ts';

/** Exit status of a command that was not found, as in bash. */
export const NOT_FOUND = 127;

/** How the shell starts programs that a runtime provides. */
export interface ProgramLauncher {
	/** The programs some runtime provides (`python`, `pip`). */
	programs(): CommandInfo[];
	/**
	 * Starts a program; rejects with an Error whose message is what the terminal prints. `notes`
	 * shows what the start waits for ("Starting WebContainer…").
	 */
	launch(request: RunRequest, notes?: StartNotes): Promise<Process>;
	/**
	 * What to say for a command nobody provides, when there is more to say than "not found":
	 * `node` arriving in a later build, `gcc` needing a cloud sandbox.
	 */
	explainMissing?(name: string): string | undefined;
}

/** The terminal the shell runs in. */
export interface ShellTerminal {
	/** The terminal as stdin: each command reads through its own view. */
	openInput(): InputStream;
	readonly stdout: OutputStream;
	readonly stderr: OutputStream;
	/** A line from the runtime, not the program ("Python restarted"). */
	notice(text: string): void;
	/** Rich output (an image) that the terminal cannot show; the page shows it elsewhere. */
	display?(output: Extract<ProcessOutput, { kind: 'display' }>): void;
	clear(): void;
	size(): { columns: number; rows: number };
	/** A line from Bytestorm about starting a program, shown dim; `notice` where absent. */
	hint?(text: string): void;
	/**
	 * Sends the keys as typed to `receiver` instead of the line editor (a program on a PTY echoes
	 * and edits them itself), until the returned function is called.
	 */
	rawInput?(receiver: (data: string) => void): () => void;
	/** Calls `listener` when the terminal is resized; returns the unsubscribe function. */
	onResize?(listener: (size: { columns: number; rows: number }) => void): () => void;
}

/** What a Shell is made of. */
export interface ShellOptions {
	fs: FileSystem;
	terminal: ShellTerminal;
	launcher: ProgramLauncher;
	builtins: readonly Builtin[];
	user: { name: string; email: string };
	/** The history shown by `history`, shared with the line editor (oldest first). */
	history: readonly string[];
	/** `exit` was run. */
	onExit?(code: number): void;
	/** Extra environment variables. */
	env?: Record<string, string>;
}

/** One shell session: its folder, variables and jobs. Runs one foreground line at a time. */
export class Shell {
	readonly fs: FileSystem;
	readonly env: Map<string, string>;
	/** The exit status of the last foreground line (`$?`). */
	status = 0;
	/** True when the last command of the last foreground line was a program, not a builtin. */
	lastCommandWasProgram = false;
	readonly #options: ShellOptions;
	readonly #builtins = new Map<string, Builtin>();
	readonly #jobs = new JobTable();
	#cwd = '';
	#foreground: Job | null = null;
	#lastInterrupt = 0;
	readonly context: ShellContext;

	constructor(options: ShellOptions) {
		this.#options = options;
		this.fs = options.fs;
		for (const builtin of options.builtins) this.#builtins.set(builtin.name, builtin);
		this.env = new Map(
			Object.entries({
				HOME: ROOT,
				PWD: ROOT,
				USER: options.user.name,
				SHELL: '/bin/bytestorm',
				TERM: 'xterm-256color',
				PATH: '/usr/bin:/bin',
				...options.env
			})
		);
		this.context = this.#makeContext();
	}

	/** The current folder as a workspace path ('' is the root). */
	get cwd(): string {
		return this.#cwd;
	}

	/** True while a foreground line runs. */
	get busy(): boolean {
		return this.#foreground !== null;
	}

	/** Every command this shell knows, builtins first. */
	commands(): CommandInfo[] {
		const builtins: CommandInfo[] = [...this.#builtins.values()].map((builtin) => ({
			name: builtin.name,
			summary: builtin.summary,
			usage: builtin.usage,
			kind: 'builtin'
		}));
		return [...builtins, ...this.#options.launcher.programs()];
	}

	/** Runs a parsed line in the foreground (background items are started and left running). */
	async run(script: Script, source: string): Promise<number> {
		for (const item of script.items) {
			const text = source.slice(item.list.span.start, item.list.span.end);
			if (item.background) {
				const job = this.#jobs.start(text, (job) => this.#runAndOr(item.list, job, true));
				await this.#options.terminal.stdout.write(`[${job.id}] ${job.pid}\n`).catch(() => {});
				this.status = 0;
				continue;
			}
			this.lastCommandWasProgram = false;
			const job = this.#jobs.foreground(text, (job) => this.#runAndOr(item.list, job, false));
			this.#foreground = job;
			this.#lastInterrupt = 0;
			try {
				this.status = await job.done;
			} finally {
				this.#foreground = null;
			}
			// Ctrl+C abandons the rest of the line, as in an interactive bash.
			if (job.killed) break;
		}
		return this.status;
	}

	/**
	 * Ctrl+C: interrupts the foreground line (KeyboardInterrupt in Python, 130 for builtins). A
	 * second press within two seconds kills what is still running, unless it took the first
	 * (Python's prompt goes on after KeyboardInterrupt). False when nothing runs.
	 */
	interrupt(): boolean {
		const job = this.#foreground;
		if (!job) return false;
		const now = Date.now();
		const again = now - this.#lastInterrupt < 2000 && !job.tookInterrupt();
		job.kill(again ? 'SIGKILL' : 'SIGINT');
		this.#lastInterrupt = now;
		return true;
	}

	/** Background jobs that ended since the last call, for bash's `[1]+  Done` lines. */
	finishedJobs(): Job[] {
		return this.#jobs.takeFinished();
	}

	/** Kills every job (the terminal tab closes). */
	dispose(): void {
		// The table holds the foreground line too.
		this.#jobs.killAll();
	}

	async #runAndOr(list: AndOrList, job: Job, background: boolean): Promise<number> {
		const stdin = background ? emptyInput : null;
		let status = await this.#runPipeline(list.first, job, stdin);
		for (const { op, pipeline } of list.rest) {
			if (job.killed) break;
			if ((op === '&&') === (status === 0)) status = await this.#runPipeline(pipeline, job, stdin);
		}
		return status;
	}

	async #runPipeline(pipeline: Pipeline, job: Job, stdin: InputStream | null): Promise<number> {
		const { terminal } = this.#options;
		const count = pipeline.commands.length;
		const pipes = Array.from({ length: count - 1 }, () => createPipe());
		const runs = pipeline.commands.map(async (command, index) => {
			const input = index === 0 ? (stdin ?? terminal.openInput()) : pipes[index - 1]!.input;
			const streams: Streams = {
				stdin: input,
				stdout: index === count - 1 ? terminal.stdout : pipes[index]!.output,
				stderr: terminal.stderr
			};
			try {
				return await this.#runCommand(command, streams, job);
			} finally {
				// The next command sees the end of its input; the previous one a broken pipe.
				if (index < count - 1) pipes[index]!.closeOutput();
				input.close();
			}
		});
		const statuses = await Promise.all(runs);
		const status = statuses.at(-1) ?? 0;
		return pipeline.negated ? Number(status === 0) : status;
	}

	async #runCommand(command: SimpleCommand, streams: Streams, job: Job): Promise<number> {
		const { stderr } = streams;
		const context = this.#expansion();
		let argv: string[];
		const assignments: [string, string][] = [];
		const opened: FileOutput[] = [];
		try {
			for (const assignment of command.assignments) {
				assignments.push([assignment.name, expandSingle(assignment.value, context)]);
			}
			argv = command.words.flatMap((word) => expandWord(word, context));
			streams = this.#redirect(command, streams, context, opened);
		} catch (error) {
			await stderr.write(`bytestorm: ${reason(error)}\n`).catch(() => {});
			return 1;
		}
		try {
			if (argv.length === 0) {
				// `NAME=value` alone sets a variable of the shell.
				for (const [name, value] of assignments) this.env.set(name, value);
				return 0;
			}
			const env = Object.fromEntries(assignments);
			const builtin = this.#builtins.get(argv[0]!);
			if (builtin) return await this.#runBuiltin(builtin, argv, streams, job);
			if (this.#options.launcher.programs().some((program) => program.name === argv[0])) {
				return await this.#runProgram(argv, env, streams, job);
			}
			const explanation = this.#options.launcher.explainMissing?.(argv[0]!);
			await stderr
				.write(`bytestorm: ${argv[0]}: command not found${explanation ? `: ${explanation}` : ''}\n`)
				.catch(() => {});
			return NOT_FOUND;
		} finally {
			for (const output of opened) {
				try {
					output.close();
				} catch (error) {
					await stderr.write(`bytestorm: ${reason(error)}\n`).catch(() => {});
				}
			}
		}
	}

	#redirect(
		command: SimpleCommand,
		streams: Streams,
		context: ExpansionContext,
		opened: FileOutput[]
	): Streams {
		const fds: (InputStream | OutputStream)[] = [streams.stdin, streams.stdout, streams.stderr];
		for (const redirect of command.redirects) {
			if (redirect.fd > 2)
				throw new Error(`${redirect.fd}: only descriptors 0, 1 and 2 exist here`);
			if (redirect.type === 'dup') {
				if (redirect.to > 2) throw new Error(`${redirect.to}: Bad file descriptor`);
				fds[redirect.fd] = fds[redirect.to]!;
				continue;
			}
			const target = expandSingle(redirect.target, context);
			if (target === '') throw new Error('ambiguous redirect: the file name is empty');
			const path = resolvePath(this.#cwd, target);
			try {
				if (redirect.mode === 'read') {
					fds[redirect.fd] = openForReading(this.fs, path);
				} else {
					const output = openForWriting(this.fs, path, redirect.mode === 'append');
					opened.push(output);
					fds[redirect.fd] = output;
				}
			} catch (error) {
				throw new Error(`${target}: ${reason(error)}`, { cause: error });
			}
		}
		return {
			stdin: asInput(fds[0]!),
			stdout: asOutput(fds[1]!),
			stderr: asOutput(fds[2]!)
		};
	}

	async #runBuiltin(builtin: Builtin, argv: string[], streams: Streams, job: Job): Promise<number> {
		const controller = new AbortController();
		const release = job.add({
			command: argv.join(' '),
			where: 'shell',
			kill: () => controller.abort()
		});
		const ctx: CommandContext = {
			argv,
			...streams,
			fs: this.fs,
			shell: this.context,
			signal: controller.signal
		};
		try {
			if (job.killed) return INTERRUPTED;
			return await builtin.run(ctx);
		} finally {
			release();
		}
	}

	async #runProgram(
		argv: string[],
		env: Record<string, string>,
		streams: Streams,
		job: Job
	): Promise<number> {
		const { terminal, launcher } = this.#options;
		const { columns, rows } = terminal.size();
		const request = {
			argv,
			cwd: this.#cwd,
			env: { ...Object.fromEntries(this.env), ...env },
			columns,
			rows
		};
		return runProgram({ launcher, terminal, request, streams, job }, () => {
			if (job.id === 0) this.lastCommandWasProgram = true;
		});
	}

	#expansion(): ExpansionContext {
		return {
			fs: this.fs,
			cwd: this.#cwd,
			lookup: (name) => {
				if (name === '?') return String(this.status);
				if (name === '$') return '1';
				if (name === '#') return '0';
				if (name === '0') return 'bytestorm';
				if (/^\d$/.test(name)) return '';
				return this.env.get(name);
			}
		};
	}

	#makeContext(): ShellContext {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const shell = this;
		const { terminal, user, history, onExit } = this.#options;
		return {
			get cwd() {
				return shell.#cwd;
			},
			set cwd(path: string) {
				shell.#cwd = path;
				shell.env.set('PWD', absolutePath(path));
			},
			env: this.env,
			resolve: (path) => resolvePath(shell.#cwd, path),
			user,
			history,
			commands: () => shell.commands(),
			jobs: () => shell.#jobs.list(),
			processes: () => shell.#jobs.processes(),
			kill: (target, signal) => shell.#jobs.kill(target, signal),
			foreground: (id) => {
				const job = shell.#jobs.get(id);
				if (!job) return Promise.resolve(1);
				const previous = shell.#foreground;
				shell.#foreground = job;
				return job.done.finally(() => (shell.#foreground = previous));
			},
			clear: () => terminal.clear(),
			exit: (code) => onExit?.(code)
		};
	}
}

function asInput(stream: InputStream | OutputStream): InputStream {
	if ('read' in stream) return stream;
	throw new Error('cannot read from an output');
}

function asOutput(stream: InputStream | OutputStream): OutputStream {
	if ('write' in stream) return stream;
	throw new Error('cannot write to an input');
}
