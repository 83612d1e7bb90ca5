import { describe, expect, it } from 'vitest';
import {
	appCacheName,
	appShellPaths,
	pyodideCacheName,
	pyodideCorePaths,
	routeOf,
	staleCaches
} from './cache-plan.ts';

const origin = 'https://bytestorm.test';
const get = (path: string, mode = 'cors') => ({ url: origin + path, method: 'GET', mode });

describe('routeOf', () => {
	it('answers pages network first, hashed and Pyodide files from the cache', () => {
		expect(routeOf(get('/', 'navigate'), origin)).toBe('page');
		expect(routeOf(get('/w/abc', 'navigate'), origin)).toBe('page');
		expect(routeOf(get('/_app/immutable/chunks/a.js'), origin)).toBe('cached');
		expect(routeOf(get('/pyodide/314.0.7/pyodide.asm.wasm'), origin)).toBe('cached');
		expect(routeOf(get('/favicon.svg'), origin)).toBe('network');
		// A file opened as a page is still a file.
		expect(routeOf(get('/pyodide/314.0.7/console.html', 'navigate'), origin)).toBe('network');
	});

	it('leaves the API, other origins, other methods and the worker script to the browser', () => {
		expect(routeOf(get('/api/health'), origin)).toBe('bypass');
		expect(routeOf(get('/service-worker.js'), origin)).toBe('bypass');
		expect(routeOf(get('/_app/version.json'), origin)).toBe('bypass');
		expect(routeOf({ ...get('/w/abc'), method: 'POST' }, origin)).toBe('bypass');
		expect(routeOf({ ...get('/'), url: 'https://pypi.org/simple/' }, origin)).toBe('bypass');
		expect(routeOf(get('/.bytestorm/python-startup/key'), origin)).toBe('bypass');
	});
});

describe('caches', () => {
	it('deletes only its own caches that are not current', () => {
		const current = [appCacheName('2'), pyodideCacheName('314.0.7', 'abc')];
		const names = [
			appCacheName('1'),
			...current,
			pyodideCacheName('314.0.6', 'abc'),
			'bytestorm-packages-v1',
			'bytestorm-python-startup'
		];
		expect(staleCaches(names, current)).toEqual([
			'bytestorm-app-1',
			'bytestorm-pyodide-314.0.6-abc'
		]);
	});

	it('precaches the fallback page and the stdlib under the URL the worker asks for', () => {
		expect(appShellPaths([{ path: '_app/immutable/a.js' }], [{ path: 'favicon.svg' }], [])).toEqual(
			['/_app/immutable/a.js', '/favicon.svg', '/200.html']
		);
		expect(pyodideCorePaths('/pyodide/1/', 'h')).toContain('/pyodide/1/python_stdlib.zip?v=h');
	});
});
