// pip's downloads, through the browser's Cache API (in the worker), keyed by URL: a wheel once
// downloaded installs again without the network, which is how a workspace's packages come back
// when Python restarts offline. Index pages are fetched fresh when online (new releases appear)
// and served from the cache when not.
import { PackageDownloadError, PackageNetworkError } from '../errors.ts';

/** The Cache API cache that holds index pages and wheels. */
export const PACKAGE_CACHE_NAME = 'bytestorm-packages-v1';

/** A downloaded file, and whether it came from the cache. */
export interface Download {
	data: Uint8Array;
	cached: boolean;
}

/** What the resolver and the installer download through. */
export interface Downloader {
	/**
	 * A project's JSON page on the index, or null when the index has no such project (404).
	 * Throws PackageNetworkError when it cannot be reached and no copy is cached.
	 */
	indexPage(url: string): Promise<unknown>;
	/** A file's bytes, from the cache if there, else downloaded (with `init`) and cached. */
	file(url: string, init?: RequestInit): Promise<Download>;
}

/** The part of the Cache API the downloader uses: the browser's `caches`, or a test's stand-in. */
export interface PackageCacheStorage {
	open(name: string): Promise<Pick<Cache, 'match' | 'put'>>;
}

/** Where a downloader gets its network, cache and online state; the browser's by default. */
export interface DownloaderOptions {
	fetch?: typeof fetch;
	/** null turns caching off. */
	caches?: PackageCacheStorage | null;
	/** False when the browser knows it is offline (then the network is not even tried). */
	online?: () => boolean;
	/** Aborts downloads in flight (Ctrl+C). */
	signal?: AbortSignal;
}

/** A downloader over fetch and the Cache API. */
export function createDownloader(options: DownloaderOptions = {}): Downloader {
	const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	const online = options.online ?? (() => globalThis.navigator?.onLine !== false);
	const storage = options.caches === undefined ? globalThis.caches : options.caches;
	let opened: Promise<Pick<Cache, 'match' | 'put'> | null> | undefined;
	const cache = () =>
		(opened ??= storage
			? storage.open(PACKAGE_CACHE_NAME).catch(() => null)
			: Promise.resolve(null));

	const fromCache = async (url: string): Promise<Uint8Array | null> => {
		const response = await (await cache())?.match(url).catch(() => undefined);
		return response ? new Uint8Array(await response.arrayBuffer()) : null;
	};
	const remember = async (url: string, data: Uint8Array, type: string): Promise<void> => {
		// A full cache (quota) only costs the offline copy.
		await (
			await cache()
		)
			?.put(url, new Response(data.slice(), { headers: { 'Content-Type': type } }))
			.catch(() => {});
	};
	const download = async (url: string, init?: RequestInit): Promise<Response> => {
		if (!online()) throw new PackageNetworkError(url);
		try {
			return await fetchImpl(url, { ...init, signal: options.signal });
		} catch (error) {
			if (isAbort(error)) throw error;
			throw new PackageNetworkError(url, { cause: error });
		}
	};

	return {
		async indexPage(url) {
			let response: Response;
			try {
				response = await download(url, { headers: { Accept: 'application/json' } });
			} catch (error) {
				const copy = error instanceof PackageNetworkError ? await fromCache(url) : null;
				if (!copy) throw error;
				return JSON.parse(new TextDecoder().decode(copy));
			}
			if (response.status === 404) return null;
			if (!response.ok) throw httpError(url, response);
			const data = new Uint8Array(await response.arrayBuffer());
			let page: unknown;
			try {
				page = JSON.parse(new TextDecoder().decode(data));
			} catch {
				throw new PackageDownloadError(`${url} did not answer with a JSON index page.`);
			}
			await remember(url, data, 'application/json');
			return page;
		},
		async file(url, init) {
			const copy = await fromCache(url);
			if (copy) return { data: copy, cached: true };
			const response = await download(url, init);
			if (!response.ok) throw httpError(url, response);
			const data = new Uint8Array(await response.arrayBuffer());
			await remember(url, data, 'application/octet-stream');
			return { data, cached: false };
		}
	};
}

/**
 * Runs `task` (Pyodide's loadPackage) with its downloads of files under `baseUrl` going through
 * `downloader`, so Pyodide's own builds are cached like any wheel. loadPackage has no fetch
 * option: it calls the global fetch, which is swapped for the task's duration. Nothing else
 * downloads in the worker meanwhile (a pip command runs alone).
 */
export async function withPackageDownloads<T>(
	baseUrl: string,
	downloader: Downloader,
	task: () => Promise<T>
): Promise<T> {
	const original = globalThis.fetch;
	globalThis.fetch = async (input, init) => {
		const url = input instanceof Request ? input.url : String(input);
		if (!url.startsWith(baseUrl)) return original(input, init);
		const { data } = await downloader.file(url, init);
		return new Response(data.slice());
	};
	try {
		return await task();
	} finally {
		globalThis.fetch = original;
	}
}

/** True for the error an aborted fetch rejects with. */
export function isAbort(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

function httpError(url: string, response: Response): PackageDownloadError {
	const status = `${response.status} ${response.statusText}`.trim();
	return new PackageDownloadError(`${url} answered ${status}: try again later.`);
}
