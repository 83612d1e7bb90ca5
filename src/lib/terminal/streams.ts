// The xterm.js terminal as the shell's stdout and stderr. Writes wait for xterm.js to catch up
// once a lot is pending (its documented flow control), so `cat` of a 20 MB file into the
// terminal streams instead of freezing the page.
import type { Terminal } from '@xterm/xterm';
import type { OutputStream } from '#lib/shell/io.ts';

/** Bytes handed to xterm.js but not yet drawn, past which a writer waits. */
const HIGH_WATER = 256 * 1024;

/** Bytes written between two checks on how far xterm.js has got. */
const CHECK_EVERY = 16 * 1024;

/**
 * An OutputStream onto the terminal; `style` wraps each piece (red for stderr). `write` shows a
 * piece (by default `term.write`); flow control still waits on the terminal itself.
 */
export function terminalOutput(
	term: Terminal,
	write: (text: string) => void = (text) => term.write(text),
	style?: (text: string) => string
): OutputStream {
	const decoder = new TextDecoder();
	let pending = 0;
	/** Of `pending`, what no check follows yet. */
	let unchecked = 0;
	let drained: (() => void)[] = [];
	return {
		isTerminal: true,
		get columns() {
			return term.cols;
		},
		async write(data) {
			const text = typeof data === 'string' ? data : decoder.decode(data, { stream: true });
			if (!text) return;
			pending += text.length;
			unchecked += text.length;
			parseNextWriteAtOnce(term);
			write(style ? style(text) : text);
			// An empty write's callback runs once xterm.js has drawn everything before it. Not after
			// every write: xterm.js parses that empty write in a timer, which Chromium runs only
			// after the frame that follows a key press, and the next write (a program's answer)
			// would wait behind it.
			if (unchecked < CHECK_EVERY) return;
			const checked = unchecked;
			unchecked = 0;
			term.write('', () => {
				pending -= checked;
				if (pending < HIGH_WATER / 2) {
					const waiting = drained;
					drained = [];
					for (const wake of waiting) wake();
				}
			});
			if (pending > HIGH_WATER) await new Promise<void>((resolve) => drained.push(resolve));
		}
	};
}

/**
 * Has xterm.js parse the next write at once, as it does for the echo of a key, rather than in a
 * timer: a program's answer (input()'s reply, a run's first line) then reaches the next frame,
 * where the timer could miss it and wait a frame more. It applies only when nothing is queued
 * (xterm.js's own rule), so streaming output keeps its timed chunks. The hook is xterm.js's
 * internal one; where a version lacks it, writes are parsed as before.
 */
export function parseNextWriteAtOnce(term: Terminal): void {
	const core = (term as unknown as { _core?: { _writeBuffer?: { handleUserInput?(): void } } })
		._core;
	core?._writeBuffer?.handleUserInput?.();
}

/** Wraps text in red, resetting after, as the shell shows stderr. */
export function red(text: string): string {
	return `\x1b[31m${text}\x1b[0m`;
}

/** Wraps text in the dim style, for notes from the shell itself. */
export function dim(text: string): string {
	return `\x1b[2m${text}\x1b[0m`;
}

/** Wraps text in yellow, for notes from the app and the runtimes. */
export function yellow(text: string): string {
	return `\x1b[33m${text}\x1b[0m`;
}
