// What the running program reads from the terminal, typed with the shell's line editor. The
// program's prompt (`Name? `, Python's `>>> `) is the row its output left unfinished; each line
// typed goes to its stdin, and the next one is read once the program has prompted again (or
// after a moment, for programs that read without a prompt), so a pasted block shows each line
// after its prompt. Lines typed to one command line have their own history; those typed
// at Python's prompt share a history per workspace, kept apart from the shell's. At Python's
// prompt Tab completes, as CPython's readline does, with what the running Python offers.
import type { Process } from '#lib/runtimes/types.ts';
import type { Completion } from '#lib/shell/completion.ts';
import * as historyStore from '#lib/shell/history-store.ts';
import { LineEditor } from '#lib/shell/line-editor.ts';
import type { TerminalInput } from '#lib/shell/terminal-input.ts';

/** How long after a line the next one waits for the program's prompt before it is read anyway. */
const PROMPT_WAIT_MS = 60;

/** What Tab at Python's prompt asks: the running Python (Process.complete). */
export type PromptCompleter = Pick<Process, 'complete'>;

/** What a ProgramInput needs from its terminal. */
export interface ProgramInputOptions {
	/** Where typed lines go: the terminal as the command's stdin. */
	input: TerminalInput;
	/** Whose Python history this is. */
	workspaceId: string;
	columns: number;
	onWrite(data: string): void;
	/** Ctrl+C was pressed (the editor has shown `^C`): stop the running command. */
	interrupt(): void;
}

/** The line editor of a running command's stdin, and its histories. */
export class ProgramInput {
	readonly #editor: LineEditor;
	readonly #input: TerminalInput;
	readonly #workspaceId: string;
	#history: string[] = [];
	/** Loaded when a Python prompt first runs in this terminal. */
	#pythonHistory: string[] | null = null;
	#python = false;
	/** The Python whose prompt this command line runs, for Tab. */
	#prompt: PromptCompleter | null = null;
	/** Set between a line sent and the program's next prompt. */
	#awaiting: ReturnType<typeof setTimeout> | null = null;

	constructor(options: ProgramInputOptions) {
		this.#input = options.input;
		this.#workspaceId = options.workspaceId;
		this.#editor = new LineEditor({
			prompt: '',
			columns: options.columns,
			history: this.#history,
			onWrite: options.onWrite,
			complete: (line, cursor) => this.#complete(line, cursor),
			// Where nothing completes (a blank line, a program's input()), Tab indents a block.
			tabText: '    '
		});
		const editor = this.#editor;
		editor.on('submit', (line) => {
			this.#input.push(`${line}\n`);
			this.#remember(line);
			this.#awaiting = setTimeout(() => this.#resume(), PROMPT_WAIT_MS);
		});
		editor.on('eof', () => {
			this.#input.end();
			editor.start(editor.promptText, { shown: true });
		});
		editor.on('interrupt', () => options.interrupt());
	}

	/** A command line starts in the foreground, the cursor at the start of a row: read for it. */
	begin(): void {
		this.#cancelWait();
		this.#python = false;
		this.#prompt = null;
		this.#history = [];
		this.#editor.setHistory(this.#history);
		this.#editor.start('', { shown: true });
	}

	/** The command line started Python's interactive prompt: Up and Down go through its history. */
	usePythonHistory(): void {
		if (this.#python) return;
		this.#python = true;
		if (!this.#pythonHistory) {
			const lines: string[] = [];
			this.#pythonHistory = lines;
			// Lines typed before it loaded stay the newest.
			void historyStore
				.load(historyStore.pythonKey(this.#workspaceId))
				.then((stored) => lines.unshift(...stored));
		}
		this.#editor.setHistory(this.#pythonHistory);
	}

	/** The command line runs Python's prompt in `process`: Tab asks it for completions. */
	completeFrom(process: PromptCompleter): void {
		this.#prompt = process;
	}

	/** The command line ended: stops reading; returns what was typed and not sent, for the shell. */
	end(): string {
		this.#cancelWait();
		return this.#editor.abandon();
	}

	/** Keys and pastes from the terminal. */
	feed(data: string): void {
		// Ctrl+C shows at once, on the row of the line it drops.
		if (data.includes('\x03')) this.#resume();
		this.#editor.feed(data);
	}

	/** Ctrl+C from outside the terminal (the Stop button): as if pressed here. */
	interrupt(): void {
		this.#editor.feed('\x03');
	}

	/** The program's output (and background jobs'): it continues the prompt; the typed line follows. */
	output(text: string): void {
		this.#editor.output(text);
		if (this.#awaiting && this.#editor.promptText !== '') this.#resume();
	}

	/** A note on rows of its own above the prompt and the typed line. */
	printAbove(text: string): void {
		this.#editor.printAbove(text);
	}

	resize(columns: number): void {
		this.#editor.resize(columns);
	}

	/** Reads the next line, after the prompt on screen (replaying what was typed meanwhile). */
	#resume(): void {
		if (!this.#awaiting) return;
		this.#cancelWait();
		this.#editor.start(this.#editor.promptText, { shown: true });
	}

	/** Tab: what Python's prompt offers; null (Tab indents) elsewhere and on a blank line. */
	#complete(line: string, cursor: number): Promise<Completion | null> | null {
		const prompt = this.#prompt;
		if (!prompt?.complete || !line.slice(0, cursor).trim()) return null;
		return prompt.complete(line, cursor).then(
			// Python's candidates end as they should (`print(`): no space goes after them.
			(found) => found && { ...found, spaceAfter: false }
		);
	}

	#cancelWait(): void {
		if (this.#awaiting) clearTimeout(this.#awaiting);
		this.#awaiting = null;
	}

	#remember(line: string): void {
		if (!line.trim()) return;
		const history = this.#python ? this.#pythonHistory! : this.#history;
		if (history.at(-1) !== line) history.push(line);
		if (this.#python) void historyStore.append(historyStore.pythonKey(this.#workspaceId), line);
	}
}
