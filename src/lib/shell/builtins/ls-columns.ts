// The terminal layout of `ls`: names down then across in as many columns as fit, each column
// as wide as its longest name plus two spaces, computed the way GNU ls does.

/** A name to lay out: the text printed (maybe with colour codes) and the columns it takes. */
export interface Cell {
	text: string;
	width: number;
}

/** Narrowest column GNU considers: one character and two spaces. */
const MIN_COLUMN_WIDTH = 3;

/** Code points shown two columns wide (CJK, Hangul, fullwidth forms, most emoji). */
const WIDE: readonly (readonly [number, number])[] = [
	[0x1100, 0x115f],
	[0x2e80, 0x303e],
	[0x3041, 0x33ff],
	[0x3400, 0x4dbf],
	[0x4e00, 0x9fff],
	[0xa000, 0xa4cf],
	[0xac00, 0xd7a3],
	[0xf900, 0xfaff],
	[0xfe30, 0xfe4f],
	[0xff00, 0xff60],
	[0xffe0, 0xffe6],
	[0x1f300, 0x1f64f],
	[0x1f900, 0x1f9ff],
	[0x20000, 0x3fffd]
];

/** Columns `text` takes on a terminal: wide characters two, combining marks none. */
export function displayWidth(text: string): number {
	if (/^[\x20-\x7e]*$/.test(text)) return text.length;
	let width = 0;
	for (const char of text) {
		if (/\p{M}|\u200d/u.test(char)) continue;
		const code = char.codePointAt(0)!;
		width += WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
	}
	return width;
}

/** Lays `cells` out in columns for a line of `lineWidth` characters; '' for no cells. */
export function inColumns(cells: readonly Cell[], lineWidth: number): string {
	if (cells.length === 0) return '';
	const { rows, widths } = fit(cells, lineWidth);
	const lines: string[] = [];
	for (let row = 0; row < rows; row++) {
		let line = '';
		for (let column = 0; column * rows + row < cells.length; column++) {
			const index = column * rows + row;
			const cell = cells[index]!;
			line += cell.text;
			if (index + rows < cells.length) line += ' '.repeat(widths[column]! - cell.width);
		}
		lines.push(`${line}\n`);
	}
	return lines.join('');
}

/**
 * The most columns whose line stays shorter than `lineWidth` (GNU keeps the last character
 * free), with each column's width including the two spaces after it (none after the last).
 */
function fit(cells: readonly Cell[], lineWidth: number): { rows: number; widths: number[] } {
	const most = Math.max(1, Math.min(cells.length, Math.floor(lineWidth / MIN_COLUMN_WIDTH)));
	for (let columns = most; columns > 1; columns--) {
		const rows = Math.ceil(cells.length / columns);
		const widths = new Array<number>(columns).fill(0);
		let total = 0;
		let fits = true;
		for (let index = 0; index < cells.length && fits; index++) {
			const column = Math.floor(index / rows);
			const width = cells[index]!.width + (column === columns - 1 ? 0 : 2);
			if (width > widths[column]!) {
				total += width - widths[column]!;
				widths[column] = width;
				fits = total < lineWidth;
			}
		}
		if (fits) return { rows, widths };
	}
	return { rows: cells.length, widths: [0] };
}
