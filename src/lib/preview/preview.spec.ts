// The preview's round trip as the browser makes it: a fetch reaches the service worker's
// handler, which messages the page's PreviewHost over a real MessageChannel, which answers from
// a real Workspace (or a running app).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import { servePreviewApp } from './apps.ts';
import { PreviewHost, type MessageSource } from './host.ts';
import { PREVIEW_REQUEST, previewUrl } from './protocol.ts';
import { WebContainerRuntime } from '#lib/runtimes/webcontainer/runtime.ts';
import { fakeContainer } from '#lib/runtimes/webcontainer/testing.ts';
import { previewResponse, type PreviewClient, type PreviewScope } from './sw-handler.ts';

const origin = 'http://bytestorm.test';
const hosts: PreviewHost[] = [];

/** A page: a PreviewHost whose service-worker messages arrive through `client.postMessage`. */
function page(workspace: string, fs: Workspace, url = `${origin}/w/${workspace}`) {
	const listeners = new Set<(event: MessageEvent) => void>();
	const source: MessageSource = {
		addEventListener: (_type, listener) => listeners.add(listener),
		removeEventListener: (_type, listener) => listeners.delete(listener)
	};
	const host = new PreviewHost(workspace, fs, { source, reloadDelayMs: 5 });
	hosts.push(host);
	const client: PreviewClient = {
		id: workspace,
		url,
		postMessage(message, transfer) {
			const event = new MessageEvent('message', {
				data: message,
				ports: transfer as MessagePort[]
			});
			for (const listener of listeners) listener(event);
		}
	};
	return { host, client };
}

function scope(...clients: PreviewClient[]): PreviewScope {
	return { clients: { matchAll: async () => clients } };
}

async function get(s: PreviewScope, path: string, init?: RequestInit): Promise<Response> {
	const response = previewResponse(s, new Request(`${origin}${path}`, init), 200);
	if (!response) throw new Error(`${path} is not a preview URL`);
	return response;
}

afterEach(() => {
	for (const host of hosts.splice(0)) host.destroy();
});

