import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** A real Bytestorm server in a child process. */
export interface RunningServer {
	url: string;
	dataDir: string;
	process: ChildProcess;
	/** Sends SIGTERM and waits for the exit; removes the data folder unless asked to keep it. */
	stop(options?: { keepData?: boolean }): Promise<number | null>;
}

/** Starts `server/index.ts` on a free port with its own data folder and waits until it listens. */
export async function startServer(
	options: { env?: Record<string, string>; dataDir?: string } = {}
): Promise<RunningServer> {
	const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'bytestorm-data-')));
	const child = spawn(join(root, 'node_modules/.bin/node'), ['server/index.ts'], {
		cwd: root,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			LOG_LEVEL: 'warn',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolveUrl, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /running at (http:\/\/\S+)/.exec(output);
			if (match?.[1]) {
				clearTimeout(timer);
				resolveUrl(match[1].replace(/\/$/, ''));
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before listening:\n${output}`));
		});
	});
	const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
	return {
		url,
		dataDir,
		process: child,
		async stop({ keepData = false } = {}) {
			if (child.exitCode === null) child.kill('SIGTERM');
			const code = await exited;
			if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
			return code;
		}
	};
}
