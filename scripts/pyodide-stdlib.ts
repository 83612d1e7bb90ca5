// Builds a Python standard library zip with bytecode, compiled by Pyodide's own CPython, so
// imports in the browser load .pyc instead of compiling every module from source at start-up.
// The npm package's python_stdlib.zip has sources only; this keeps them (tracebacks read them)
// and puts `name.pyc` next to each `name.py`, which is where zipimport looks (never __pycache__).
// The .pyc are unchecked hash-based, so zipimport neither reads the source nor compares mtimes.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the installed `pyodide` npm package, with a trailing slash. */
export const pyodideDir = fileURLToPath(new URL('../node_modules/pyodide/', import.meta.url));

const cacheDir = fileURLToPath(new URL('../node_modules/.cache/bytestorm/', import.meta.url));

// Bump when the Python below changes what it writes, so cached zips are rebuilt.
const builderVersion = 1;

// Runs inside Pyodide. `archive` is where Pyodide mounts the stdlib zip (/lib/python314.zip):
// code objects get the same co_filename zipimport would give them when compiling the source.
const buildScript = `
import importlib.util, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

def build(source, target, archive):
    compiled = skipped = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data, zipfile.ZIP_DEFLATED, 9)
            if info.is_dir() or not info.filename.endswith(".py"):
                continue
            # As zipimport._compile_source does before compiling.
            text = data.replace(b"\\r\\n", b"\\n").replace(b"\\r", b"\\n")
            try:
                code = compile(text, f"{archive}/{info.filename}", "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                skipped += 1
                continue
            pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            zout.writestr(zipfile.ZipInfo(info.filename + "c", info.date_time), pyc, zipfile.ZIP_DEFLATED, 9)
            compiled += 1
    return compiled, skipped
`;

/** What one build did: counts of modules compiled and skipped, and how long it took. */
export interface StdlibBuild {
	readonly path: string;
	readonly compiled: number;
	readonly skipped: number;
	readonly ms: number;
}

/** Path of the bytecode stdlib zip for the installed Pyodide (built once, then cached); null, with a warning, if it cannot be built. */
export async function compiledStdlib(options: { force?: boolean } = {}): Promise<string | null> {
	try {
		const target = await cachedPath();
		if (!options.force && (await isFile(target))) return target;
		return (await buildStdlib(target)).path;
	} catch (error) {
		// One line: a Python error's message is a whole traceback, whose last line says what failed.
		const message = error instanceof Error ? error.message : String(error);
		const reason = message.trim().split('\n').pop();
		console.warn(`Using Pyodide's stdlib without bytecode (Python starts slower): ${reason}`);
		return null;
	}
}

/** Where the zip for the installed Pyodide and its stdlib is cached, whether or not it exists yet. */
export async function cachedPath(): Promise<string> {
	const { version } = JSON.parse(await readFile(join(pyodideDir, 'package.json'), 'utf8')) as {
		version: string;
	};
	const source = await readFile(join(pyodideDir, 'python_stdlib.zip'));
	const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
	return join(cacheDir, `python_stdlib-${version}-${hash}-b${builderVersion}.zip`);
}

/** Compiles the npm package's stdlib into `target` with Pyodide in this process. */
export async function buildStdlib(target: string): Promise<StdlibBuild> {
	const started = performance.now();
	const { loadPyodide } = await import('pyodide');
	const pyodide = await loadPyodide({
		indexURL: pyodideDir,
		stdout: () => {},
		stderr: () => {}
	});
	pyodide.FS.writeFile('/tmp/source.zip', await readFile(join(pyodideDir, 'python_stdlib.zip')));
	const namespace = pyodide.globals.get('dict')();
	try {
		pyodide.runPython(buildScript, { globals: namespace });
		const archive = pyodide.runPython(
			'import sys; next(p for p in sys.path if p.endswith(".zip"))'
		) as string;
		const result = namespace.get('build')('/tmp/source.zip', '/tmp/target.zip', archive);
		const [compiled, skipped] = result.toJs() as [number, number];
		result.destroy();
		const bytes = pyodide.FS.readFile('/tmp/target.zip') as Uint8Array;
		await mkdir(cacheDir, { recursive: true });
		// Written beside the target and renamed: a reader never sees half a zip, even when two
		// builds race.
		const partial = `${target}.${process.pid}.partial`;
		await writeFile(partial, bytes);
		await rename(partial, target).catch(async (error: unknown) => {
			await rm(partial, { force: true });
			throw error;
		});
		return { path: target, compiled, skipped, ms: performance.now() - started };
	} finally {
		namespace.destroy();
	}
}

async function isFile(path: string): Promise<boolean> {
	return stat(path).then(
		(info) => info.isFile(),
		() => false
	);
}

if (import.meta.main) {
	const target = await cachedPath();
	const build = await buildStdlib(target);
	const kb = (path: string) => stat(path).then((info) => (info.size / 1024).toFixed(0));
	console.log(
		`${build.path}: ${build.compiled} modules compiled, ${build.skipped} skipped, ` +
			`${(build.ms / 1000).toFixed(1)} s, ${await kb(build.path)} KB ` +
			`(the npm zip: ${await kb(join(pyodideDir, 'python_stdlib.zip'))} KB)`
	);
}
