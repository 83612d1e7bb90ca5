// Pyodide's console.html loads jQuery and jQuery Terminal from a CDN, which this machine cannot
// reach. These are the same files from the npm registry, so the console runs from our origin.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir = join(projectRoot, 'node_modules', '.cache', 'bytestorm', 'console-assets');

// jquery.terminal 2.35.2, the version console.html names, is not on the npm registry; 2.35.3 is
// the patch release after it. The registry has no unix_formatting.min.js: the CDN minifies it.
const packages = { jquery: '3.7.1', 'jquery.terminal': '2.35.3' } as const;

/** One CDN reference of console.html and the file that replaces it. */
export interface ConsoleAsset {
	/** The URL exactly as console.html writes it. */
	readonly cdnUrl: string;
	/** Path of the local copy, relative to console.html. */
	readonly localPath: string;
	readonly bytes: Uint8Array;
}

const assets: { cdnUrl: string; pkg: keyof typeof packages; file: string }[] = [
	{
		cdnUrl: 'https://cdn.jsdelivr.net/npm/jquery@3.7.1',
		pkg: 'jquery',
		file: 'dist/jquery.min.js'
	},
	{
		cdnUrl: 'https://cdn.jsdelivr.net/npm/jquery.terminal@2.35.2/js/jquery.terminal.min.js',
		pkg: 'jquery.terminal',
		file: 'js/jquery.terminal.min.js'
	},
	{
		cdnUrl: 'https://cdn.jsdelivr.net/npm/jquery.terminal@2.35.2/js/unix_formatting.min.js',
		pkg: 'jquery.terminal',
		file: 'js/unix_formatting.js'
	},
	{
		cdnUrl: 'https://cdn.jsdelivr.net/npm/jquery.terminal@2.35.2/css/jquery.terminal.min.css',
		pkg: 'jquery.terminal',
		file: 'css/jquery.terminal.min.css'
	}
];

/** The console's CDN files, from node_modules if installed there, else fetched once with `npm pack`. */
export async function consoleAssets(): Promise<ConsoleAsset[]> {
	const result: ConsoleAsset[] = [];
	for (const { cdnUrl, pkg, file } of assets) {
		const folder = await packageFolder(pkg);
		result.push({
			cdnUrl,
			localPath: `vendor/${pkg}/${file}`,
			bytes: await readFile(join(folder, file))
		});
	}
	return result;
}

/** console.html with its CDN references pointed at the local copies; throws if one is missing. */
export function offlineConsoleHtml(html: string, replacements: readonly ConsoleAsset[]): string {
	for (const { cdnUrl, localPath } of replacements) {
		if (!html.includes(`"${cdnUrl}"`)) {
			throw new Error(
				`console.html no longer loads ${cdnUrl}: update bench/lib/console-assets.ts.`
			);
		}
		html = html.replaceAll(`"${cdnUrl}"`, `"${localPath}"`);
	}
	return html;
}

async function packageFolder(pkg: keyof typeof packages): Promise<string> {
	const installed = join(projectRoot, 'node_modules', pkg);
	if (await hasVersion(installed, packages[pkg])) return installed;
	const cached = join(cacheDir, `${pkg}-${packages[pkg]}`);
	if (await hasVersion(cached, packages[pkg])) return cached;
	await mkdir(cached, { recursive: true });
	const tarball = (await run('npm', ['pack', '--silent', `${pkg}@${packages[pkg]}`], cached))
		.trim()
		.split('\n')
		.pop()!;
	await run('tar', ['-xzf', tarball, '--strip-components=1'], cached);
	return cached;
}

async function hasVersion(folder: string, version: string): Promise<boolean> {
	const manifest = await readFile(join(folder, 'package.json'), 'utf8').catch(() => '');
	return manifest !== '' && (JSON.parse(manifest) as { version?: string }).version === version;
}

function run(command: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolve(stdout)
				: reject(new Error(`${command} ${args.join(' ')} failed:\n${stderr}`))
		);
	});
}
