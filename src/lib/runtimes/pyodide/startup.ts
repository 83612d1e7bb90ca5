// What the main thread tells a user about how Python started (the worker's side is snapshot.ts).
import type { Startup } from './api.ts';

/** The notice shown with the next run after a boot, or null when there is nothing to say. */
export function startupNotice(startup: Startup | undefined): string | null {
	return startup === 'rebuilt' ? "Python's start-up cache was damaged and has been rebuilt." : null;
}

/** The status bar's tooltip for a Python that started in `ms` milliseconds. */
export function startupDetail(startup: Startup | undefined, ms: number): string {
	const seconds = `${(ms / 1000).toFixed(1)} s`;
	switch (startup) {
		case 'snapshot':
			return `Python runs in this browser (Pyodide). It started in ${seconds} from its start-up cache.`;
		case 'image':
			return `Python runs in this browser (Pyodide). It started in ${seconds} from the start-up image that comes with Bytestorm, now kept in this browser.`;
		case 'made':
			return `Python runs in this browser (Pyodide). It started in ${seconds} and saved a start-up cache, so it starts faster next time.`;
		case 'rebuilt':
			return `Python runs in this browser (Pyodide). It started in ${seconds}; its start-up cache was damaged and has been rebuilt.`;
		default:
			return `Python runs in this browser (Pyodide). It started in ${seconds}.`;
	}
}