function site(): Workspace {
	const ws = new Workspace(new Y.Doc());
	ws.writeFile(
		'index.html',
		'<!doctype html><html><head><title>Site</title></head><body>Hello</body></html>'
	);
	ws.writeFile('js/app.js', 'import { x } from "./x.js"; console.log(x);');
	ws.writeFile('data/items.json', '[1, 2]');
	ws.writeFile('img/dot.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
	ws.writeFile('docs/index.html', '<p>docs</p>');
	return ws;
}

describe('the preview', () => {
	it('serves the files with their types and the isolation headers', async () => {
		const { client } = page('ws1', site());
		const s = scope(client);
		const index = await get(s, '/preview/ws1/');
		expect(index.status).toBe(200);
		expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
		const html = await index.text();
		expect(html).toMatch(/^<!doctype html><html><head><script data-bytestorm-preview>/);
		expect(html).toContain('<title>Site</title></head><body>Hello</body>');

		const script = await get(s, '/preview/ws1/js/app.js');
		expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect(await script.text()).toBe('import { x } from "./x.js"; console.log(x);');
		expect(await (await get(s, '/preview/ws1/data/items.json')).json()).toEqual([1, 2]);
		const image = await get(s, '/preview/ws1/img/dot.png');
		expect(image.headers.get('content-type')).toBe('image/png');
		expect(new Uint8Array(await image.arrayBuffer())).toEqual(
			new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
		);
	});

	it('redirects a folder to its slash and serves its index.html', async () => {
		const { client } = page('ws1', site());
		const s = scope(client);
		const folder = await get(s, '/preview/ws1/docs', { redirect: 'manual' });
		expect(folder.status).toBe(301);
		expect(folder.headers.get('location')).toBe('/preview/ws1/docs/');
		expect(await (await get(s, '/preview/ws1/docs/')).text()).toContain('<p>docs</p>');
	});

	it('answers a missing file with a 404 page that names it', async () => {
		const { client } = page('ws1', site());
		const missing = await get(scope(client), '/preview/ws1/nope.css');
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain(
			'There is no file &#34;nope.css&#34; in this workspace.'
		);
	});

	it('refuses paths outside the workspace and methods the files cannot answer', async () => {
		const { client } = page('ws1', site());
		const s = scope(client);
		expect((await get(s, '/preview/ws1/..%2F..%2Fsecret')).status).toBe(400);
		const post = await get(s, '/preview/ws1/index.html', { method: 'POST', body: 'x=1' });
		expect(post.status).toBe(405);
		expect(post.headers.get('allow')).toBe('GET, HEAD');
	});

	it('asks every page and takes the one that holds the workspace; none is a 503 page', async () => {
		const other = page('other', new Workspace(new Y.Doc()));
		const mine = page('ws1', site());
		const frame = page('frame', new Workspace(new Y.Doc()), `${origin}/preview/ws1/`);
		const s = scope(frame.client, other.client, mine.client);
		expect((await get(s, '/preview/ws1/')).status).toBe(200);
		const closed = await get(scope(other.client), '/preview/ws1/');
		expect(closed.status).toBe(503);
		expect(await closed.text()).toContain('Open the workspace in a tab');
	});

	it('passes requests to a running app, body included, until it stops', async () => {
		const { host, client } = page('ws1', site());
		const s = scope(client);
		const stop = host.serveApp(
			async (request) => ({
				status: 201,
				headers: { 'Content-Type': 'text/plain' },
				body: `${request.method} /${request.path}${request.search} ${new TextDecoder().decode(request.body ?? new ArrayBuffer(0))}`
			}),
			'app.py (WSGI)'
		);
		expect(host.source).toEqual({ kind: 'app', label: 'app.py (WSGI)' });
		const posted = await get(s, '/preview/ws1/api/items?x=1', { method: 'POST', body: 'name=a' });
		expect(posted.status).toBe(201);
		expect(await posted.text()).toBe('POST /api/items?x=1 name=a');
		stop();
		expect(host.source).toEqual({ kind: 'files' });
		expect(await (await get(s, '/preview/ws1/')).text()).toContain('Hello');
	});

	it('serves an app a runtime registered for the workspace, even before the page opened', async () => {
		const ws = site();
		const text = (body: string) => async () => ({
			status: 200,
			headers: { 'Content-Type': 'text/plain' },
			body
		});
		const stopFirst = servePreviewApp(ws, text('first'), 'server.js (http)');
		const { host, client } = page('ws1', ws);
		const s = scope(client);
		const sources: string[] = [];
		host.onSource((source) => sources.push(source.kind === 'app' ? source.label : 'files'));
		expect(await (await get(s, '/preview/ws1/')).text()).toBe('first');
		// A second server shows while it runs; when it stops, the first one shows again.
		const stopSecond = servePreviewApp(ws, text('second'), 'app.py (WSGI)');
		expect(await (await get(s, '/preview/ws1/')).text()).toBe('second');
		stopSecond();
		expect(await (await get(s, '/preview/ws1/')).text()).toBe('first');
		stopFirst();
		stopFirst();
		expect(await (await get(s, '/preview/ws1/')).text()).toContain('Hello');
		expect(sources).toEqual(['app.py (WSGI)', 'server.js (http)', 'files']);
		// Another workspace's apps are not this one's.
		servePreviewApp(site(), text('elsewhere'), 'other.py (WSGI)');
		expect(host.source).toEqual({ kind: 'files' });
	});

	it("puts the console bridge into an app's UTF-8 HTML pages only", async () => {
		const ws = site();
		const { host, client } = page('ws1', ws);
		const pages: Record<string, { type: string; body: string | Uint8Array }> = {
			'': { type: 'text/html; charset=utf-8', body: new TextEncoder().encode('<head></head>é') },
			latin: { type: 'text/html; charset=latin-1', body: new Uint8Array([0x3c, 0xe9]) },
			data: { type: 'application/json', body: '[1]' }
		};
		host.serveApp(async (request) => {
			const { type, body } = pages[request.path]!;
			return { status: 200, headers: { 'Content-Type': type, 'Content-Length': '3' }, body };
		}, 'app.py (WSGI)');
		const s = scope(client);
		const html = await get(s, '/preview/ws1/');
		expect(html.headers.get('Content-Length')).not.toBe('3');
		const text = await html.text();
		expect(text).toMatch(/^<head><script data-bytestorm-preview>[\s\S]*<\/script><\/head>é$/);
		expect(new Uint8Array(await (await get(s, '/preview/ws1/latin')).arrayBuffer())).toEqual(
			new Uint8Array([0x3c, 0xe9])
		);
		expect(await (await get(s, '/preview/ws1/data')).text()).toBe('[1]');
	});

	it('shows an app that throws as a 500 page with the reason', async () => {
		const { host, client } = page('ws1', site());
		host.serveApp(async () => {
			throw new Error('ZeroDivisionError: division by zero');
		}, 'app.py (WSGI)');
		const failed = await get(scope(client), '/preview/ws1/');
		expect(failed.status).toBe(500);
		expect(await failed.text()).toContain('app.py (WSGI) could not answer: ZeroDivisionError');
	});

	it('reloads once after a burst of file changes', async () => {
		const ws = site();
		const { host } = page('ws1', ws);
		let reloads = 0;
		host.onReload(() => reloads++);
		ws.writeFile('index.html', 'a', { origin: 'editor' });
		ws.writeFile('index.html', 'ab', { origin: 'editor' });
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(reloads).toBe(1);
	});

	it('builds preview URLs that parse back', () => {
		expect(previewUrl('ws 1', 'my site/index.html')).toBe('/preview/ws%201/my%20site/index.html');
		expect(previewResponse(scope(), new Request(`${origin}/w/ws1`))).toBeUndefined();
	});
});

describe('a WebContainer server in the preview', () => {
	it('shows the server-ready URL until its port closes, then the files again', async () => {
		const ws = new Workspace(new Y.Doc());
		ws.writeFile('index.html', '<h1>files</h1>');
		const { host } = page('wc', ws);
		const { fake, container } = fakeContainer();
		const runtime = new WebContainerRuntime(ws, container, { settleMs: 1 });
		let opened = 0;
		host.followServers(runtime, () => opened++);
		const url = 'https://abc--5173.local-credentialless.webcontainer-api.io';
		fake.emit('server-ready', 5173, url);
		expect(host.source).toEqual({ kind: 'url', url, label: 'port 5173 in the WebContainer' });
		expect(opened).toBe(1);
		// The static files are still served at /preview/ meanwhile.
		const response = await host.respond({
			type: PREVIEW_REQUEST,
			workspace: 'wc',
			method: 'GET',
			path: '',
			search: '',
			headers: {},
			body: null
		});
		expect(response.status).toBe(200);
		fake.emit('port', 5173, 'close', url);
		expect(host.source).toEqual({ kind: 'files' });
		runtime.dispose();
	});
});
