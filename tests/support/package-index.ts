// A PyPI stand-in for the tests: projects with releases and files, answering PyPI's JSON API
// (`/pypi/NAME/json`) and serving the files (`/files/NAME`), either in memory (a fetch function
// for unit specs) or over HTTP on a free port (for the browser, with the CORS and CORP headers
// a cross-origin-isolated page needs).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWheel, type WheelSpec } from './wheels.ts';

/** One file of a release on the fake index. */
export interface IndexFile {
	fileName: string;
	data: Uint8Array;
	yanked?: boolean;
	requiresPython?: string;
}

interface Project {
	name: string;
	releases: Map<string, IndexFile[]>;
}

/** A fake package index. */
export class FakeIndex {
	/** Every path asked for, in order (`/pypi/greeter/json`, `/files/greeter-1.0-py3-none-any.whl`). */
	readonly requests: string[] = [];
	/** When true, the in-memory fetch fails as a network error does. */
	offline = false;
	readonly #projects = new Map<string, Project>();
	readonly #files = new Map<string, Uint8Array>();
	#server: Server | null = null;

	/** Adds a wheel built from `spec` as a file of its release. */
	addWheel(spec: WheelSpec, options: { yanked?: boolean } = {}): IndexFile {
		const { fileName, data } = buildWheel(spec);
		return this.addFile(spec.name, spec.version, {
			fileName,
			data,
			yanked: options.yanked,
			requiresPython: spec.requiresPython
		});
	}

	/** Adds any file (a manylinux wheel, an sdist) to a release. */
	addFile(name: string, version: string, file: IndexFile): IndexFile {
		const key = normalize(name);
		const project = this.#projects.get(key) ?? { name, releases: new Map() };
		this.#projects.set(key, project);
		const files = project.releases.get(version) ?? [];
		files.push(file);
		project.releases.set(version, files);
		this.#files.set(file.fileName, file.data);
		return file;
	}

	/** The index root to configure (`indexUrl`), under `base`. */
	static indexUrl(base: string): string {
		return `${base}pypi/`;
	}

	/** Answers a request path the way the HTTP server does. */
	respond(path: string, base: string): Response {
		this.requests.push(path);
		const page = /^\/pypi\/([^/]+)\/json$/.exec(path);
		if (page) {
			const project = this.#projects.get(normalize(decodeURIComponent(page[1]!)));
			if (!project) return Response.json({ message: 'Not Found' }, { status: 404 });
			return Response.json(this.#page(project, base));
		}
		const file = /^\/files\/([^/]+)$/.exec(path);
		const data = file ? this.#files.get(decodeURIComponent(file[1]!)) : undefined;
		if (!data) return new Response('Not Found', { status: 404 });
		return new Response(data.slice(), { headers: { 'Content-Type': 'application/octet-stream' } });
	}

	/** An in-memory fetch for `http://index.test/` (or `base`). */
	fetcher(base = 'http://index.test/'): typeof fetch {
		return async (input) => {
			const url = new URL(input instanceof Request ? input.url : String(input));
			if (this.offline || !url.href.startsWith(base)) throw new TypeError('fetch failed');
			return this.respond(url.pathname, base);
		};
	}

	/** Serves the index over HTTP on 127.0.0.1 and a free port; resolves to its base URL. */
	async listen(): Promise<string> {
		const server = createServer((request, response) => {
			const base = `http://${request.headers.host}/`;
			const answer = this.respond(new URL(request.url ?? '/', base).pathname, base);
			response.writeHead(answer.status, {
				'Content-Type': answer.headers.get('Content-Type') ?? 'text/plain',
				'Access-Control-Allow-Origin': '*',
				'Cross-Origin-Resource-Policy': 'cross-origin',
				'Cache-Control': 'no-store'
			});
			void answer.arrayBuffer().then((body) => response.end(Buffer.from(body)));
		});
		this.#server = server;
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	}

	/** Stops the HTTP server. */
	async close(): Promise<void> {
		const server = this.#server;
		this.#server = null;
		server?.closeAllConnections();
		await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	}

	#page(project: Project, base: string) {
		const releases = Object.fromEntries(
			[...project.releases].map(([version, files]) => [
				version,
				files.map((file) => ({
					filename: file.fileName,
					url: `${base}files/${encodeURIComponent(file.fileName)}`,
					size: file.data.length,
					yanked: file.yanked ?? false,
					requires_python: file.requiresPython ?? null,
					packagetype: file.fileName.endsWith('.whl') ? 'bdist_wheel' : 'sdist'
				}))
			])
		);
		const latest = [...project.releases.keys()].pop() ?? '';
		return {
			info: { name: project.name, version: latest },
			releases,
			urls: releases[latest] ?? []
		};
	}
}

/** The Cache API's CacheStorage, in memory (Node has none). */
export class MemoryCacheStorage {
	readonly #caches = new Map<string, Map<string, Uint8Array>>();

	async open(name: string) {
		const entries = this.#caches.get(name) ?? new Map<string, Uint8Array>();
		this.#caches.set(name, entries);
		return {
			match: async (url: string) => {
				const data = entries.get(url);
				return data ? new Response(data.slice()) : undefined;
			},
			put: async (url: string, response: Response) => {
				entries.set(url, new Uint8Array(await response.arrayBuffer()));
			}
		};
	}

	/** URLs held in the named cache. */
	keys(name: string): string[] {
		return [...(this.#caches.get(name)?.keys() ?? [])];
	}
}

function normalize(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}
