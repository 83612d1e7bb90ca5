// One terminal tab's shell: xterm.js on one side, Bytestorm's shell on the other. At the prompt
// the line editor owns the keyboard; while a command runs, a second one (program-input.ts) edits
// the lines that go to the command's stdin (Ctrl+D ends input, Ctrl+C interrupts).
import type { IDisposable, Terminal } from '@xterm/xterm';
import { createBuiltins } from '#lib/shell/builtins/index.ts';
import { complete } from '#lib/shell/completion.ts';
import * as historyStore from '#lib/shell/history-store.ts';
import { Shell, type ProgramLauncher } from '#lib/shell/interpreter.ts';
import { LineEditor } from '#lib/shell/line-editor.ts';
import { parse } from '#lib/shell/parser.ts';
import { promptPath } from '#lib/shell/paths.ts';
import { commandLine } from '#lib/shell/quote.ts';
import { TerminalInput } from '#lib/shell/terminal-input.ts';
import { gitSubcommands } from '#lib/shell/git/subcommands.ts';
import { shellUser } from '#lib/shell/user.ts';
import { opensPythonPrompt } from '#lib/runtimes/pyodide/argv.ts';
import type { FileSystem } from '#lib/workspace/types.ts';
import { ProgramInput } from './program-input.ts';
import { dim, parseNextWriteAtOnce, red, terminalOutput, yellow } from './streams.ts';

/** What a ShellSession needs from the page. */
export interface ShellSessionOptions {
	fs: FileSystem;
	/** Whose history this is: one per workspace, shared by its terminals. */
	workspaceId: string;
	launcher: ProgramLauncher;
	/** A `File "x.py", line 7` link in a traceback was clicked. */
	openFile?(path: string, line: number): void;
	/** A command line started (with its first word) or ended. */
	onBusy?(busy: boolean, command?: string): void;
	/** `exit` was run: the tab should close. */
	onExit?(code: number): void;
}

