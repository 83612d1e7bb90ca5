// What the service worker caches and how it answers each request, as pure functions so that the
// rules are tested in Node. The service worker (src/service-worker/) only wires them to events.

/** Prefix of the cache that holds one build of the app shell: `bytestorm-app-<build version>`. */
export const APP_CACHE_PREFIX = 'bytestorm-app-';

/** Prefix of the cache that holds Pyodide's core files: `bytestorm-pyodide-<version>-<stdlib hash>`. */
export const PYODIDE_CACHE_PREFIX = 'bytestorm-pyodide-';

/** The page every route renders from (adapter-static's fallback), served for navigations offline. */
export const FALLBACK_PAGE = '/200.html';

/** The app-shell cache of the build whose SvelteKit version string is `version`. */
export function appCacheName(version: string): string {
	return `${APP_CACHE_PREFIX}${version}`;
}

/**
 * The Pyodide cache for one Pyodide version and one standard library build. An app update that
 * changes neither keeps the same cache, so it does not download Python's 12 MB again.
 */
export function pyodideCacheName(pyodideVersion: string, stdlibHash: string): string {
	return `${PYODIDE_CACHE_PREFIX}${pyodideVersion}-${stdlibHash}`;
}

/**
 * The caches to delete once the service worker owning `current` is active: ours (by prefix) that
 * are not current. Caches of others (pip's packages, Python's start-up snapshot) are never named.
 */
export function staleCaches(names: readonly string[], current: readonly string[]): string[] {
	const ours = (name: string) =>
		name.startsWith(APP_CACHE_PREFIX) || name.startsWith(PYODIDE_CACHE_PREFIX);
	return names.filter((name) => ours(name) && !current.includes(name));
}

/**
 * The URL paths of Pyodide's files that the Python worker fetches at start-up, exactly as it
 * asks for them (the stdlib carries its hash in the query, see worker-start.ts).
 */
export function pyodideCorePaths(basePath: string, stdlibHash: string): string[] {
	return [
		`${basePath}pyodide.mjs`,
		`${basePath}pyodide.asm.mjs`,
		`${basePath}pyodide.asm.wasm`,
		`${basePath}pyodide-lock.json`,
		`${basePath}python_stdlib.zip?v=${stdlibHash}`
	];
}

/** The URL paths of one build's app shell: every built file, the static files and the fallback page. */
export function appShellPaths(
	built: readonly { path: string }[],
	assets: readonly { path: string }[],
	prerendered: readonly { path: string }[]
): string[] {
	const absolute = (path: string) => (path.startsWith('/') ? path : `/${path}`);
	const paths = [...built, ...assets, ...prerendered].map((entry) => absolute(entry.path));
	return [...new Set([...paths, FALLBACK_PAGE])];
}

/**
 * How the service worker answers a request:
 * - `page`: a navigation; the network first, the cached fallback page when it fails or is slow;
 * - `cached`: a file whose URL names its content (hashed build files, versioned Pyodide files);
 *   the cache first, since such a file never changes, else the network;
 * - `network`: other files of ours; the network first, else any cached copy;
 * - `bypass`: not ours to answer (other origins, the API, the service worker script, pip's
 *   downloads): the browser fetches it as if there were no service worker.
 */
export type RequestRoute = 'page' | 'cached' | 'network' | 'bypass';

/** The route of a request (see RequestRoute). `origin` is the app's own origin. */
export function routeOf(
	request: { url: string; method: string; mode: string },
	origin: string
): RequestRoute {
	if (request.method !== 'GET') return 'bypass';
	const url = new URL(request.url);
	if (url.origin !== origin) return 'bypass';
	const path = url.pathname;
	if (
		path === '/api' ||
		path.startsWith('/api/') ||
		path === '/service-worker.js' ||
		// SvelteKit's update check must see the server, never a cached answer.
		path === '/_app/version.json' ||
		// Previews are answered by their own logic; the Cache API keys of Python's snapshot are never fetched.
		path.startsWith('/preview/') ||
		path.startsWith('/.bytestorm/')
	)
		return 'bypass';
	const file = path.startsWith('/_app/') || path.startsWith('/pyodide/');
	// A file opened as a page (Pyodide's console.html in the benchmark) is a file, not the app.
	if (request.mode === 'navigate') return file ? 'network' : 'page';
	if (path.startsWith('/_app/immutable/') || path.startsWith('/pyodide/')) return 'cached';
	return 'network';
}
