// The folder the Python start benchmark serves with the real server: the built app, Pyodide at
// /pyodide/VERSION/ (from the build when it has it, else copied from the npm package), and the
// benchmark's own pages under /bench/python-start/:
//   console/        the npm package's console.html with every file it loads, untouched but for
//                   its CDN references (see console-assets.ts): bare Pyodide, whatever the app ships
//   worker.html     loads Pyodide from /pyodide/VERSION/ in a module worker and runs print('hi')
//   stdlib-npm.zip  the npm package's source-only stdlib
//   stdlib-pyc.zip  the bytecode stdlib of scripts/pyodide-stdlib.ts
import { copyFile, cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ensureBuilt, projectRoot } from '../../scripts/start.ts';
import { compiledStdlib, pyodideDir } from '../../scripts/pyodide-stdlib.ts';
import { consoleAssets, offlineConsoleHtml } from './console-assets.ts';

/** The Pyodide files the app serves and the console loads. */
const pyodideFiles = [
	'pyodide.mjs',
	'pyodide.js',
	'pyodide.asm.mjs',
	'pyodide.asm.wasm',
	'pyodide-lock.json',
	'python_stdlib.zip',
	'console.html'
];

/** What assembleSite put where. */
export interface PythonStartSite {
	readonly buildDir: string;
	readonly pyodideVersion: string;
	/** Where /pyodide/VERSION/ came from. */
	readonly pyodideSource: 'app build' | 'npm package';
	/** Whether build/ holds the app (false: the app did not build, only Pyodide is served). */
	readonly appBuilt: boolean;
	/** URL paths of the pages to measure. */
	readonly paths: { readonly console: string; readonly worker: (stdlib: 'npm' | 'pyc') => string };
	readonly stdlibBytes: { readonly npm: number; readonly pyc: number };
}

/** Writes the benchmark's site into `buildDir` (an empty folder). */
export async function assembleSite(buildDir: string): Promise<PythonStartSite> {
	const version = (
		JSON.parse(await readFile(join(pyodideDir, 'package.json'), 'utf8')) as { version: string }
	).version;
	const appBuilt = await buildApp();
	if (appBuilt) await cp(join(projectRoot, 'build'), buildDir, { recursive: true });
	else await writeFile(join(buildDir, '200.html'), '<!doctype html><title>not built</title>');

	const served = join(buildDir, 'pyodide', version);
	let copied = false;
	for (const file of pyodideFiles) {
		if (await exists(join(served, file))) continue;
		await copyInto(join(pyodideDir, file), join(served, file));
		copied = true;
	}

	const bench = join(buildDir, 'bench', 'python-start');
	await writeConsole(join(bench, 'console'));
	await writeFile(join(bench, 'worker.html'), workerPage);
	await writeFile(join(bench, 'worker.mjs'), workerScript(`/pyodide/${version}/`));
	await copyFile(join(pyodideDir, 'python_stdlib.zip'), join(bench, 'stdlib-npm.zip'));
	const pyc = await compiledStdlib();
	if (!pyc) throw new Error('The bytecode stdlib could not be built (see the warning above).');
	await copyFile(pyc, join(bench, 'stdlib-pyc.zip'));

	return {
		buildDir,
		pyodideVersion: version,
		pyodideSource: copied ? 'npm package' : 'app build',
		appBuilt,
		paths: {
			console: '/bench/python-start/console/console.html',
			worker: (stdlib) => `/bench/python-start/worker.html?stdlib=stdlib-${stdlib}.zip`
		},
		stdlibBytes: {
			npm: (await stat(join(bench, 'stdlib-npm.zip'))).size,
			pyc: (await stat(join(bench, 'stdlib-pyc.zip'))).size
		}
	};
}

async function buildApp(): Promise<boolean> {
	try {
		await ensureBuilt({ quiet: true });
		return true;
	} catch (error) {
		// Others may be mid-edit in src/: the Pyodide rows do not need the app.
		const reason = error instanceof Error ? error.message : String(error);
		console.warn(`The app did not build, measuring Pyodide alone: ${reason}`);
		return false;
	}
}

async function writeConsole(folder: string): Promise<void> {
	for (const file of pyodideFiles.filter((f) => f !== 'console.html')) {
		await copyInto(join(pyodideDir, file), join(folder, file));
	}
	const assets = await consoleAssets();
	for (const asset of assets) {
		await mkdir(dirname(join(folder, asset.localPath)), { recursive: true });
		await writeFile(join(folder, asset.localPath), asset.bytes);
	}
	const html = await readFile(join(pyodideDir, 'console.html'), 'utf8');
	await writeFile(join(folder, 'console.html'), offlineConsoleHtml(html, assets));
}

async function copyInto(from: string, to: string): Promise<void> {
	await mkdir(dirname(to), { recursive: true });
	await copyFile(from, to);
}

async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false
	);
}

// The page records, in window.__marks, when the worker has loaded Pyodide (prompt), when it asked
// for print('hi') (enter) and when 'hi' arrived (output): the marks the console probe takes.
const workerPage = `<!doctype html>
<meta charset="utf-8">
<title>Python start</title>
<pre id="out"></pre>
<script type="module">
	const marks = (window.__marks ??= {});
	const out = document.getElementById('out');
	const stdlib = new URLSearchParams(location.search).get('stdlib');
	const worker = new Worker('worker.mjs?stdlib=' + encodeURIComponent(stdlib), { type: 'module' });
	worker.onmessage = ({ data }) => {
		if (data.type === 'ready') {
			marks.prompt = performance.now();
			marks.enter = performance.now();
			worker.postMessage("print('hi')");
		} else if (data.type === 'stdout') {
			out.textContent += data.text + '\\n';
			if (data.text === 'hi') marks.output ??= performance.now();
		} else {
			out.textContent += data.text + '\\n';
			marks.error = data.text;
		}
	};
</script>
`;

function workerScript(indexPath: string): string {
	return `import { loadPyodide } from '${indexPath}pyodide.mjs';
const stdLibURL = new URL(new URL(location.href).searchParams.get('stdlib'), location.href).href;
try {
	const pyodide = await loadPyodide({
		indexURL: new URL('${indexPath}', location.href).href,
		stdLibURL,
		stdout: (text) => postMessage({ type: 'stdout', text }),
		stderr: (text) => postMessage({ type: 'stderr', text })
	});
	self.onmessage = ({ data }) => {
		try {
			pyodide.runPython(data);
		} catch (error) {
			postMessage({ type: 'error', text: String(error) });
		}
	};
	postMessage({ type: 'ready' });
} catch (error) {
	postMessage({ type: 'error', text: String(error) });
}
`;
}
