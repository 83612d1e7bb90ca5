// `npm start`: builds the front end when build/ is missing or older than its sources, then
// starts the server in this process. Importing this module only exposes the build check.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from '../server/errors.ts';

/** The project this script belongs to. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** File in build/ holding the fingerprint of the sources the build was made from. */
export const buildStampFile = '.bytestorm-build-stamp';

const inputFolders = ['src', 'static'];
const inputFiles = [
	'vite.config.ts',
	'package.json',
	'package-lock.json',
	'tsconfig.json',
	// The build plugins: they decide what goes into build/pyodide/.
	'scripts/vite-pyodide-assets.ts',
	'scripts/pyodide-stdlib.ts',
	'scripts/python-startup-image.ts'
];

/** Whether build/ can be served as is: 'fresh', or why it must be (re)built. */
export type BuildState = 'fresh' | 'missing' | 'stale';

/** Options of ensureBuilt. */
export interface EnsureBuiltOptions {
	/** Print nothing unless the build fails (vite's output is kept and shown then). */
	readonly quiet?: boolean;
	/** Project folder; tests point it at a fixture project. */
	readonly root?: string;
}

/** Hash of every build input's path, size and modification time: cheap, and changes on any edit. */
export async function buildFingerprint(root: string = projectRoot): Promise<string> {
	const lines: string[] = [];
	for (const folder of inputFolders) {
		const entries = await readdir(join(root, folder), { recursive: true }).catch(() => []);
		for (const entry of entries) {
			const info = await stat(join(root, folder, entry)).catch(() => undefined);
			if (info?.isFile()) lines.push(describeFile(`${folder}/${entry}`, info));
		}
	}
	for (const file of inputFiles) {
		const info = await stat(join(root, file)).catch(() => undefined);
		lines.push(info ? describeFile(file, info) : `${file}\tmissing`);
	}
	// Sorted so the fingerprint does not depend on the order the file system lists entries in.
	return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/** Compares build/ with the current sources. */
export async function buildState(
	root: string = projectRoot
): Promise<{ state: BuildState; fingerprint: string }> {
	const fingerprint = await buildFingerprint(root);
	const buildDir = join(root, 'build');
	const hasFallback = await stat(join(buildDir, '200.html')).then(
		(info) => info.isFile(),
		() => false
	);
	const stamp = await readFile(join(buildDir, buildStampFile), 'utf8').catch(() => undefined);
	if (!hasFallback || stamp === undefined) return { state: 'missing', fingerprint };
	return { state: stamp.trim() === fingerprint ? 'fresh' : 'stale', fingerprint };
}

/** Runs `vite build` if build/ is missing or stale; resolves to what it did, throws BuildError on failure. */
export async function ensureBuilt({
	quiet = false,
	root = projectRoot
}: EnsureBuiltOptions = {}): Promise<'fresh' | 'built'> {
	const { state, fingerprint } = await buildState(root);
	if (state === 'fresh') return 'fresh';
	if (!quiet) {
		console.log(
			state === 'missing'
				? 'Building the app (first run)...'
				: 'Building the app (sources changed)...'
		);
	}
	await runViteBuild(root, quiet);
	// The fingerprint taken before the build: a file edited during the build makes the next start rebuild.
	await writeFile(join(root, 'build', buildStampFile), `${fingerprint}\n`);
	return 'built';
}

function describeFile(path: string, info: { size: number; mtimeMs: number }): string {
	return `${path}\t${info.size}\t${info.mtimeMs}`;
}

async function runViteBuild(root: string, quiet: boolean): Promise<void> {
	const vite = join(root, 'node_modules', '.bin', 'vite');
	if (!(await stat(vite).catch(() => undefined))) {
		throw new BuildError('Cannot find vite in node_modules: run npm install first.');
	}
	return new Promise((resolvePromise, reject) => {
		// process.execPath, not the shebang: the shell's `node` may be an older one than this script's.
		const child = spawn(process.execPath, [vite, 'build'], {
			cwd: root,
			stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit'
		});
		const output: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
		child.on('error', (error) => {
			reject(new BuildError(`Cannot run vite (${error.message}): run npm install first.`));
		});
		child.on('close', (code, signal) => {
			if (code === 0) return resolvePromise();
			if (quiet) process.stderr.write(Buffer.concat(output));
			const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
			reject(
				new BuildError(
					`The app did not build (vite build ${how}): fix the errors shown above, then run npm start again.`
				)
			);
		});
	});
}

if (import.meta.main) {
	const servedFolder = process.env.BUILD_DIR ? resolve(process.env.BUILD_DIR) : undefined;
	if (servedFolder && servedFolder !== join(projectRoot, 'build')) {
		// vite always writes to build/; building would not update the folder being served.
		console.log(`BUILD_DIR is set: serving ${servedFolder} as it is, without building.`);
	} else {
		try {
			await ensureBuilt();
		} catch (error) {
			if (!(error instanceof BuildError)) throw error;
			console.error(error.message);
			process.exit(1);
		}
	}
	await import('../server/index.ts');
}
