// A run that takes the whole tab down. Chromium's workers share their page's process and its
// memory, so a program that runs out of memory can crash the page instead of only its worker;
// nothing is left to say so. The run leaves a mark in localStorage while it lasts, and the next
// page load finds it and tells the user what happened (their files were saved as they went).

const KEY = 'bytestorm:jsworker-run';

/** Notes that `argv` is running, until `clear` is called. */
export function markRun(argv: readonly string[]): () => void {
	const mark = JSON.stringify({ command: argv.join(' '), at: Date.now() });
	try {
		localStorage.setItem(KEY, mark);
	} catch {
		// No storage (a private window, say): a crash then goes unexplained, nothing worse.
		return () => {};
	}
	const clear = () => {
		removeEventListener('pagehide', clear);
		try {
			if (localStorage.getItem(KEY) === mark) localStorage.removeItem(KEY);
		} catch {
			// As above.
		}
	};
	// Leaving or reloading the page during a run is not a crash; a crash fires no pagehide.
	addEventListener('pagehide', clear);
	return clear;
}

/** The sentence about a run that ended with the page, once; null if the last page closed cleanly. */
export function takeCrashedRun(): string | null {
	let raw: string | null;
	try {
		raw = localStorage.getItem(KEY);
		localStorage.removeItem(KEY);
	} catch {
		return null;
	}
	if (!raw) return null;
	let command = 'A Node program';
	try {
		const parsed = JSON.parse(raw) as { command?: unknown };
		if (typeof parsed.command === 'string') command = `"${parsed.command}"`;
	} catch {
		// A damaged mark still means the page went down during a run.
	}
	return `${command} stopped this page while it ran, most likely by running out of memory. Your files are safe; what it wrote before that was saved.`;
}
