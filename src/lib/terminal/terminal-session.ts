import type { IDisposable, Terminal } from '@xterm/xterm';
import type { Process, ProcessOutput } from '../runtimes/types.ts';
import { quoteArg, splitArgs } from './args.ts';

/** Starts programs for the terminal: a Process, or the sentence to print when none can run. */
export interface Launcher {
	launch(argv: string[], size: { columns: number; rows: number }): Promise<Process | string>;
}

/** What the terminal tells the page. */
export interface TerminalSessionOptions {
	/** A `File "x.py", line 7` link in a traceback was clicked. */
	openFile?(path: string, line: number): void;
	/** A program started (true) or ended (false). */
	onBusy?(busy: boolean): void;
}

const prompt = '\x1b[1;34m~\x1b[0m $ ';
const red = (text: string) => `\x1b[31m${text}\x1b[0m`;
const dim = (text: string) => `\x1b[2m${text}\x1b[0m`;
// Also matches paths inside the runtime's mirror of the workspace (/workspace/...).
const tracebackLocation = /File "(?:\/workspace\/)?([^"<>]+)", line (\d+)/g;

/**
 * One terminal's session until the shell lands: a prompt that launches programs, and while a
 * program runs, a line discipline that feeds its stdin (Enter sends the line, Ctrl+D ends
 * input, Ctrl+C interrupts; a second Ctrl+C within two seconds kills).
 */
export class TerminalSession {
	private readonly term: Terminal;
	private readonly launcher: Launcher;
	private readonly options: TerminalSessionOptions;
	private readonly disposables: IDisposable[] = [];
	private line = '';
	private process: Process | null = null;
	private lastInterrupt = 0;

	constructor(term: Terminal, launcher: Launcher, options: TerminalSessionOptions = {}) {
		this.term = term;
		this.launcher = launcher;
		this.options = options;
		term.writeln('\x1b[1mBytestorm terminal\x1b[0m');
		term.writeln(
			dim(
				'Run Python with `python file.py` or Ctrl+Enter. The full shell (ls, cat, git, pipes) is not in this build yet.'
			)
		);
		term.write(prompt);
		this.disposables.push(
			term.onData((data) => this.input(data)),
			term.registerLinkProvider({
				provideLinks: (y, callback) => callback(this.linksOnLine(y))
			})
		);
	}

	/** Whether a program is running. */
	get busy(): boolean {
		return this.process !== null;
	}

	/** Runs a command as if typed at the prompt; refuses (with a note) while a program runs. */
	async run(argv: string[]): Promise<number | null> {
		if (this.process) {
			this.note('A program is already running here: stop it first (Ctrl+C).');
			return null;
		}
		const typed = argv.map(quoteArg).join(' ');
		this.term.write(`${this.line ? '\x1b[2K\r' + prompt : ''}${typed}\r\n`);
		this.line = '';
		return this.start(argv);
	}

	/** Interrupts the running program (Ctrl+C); a second call within two seconds kills it. */
	stop(): void {
		if (!this.process) return;
		const now = Date.now();
		this.process.kill(now - this.lastInterrupt < 2000 ? 'SIGKILL' : 'SIGINT');
		this.lastInterrupt = now;
	}

	/** Prints a note from the app on its own line, then restores what was being typed. */
	note(message: string): void {
		this.term.write(`\x1b[2K\r\x1b[33m${message}\x1b[0m\r\n`);
		if (!this.process) this.term.write(prompt + this.line);
	}

	private async start(argv: string[]): Promise<number | null> {
		let launched: Process | string;
		try {
			launched = await this.launcher.launch(argv, {
				columns: this.term.cols,
				rows: this.term.rows
			});
		} catch (error) {
			launched = error instanceof Error ? error.message : String(error);
		}
		if (typeof launched === 'string') {
			this.term.write(red(launched) + '\r\n' + prompt);
			return null;
		}
		const process = launched;
		this.process = process;
		this.lastInterrupt = 0;
		this.options.onBusy?.(true);
		const unsubscribe = process.onOutput((output) => this.output(output));
		const code = await process.exit;
		unsubscribe();
		this.process = null;
		this.line = '';
		this.options.onBusy?.(false);
		// A program that ends without a newline would leave the prompt glued to its output.
		if (this.term.buffer.active.cursorX > 0) this.term.write('\r\n');
		if (code === 130) this.term.write(dim('Interrupted (exit code 130)') + '\r\n');
		else if (code !== 0) this.term.write(red(`Exit code ${code}`) + '\r\n');
		this.term.write(prompt);
		return code;
	}

	private output(output: ProcessOutput): void {
		switch (output.kind) {
			case 'stdout':
				this.term.write(output.text);
				break;
			case 'stderr':
				this.term.write(red(output.text));
				break;
			case 'notice':
				this.term.write(`\x1b[33m${output.text}\x1b[0m\r\n`);
				break;
			case 'display':
				this.term.write(
					dim(
						`[${output.mime} output, ${output.data.length.toLocaleString()} bytes: rich output is not shown in the terminal]`
					) + '\r\n'
				);
				break;
		}
	}

	private input(data: string): void {
		for (const char of data) {
			if (this.process) this.programInput(char, this.process);
			else this.promptInput(char);
		}
	}

	private promptInput(char: string): void {
		if (char === '\r') {
			const line = this.line;
			this.line = '';
			this.term.write('\r\n');
			const split = splitArgs(line);
			if (!split.ok)
				this.term.write(red(`bytestorm: syntax error: ${split.message}`) + '\r\n' + prompt);
			else if (split.argv.length === 0) this.term.write(prompt);
			else void this.start(split.argv);
		} else if (char === '\x7f') this.backspace();
		else if (char === '\x03') {
			this.line = '';
			this.term.write(`^C\r\n${prompt}`);
		} else if (char === '\x0c') {
			// Ctrl+L: clear the screen, keep what is being typed.
			this.term.clear();
			this.term.write(`\x1b[2K\r${prompt}${this.line}`);
		} else if (char === '\x15') {
			this.term.write('\b \b'.repeat([...this.line].length));
			this.line = '';
		} else if (char >= ' ') this.type(char);
	}

	private programInput(char: string, process: Process): void {
		if (char === '\r') {
			process.write(this.line + '\n');
			this.line = '';
			this.term.write('\r\n');
		} else if (char === '\x7f') this.backspace();
		else if (char === '\x03') {
			this.term.write('^C');
			this.line = '';
			this.stop();
		} else if (char === '\x04') {
			if (this.line) process.write(this.line);
			else process.closeStdin();
			this.line = '';
		} else if (char >= ' ') this.type(char);
	}

	private type(char: string): void {
		this.line += char;
		this.term.write(char);
	}

	private backspace(): void {
		if (!this.line) return;
		this.line = [...this.line].slice(0, -1).join('');
		this.term.write('\b \b');
	}

	private linksOnLine(y: number) {
		const text = this.term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
		const links = [];
		for (const match of text.matchAll(tracebackLocation)) {
			const [whole, path, line] = match;
			const start = match.index + 1;
			links.push({
				text: whole,
				range: { start: { x: start, y }, end: { x: start + whole.length - 1, y } },
				activate: () => this.options.openFile?.(path!, Number(line))
			});
		}
		return links.length ? links : undefined;
	}

	/** Stops reading the terminal; a running program is interrupted. */
	dispose(): void {
		this.process?.kill('SIGKILL');
		for (const disposable of this.disposables) disposable.dispose();
	}
}
