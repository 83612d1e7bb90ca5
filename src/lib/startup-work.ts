// Work a page does as it opens, which less urgent work waits for. The service worker's first
// install downloads and stores the app and Pyodide's core files (some 20 MB); on a first visit it
// ran side by side with Python's start on the same cores, and Python was ready some 0.35 s later.

/** How long less urgent work waits for the start at most: a boot from scratch can take seconds. */
export const MAX_STARTUP_WAIT_MS = 10_000;

/**
 * How long after the page has loaded it still waits: time for the click that opens a workspace
 * from the home page, whose Python then counts as start-up work too.
 */
export const QUIET_AFTER_LOAD_MS = 2000;

const pending = new Set<Promise<unknown>>();

/** Counts `work` (Python's boot, say) as part of the page's start until it settles; returns it. */
export function startupWork<T>(work: Promise<T>): Promise<T> {
	const settled = work.then(
		() => {},
		() => {}
	);
	pending.add(settled);
	void settled.then(() => pending.delete(settled));
	return work;
}

/**
 * Resolves once the page has loaded and been quiet for a moment, and the start-up work counted so
 * far (and any counted while it waits) has settled; or after `maxWaitMs`, whichever is first.
 */
export function afterStartup(maxWaitMs = MAX_STARTUP_WAIT_MS): Promise<void> {
	const started = (async () => {
		if (typeof document !== 'undefined') {
			if (document.readyState !== 'complete') {
				await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
			}
			await new Promise((resolve) => setTimeout(resolve, QUIET_AFTER_LOAD_MS));
		}
		while (pending.size > 0) await Promise.all(pending);
	})();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
	return Promise.race([started, waited]).finally(() => clearTimeout(timer));
}
