import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	DEFAULT_PACKAGE_SOURCES,
	PACKAGE_SOURCE_STORAGE_KEYS,
	indexName,
	packageSources
} from './package-sources.ts';

const storage = (values: Record<string, string>) => ({
	getItem: (key: string) => values[key] ?? null
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe('package sources', () => {
	it("defaults to PyPI and the CDN of the app's Pyodide version", () => {
		expect(packageSources({ search: '', storage: null })).toEqual({
			indexUrl: 'https://pypi.org/pypi/',
			packageBaseUrl: 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/'
		});
	});

	it('takes a mirror from localStorage, adding the trailing slash', () => {
		const sources = packageSources({
			search: '',
			storage: storage({
				[PACKAGE_SOURCE_STORAGE_KEYS.indexUrl]: 'http://127.0.0.1:8080/pypi',
				[PACKAGE_SOURCE_STORAGE_KEYS.packageBaseUrl]: 'https://mirror.example/pyodide/'
			})
		});
		expect(sources).toEqual({
			indexUrl: 'http://127.0.0.1:8080/pypi/',
			packageBaseUrl: 'https://mirror.example/pyodide/'
		});
	});

	it('lets the query string win over localStorage, for one page load', () => {
		const sources = packageSources({
			search: '?package-index=https%3A%2F%2Fquery.example%2Fpypi%2F',
			storage: storage({ [PACKAGE_SOURCE_STORAGE_KEYS.indexUrl]: 'https://stored.example/pypi/' })
		});
		expect(sources.indexUrl).toBe('https://query.example/pypi/');
		expect(sources.packageBaseUrl).toBe(DEFAULT_PACKAGE_SOURCES.packageBaseUrl);
	});

	it('ignores a value that is not an http(s) URL, and says so in the console', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const sources = packageSources({
			search: '?pyodide-packages=javascript:alert(1)',
			storage: storage({ [PACKAGE_SOURCE_STORAGE_KEYS.indexUrl]: 'not a url' })
		});
		expect(sources).toEqual(DEFAULT_PACKAGE_SOURCES);
		expect(warn).toHaveBeenCalledTimes(2);
	});

	it('survives blocked storage', () => {
		const blocked = {
			getItem: () => {
				throw new Error('SecurityError');
			}
		};
		expect(packageSources({ search: '', storage: blocked })).toEqual(DEFAULT_PACKAGE_SOURCES);
	});

	it('names PyPI as PyPI and a mirror by its address', () => {
		expect(indexName('https://pypi.org/pypi/')).toBe('PyPI');
		expect(indexName('http://127.0.0.1:9000/pypi/')).toBe(
			'the package index at http://127.0.0.1:9000'
		);
	});
});
