// The keys the line editor knows, by readline's names for what they do, and how the terminal's
// input splits into keys.

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

/** What a key can do, by readline's name for it (`accept-line`, `kill-word`…). */
export type KeyAction = keyof typeof keymap;

const bindings = new Map<string, KeyAction>(
	Object.entries(keymap).flatMap(([action, keys]) => keys.map((key) => [key, action as KeyAction]))
);

// eslint-disable-next-line no-control-regex
const printableRun = /^[^\x00-\x1f\x7f-\x9f]+/u;
// eslint-disable-next-line no-control-regex
const csi = /^\x1b\[[0-?]*[ -/]*[@-~]?/;

/** What the key `key` (one of `nextKey`'s answers) does, or undefined for a key with no binding. */
export function keyAction(key: string): KeyAction | undefined {
	return bindings.get(key);
}

/** True when `key` is text to insert (it starts with a printable character), not a control key. */
export function isPrintable(key: string): boolean {
	return printableRun.test(key);
}

/** The next key in `input`: an escape sequence, a run of printable text, or one character. */
export function nextKey(input: string): string {
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
