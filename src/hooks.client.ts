// The client's start-up hook: it runs before the first page's code has even loaded.
import type { ClientInit } from '@sveltejs/kit/hooks';
// Imported statically, not through the runtime router: that would load the runtime's chunk first.
import { prewarm } from '#lib/runtimes/pyodide/worker-start.ts';

/**
 * Opening a workspace straight from its address: Python's worker starts booting now, while the
 * page's code loads and renders, instead of after (the page's own prewarm then finds it running).
 */
export const init: ClientInit = () => {
	if (/\/w\/[^/]+\/?$/.test(location.pathname)) prewarm();
};
