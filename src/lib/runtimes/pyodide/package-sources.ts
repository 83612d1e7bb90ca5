// Where pip gets packages: Pyodide's own builds (the packages in pyodide-lock.json) from a
// package base URL, and pure-Python wheels from a PyPI-style JSON index. Both default to the
// public services; a self-hosted mirror (or a test's local server) overrides them per browser
// through localStorage, or per page load through the page's query string.
import { pyodideVersion } from './assets.ts';

/** The two places pip downloads from. */
export interface PackageSources {
	/** Root of a PyPI JSON API, with a trailing slash: `${indexUrl}${name}/json` is a project's page. */
	indexUrl: string;
	/** Where the files named in pyodide-lock.json live, with a trailing slash. */
	packageBaseUrl: string;
}

/** PyPI, and Pyodide's CDN for the Pyodide version the app ships. */
export const DEFAULT_PACKAGE_SOURCES: Readonly<PackageSources> = {
	indexUrl: 'https://pypi.org/pypi/',
	packageBaseUrl: `https://cdn.jsdelivr.net/pyodide/v${pyodideVersion}/full/`
};

/** localStorage keys that override the sources for this browser (values are absolute URLs). */
export const PACKAGE_SOURCE_STORAGE_KEYS = {
	indexUrl: 'bytestorm:package-index',
	packageBaseUrl: 'bytestorm:pyodide-packages'
} as const;

/** Query parameters of the workspace page that override the sources for one page load. */
export const PACKAGE_SOURCE_QUERY_PARAMETERS = {
	indexUrl: 'package-index',
	packageBaseUrl: 'pyodide-packages'
} as const;

/** Where overrides are read from; the page's location and localStorage unless a test says otherwise. */
export interface SourceOverrides {
	search?: string;
	storage?: Pick<Storage, 'getItem'> | null;
}

/**
 * The sources in effect: for each URL, the query parameter, else the localStorage key, else the
 * default. A value that is not an absolute http(s) URL is ignored, with a console warning.
 */
export function packageSources(overrides: SourceOverrides = pageOverrides()): PackageSources {
	const query = new URLSearchParams(overrides.search ?? '');
	const pick = (key: keyof PackageSources): string => {
		const candidates = [
			query.get(PACKAGE_SOURCE_QUERY_PARAMETERS[key]),
			readStorage(overrides.storage, PACKAGE_SOURCE_STORAGE_KEYS[key])
		];
		for (const candidate of candidates) {
			if (!candidate) continue;
			const url = asBaseUrl(candidate);
			if (url) return url;
			console.warn(`Ignoring the package source '${candidate}': it is not an http(s) URL.`);
		}
		return DEFAULT_PACKAGE_SOURCES[key];
	};
	return { indexUrl: pick('indexUrl'), packageBaseUrl: pick('packageBaseUrl') };
}

/** How messages name the index: 'PyPI' for pypi.org, else its address. */
export function indexName(indexUrl: string): string {
	const url = new URL(indexUrl);
	return url.hostname === 'pypi.org' ? 'PyPI' : `the package index at ${url.origin}`;
}

function pageOverrides(): SourceOverrides {
	return {
		search: globalThis.location?.search ?? '',
		storage: typeof localStorage === 'undefined' ? null : localStorage
	};
}

function readStorage(storage: SourceOverrides['storage'], key: string): string | null {
	try {
		return storage?.getItem(key) ?? null;
	} catch {
		// Storage can be blocked (a privacy setting): the defaults still work.
		return null;
	}
}

function asBaseUrl(text: string): string | null {
	try {
		const url = new URL(text.trim());
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		return url.href.endsWith('/') ? url.href : `${url.href}/`;
	} catch {
		return null;
	}
}
