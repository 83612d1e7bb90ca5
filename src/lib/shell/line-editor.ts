// A readline-like line editor for the shell's terminal. It knows no terminal: it takes what the
// terminal sends (keys, escape sequences, pastes: xterm.js's onData) and answers with the text
// and ANSI escape sequences that show the edited line, and with events for the shell.
import type { Completion, CompletionSource } from './completion.ts';
import { isPrintable, keyAction, nextKey, type KeyAction } from './keymap.ts';
import { formatList, tabCompletion, type Replacement } from './line-editor-completion.ts';
import { LineDisplay, type LineView } from './line-editor-display.ts';
import { ReverseSearch } from './line-editor-search.ts';
import { charWidth, replaceControls } from './text-width.ts';

/** What the editor tells the shell. */
export interface LineEditorEvents {
	/** Enter: the line as typed. The editor stops reading until `start()`. */
	submit: (line: string) => void;
	/** Ctrl+C: the line was dropped; between lines, the running command should stop. */
	interrupt: () => void;
	/** Ctrl+D on an empty line. The editor stops reading until `start()`. */
	eof: () => void;
	/** Ctrl+L: the screen was cleared and the line redrawn at its top. */
	clear: () => void;
}

/** How a LineEditor is set up. */
export interface LineEditorOptions {
	/** Writes text and ANSI escape sequences to the terminal. */
	onWrite: (data: string) => void;
	/** The prompt; ANSI colour codes take no room. */
	prompt: string;
	/** Width of the terminal (80 by default). */
	columns?: number;
	/** Earlier lines, oldest first. Read live, never changed: the shell appends to it. */
	history?: readonly string[];
	/** Offers completions for Tab. */
	complete?: CompletionSource;
	/** Emoji take two columns, as with xterm.js's unicode11 addon (one with its default tables). */
	wideEmoji?: boolean;
	/** What Tab inserts when there is no `complete`, or it answers null (Python's: four spaces). */
	tabText?: string;
}

const wordChar = /^[\p{L}\p{N}]$/u;
const listLimit = 100;

/**
 * Edits one line at a time in a terminal: the keys of bash's readline (emacs mode), history,
 * reverse search and Tab completion, over lines that wrap. Feed it the terminal's input; it
 * writes through `onWrite` and emits `submit`, `interrupt`, `eof` and `clear`. Between a submit
 * and the next `start()` typed input is not shown: it waits and goes into the next line.
 */
export class LineEditor {
	private readonly display: LineDisplay;
	private readonly completer: CompletionSource | undefined;
	private readonly tabText: string;
	private readonly wideEmoji: boolean;
	private readonly listeners: { [E in keyof LineEditorEvents]: Set<LineEditorEvents[E]> } = {
		submit: new Set(),
		interrupt: new Set(),
		eof: new Set(),
		clear: new Set()
	};
	private prompt: string;
	private linePrompt: string;
	private continuation = false;
	private history: readonly string[];
	private chars: string[] = [];
	private point = 0;
	private isReading = false;
	private destroyed = false;
	private pending = '';
	private draining = false;
	/**
	 * How far back in the history the line is: 0 for the line being typed, 1 for the newest
	 * entry. Counted from the end, so older lines added at the front (a history that finished
	 * loading) leave the place alone.
	 */
	private historyBack = 0;
	private draft = '';
	private killed = '';
	/** What the last key did, for kills that add up and a second Tab that lists. */
	private lastAction: 'kill' | 'complete' | null = null;
	private previousAction: 'kill' | 'complete' | null = null;
	private search: ReverseSearch | null = null;
	private lastQuery = '';
	private completing = 0;
	private completionRuns = 0;
	private confirming: string[] | null = null;
	private pasting = false;
	private readonly actions: Record<KeyAction, () => void> = {
		'accept-line': () => this.acceptLine(),
		'backward-delete-char': () => this.point > 0 && this.remove(this.boundary(-1), this.point),
		'delete-char': () => this.remove(this.point, this.boundary(1)),
		'delete-char-or-eof': () =>
			this.chars.length ? this.actions['delete-char']() : this.endOfFile(),
		'backward-char': () => this.moveCursor(this.boundary(-1)),
		'forward-char': () => this.moveCursor(this.boundary(1)),
		'beginning-of-line': () => this.moveCursor(0),
		'end-of-line': () => this.moveCursor(this.chars.length),
		'backward-word': () => this.moveCursor(this.wordStart()),
		'forward-word': () => this.moveCursor(this.wordEnd()),
		'unix-line-discard': () => this.kill(0, this.point, true),
		'kill-line': () => this.kill(this.point, this.chars.length, false),
		'unix-word-rubout': () => this.kill(this.wordStart(/\S/u), this.point, true),
		'backward-kill-word': () => this.kill(this.wordStart(), this.point, true),
		'kill-word': () => this.kill(this.point, this.wordEnd(), false),
		yank: () => this.insert(this.killed),
		'previous-history': () => this.recall(this.historyIndex - 1),
		'next-history': () => this.recall(this.historyIndex + 1),
		'reverse-search-history': () => this.startSearch(),
		// A pasted Tab is text, not a request for completions.
		complete: () => (this.pasting ? this.insert(' ') : this.tab()),
		interrupt: () => this.interrupt(),
		'clear-screen': () => this.clearScreen(),
		abort: () => {},
		'paste-start': () => (this.pasting = true),
		'paste-end': () => (this.pasting = false)
	};

