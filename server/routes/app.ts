import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { NotFoundError } from '../errors.ts';

/** Options of the app routes. */
export interface AppRoutesOptions {
	/** Absolute path of the vite build output. */
	readonly buildDir: string;
}

/** The page every unknown route renders from: adapter-static's `fallback`. */
export const fallbackPage = '200.html';

/** Shown instead of the app when the build is missing, so the cause and the fix are on screen. */
export const notBuiltMessage =
	'The app is not built: run npm start (it builds first) or npm run build.';

/** What a preview URL shows when it reaches the server instead of the service worker. */
export const previewMissedMessage =
	'This preview is served by Bytestorm in your browser, from your workspace’s files, and the browser asked the server instead (a hard reload skips it). Reload the page normally, with the workspace open in another tab.';

const previewMissedPage =
	'<!doctype html><meta charset="utf-8"><title>Preview not available</title>' +
	'<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#333}</style>' +
	`<h1>Preview not available</h1><p>${previewMissedMessage}</p>`;

const immutableCache = 'public, max-age=31536000, immutable';

// Stated here rather than left to the mime database: the browser refuses wasm streaming
// compilation and module scripts served with the wrong type.
const contentTypes: Record<string, string> = {
	'.bin': 'application/octet-stream',
	'.wasm': 'application/wasm',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.zip': 'application/zip',
	// A wheel is a zip archive (PEP 427).
	'.whl': 'application/zip'
};

/** Serves the built front end, the SPA fallback for unknown pages, and JSON 404s under /api. */
export const appRoutes: FastifyPluginAsync<AppRoutesOptions> = async (app, { buildDir }) => {
	const built = isBuilt(buildDir);
	if (built) {
		// The build writes file.zst next to Pyodide's large files (scripts/compressed-copies.ts),
		// smaller than file.gz and faster to unpack: sent to browsers that take zstd, which
		// fastify-static does not know.
		const zstdCopies = zstdCopiesIn(buildDir);
		app.addHook('onRequest', async (request, reply) => {
			if (request.method !== 'GET' && request.method !== 'HEAD') return;
			const path = request.url.split('?')[0] ?? '';
			if (!zstdCopies.has(path) || !acceptsZstd(request.headers['accept-encoding'])) return;
			reply.header('content-encoding', 'zstd').header('vary', 'accept-encoding');
			return reply.sendFile(`${path.slice(1)}${ZSTD_SUFFIX}`);
		});
		await app.register(fastifyStatic, {
			root: buildDir,
			prefix: '/',
			// The build writes file.gz next to Pyodide's large files: sent to browsers that take gzip.
			preCompressed: true,
			// Cache-Control is ours: immutable for hashed files, revalidate for everything else.
			cacheControl: false,
			// Keeps the build stamp and other dotfiles private; they fall through to the fallback.
			dotfiles: 'ignore',
			setHeaders(reply, path) {
				// A zstd copy sent for its file (above) is that file, as far as the browser is told.
				const sentForFile = reply.getHeader('content-encoding') === 'zstd';
				const file = sentForFile ? path.slice(0, -ZSTD_SUFFIX.length) : path;
				reply.header('cache-control', cacheControlFor(buildDir, file));
				const type = contentTypes[extname(file).toLowerCase()];
				if (type && reply.statusCode !== 304) reply.header('content-type', type);
			}
		});
	} else {
		app.log.warn({ buildDir }, notBuiltMessage);
	}

	app.setNotFoundHandler((request, reply) => {
		const path = request.url.split('?')[0] ?? '/';
		const isPageRequest = request.method === 'GET' || request.method === 'HEAD';
		if (path === '/api' || path.startsWith('/api/')) {
			return reply.send(new NotFoundError(`There is no API endpoint ${request.method} ${path}.`));
		}
		if (!isPageRequest) {
			return reply.send(new NotFoundError(`Nothing answers ${request.method} ${path}.`));
		}
		// Previews are served by the service worker from the browser's files; a request that
		// reached the server missed it (a hard reload, or a browser without service workers).
		if (path.startsWith('/preview/')) {
			return reply
				.code(503)
				.type('text/html; charset=utf-8')
				.header('cache-control', 'no-store')
				.send(previewMissedPage);
		}
		if (!built) return sendNotBuilt(reply);
		// A missing hashed asset is a stale page asking for an old build: a 404 shows that in the
		// console, where the HTML fallback would fail later with a confusing MIME type error.
		if (path.startsWith('/_app/') || path.startsWith('/pyodide/')) {
			return reply.send(new NotFoundError(`The file ${path} is not part of this build.`));
		}
		return reply.code(200).sendFile(fallbackPage);
	});
};

/** The suffix of the build's zstd copies (scripts/compressed-copies.ts). */
const ZSTD_SUFFIX = '.zst';

/** The URL paths of the files that have a zstd copy in the build (read once: a build never changes under a running server). */
function zstdCopiesIn(buildDir: string): Set<string> {
	const paths = new Set<string>();
	for (const entry of readdirSync(buildDir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith(ZSTD_SUFFIX)) continue;
		const file = join(entry.parentPath, entry.name.slice(0, -ZSTD_SUFFIX.length));
		if (existsSync(file)) paths.add(`/${relative(buildDir, file).split(sep).join('/')}`);
	}
	return paths;
}

/** Whether an Accept-Encoding header takes zstd: named, with a q-value above zero. */
function acceptsZstd(header: string | undefined): boolean {
	for (const part of (header ?? '').split(',')) {
		const [name, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
		if (name !== 'zstd') continue;
		const q = params.find((param) => param.startsWith('q='));
		return q === undefined || Number(q.slice(2)) > 0;
	}
	return false;
}

function isBuilt(buildDir: string): boolean {
	try {
		return statSync(buildDir).isDirectory() && existsSync(join(buildDir, fallbackPage));
	} catch {
		return false;
	}
}

function cacheControlFor(buildDir: string, path: string): string {
	const inBuild = relative(buildDir, path).split(sep).join('/');
	// Pyodide's files carry their version in the path (/pyodide/<version>/), so they never change.
	const immutable = inBuild.startsWith('_app/immutable/') || inBuild.startsWith('pyodide/');
	return immutable ? immutableCache : 'no-cache';
}

function sendNotBuilt(reply: FastifyReply): FastifyReply {
	return reply
		.code(503)
		.header('cache-control', 'no-store')
		.type('text/plain; charset=utf-8')
		.send(`${notBuiltMessage}\n`);
}
