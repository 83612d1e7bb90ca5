// The client's start-up hook: it runs before the first page's code has even loaded.
import type { ClientInit } from '@sveltejs/kit/hooks';
// Imported statically, and not through the runtime router, whose modules the entry does not need;
// the router's prewarm (the workspace page's) calls the same function, so the two share one spare.
import { prewarm } from '#lib/runtimes/pyodide/worker-start.ts';

/**
 * Opening a workspace straight from its address: Python's worker starts booting now, while the
 * page's code loads and renders, instead of after (the page's own prewarm then finds it running).
 */
export const init: ClientInit = () => {
	if (/\/w\/[^/]+\/?$/.test(location.pathname)) prewarm();
};