	constructor(options: LineEditorOptions) {
		this.prompt = this.linePrompt = options.prompt;
		this.history = options.history ?? [];
		this.completer = options.complete;
		this.tabText = options.tabText ?? '';
		this.wideEmoji = options.wideEmoji ?? false;
		const columns = Math.max(2, Math.floor(options.columns ?? 80));
		this.display = new LineDisplay(options.onWrite, columns, this.wideEmoji);
	}

	/** The line being edited. */
	get line(): string {
		return this.chars.join('');
	}

	/** The cursor's place in the line, in code points. */
	get cursor(): number {
		return this.point;
	}

	/** Whether a line is being read (between `start()` and its submit, eof). */
	get reading(): boolean {
		return this.isReading;
	}

	/** Calls `listener` on `event`; returns the function that removes it. */
	on<E extends keyof LineEditorEvents>(event: E, listener: LineEditorEvents[E]): () => void {
		this.listeners[event].add(listener);
		return () => this.listeners[event].delete(listener);
	}

	/**
	 * Starts reading a line: writes the prompt (the cursor must be at the start of a row), then
	 * replays what was typed ahead. `prompt` replaces the prompt for this line only, as for
	 * the continuation of an incomplete command (`> `). `shown`: the prompt is on the screen
	 * already, the cursor after it (a program printed it).
	 */
	start(prompt?: string, { shown = false }: { shown?: boolean } = {}): void {
		if (this.destroyed) return;
		this.linePrompt = prompt ?? this.prompt;
		this.continuation = prompt !== undefined;
		this.chars = [];
		this.point = 0;
		this.search = null;
		this.confirming = null;
		this.completing = 0;
		this.pasting = false;
		this.lastAction = null;
		this.historyIndex = this.history.length;
		this.draft = '';
		this.isReading = true;
		if (shown) this.display.rewrapped(this.view());
		else this.display.show(this.view());
		this.drain();
	}

	/** The prompt of the line being read; after a submit, '' (the editor began a new row). */
	get promptText(): string {
		return this.linePrompt;
	}

	/**
	 * Output of the program the line is typed for. It continues the prompt, so the row it leaves
	 * unfinished becomes the prompt (`Name? `, `>>> `); what was typed moves after it.
	 */
	output(text: string): void {
		if (this.destroyed || !text) return;
		const whole = this.linePrompt + text;
		const cut = Math.max(whole.lastIndexOf('\n'), whole.lastIndexOf('\r')) + 1;
		this.linePrompt = whole.slice(cut);
		if (!this.isReading || (!this.chars.length && !this.search && !this.confirming)) {
			// Nothing typed: the output goes where the cursor is, as if there were no editor.
			this.write(text);
			if (this.isReading) this.display.rewrapped(this.view());
		} else if (cut > 0) {
			this.display.printAbove(whole.slice(0, cut).replace(/\r?\n/g, '\r\n'));
			this.display.show(this.view());
		} else {
			this.redraw();
		}
		this.flush();
	}

