// Makes Python's start-up image at build time: the memory snapshot a browser would otherwise
// make on its first visit (src/lib/runtimes/pyodide/snapshot.ts), so that a first visit boots
// from it too. It runs the worker's own boot code (python.ts) in Node, loaded through Vite for
// its `?raw` imports, and must run with --experimental-wasm-jspi: Python records at start-up
// whether it can switch stacks, and a snapshot made without JSPI breaks it in the browser.
//
//   node --experimental-wasm-jspi scripts/python-startup-image.ts STDLIB_ZIP STDLIB_HASH OUT_DIR
//
// Writes OUT_DIR/<key>.bin (the key says what the image depends on; the worker asks for
// exactly that name) and prints the file's name.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type * as Python from '../src/lib/runtimes/pyodide/python.ts';
import type * as Snapshot from '../src/lib/runtimes/pyodide/snapshot.ts';
import type * as Channel from '../src/lib/runtimes/pyodide/channel.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const pyodideDir = join(root, 'node_modules', 'pyodide') + '/';

/** Boots Python once as the worker does, and returns the packed snapshot and its key. */
export async function makeStartupImage(
	stdlibPath: string,
	stdlibHash: string
): Promise<{ key: string; bytes: Uint8Array }> {
	if (typeof (WebAssembly as { Suspending?: unknown }).Suspending !== 'function') {
		throw new Error('run Node with --experimental-wasm-jspi');
	}
	const vite = await createServer({
		root,
		configFile: false,
		logLevel: 'error',
		appType: 'custom',
		server: { middlewareMode: true, hmr: false, ws: false },
		optimizeDeps: { noDiscovery: true, include: [] }
	});
	try {
		const load = <T>(path: string) => vite.ssrLoadModule(path) as Promise<T>;
		const { PythonWorker } = await load<typeof Python>('/src/lib/runtimes/pyodide/python.ts');
		const { memorySnapshots } = await load<typeof Snapshot>(
			'/src/lib/runtimes/pyodide/snapshot.ts'
		);
		const { createChannelBuffer } = await load<typeof Channel>(
			'/src/lib/runtimes/pyodide/channel.ts'
		);
		const store = memorySnapshots();
		const worker = new PythonWorker({ snapshots: store });
		const ignore = () => {};
		await worker.boot(
			{
				indexURL: pyodideDir,
				stdlibURL: stdlibPath,
				stdlibHash,
				channel: createChannelBuffer(),
				maxFileBytes: 1
			},
			{
				output: ignore,
				files: ignore,
				display: ignore,
				stdinWanted: ignore,
				exit: ignore,
				packagesChanged: ignore,
				appServer: ignore,
				completions: ignore
			}
		);
		// The snapshot is taken during the boot and packed just after it.
		for (let waited = 0; store.entries.size === 0; waited += 20) {
			if (waited > 30_000) throw new Error('no snapshot was saved');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const [key, bytes] = [...store.entries][0]!;
		return { key, bytes };
	} finally {
		await vite.close();
	}
}

if (import.meta.main) {
	const [stdlibPath, stdlibHash, outDir] = process.argv.slice(2);
	if (!stdlibPath || !stdlibHash || !outDir) {
		console.error('usage: python-startup-image.ts STDLIB_ZIP STDLIB_HASH OUT_DIR');
		process.exit(2);
	}
	try {
		const { key, bytes } = await makeStartupImage(stdlibPath, stdlibHash);
		await mkdir(outDir, { recursive: true });
		const name = `${key}.bin`;
		await writeFile(join(outDir, name), bytes);
		console.log(name);
		// Pyodide's warm-up timer and Vite's watchers would keep Node running.
		process.exit(0);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}
