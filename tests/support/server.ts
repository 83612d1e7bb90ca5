// Starts the real server (node server/index.ts) as a child process on a free port, with its
// own temporary data folder and a small build folder written by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, zstdCompressSync } from 'node:zlib';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const node = join(projectRoot, 'node_modules', '.bin', 'node');
const runningLine = /Bytestorm is running at (http:\/\/\S+)/;

/** How a server process ended. */
export interface Exit {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
}

/** A server process started by the harness. */
export interface ServerProcess {
	readonly child: ChildProcess;
	/** Resolves when the process has exited. */
	readonly exited: Promise<Exit>;
	/** Everything the process has written so far. */
	stdout(): string;
	stderr(): string;
}

/** A server that printed its "running at" line. */
export interface RunningServer extends ServerProcess {
	/** Base URL, e.g. http://127.0.0.1:40123 */
	readonly url: string;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A fresh empty folder, removed by cleanUp(). */
export async function makeTempDir(label: string): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), `bytestorm-${label}-`));
	tempDirs.add(dir);
	return dir;
}

/** The files of the fixture build, by path inside the build folder. */
export const fixtureFiles: Readonly<Record<string, string | Uint8Array>> = {
	'200.html': '<!doctype html><title>Bytestorm fixture</title><p>fallback page</p>',
	'_app/immutable/x.js': 'export const x = 1;\n',
	'_app/version.json': '{"version":"fixture"}\n',
	'service-worker.js': 'self.addEventListener("install", () => {});\n',
	'runtime/python.wasm': new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
	'runtime/loader.mjs': 'export default 1;\n',
	// What the build writes next to Pyodide's large files (scripts/vite-pyodide-assets.ts).
	'runtime/python.wasm.gz': gzipSync(
		new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])
	),
	'runtime/loader.mjs.gz': gzipSync('export default 1;\n'),
	// And its zstd copy (scripts/compressed-copies.ts): the loader has none.
	'runtime/python.wasm.zst': zstdCompressSync(
		new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])
	),
	'runtime/lock.json': '{"packages":{}}\n',
	'runtime/stdlib.zip': 'PK fixture',
	'runtime/tiny-1.0-py3-none-any.whl': 'PK fixture wheel'
};

/** Writes a small build folder (fallback page, hashed asset, wasm, ...) and returns its path. */
export async function writeFixtureBuild(): Promise<string> {
	const dir = await makeTempDir('build');
	for (const [path, content] of Object.entries(fixtureFiles)) {
		await mkdir(dirname(join(dir, path)), { recursive: true });
		await writeFile(join(dir, path), content);
	}
	return dir;
}

/** Spawns the server with the given environment (on top of PORT=0, HOST=127.0.0.1, LOG_LEVEL=warn). */
export function spawnServer(env: Record<string, string>): ServerProcess {
	const child = spawn(node, ['--disable-warning=ExperimentalWarning', 'server/index.ts'], {
		cwd: projectRoot,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<Exit>((resolve) => {
		child.on('exit', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		});
	});
	return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Spawns the server and waits for its "running at" line; fails with its output if it exits first. */
export async function startServer(
	env: Record<string, string>,
	timeoutMs = 15_000
): Promise<RunningServer> {
	const server = spawnServer(env);
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => fail(`did not print "running at" within ${timeoutMs} ms`),
			timeoutMs
		);
		const onData = (): void => {
			const match = runningLine.exec(server.stdout());
			if (match?.[1]) {
				clearTimeout(timer);
				server.child.stdout?.off('data', onData);
				resolve(match[1]);
			}
		};
		function fail(reason: string): void {
			clearTimeout(timer);
			reject(
				new Error(`The server ${reason}.\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`)
			);
		}
		server.child.stdout?.on('data', onData);
		void server.exited.then((exit) => fail(`exited (code ${exit.code}, signal ${exit.signal})`));
	});
	return { ...server, url };
}

/** Resolves to the exit, or rejects if the process is still running after timeoutMs. */
export function exitWithin(server: ServerProcess, timeoutMs: number): Promise<Exit> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`still running after ${timeoutMs} ms`)),
			timeoutMs
		);
		void server.exited.then((exit) => {
			clearTimeout(timer);
			resolve(exit);
		});
	});
}

/** Kills every server still running and removes the temporary folders. */
export async function cleanUp(): Promise<void> {
	await Promise.all(
		[...children].map(
			(child) =>
				new Promise<void>((resolve) => {
					child.once('exit', () => resolve());
					child.kill('SIGKILL');
				})
		)
	);
	await Promise.all([...tempDirs].map((dir) => rm(dir, { recursive: true, force: true })));
	tempDirs.clear();
}