	/** Stops reading, taking the line off the screen; returns it with what was typed after it. */
	abandon(): string {
		if (!this.isReading) return this.takePending();
		const typed = this.line;
		this.setLine('');
		this.search = null;
		this.redraw();
		this.isReading = false;
		this.flush();
		return typed + this.takePending();
	}

	private takePending(): string {
		const pending = this.pending;
		this.pending = '';
		return pending;
	}

	/** Handles input from the terminal: typed keys, escape sequences, pasted text. */
	feed(data: string): void {
		if (this.destroyed) return;
		// Ctrl+C while Tab waits for its completions gives up on them.
		if (this.completing && data.includes('\x03')) this.completing = 0;
		this.pending += data;
		this.drain();
	}

	/** Changes the prompt; the line being read shows it at once (unless it is a continuation). */
	setPrompt(prompt: string): void {
		this.prompt = prompt;
		if (this.continuation) return;
		this.linePrompt = prompt;
		if (this.isReading) this.redraw();
		this.flush();
	}

	/** Uses another history list (read live, never changed by the editor). */
	setHistory(history: readonly string[]): void {
		this.history = history;
		this.historyBack = Math.min(this.historyBack, history.length);
	}

	/** The history entry shown (its index), or `history.length` for the line being typed. */
	private get historyIndex(): number {
		return this.history.length - this.historyBack;
	}

	private set historyIndex(index: number) {
		this.historyBack = this.history.length - index;
	}

	/** The terminal's width changed (xterm.js rewraps what is shown); redraws the line. */
	resize(columns: number): void {
		this.display.resize(Math.max(2, Math.floor(columns) || 2));
		if (!this.isReading) return;
		this.display.rewrapped(this.view());
		this.redraw();
		this.flush();
	}

	/** Prints `text` above the line being read (a job's notice), then shows the line again. */
	printAbove(text: string): void {
		if (this.destroyed) return;
		const lines = text.replace(/\r?\n/g, '\r\n');
		if (!this.isReading) {
			this.write(lines);
			return this.flush();
		}
		this.display.printAbove(lines);
		this.display.show(this.view());
		this.flush();
	}

	/** Stops reading and forgets every listener. */
	destroy(): void {
		this.destroyed = true;
		this.isReading = false;
		this.pending = '';
		this.completing = 0;
		for (const listeners of Object.values(this.listeners)) listeners.clear();
	}

	private drain(): void {
		if (this.draining) return;
		this.draining = true;
		try {
			while (this.pending && this.isReading && !this.completing) {
				const key = nextKey(this.pending);
				this.pending = this.pending.slice(key.length);
				this.dispatch(key);
			}
			// Ctrl+C between lines stops the command and drops what was typed ahead, as bash does.
			const interrupt = this.isReading ? -1 : this.pending.lastIndexOf('\x03');
			if (interrupt >= 0) {
				this.pending = this.pending.slice(interrupt + 1);
				this.write('^C');
				this.emit('interrupt');
			}
		} finally {
			this.draining = false;
			this.flush();
		}
	}

	private dispatch(key: string): void {
		this.previousAction = this.lastAction;
		this.lastAction = null;
		if (this.confirming) return this.answer(key);
		if (this.search) return this.searchKey(key);
		const action = keyAction(key);
		if (action) this.actions[action]();
		else if (isPrintable(key)) this.insert(key);
	}

	// Editing

