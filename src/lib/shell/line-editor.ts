// A readline-like line editor for the shell's terminal. It knows no terminal: it takes what the
// terminal sends (keys, escape sequences, pastes: xterm.js's onData) and answers with the text
// and ANSI escape sequences that show the edited line, and with events for the shell.
import type { Completion, CompletionSource } from './completion.ts';

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
}

interface Position {
	row: number;
	col: number;
}

interface SearchStep {
	query: string;
	/** The matching history entry, or -1 before the first match. */
	index: number;
	/** Where the match starts in it, in code points. */
	position: number;
	failed: boolean;
}

interface Search extends SearchStep {
	/** Steps before each typed character, for Backspace. */
	undo: SearchStep[];
}

// What each key does, by readline's names for it.
const keymap = {
	'accept-line': ['\r', '\n', '\r\n'],
	'backward-delete-char': ['\x7f', '\b'],
	'delete-char': ['\x1b[3~'],
	'delete-char-or-eof': ['\x04'],
	'backward-char': ['\x02', '\x1b[D', '\x1bOD'],
	'forward-char': ['\x06', '\x1b[C', '\x1bOC'],
	'beginning-of-line': ['\x01', '\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~'],
	'end-of-line': ['\x05', '\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~'],
	'backward-word': ['\x1bb', '\x1b[1;5D', '\x1b[1;3D', '\x1b[5D'],
	'forward-word': ['\x1bf', '\x1b[1;5C', '\x1b[1;3C', '\x1b[5C'],
	'unix-line-discard': ['\x15'],
	'kill-line': ['\x0b'],
	'unix-word-rubout': ['\x17'],
	'backward-kill-word': ['\x1b\x7f', '\x1b\b'],
	'kill-word': ['\x1bd', '\x1b[3;5~'],
	yank: ['\x19'],
	'previous-history': ['\x10', '\x1b[A', '\x1bOA'],
	'next-history': ['\x0e', '\x1b[B', '\x1bOB'],
	'reverse-search-history': ['\x12'],
	complete: ['\t'],
	interrupt: ['\x03'],
	'clear-screen': ['\x0c'],
	abort: ['\x07', '\x1b'],
	'paste-start': ['\x1b[200~'],
	'paste-end': ['\x1b[201~']
} satisfies Record<string, string[]>;

type Action = keyof typeof keymap;

const bindings = new Map<string, Action>(
	Object.entries(keymap).flatMap(([action, keys]) => keys.map((key) => [key, action as Action]))
);

// eslint-disable-next-line no-control-regex
const printableRun = /^[^\x00-\x1f\x7f-\x9f]+/u;
// eslint-disable-next-line no-control-regex
const controls = /[\x00-\x1f\x7f-\x9f]/gu;
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|[\x01\x02]/g;
// eslint-disable-next-line no-control-regex
const csi = /^\x1b\[[0-?]*[ -/]*[@-~]?/;
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]$/u;
const emoji = /^\p{Emoji_Presentation}$/u;
const wordChar = /^[\p{L}\p{N}]$/u;
const listLimit = 100;
// East Asian wide and full-width characters, as in xterm.js's Unicode 6 tables.
const wide = [
	[0x1100, 0x115f],
	[0x2329, 0x232a],
	[0x2e80, 0xa4cf],
	[0xac00, 0xd7a3],
	[0xf900, 0xfaff],
	[0xfe10, 0xfe19],
	[0xfe30, 0xfe6f],
	[0xff00, 0xff60],
	[0xffe0, 0xffe6],
	[0x20000, 0x2fffd],
	[0x30000, 0x3fffd]
] as const;

/**
 * Columns a character takes in xterm.js (its default Unicode 6 tables): 2 for East Asian wide
 * and full-width ones, 0 for combining marks and controls, 1 otherwise.
 */
export function charWidth(char: string, wideEmoji = false): number {
	const code = char.codePointAt(0) ?? 0;
	if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
	if (code < 0x300) return 1;
	if (zeroWidth.test(char)) return 0;
	if (wide.some(([low, high]) => code >= low && code <= high) && code !== 0x303f) return 2;
	return wideEmoji && emoji.test(char) ? 2 : 1;
}

/** Columns `text` takes on one line, ANSI escape sequences left out. */
export function textWidth(text: string, wideEmoji = false): number {
	let width = 0;
	for (const char of text.replace(ansi, '')) width += charWidth(char, wideEmoji);
	return width;
}

/**
 * Edits one line at a time in a terminal: the keys of bash's readline (emacs mode), history,
 * reverse search and Tab completion, over lines that wrap. Feed it the terminal's input; it
 * writes through `onWrite` and emits `submit`, `interrupt`, `eof` and `clear`. Between a submit
 * and the next `start()` typed input is not shown: it waits and goes into the next line.
 */