// Also matches paths inside the runtime's mirror of the workspace (/workspace/...).
const tracebackLocation = /File "(?:\/workspace\/)?([^"<>]+)", line (\d+)/g;
// Node's `/workspace/app.js:3` (uncaught exceptions) and stack frames' `/workspace/app.js:3:7`.
const nodeLocation = /\/workspace\/([^\s"'<>():]+\.(?:[cm]?js|json)):(\d+)(?::\d+)?/g;

/** A shell session in one xterm.js terminal. */
export class ShellSession {
	readonly shell: Shell;
	readonly #term: Terminal;
	readonly #options: ShellSessionOptions;
	readonly #editor: LineEditor;
	readonly #input = new TerminalInput();
	readonly #history: string[] = [];
	readonly #disposables: IDisposable[] = [];
	/** The line editor of what a running command reads. */
	readonly #programInput: ProgramInput;
	/** Lines of a command that is not complete yet (an open quote, a trailing `|`). */
	#continued: string | null = null;
	#running = false;
	#disposed = false;
	/** Where keys go while a program on a PTY runs in the foreground. */
	#raw: ((data: string) => void) | null = null;

	constructor(term: Terminal, options: ShellSessionOptions) {
		this.#term = term;
		this.#options = options;
		// Output of a background job that arrives while a line is being typed goes above it;
		// while a command runs, what it prints continues its prompt, before the line typed.
		const writer = (text: string) => {
			if (this.#running && this.#raw) term.write(text);
			else if (this.#running) this.#programInput.output(text);
			else if (!this.#editor?.reading) term.write(text);
			else this.#editor.printAbove(text);
		};
		this.#programInput = new ProgramInput({
			input: this.#input,
			workspaceId: options.workspaceId,
			columns: term.cols,
			onWrite: (data) => term.write(data),
			interrupt: () => this.shell.interrupt()
		});
		const stdout = terminalOutput(term, writer);
		const stderr = terminalOutput(term, writer, red);
		this.shell = new Shell({
			fs: options.fs,
			launcher: {
				programs: () => options.launcher.programs(),
				explainMissing: (name) => options.launcher.explainMissing?.(name),
				launch: async (request, notes) => {
					const prompt = this.#running && opensPythonPrompt(request.argv);
					if (prompt) this.#programInput.usePythonHistory();
					const process = await options.launcher.launch(request, notes);
					// Tab completes at the prompt only when it reads this terminal.
					if (prompt && request.stdinIsTerminal) this.#programInput.completeFrom(process);
					return process;
				}
			},
			builtins: createBuiltins(),
			user: shellUser(),
			history: this.#history,
			onExit: (code) => options.onExit?.(code),
			terminal: {
				openInput: () => this.#input.open(),
				stdout,
				stderr,
				notice: (text) => writer(yellow(text) + '\r\n'),
				display: (output) =>
					writer(
						dim(
							`[${output.mime} output, ${output.data.length.toLocaleString('en')} bytes: shown in the Output pane]`
						) + '\r\n'
					),
				clear: () => term.clear(),
				size: () => ({ columns: term.cols, rows: term.rows }),
				hint: (text) => writer(dim(text) + '\r\n'),
				rawInput: (receiver) => {
					this.#raw = receiver;
					return () => {
						if (this.#raw === receiver) this.#raw = null;
					};
				},
				onResize: (listener) => {
					const subscription = term.onResize(({ cols, rows }) => listener({ columns: cols, rows }));
					return () => subscription.dispose();
				}
			}
		});
		this.#editor = new LineEditor({
			prompt: this.#promptText(),
			columns: term.cols,
			history: this.#history,
			onWrite: (data) => term.write(data),
			complete: (line, cursor) =>
				complete(line, cursor, {
					fs: options.fs,
					cwd: this.shell.cwd,
					commands: this.shell.commands().map((command) => command.name),
					gitSubcommands
				})
		});
		this.#editor.on('submit', (line) => void this.#submit(line));
		this.#editor.on('interrupt', () => {
			this.#continued = null;
			this.shell.status = 130;
			this.#prompt();
		});
		this.#editor.on('eof', () => {
			term.write(dim('Use "exit" to close this terminal.') + '\r\n');
			this.#prompt();
		});
		// Bracketed paste: xterm.js marks pasted text, so a Tab inside a paste is not a completion.
		term.write('\x1b[?2004h');
		term.writeln('\x1b[1mBytestorm shell\x1b[0m');
		term.writeln(
			dim(
				'Your files are in /workspace (~). Type help for the commands; python and pip run in this browser.'
			)
		);
		this.#disposables.push(
			term.onData((data) => this.#keyboard(data)),
			term.onResize(({ cols }) => {
				this.#editor.resize(cols);
				this.#programInput.resize(cols);
			}),
			term.registerLinkProvider({ provideLinks: (y, callback) => callback(this.#links(y)) })
		);
		this.#prompt();
		// The editor reads the list live; lines typed before it loaded stay the newest.
		void historyStore.load(options.workspaceId).then((lines) => this.#history.unshift(...lines));
	}

	/** Whether a command line is running in the foreground. */
	get busy(): boolean {
		return this.#running;
	}

	/** Runs a command as if typed at the prompt (the Run button); refuses while one runs. */
	run(argv: string[]): void {
		if (this.#running) {
			this.note('A command is already running here: stop it first (Ctrl+C).');
			return;
		}
		// As if typed: what was on the line goes (Ctrl+E, Ctrl+U), then the command and Enter,
		// parsed at once as xterm.js does for keys typed into it. Left to xterm.js's timer, the echo
		// would keep the program's first line waiting behind it until after the next frame.
		parseNextWriteAtOnce(this.#term);
		this.#editor.feed(`\x05\x15${commandLine(argv)}\r`);
	}

	/** Ctrl+C: interrupts the running command; a second press within two seconds kills it. */
	interrupt(): void {
		// Shown as ^C, as if pressed in the terminal.
		if (this.#running) this.#programInput.interrupt();
	}

	/** Prints a note from the app on its own line, keeping what is being typed. */
	note(message: string): void {
		if (this.#running) {
			this.#programInput.printAbove(yellow(message) + '\r\n');
			return;
		}
		this.#editor.printAbove(yellow(message) + '\r\n');
	}

	/** Stops reading the terminal and kills what runs in it. */
	dispose(): void {
		this.#disposed = true;
		this.#editor.destroy();
		this.#programInput.end();
		this.shell.dispose();
		for (const disposable of this.#disposables) disposable.dispose();
	}

	async #submit(line: string): Promise<number | null> {
		const source = this.#continued === null ? line : `${this.#continued}\n${line}`;
		const parsed = parse(source);
		if (!parsed.ok && parsed.error.incomplete) {
			this.#continued = source;
			this.#editor.start('> ');
			return null;
		}
		this.#continued = null;
		if (source.trim()) this.#remember(source);
		if (!parsed.ok) {
			const { message, column } = parsed.error;
			this.#term.write(red(`bytestorm: ${message} (column ${column})`) + '\r\n');
			this.shell.status = 2;
			this.#prompt();
			return 2;
		}
		if (parsed.script.items.length === 0) {
			this.#prompt();
			return null;
		}
		this.#running = true;
		this.#programInput.begin();
		const first = parsed.script.items[0]?.list.first.commands[0]?.words[0];
		const name = first ? source.slice(first.span.start, first.span.end) : undefined;
		this.#options.onBusy?.(true, name);
		let status: number;
		try {
			status = await this.shell.run(parsed.script, source);
		} finally {
			this.#running = false;
		}
		// What was typed while the command ran and nobody read is the next command, as in bash.
		const typedAhead = this.#input.drain().replaceAll('\n', '\r') + this.#programInput.end();
		if (this.#disposed) return status;
		this.#options.onBusy?.(false);
		// A program that ends without a newline would leave the prompt glued to its output.
		if (this.#term.buffer.active.cursorX > 0) this.#term.write('\r\n');
		if (this.shell.lastCommandWasProgram) {
			if (status === 130) this.#term.write(dim('Interrupted (exit code 130)') + '\r\n');
			else if (status !== 0) this.#term.write(red(`Exit code ${status}`) + '\r\n');
		}
		this.#prompt();
		if (typedAhead) this.#editor.feed(typedAhead);
		return status;
	}

	#prompt(): void {
		for (const job of this.shell.finishedJobs()) {
			const state = job.exitCode === 0 ? 'Done' : `Exit ${job.exitCode}`;
			this.#term.write(`[${job.id}]+  ${state.padEnd(24)}${job.command}\r\n`);
		}
		this.#editor.setPrompt(this.#promptText());
		this.#editor.start();
	}

	#promptText(): string {
		return `\x1b[1;34m${promptPath(this.shell?.cwd ?? '')}\x1b[0m $ `;
	}

	#remember(line: string): void {
		if (this.#history.at(-1) !== line) this.#history.push(line);
		void historyStore.append(this.#options.workspaceId, line);
	}

	#keyboard(data: string): void {
		if (this.#running && this.#raw) this.#raw(data);
		else if (this.#running) this.#programInput.feed(data);
		else this.#editor.feed(data);
	}

	#links(y: number) {
		const text = this.#term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
		const links = [];
		for (const match of [...text.matchAll(tracebackLocation), ...text.matchAll(nodeLocation)]) {
			const [whole, path, line] = match;
			const start = match.index + 1;
			links.push({
				text: whole,
				range: { start: { x: start, y }, end: { x: start + whole.length - 1, y } },
				activate: () => this.#options.openFile?.(path!, Number(line))
			});
		}
		return links.length ? links : undefined;
	}
}