	private insert(text: string): void {
		const added = [...replaceControls(text, ' ')];
		if (!added.length) return;
		const atEnd = this.point === this.chars.length;
		// concat, not splice(...added): a long paste would overflow the argument list.
		this.chars = this.chars.slice(0, this.point).concat(added, this.chars.slice(this.point));
		this.point += added.length;
		if (!atEnd) return this.redraw();
		// Typing at the end only needs the new characters.
		this.display.append(this.view(), added);
	}

	private remove(from: number, to: number): void {
		if (to <= from) return;
		this.chars.splice(from, to - from);
		this.point = from;
		this.redraw();
	}

	private kill(from: number, to: number, backward: boolean): void {
		if (to <= from) return;
		const text = this.chars.slice(from, to).join('');
		// Kills in a row add up, so Ctrl+W Ctrl+W then Ctrl+Y brings both words back.
		if (this.previousAction !== 'kill') this.killed = text;
		else this.killed = backward ? text + this.killed : this.killed + text;
		this.lastAction = 'kill';
		this.remove(from, to);
	}

	/** The index one character (with its combining marks) before or after the cursor. */
	private boundary(direction: -1 | 1): number {
		let index = this.point;
		if (direction < 0) {
			while (index > 0 && charWidth(this.chars[index - 1]!, this.wideEmoji) === 0) index--;
			return Math.max(0, index - 1);
		}
		index = Math.min(this.chars.length, index + 1);
		while (index < this.chars.length && charWidth(this.chars[index]!, this.wideEmoji) === 0)
			index++;
		return index;
	}

	private wordStart(word = wordChar): number {
		let index = this.point;
		while (index > 0 && !word.test(this.chars[index - 1]!)) index--;
		while (index > 0 && word.test(this.chars[index - 1]!)) index--;
		return index;
	}

	private wordEnd(): number {
		let index = this.point;
		while (index < this.chars.length && !wordChar.test(this.chars[index]!)) index++;
		while (index < this.chars.length && wordChar.test(this.chars[index]!)) index++;
		return index;
	}

	private setLine(text: string, cursor = Infinity): void {
		this.chars = [...replaceControls(text, ' ')];
		this.point = Math.min(cursor, this.chars.length);
	}

	// Lines and events

	private acceptLine(): void {
		const line = this.line;
		this.moveToEnd();
		this.write('\r\n');
		this.linePrompt = '';
		this.isReading = false;
		this.emit('submit', line);
	}

	private endOfFile(): void {
		this.isReading = false;
		this.emit('eof');
	}

	private interrupt(): void {
		this.moveToEnd();
		this.write('^C\r\n');
		this.search = null;
		this.continuation = false;
		this.linePrompt = this.prompt;
		this.setLine('');
		this.historyIndex = this.history.length;
		this.draft = '';
		this.display.show(this.view());
		this.emit('interrupt');
	}

	private clearScreen(): void {
		this.write('\x1b[H\x1b[2J');
		this.display.show(this.view());
		this.emit('clear');
	}

	private emit<E extends keyof LineEditorEvents>(
		event: E,
		...args: Parameters<LineEditorEvents[E]>
	): void {
		this.flush();
		for (const listener of [...this.listeners[event]])
			(listener as (...values: unknown[]) => void)(...args);
	}

	// History and reverse search

	private recall(index: number): void {
		if (index < 0 || index > this.history.length || index === this.historyIndex) return;
		if (this.historyIndex >= this.history.length) this.draft = this.line;
		this.historyIndex = index;
		this.setLine(index === this.history.length ? this.draft : this.history[index]!);
		this.redraw();
	}

	private startSearch(): void {
		this.search = new ReverseSearch(() => this.history);
		this.redraw();
	}

	private searchKey(key: string): void {
		const search = this.search!;
		const action = keyAction(key);
		if (action === 'reverse-search-history') {
			// Ctrl+R Ctrl+R searches again for the last query, as in bash.
			if (!search.again(this.lastQuery)) return;
		} else if (action === 'backward-delete-char') {
			search.back();
		} else if (action === 'abort' && key === '\x07') {
			this.search = null;
		} else if (action === 'interrupt') {
			return this.interrupt();
		} else if (!action && isPrintable(key)) {
			search.type(key);
		} else {
			// Any other key takes the match for editing, then does what it does.
			this.acceptSearch();
			this.redraw();
			if (action !== 'abort') this.dispatch(key);
			return;
		}
		if (this.search?.query) this.lastQuery = this.search.query;
		this.redraw();
	}

