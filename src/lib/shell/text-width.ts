// How text shows in the terminal: the columns it takes, as xterm.js counts them, and what of it
// shows at all.

// eslint-disable-next-line no-control-regex
const controls = /[\x00-\x1f\x7f-\x9f]/gu;
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|[\x01\x02]/g;
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]$/u;
const emoji = /^\p{Emoji_Presentation}$/u;
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
	for (const char of stripAnsi(text)) width += charWidth(char, wideEmoji);
	return width;
}

/** `text` without its ANSI escape sequences (colours, cursor moves, titles): what shows of it. */
export function stripAnsi(text: string): string {
	return text.replace(ansi, '');
}

/** `text` with each control character (newlines, tabs, escapes…) replaced by `by`. */
export function replaceControls(text: string, by: string): string {
	return text.replace(controls, by);
}
