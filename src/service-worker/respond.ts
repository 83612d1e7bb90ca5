// How the service worker answers from its caches.
import { APP_CACHE_PREFIX, FALLBACK_PAGE, PYODIDE_CACHE_PREFIX } from '#lib/offline/cache-plan.ts';

/**
 * How long a page request waits for the server before the cached page answers. Long enough for
 * a slow school network, short enough that a network which is up but not answering (captive
 * portal, dead Wi-Fi) does not look like a hung app.
 */
const PAGE_TIMEOUT_MS = 3000;

// The same headers the server sends (server/app.ts): a page without them has no
// SharedArrayBuffer, so no input() and no Ctrl+C for Python.
const isolationHeaders = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/**
 * Answers a navigation: the network first, then the cached fallback page of this build.
 *
 * Why network first: online, every page load gets the newest build, so a user is never kept on
 * a cached version that is broken or old, whatever state the caches are in. Offline (or when the
 * server is down or too slow) the cached page answers, and it belongs to the same build as the
 * cached files it loads. Cache first would open faster online, but a bad build in the cache would
 * then stay until a new worker installs, which the bad build itself might prevent.
 */
export async function answerPage(request: Request, current: readonly string[]): Promise<Response> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<null>((resolve) => {
		timer = setTimeout(() => resolve(null), PAGE_TIMEOUT_MS);
	});
	// A navigation Request cannot be copied with an AbortSignal, so a slow answer is raced, not aborted.
	const network = fetch(request).catch(() => null);
	const response = await Promise.race([network, timeout]);
	clearTimeout(timer);
	if (response && response.status < 500) return response;
	const page = await cachedCopy(FALLBACK_PAGE, current);
	if (page) return page;
	return response ?? (await network) ?? notCachedPage();
}

/**
 * The copy of `request` in this worker's caches (`current`), else in another build's cache of
 * ours still present (a page of the newer build, loaded before its worker took over, asks for
 * its files). Never reads the caches of pip or Python's start-up snapshot.
 */
export async function cachedCopy(
	request: Request | string,
	current: readonly string[]
): Promise<Response | undefined> {
	for (const name of current) {
		const cache = await caches.open(name);
		const hit = await cache.match(request);
		if (hit) return hit;
	}
	for (const name of await caches.keys()) {
		const ours = name.startsWith(APP_CACHE_PREFIX) || name.startsWith(PYODIDE_CACHE_PREFIX);
		if (!ours || current.includes(name)) continue;
		const hit = await (await caches.open(name)).match(request);
		if (hit) return hit;
	}
	return undefined;
}

function notCachedPage(): Response {
	return new Response(
		'Bytestorm cannot reach its server, and this browser has no offline copy yet: connect once to the network and reload.\n',
		{
			status: 503,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', ...isolationHeaders }
		}
	);
}