export class LineEditor {
	private readonly onWrite: (data: string) => void;
	private readonly completer: CompletionSource | undefined;
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
	private columns: number;
	private history: readonly string[];
	private chars: string[] = [];
	private point = 0;
	private isReading = false;
	private destroyed = false;
	private pending = '';
	private draining = false;
	private output = '';
	/** The terminal cursor's row, counted from the prompt's first row. */
	private drawnRow = 0;
	private historyIndex = 0;
	private draft = '';
	private killed = '';
	/** What the last key did, for kills that add up and a second Tab that lists. */
	private lastAction: 'kill' | 'complete' | null = null;
	private previousAction: 'kill' | 'complete' | null = null;
	private search: Search | null = null;
	private lastQuery = '';
	private completing = 0;
	private completionRuns = 0;
	private confirming: string[] | null = null;
	private pasting = false;
	private readonly actions: Record<Action, () => void> = {
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
		this.onWrite = options.onWrite;
		this.prompt = this.linePrompt = options.prompt;
		this.columns = Math.max(2, Math.floor(options.columns ?? 80));
		this.history = options.history ?? [];
		this.completer = options.complete;
		this.wideEmoji = options.wideEmoji ?? false;
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
	 * the continuation of an incomplete command (`> `).
	 */
	start(prompt?: string): void {
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
		this.drawnRow = 0;
		this.draw(false);
		this.drain();
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

	/** Uses another history list (read live, never changed), e.g. once it has loaded. */
	setHistory(history: readonly string[]): void {
		const atDraft = this.historyIndex >= this.history.length;
		this.history = history;
		this.historyIndex = atDraft ? history.length : Math.min(this.historyIndex, history.length);
	}

	/** The terminal's width changed (xterm.js rewraps what is shown); redraws the line. */
	resize(columns: number): void {
		this.columns = Math.max(2, Math.floor(columns) || 2);
		if (!this.isReading) return;
		const view = this.view();
		this.drawnRow = this.layout(view).positions[view.cursor]!.row;
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
		this.write(`${up(this.drawnRow)}\r\x1b[J${lines}${lines.endsWith('\n') ? '' : '\r\n'}`);
		this.drawnRow = 0;
		this.draw(false);
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
		const action = bindings.get(key);
		if (action) this.actions[action]();
		else if (printableRun.test(key)) this.insert(key);
	}

	// Editing

	private insert(text: string): void {
		const added = [...text.replace(controls, ' ')];
		if (!added.length) return;
		const atEnd = this.point === this.chars.length;
		// concat, not splice(...added): a long paste would overflow the argument list.
		this.chars = this.chars.slice(0, this.point).concat(added, this.chars.slice(this.point));
		this.point += added.length;
		if (!atEnd) return this.redraw();
		// Typing at the end only needs the new characters.
		const layout = this.layout(this.view());
		this.write(added.join('') + (layout.pending ? ' \r' : ''));
		this.drawnRow = layout.positions[this.point]!.row;
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
			while (index > 0 && this.width(this.chars[index - 1]!) === 0) index--;
			return Math.max(0, index - 1);
		}
		index = Math.min(this.chars.length, index + 1);
		while (index < this.chars.length && this.width(this.chars[index]!) === 0) index++;
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
		this.chars = [...text.replace(controls, ' ')];
		this.point = Math.min(cursor, this.chars.length);
	}

	// Lines and events

	private acceptLine(): void {
		const line = this.line;
		this.moveToEnd();
		this.write('\r\n');
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
		this.drawnRow = 0;
		this.draw(false);
		this.emit('interrupt');
	}

	private clearScreen(): void {
		this.write('\x1b[H\x1b[2J');
		this.drawnRow = 0;
		this.draw(false);
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
		this.search = { query: '', index: -1, position: 0, failed: false, undo: [] };
		this.redraw();
	}

	private searchKey(key: string): void {
		const search = this.search!;
		const action = bindings.get(key);
		if (action === 'reverse-search-history') {
			// Ctrl+R Ctrl+R searches again for the last query, as in bash.
			const query = search.query || this.lastQuery;
			if (!query) return;
			const older = this.find(
				query,
				search.index,
				search.index < 0 ? Infinity : search.position - 1
			);
			Object.assign(search, older ?? { failed: true }, { query });
		} else if (action === 'backward-delete-char') {
			Object.assign(search, search.undo.pop() ?? {});
		} else if (action === 'abort' && key === '\x07') {
			this.search = null;
		} else if (action === 'interrupt') {
			return this.interrupt();
		} else if (!action && printableRun.test(key)) {
			for (const char of key) {
				const { undo, ...step } = search;
				undo.push(step);
				const query = search.query + char;
				const found = search.failed
					? null
					: this.find(query, search.index, search.index < 0 ? Infinity : search.position);
				Object.assign(search, found ?? { failed: true }, { query });
			}
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

	/** The newest match of `query` at or before entry `index`, there starting at or before `limit`. */
	private find(query: string, index: number, limit: number): SearchStep | null {
		if (!query) return null;
		const current = this.history[index];
		for (let i = index < 0 ? this.history.length - 1 : index; i >= 0; i--) {
			const entry = this.history[i]!;
			if (i !== index && entry === current) continue;
			const at = i === index ? lastIndexOf(entry, query, limit) : lastIndexOf(entry, query);
			if (at >= 0) return { query, index: i, position: at, failed: false };
		}
		return null;
	}

	private acceptSearch(): void {
		const { index, position } = this.search!;
		this.search = null;
		if (index < 0) return;
		if (this.historyIndex >= this.history.length) this.draft = this.line;
		this.historyIndex = index;
		this.setLine(this.history[index]!, position);
	}

	// Completion

	private tab(): void {
		if (!this.completer) return;
		const line = this.line;
		const repeated = this.previousAction === 'complete';
		const run = ++this.completionRuns;
		let result: Promise<Completion> | Completion;
		try {
			result = this.completer(line, this.chars.slice(0, this.point).join('').length);
		} catch {
			return;
		}
		if (!isPromiseLike(result)) return this.complete(result, repeated);
		// Later keys wait for the answer, so a fast typist's keys land after the completion.
		this.completing = run;
		const settle = (completion: Completion | null) => {
			if (this.completing !== run) return;
			this.completing = 0;
			if (completion && this.isReading) this.complete(completion, repeated);
			this.drain();
		};
		void Promise.resolve(result).then(settle, () => settle(null));
	}

	private complete(result: Completion, repeated: boolean): void {
		const line = this.line;
		const seen = new Set<string>();
		const candidates: string[] = [];
		const labels: string[] = [];
		// The callback is someone else's code: take only what makes sense.
		const offered: unknown[] = Array.isArray(result?.candidates) ? result.candidates : [];
		offered.forEach((candidate, i) => {
			if (typeof candidate !== 'string' || !candidate || seen.has(candidate)) return;
			seen.add(candidate);
			candidates.push(candidate);
			const label = result.display?.[i];
			labels.push(typeof label === 'string' ? label : candidate);
		});
		if (!candidates.length) return;
		const from = clamp(result.from, 0, line.length);
		const to = clamp(result.to, from, line.length);
		const word = line.slice(from, to);
		if (candidates.length === 1) {
			const [candidate] = candidates as [string];
			const spaced = candidate.endsWith('/') || line[to] === ' ';
			return this.replace(from, to, candidate, spaced ? '' : ' ', line[to] === ' ' ? 1 : 0);
		}
		this.lastAction = 'complete';
		const prefix = commonPrefix(candidates);
		if ([...prefix].length > [...word].length) return this.replace(from, to, prefix, '', 0);
		if (!repeated) return;
		this.moveToEnd();
		this.write('\r\n');
		if (candidates.length <= listLimit) return this.list(labels);
		this.write(`Display all ${candidates.length} possibilities? (y or n)`);
		this.confirming = labels;
	}

	/** Puts `text + suffix` in place of line[from, to) (UTF-16), the cursor `skip` further on. */
	private replace(from: number, to: number, text: string, suffix: string, skip: number): void {
		const line = this.line;
		const start = [...line.slice(0, from)].length;
		const added = [...(text + suffix)];
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
		this.drawnRow = 0;
		this.draw(false);
	}

	/** Lists `labels` in columns from the cursor's row, as bash does, then shows the line again. */
	private list(labels: string[]): void {
		const shown = labels.map((label) => label.replace(controls, '?'));
		const widths = shown.map((label) => textWidth(label, this.wideEmoji));
		const cell = Math.max(...widths) + 2;
		const perRow = Math.max(1, Math.floor((this.columns + 2) / cell));
		const rows = Math.ceil(labels.length / perRow);
		let text = '';
		for (let row = 0; row < rows; row++) {
			for (let i = row; i < labels.length; i += rows) {
				const last = i + rows >= labels.length;
				text += shown[i]! + (last ? '' : ' '.repeat(cell - widths[i]!));
			}
			text += '\r\n';
		}
		this.write(text);
		this.drawnRow = 0;
		this.draw(false);
	}

	// Drawing

	private width(char: string): number {
		return charWidth(char, this.wideEmoji);
	}

	/** What is shown: the prompt, the text and the cursor's index in it. */
	private view(): { prompt: string; text: readonly string[]; cursor: number } {
		const search = this.search;
		if (!search) return { prompt: this.linePrompt, text: this.chars, cursor: this.point };
		const prompt = `(${search.failed ? 'failed ' : ''}reverse-i-search)'${search.query}': `;
		if (search.index < 0) return { prompt, text: this.chars, cursor: this.point };
		const match = [...this.history[search.index]!.replace(controls, ' ')];
		return { prompt, text: match, cursor: search.position };
	}

	/**
	 * Where each cursor index of the view lands when drawn from the start of a row, and whether
	 * the text ends exactly at the right edge (the terminal then waits to wrap).
	 */
	private layout(view: { prompt: string; text: readonly string[] }) {
		let row = 0;
		let x = 0;
		const here = (): Position => (x >= this.columns ? { row: row + 1, col: 0 } : { row, col: x });
		const put = (char: string) => {
			if (char === '\n') [row, x] = [row + 1, 0];
			else if (char === '\r') x = 0;
			const width = this.width(char);
			if (!width) return;
			// A wide character that does not fit in the last column goes to the next row.
			if (x + width > this.columns) [row, x] = [row + 1, 0];
			x += width;
		};
		for (const char of view.prompt.replace(ansi, '')) put(char);
		const positions = [here()];
		for (const char of view.text) {
			put(char);
			positions.push(here());
		}
		return { positions, pending: x >= this.columns };
	}

	/** Draws prompt and text from the cursor's place; `erase` first goes back and clears. */
	private draw(erase: boolean): void {
		const view = this.view();
		const { positions, pending } = this.layout(view);
		const end = positions.at(-1)!;
		const target = positions[view.cursor]!;
		// At the right edge the terminal holds the cursor on the last column; a space and \r move
		// it to the next row, where it belongs.
		this.write(
			(erase ? `${up(this.drawnRow)}\r\x1b[J` : '') +
				view.prompt +
				view.text.join('') +
				(pending ? ' \r' : '') +
				move(end, target)
		);
		this.drawnRow = target.row;
	}

	private redraw(): void {
		this.draw(true);
	}

	private moveCursor(to: number): void {
		if (to === this.point) return;
		const { positions } = this.layout(this.view());
		this.write(move(positions[this.point]!, positions[to]!));
		this.point = to;
		this.drawnRow = positions[to]!.row;
	}

	private moveToEnd(): void {
		const view = this.view();
		const { positions } = this.layout(view);
		this.write(move(positions[view.cursor]!, positions.at(-1)!));
		this.drawnRow = positions.at(-1)!.row;
	}

	private write(data: string): void {
		this.output += data;
	}

	private flush(): void {
		if (!this.output) return;
		const data = this.output;
		this.output = '';
		this.onWrite(data);
	}
}

/** The next key in `input`: an escape sequence, a run of printable text, or one character. */
function nextKey(input: string): string {
	if (input.startsWith('\x1b')) {
		// xterm.js hands over each key's sequence whole; a cut-off one is dropped as unknown.
		if (input.startsWith('\x1b[')) return csi.exec(input)![0];
		if (input.startsWith('\x1bO') && input.length > 2) return input.slice(0, 3);
		if (input.length === 1) return input;
		return '\x1b' + String.fromCodePoint(input.codePointAt(1)!);
	}
	if (input.startsWith('\r\n')) return '\r\n';
	return printableRun.exec(input)?.[0] ?? String.fromCodePoint(input.codePointAt(0)!);
}

/** Relative cursor moves from one drawn position to another. */
function move(from: Position, to: Position): string {
	let moves = '';
	if (to.row < from.row) moves += up(from.row - to.row);
	else if (to.row > from.row) moves += `\x1b[${to.row - from.row}B`;
	if (to.col === from.col) return moves;
	if (to.col === 0) return `${moves}\r`;
	return moves + (to.col > from.col ? `\x1b[${to.col - from.col}C` : `\x1b[${from.col - to.col}D`);
}

function up(rows: number): string {
	return rows > 0 ? `\x1b[${rows}A` : '';
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
	return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

function clamp(value: number, min: number, max: number): number {
	return Number.isFinite(value) ? Math.max(min, Math.min(max, Math.floor(value))) : min;
}

function commonPrefix(words: string[]): string {
	let prefix = [...words[0]!];
	for (const word of words.slice(1)) {
		const chars = [...word];
		let i = 0;
		while (i < prefix.length && prefix[i] === chars[i]) i++;
		prefix = prefix.slice(0, i);
	}
	return prefix.join('');
}

/** The code-point index of the last `query` in `text` starting at or before code point `limit`. */
function lastIndexOf(text: string, query: string, limit = Infinity): number {
	if (limit < 0) return -1;
	const chars = [...text];
	const from = limit === Infinity ? text.length : chars.slice(0, limit).join('').length;
	const at = text.lastIndexOf(query, from);
	return at < 0 ? -1 : [...text.slice(0, at)].length;
}
