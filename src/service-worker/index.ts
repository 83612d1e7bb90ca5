// Bytestorm's service worker: after one visit the app opens, and Python runs, with no network.
// The rules (what is cached, how each request is answered) are in #lib/offline/cache-plan.ts;
// this file wires them to the worker's events. pip's packages and Python's start-up snapshot are
// cached by the app itself in caches of their own, which this worker never reads or deletes.
import { self } from '$app/service-worker';
import { assets, immutable, prerendered } from '$app/manifest';
import { version } from '$app/env';
import { stdlibHash } from 'virtual:bytestorm/pyodide-stdlib';
import {
	appCacheName,
	appShellPaths,
	pyodideCacheName,
	pyodideCorePaths,
	routeOf,
	staleCaches,
	type RequestRoute
} from '#lib/offline/cache-plan.ts';
import { isSkipWaiting } from '#lib/offline/protocol.ts';
import { pyodideBasePath, pyodideVersion } from '#lib/runtimes/pyodide/assets.ts';
import { previewResponse } from '#lib/preview/sw-handler.ts';
import { answerPage, cachedCopy } from './respond.ts';

const appCache = appCacheName(version);
const pyodideCache = pyodideCacheName(pyodideVersion, stdlibHash);

self.addEventListener('install', (event) => {
	// A failed download fails the install: the previous worker (or none) keeps serving, so a
	// half-filled cache never answers for a build.
	event.waitUntil(Promise.all([precacheAppShell(), precachePyodide()]));
});

self.addEventListener('activate', (event) => {
	// Only now: until this worker took over, the pages open were served from the old caches.
	// Claiming lets a first visit's pages use the preview without a reload; an update only
	// activates on the user's Reload, which reloads the page anyway.
	event.waitUntil(Promise.all([removeStaleCaches(), self.clients.claim()]));
});

self.addEventListener('message', (event) => {
	// Activation waits for the user's Reload (the update banner), never for a timer.
	if (isSkipWaiting(event.data)) void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
	// /preview/<workspace>/... (any method: a WSGI or Node app takes POSTs) is answered by the
	// page that holds the workspace.
	const preview = previewResponse(self, event.request);
	if (preview) {
		event.respondWith(preview);
		return;
	}
	const route = routeOf(event.request, self.location.origin);
	if (route === 'bypass') return;
	event.respondWith(answer(route, event));
});

async function answer(
	route: Exclude<RequestRoute, 'bypass'>,
	event: FetchEvent
): Promise<Response> {
	const { request } = event;
	const current = [appCache, pyodideCache];
	if (route === 'page') return answerPage(request, current);
	if (route === 'cached') {
		// A Response from the Cache API keeps wasm streaming compilation and its code cache.
		const copy = await cachedCopy(request, current);
		if (copy) return copy;
		const response = await fetch(request);
		// Hashed files the build's manifest does not list (the Python worker's own chunks) are
		// kept the first time they load, so they are there offline too.
		if (response.ok && new URL(request.url).pathname.startsWith('/_app/immutable/')) {
			const stored = response.clone();
			event.waitUntil(caches.open(appCache).then((cache) => cache.put(request, stored)));
		}
		return response;
	}
	try {
		return await fetch(request);
	} catch (error) {
		const copy = await cachedCopy(request, current);
		if (copy) return copy;
		throw error;
	}
}

async function precacheAppShell(): Promise<void> {
	const cache = await caches.open(appCache);
	const hashed = new Set(immutable.map((entry) => `/${entry.path}`.replace(/^\/\//, '/')));
	const requests = appShellPaths(immutable, assets, prerendered).map(
		// Hashed files may come from the HTTP cache; the others are checked with the server, so a
		// new worker never stores the page of the build before it.
		(path) => new Request(path, { cache: hashed.has(path) ? 'default' : 'no-cache' })
	);
	await cache.addAll(requests);
}

async function precachePyodide(): Promise<void> {
	const cache = await caches.open(pyodideCache);
	const missing: string[] = [];
	for (const path of pyodideCorePaths(pyodideBasePath, stdlibHash)) {
		// The cache's name says the version and the stdlib build: what is in it is still right.
		if (!(await cache.match(path))) missing.push(path);
	}
	await cache.addAll(missing);
}

async function removeStaleCaches(): Promise<void> {
	const stale = staleCaches(await caches.keys(), [appCache, pyodideCache]);
	await Promise.all(stale.map((name) => caches.delete(name)));
}
