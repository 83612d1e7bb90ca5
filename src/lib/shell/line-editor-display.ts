// Where the line editor's text lands on the terminal's rows, and the escape sequences that draw
// it there and move the cursor over it.
import { charWidth, stripAnsi } from './text-width.ts';

/** What the line editor shows: the prompt, the text (one code point each) and the cursor's index in it. */
export interface LineView {
	prompt: string;
	text: readonly string[];
	cursor: number;
}

interface Position {
	row: number;
	col: number;
}

/**
 * Draws a line view on the terminal over as many rows as it wraps to, and keeps track of the row
 * the terminal cursor is on, counted from the prompt's first row. What it writes is held until
 * `flush()` hands it to `onWrite` in one piece.
 */
export class LineDisplay {
	readonly #onWrite: (data: string) => void;
	readonly #wideEmoji: boolean;
	#columns: number;
	#output = '';
	/** The terminal cursor's row, counted from the prompt's first row. */
	#drawnRow = 0;

	constructor(onWrite: (data: string) => void, columns: number, wideEmoji: boolean) {
		this.#onWrite = onWrite;
		this.#columns = columns;
		this.#wideEmoji = wideEmoji;
	}

	/** Width of the terminal. */
	get columns(): number {
		return this.#columns;
	}

	/** Takes the terminal's new width. */
	resize(columns: number): void {
		this.#columns = columns;
	}

	/** After the terminal rewrapped `view` at a new width: its cursor is where the view's lands. */
	rewrapped(view: LineView): void {
		this.#drawnRow = this.#layout(view).positions[view.cursor]!.row;
	}

	/** Draws `view` from the start of the cursor's row (a fresh row, or one just cleared). */
	show(view: LineView): void {
		this.#drawnRow = 0;
		this.#draw(view, false);
	}

	/** Goes back to the first row of what is drawn, clears it and draws `view` instead. */
	redraw(view: LineView): void {
		this.#draw(view, true);
	}

	/** Clears what is drawn and writes `text` (whole lines) in its place; `show()` goes below it. */
	printAbove(text: string): void {
		this.write(`${this.#erase()}${text}${text.endsWith('\n') ? '' : '\r\n'}`);
		this.#drawnRow = 0;
	}

	/** `view` got `added` at its end, the cursor after it: writes only the new characters. */
	append(view: LineView, added: readonly string[]): void {
		const { positions, pending } = this.#layout(view);
		this.write(added.join('') + (pending ? ' \r' : ''));
		this.#drawnRow = positions[view.cursor]!.row;
	}

	/** Moves the cursor from index `from` of `view` to index `to`. */
	moveCursor(view: LineView, from: number, to: number): void {
		const { positions } = this.#layout(view);
		this.write(move(positions[from]!, positions[to]!));
		this.#drawnRow = positions[to]!.row;
	}

	/** Moves the cursor after the end of `view`'s text, as before leaving the line. */
	moveToEnd(view: LineView): void {
		const { positions } = this.#layout(view);
		this.write(move(positions[view.cursor]!, positions.at(-1)!));
		this.#drawnRow = positions.at(-1)!.row;
	}

	/** Adds `data` (text and escape sequences) to what the next `flush()` writes. */
	write(data: string): void {
		this.#output += data;
	}

	/** Hands what was written since the last flush to `onWrite`, if anything. */
	flush(): void {
		if (!this.#output) return;
		const data = this.#output;
		this.#output = '';
		this.#onWrite(data);
	}

	/**
	 * Where each cursor index of the view lands when drawn from the start of a row, and whether
	 * the text ends exactly at the right edge (the terminal then waits to wrap).
	 */
	#layout(view: LineView) {
		const columns = this.#columns;
		let row = 0;
		let x = 0;
		const here = (): Position => (x >= columns ? { row: row + 1, col: 0 } : { row, col: x });
		const put = (char: string) => {
			if (char === '\n') [row, x] = [row + 1, 0];
			else if (char === '\r') x = 0;
			const width = charWidth(char, this.#wideEmoji);
			if (!width) return;
			// A wide character that does not fit in the last column goes to the next row.
			if (x + width > columns) [row, x] = [row + 1, 0];
			x += width;
		};
		for (const char of stripAnsi(view.prompt)) put(char);
		const positions = [here()];
		for (const char of view.text) {
			put(char);
			positions.push(here());
		}
		return { positions, pending: x >= columns };
	}

	/** Draws prompt and text from the cursor's place; `erase` first goes back and clears. */
	#draw(view: LineView, erase: boolean): void {
		const { positions, pending } = this.#layout(view);
		const end = positions.at(-1)!;
		const target = positions[view.cursor]!;
		// At the right edge the terminal holds the cursor on the last column; a space and \r move
		// it to the next row, where it belongs.
		this.write(
			(erase ? this.#erase() : '') +
				view.prompt +
				view.text.join('') +
				(pending ? ' \r' : '') +
				move(end, target)
		);
		this.#drawnRow = target.row;
	}

	/** Goes back to the first row of what is drawn and clears from there down. */
	#erase(): string {
		return `${up(this.#drawnRow)}\r\x1b[J`;
	}
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