	private acceptSearch(): void {
		const match = this.search!.match;
		this.search = null;
		if (!match) return;
		if (this.historyIndex >= this.history.length) this.draft = this.line;
		this.historyIndex = match.index;
		this.setLine(match.entry, match.position);
	}

	// Completion

	private tab(): void {
		if (!this.completer) return this.insert(this.tabText);
		const line = this.line;
		const repeated = this.previousAction === 'complete';
		const run = ++this.completionRuns;
		let result: ReturnType<CompletionSource>;
		try {
			result = this.completer(line, this.chars.slice(0, this.point).join('').length);
		} catch {
			return;
		}
		if (!isPromiseLike(result)) return this.complete(result, repeated);
		// Later keys wait for the answer, so a fast typist's keys land after the completion.
		this.completing = run;
		const settle = (apply: () => void) => {
			// An answer to a Tab given up on (Ctrl+C, a new line) changes nothing.
			if (this.completing !== run) return;
			this.completing = 0;
			if (this.isReading) apply();
			this.drain();
		};
		void Promise.resolve(result).then(
			(completion) => settle(() => this.complete(completion, repeated)),
			() => settle(() => {})
		);
	}

	/** Applies what the completer answered; null types Tab as `tabText`. */
	private complete(result: Completion | null, repeated: boolean): void {
		if (!result) return this.insert(this.tabText);
		const completion = tabCompletion(result, this.line, repeated);
		if (!completion) return;
		if (completion.several) this.lastAction = 'complete';
		if (completion.insert) return this.replace(completion.insert);
		const labels = completion.list;
		if (!labels) return;
		this.moveToEnd();
		this.write('\r\n');
		if (labels.length <= listLimit) return this.list(labels);
		this.write(`Display all ${labels.length} possibilities? (y or n)`);
		this.confirming = labels;
	}

	/** Puts `text` in place of line[from, to) (UTF-16), the cursor `skip` further on. */
	private replace({ from, to, text, skip }: Replacement): void {
		const line = this.line;
		const start = [...line.slice(0, from)].length;
		const added = [...text];
		const end = start + [...line.slice(from, to)].length;
		this.chars = this.chars.slice(0, start).concat(added, this.chars.slice(end));
		this.point = Math.min(this.chars.length, start + added.length + skip);
		this.redraw();
	}

	private answer(key: string): void {
		const labels = this.confirming!;
		this.confirming = null;
		this.write('\r\n');
		if (key === 'y' || key === 'Y' || key === ' ') return this.list(labels);
		this.display.show(this.view());
	}

	/** Lists `labels` in columns from the cursor's row, as bash does, then shows the line again. */
	private list(labels: string[]): void {
		this.write(formatList(labels, this.display.columns, this.wideEmoji));
		this.display.show(this.view());
	}

	// Drawing

	/** What is shown: the prompt, the text and the cursor's index in it. */
	private view(): LineView {
		const search = this.search;
		if (!search) return { prompt: this.linePrompt, text: this.chars, cursor: this.point };
		const prompt = search.prompt;
		const match = search.match;
		if (!match) return { prompt, text: this.chars, cursor: this.point };
		return { prompt, text: [...replaceControls(match.entry, ' ')], cursor: match.position };
	}

	private redraw(): void {
		this.display.redraw(this.view());
	}

	private moveCursor(to: number): void {
		if (to === this.point) return;
		this.display.moveCursor(this.view(), this.point, to);
		this.point = to;
	}

	private moveToEnd(): void {
		this.display.moveToEnd(this.view());
	}

	private write(data: string): void {
		this.display.write(data);
	}

	private flush(): void {
		this.display.flush();
	}
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
	return typeof (value as PromiseLike<T> | null)?.then === 'function';
}
