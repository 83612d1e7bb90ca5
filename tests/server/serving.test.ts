// What a browser sees from a running server: headers, cache rules, content types, fallbacks.
import { get, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync, zstdDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	cleanUp,
	makeTempDir,
	startServer,
	writeFixtureBuild,
	type RunningServer
} from '../support/server.ts';

const isolationHeaders = {
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-embedder-policy': 'require-corp',
	'cross-origin-resource-policy': 'same-origin',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin'
};

function expectIsolationHeaders(response: Response): void {
	for (const [name, value] of Object.entries(isolationHeaders)) {
		expect(response.headers.get(name), `${name} on ${response.url}`).toBe(value);
	}
}

/** GET with this Accept-Encoding (none if undefined), and the body as sent: fetch would unpack it. */
function rawGet(
	url: string,
	acceptEncoding: string | undefined
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
		get(url, { headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
			response.on('error', reject);
		}).on('error', reject);
	});
}

describe('a server with a build', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer({
			DATA_DIR: await makeTempDir('data'),
			BUILD_DIR: await writeFixtureBuild()
		});
	});
	afterAll(cleanUp);

	test.each([
		['the root page', '/', 200],
		['a hashed asset', '/_app/immutable/x.js', 200],
		['the SPA fallback', '/w/abc', 200],
		['an unknown API path', '/api/nope', 404],
		['the health endpoint', '/api/health', 200],
		['a missing hashed asset', '/_app/immutable/gone.js', 404]
	])('sends the isolation headers on %s', async (_label, path, status) => {
		const response = await fetch(server.url + path);
		expect(response.status).toBe(status);
		expectIsolationHeaders(response);
	});

	test('serves the fallback page for unknown pages, with status 200 and no-cache', async () => {
		for (const path of ['/', '/w/abc', '/deep/link/page']) {
			const response = await fetch(server.url + path);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^text\/html/);
			expect(response.headers.get('cache-control')).toBe('no-cache');
			expect(await response.text()).toContain('fallback page');
		}
	});

	test('answers a preview URL that missed the service worker with a page that says why', async () => {
		const response = await fetch(`${server.url}/preview/ws-1/index.html`);
		expect(response.status).toBe(503);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
		expect(await response.text()).toContain('This preview is served by Bytestorm in your browser');
	});

	test('caches hashed files for a year and revalidates everything else', async () => {
		const hashed = await fetch(`${server.url}/_app/immutable/x.js`);
		expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(await hashed.text()).toBe('export const x = 1;\n');

		for (const path of ['/service-worker.js', '/_app/version.json', '/runtime/python.wasm']) {
			const response = await fetch(server.url + path);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('cache-control'), path).toBe('no-cache');
		}
	});

	test.each([
		['/runtime/python.wasm', 'application/wasm'],
		['/runtime/loader.mjs', 'text/javascript; charset=utf-8'],
		['/_app/immutable/x.js', 'text/javascript; charset=utf-8'],
		['/runtime/lock.json', 'application/json; charset=utf-8'],
		['/runtime/stdlib.zip', 'application/zip'],
		['/runtime/tiny-1.0-py3-none-any.whl', 'application/zip']
	])('serves %s as %s', async (path, type) => {
		// Uncompressed: a gzipped copy gets fastify-static's type for its name (below).
		const response = await fetch(server.url + path, { headers: { 'accept-encoding': 'identity' } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(type);
	});

	test('sends the gzipped copy of a file to a browser that takes gzip, and the file to others', async () => {
		for (const [path, type] of [
			['/runtime/python.wasm', 'application/wasm'],
			['/runtime/loader.mjs', /^(text|application)\/javascript/]
		] as const) {
			const zipped = await fetch(server.url + path, { headers: { 'accept-encoding': 'gzip' } });
			expect(zipped.headers.get('content-encoding'), path).toBe('gzip');
			expect(zipped.headers.get('content-type'), path).toMatch(type);
			expect(zipped.headers.get('vary'), path).toMatch(/accept-encoding/i);
			const plain = await fetch(server.url + path, { headers: { 'accept-encoding': 'identity' } });
			expect(plain.headers.get('content-encoding'), path).toBeNull();
			// fetch undoes the gzip: both carry the same bytes.
			expect(new Uint8Array(await zipped.arrayBuffer())).toEqual(
				new Uint8Array(await plain.arrayBuffer())
			);
		}
	});

	test('sends the zstd copy to a browser that takes zstd, and gzip or the file otherwise', async () => {
		const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
		// Chromium's header, on HTTP and HTTPS alike.
		const zstd = await rawGet(`${server.url}/runtime/python.wasm?v=1`, 'gzip, deflate, br, zstd');
		expect(zstd.headers['content-encoding']).toBe('zstd');
		expect(zstd.headers['content-type']).toBe('application/wasm');
		expect(zstd.headers['cache-control']).toBe('no-cache');
		expect(zstd.headers['vary']).toMatch(/accept-encoding/i);
		expect(new Uint8Array(zstdDecompressSync(zstd.body))).toEqual(wasm);
		for (const refused of ['gzip', 'zstd;q=0, gzip', 'gzip;q=1.0, zstd; q=0.000']) {
			const response = await rawGet(`${server.url}/runtime/python.wasm`, refused);
			expect(response.headers['content-encoding'], refused).toBe('gzip');
			expect(new Uint8Array(gunzipSync(response.body)), refused).toEqual(wasm);
		}
		const plain = await rawGet(`${server.url}/runtime/python.wasm`, undefined);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(new Uint8Array(plain.body)).toEqual(wasm);
		// A file without a zstd copy gets gzip; the copy asked for by its own name is only a file.
		const loader = await rawGet(`${server.url}/runtime/loader.mjs`, 'zstd, gzip');
		expect(loader.headers['content-encoding']).toBe('gzip');
		const copy = await rawGet(`${server.url}/runtime/python.wasm.zst`, 'zstd');
		expect(copy.headers['content-encoding']).toBeUndefined();
		expect(copy.headers['content-type']).not.toBe('application/wasm');
		const head = await fetch(`${server.url}/runtime/python.wasm`, {
			method: 'HEAD',
			headers: { 'accept-encoding': 'zstd' }
		});
		expect(head.headers.get('content-encoding')).toBe('zstd');
		expect(head.headers.get('content-length')).toBe(String(zstd.body.length));
	});

	test('answers an unknown API path with a JSON 404 that says what was asked', async () => {
		const response = await fetch(`${server.url}/api/nope?x=1`);
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await response.json()).toEqual({
			error: { code: 'NOT_FOUND', message: 'There is no API endpoint GET /api/nope.' }
		});
	});

	test('does not serve the build stamp or other dotfiles', async () => {
		const response = await fetch(`${server.url}/.bytestorm-build-stamp`);
		expect(await response.text()).toContain('fallback page');
	});

	test('refuses to leave the build folder', async () => {
		const response = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
		expect(await response.text()).not.toContain('root:');
	});
});

describe('a server without a build', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer({
			DATA_DIR: await makeTempDir('data'),
			BUILD_DIR: await makeTempDir('empty-build')
		});
	});
	afterAll(cleanUp);

	test('answers pages with 503 and says how to build', async () => {
		for (const path of ['/', '/w/abc']) {
			const response = await fetch(server.url + path);
			expect(response.status).toBe(503);
			expectIsolationHeaders(response);
			expect(await response.text()).toContain(
				'The app is not built: run npm start (it builds first) or npm run build.'
			);
		}
	});

	test('still answers the health check and API 404s', async () => {
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
		const missing = await fetch(`${server.url}/api/nope`);
		expect(missing.status).toBe(404);
		expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
	});
});
