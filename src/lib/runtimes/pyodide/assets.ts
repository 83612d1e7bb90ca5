// Where Pyodide's core files live on our own origin. The version is part of the path, so the
// files can be cached forever and a Pyodide upgrade never mixes old and new files.
import packageJson from 'pyodide/package.json' with { type: 'json' };

/** The installed Pyodide version (from the npm package), e.g. '314.0.7'. */
export const pyodideVersion: string = packageJson.version;

/** URL path prefix under which every Pyodide version is served. */
export const PYODIDE_PATH_PREFIX = '/pyodide/';

/** URL path of this version's core files, with a trailing slash: `/pyodide/314.0.7/`. */
export const pyodideBasePath = `${PYODIDE_PATH_PREFIX}${pyodideVersion}/`;

/** The folder under `pyodideBasePath` of the start-up images the build makes (python-startup-image.ts). */
export const STARTUP_IMAGES_FOLDER = 'startup';

/** The core files served from `pyodideBasePath` (console.html and pyodide.js for the benchmark's bare-Pyodide baseline). */
export const PYODIDE_ASSET_FILES = [
	'pyodide.mjs',
	'pyodide.asm.mjs',
	'pyodide.asm.wasm',
	'python_stdlib.zip',
	'pyodide-lock.json',
	'console.html',
	'pyodide.js'
] as const;
