// Serves Pyodide's core files from our own origin at /pyodide/<version>/: from node_modules in
// dev, emitted into the client build for production. Self-hosting keeps Python working offline
// and under COEP (a CDN response without Cross-Origin-Resource-Policy would be blocked).
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Plugin } from 'vite';
import { GZIP_SUFFIX, ZSTD_SUFFIX, gzipCopy, zstdCopy } from './compressed-copies.ts';
import { wrapLinkedFunctionsAtOnce } from './pyodide-linking.ts';
import { eagerPyodideModule } from './pyodide-module.ts';
import {
	PYODIDE_ASSET_FILES,
	STARTUP_IMAGES_FOLDER,
	pyodideBasePath,
	pyodideVersion
} from '../src/lib/runtimes/pyodide/assets.ts';

const execFileAsync = promisify(execFile);
/**
 * Files that gzip shrinks by half or more (the wasm 9.6 to 3.6 MB, the start-up image 12.7 to
 * 5 MB; zstd to 2.9 and 3.9 MB); the stdlib zip is compressed already.
 */
const COMPRESSED = /\.(wasm|mjs|js|json|bin)$/;

const pyodideDir = fileURLToPath(new URL('../node_modules/pyodide/', import.meta.url));

// Stated here rather than guessed: browsers refuse wasm streaming compilation and module
// scripts served with the wrong type.
const contentTypes: Record<string, string> = {
	'.wasm': 'application/wasm',
	'.mjs': 'text/javascript; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.zip': 'application/zip',
	'.html': 'text/html; charset=utf-8'
};

// The same headers the real server sends on every response (server/app.ts).
const isolationHeaders = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/** Where each served file comes from on disk, by file name. */
type Sources = Map<string, string>;

/**
 * The module that tells the app which standard library zip is served (declared in
 * src/lib/runtimes/pyodide/stdlib.d.ts): its hash busts the HTTP cache and keys Python's
 * start-up cache, which holds offsets into that zip.
 */
const STDLIB_MODULE = 'virtual:bytestorm/pyodide-stdlib';
const RESOLVED_STDLIB_MODULE = `\0${STDLIB_MODULE}`;

/** The Vite plugin that self-hosts Pyodide's core files at `/pyodide/<version>/`. */
export function pyodideAssets(): Plugin {
	let sources: Promise<Sources> | undefined;
	const resolveSources = () => (sources ??= findSources());
	let building = false;
	let rewrittenModule: Promise<Uint8Array> | undefined;
	return {
		name: 'bytestorm:pyodide-assets',
		configResolved(config) {
			building = config.command === 'build';
		},
		config: () => ({
			// Pre-bundling would rewrite pyodide.mjs's import of pyodide.asm.mjs; it loads from indexURL.
			optimizeDeps: { exclude: ['pyodide'] },
			// The Python worker is an ES module (it imports pyodide.mjs, which imports at runtime).
			worker: { format: 'es' as const, plugins: () => [nodeBuiltinsForPyodide()] }
		}),
		resolveId(id) {
			return id === STDLIB_MODULE ? RESOLVED_STDLIB_MODULE : null;
		},
		async load(id) {
			if (id !== RESOLVED_STDLIB_MODULE) return null;
			// Vitest's own server never serves Pyodide's files: no stdlib build for unit tests. A
			// build started from a test (the e2e suite's) is a real one.
			const served = building || !process.env.VITEST;
			const path = served ? (await resolveSources()).get('python_stdlib.zip') : null;
			const hash = path ? await stdlibHashOf(path) : 'unbuilt';
			return `export const stdlibHash = ${JSON.stringify(hash)};\n`;
		},
		configureServer(server) {
			// Vitest starts a Vite server too, but never serves pages: no stdlib build there.
			if (process.env.VITEST) return;
			// Starts the bytecode stdlib build (if one is needed) before the first page asks for it.
			void resolveSources();
			// Vite's server.headers do not reach the pages SvelteKit renders in dev, and without
			// isolation there is no SharedArrayBuffer: no input() and no Ctrl+C for Python.
			server.middlewares.use((_request, response, next) => {
				for (const [name, value] of Object.entries(isolationHeaders))
					response.setHeader(name, value);
				next();
			});
			server.middlewares.use((request, response, next) => {
				const url = (request.url ?? '').split('?')[0] ?? '';
				if (!url.startsWith(pyodideBasePath)) return next();
				const name = url.slice(pyodideBasePath.length);
				resolveSources().then((files) => {
					const path = files.get(name);
					if (!path) return next();
					response.setHeader(
						'Content-Type',
						contentTypes[extname(name)] ?? 'application/octet-stream'
					);
					response.setHeader('Cache-Control', 'no-cache');
					if (name === PYODIDE_MODULE) {
						// Rewritten once (a 1.2 MB parse), not on every page load.
						rewrittenModule ??= servedBytes(name, path);
						rewrittenModule.then((bytes) => response.end(bytes), next);
						return;
					}
					createReadStream(path).on('error', next).pipe(response);
				}, next);
			});
		},
		async generateBundle() {
			// SvelteKit builds a client and a server environment; only the browser needs Python.
			if (this.environment.name !== 'client') return;
			const sources = await resolveSources();
			const emit = async (fileName: string, source: Uint8Array) => {
				this.emitFile({ type: 'asset', fileName, source });
				// The server sends these to browsers that take zstd or gzip (server/routes/app.ts).
				if (!COMPRESSED.test(fileName)) return;
				const [gzipped, zstd] = await Promise.all([
					gzipCopy(source),
					zstdCopy(fileName, source, (message) => this.warn(message))
				]);
				this.emitFile({ type: 'asset', fileName: `${fileName}${GZIP_SUFFIX}`, source: gzipped });
				if (zstd)
					this.emitFile({ type: 'asset', fileName: `${fileName}${ZSTD_SUFFIX}`, source: zstd });
			};
			for (const [name, path] of sources) {
				await emit(
					`${pyodideBasePath.slice(1)}${name}`,
					await servedBytes(name, path, (message) => this.warn(message))
				);
			}
			const stdlib = sources.get('python_stdlib.zip')!;
			const image = await makeStartupImage(stdlib, await stdlibHashOf(stdlib));
			if ('error' in image) {
				this.warn(
					`Python's start-up image could not be made (${image.error}); a first visit boots Python from scratch and makes its own.`
				);
				return;
			}
			await emit(`${pyodideBasePath.slice(1)}${STARTUP_IMAGES_FOLDER}/${image.name}`, image.bytes);
		}
	};
}

/** The file the build rewrites (pyodide-module.ts, pyodide-linking.ts). */
const PYODIDE_MODULE = 'pyodide.asm.mjs';

/** The rewrites of pyodide.asm.mjs, each applied where the file has the shape it expects. */
const PYODIDE_MODULE_REWRITES: readonly ((source: string) => string)[] = [
	eagerPyodideModule,
	wrapLinkedFunctionsAtOnce
];

/** A Pyodide file as it is served: pyodide.asm.mjs rewritten, where it can be, the rest as they are. */
async function servedBytes(
	name: string,
	path: string,
	warn: (message: string) => void = console.warn
): Promise<Uint8Array> {
	const bytes = await readFile(path);
	if (name !== PYODIDE_MODULE) return bytes;
	let source = bytes.toString('utf8');
	for (const rewrite of PYODIDE_MODULE_REWRITES) {
		try {
			source = rewrite(source);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			warn(`${name} is served without ${rewrite.name} (${reason}).`);
		}
	}
	return Buffer.from(source);
}

/** First 16 hex digits of the SHA-256 of a stdlib zip: what the app and its caches know it by. */
async function stdlibHashOf(path: string): Promise<string> {
	return createHash('sha256')
		.update(await readFile(path))
		.digest('hex')
		.slice(0, 16);
}

/**
 * Boots Python in a Node of its own, with JSPI (python-startup-image.ts), and reads the image
 * it made: its file name (the key the worker asks for) and bytes, or why there is none.
 */
async function makeStartupImage(
	stdlibPath: string,
	stdlibHash: string
): Promise<{ name: string; bytes: Buffer } | { error: string }> {
	const outDir = await mkdtemp(join(tmpdir(), 'bytestorm-startup-'));
	try {
		const script = fileURLToPath(new URL('./python-startup-image.ts', import.meta.url));
		const { stdout } = await execFileAsync(
			process.execPath,
			['--experimental-wasm-jspi', script, stdlibPath, stdlibHash, outDir],
			{ timeout: 120_000 }
		);
		const name = stdout.trim().split('\n').at(-1) ?? '';
		return { name, bytes: await readFile(join(outDir, name)) };
	} catch (error) {
		const failed = error as { stderr?: string; message?: string };
		return { error: (failed.stderr?.trim() || failed.message || String(error)).split('\n')[0]! };
	} finally {
		await rm(outDir, { recursive: true, force: true });
	}
}

async function findSources(): Promise<Sources> {
	const files: Sources = new Map(PYODIDE_ASSET_FILES.map((name) => [name, join(pyodideDir, name)]));
	const stdlib = await compiledStdlibPath();
	if (stdlib) files.set('python_stdlib.zip', stdlib);
	console.log(
		stdlib
			? `Pyodide ${pyodideVersion}: serving the stdlib with bytecode (${stdlib})`
			: `Pyodide ${pyodideVersion}: serving the npm package's stdlib (no bytecode, Python starts slower)`
	);
	return files;
}

/** The bytecode stdlib from scripts/pyodide-stdlib.ts when it exists and can build one, else null. */
async function compiledStdlibPath(): Promise<string | null> {
	try {
		const module = (await import('./pyodide-stdlib.ts')) as {
			compiledStdlib?: () => Promise<string | null>;
		};
		const path = (await module.compiledStdlib?.()) ?? null;
		return path && (await stat(path)).isFile() ? path : null;
	} catch {
		return null;
	}
}

const NODE_STUB = '\0bytestorm:pyodide-node-stub';

/**
 * pyodide.mjs imports Node's built-ins (node:fs, node:vm, ...) only when it runs in Node; in the
 * worker bundle they become an empty module instead of one build warning each.
 */
function nodeBuiltinsForPyodide(): Plugin {
	return {
		name: 'bytestorm:pyodide-node-builtins',
		enforce: 'pre',
		resolveId(id, importer) {
			if (id.startsWith('node:') && importer?.includes('/node_modules/pyodide/')) return NODE_STUB;
			return null;
		},
		load(id) {
			return id === NODE_STUB ? 'export default {};' : null;
		}
	};
}
