// How the shell names workspace paths. The workspace root is `/workspace` (the same folder
// Python sees) and also the home folder `~`; nothing outside it exists for the shell.
import { normalizePath } from '../workspace/paths.ts';
import { ShellPathError } from './errors.ts';

/** The absolute path of the workspace root, as programs and the shell show it. */
export const ROOT = '/workspace';

/**
 * Resolves a path argument against `cwd` (a workspace path, '' for the root) to a workspace
 * path. `/workspace/...` and `~/...` are absolute. Throws ShellPathError for anything outside.
 */
export function resolvePath(cwd: string, input: string): string {
	let relative: string;
	if (input === '~' || input.startsWith('~/')) relative = input.slice(1);
	else if (input === ROOT || input.startsWith(`${ROOT}/`)) relative = input.slice(ROOT.length);
	else if (input.startsWith('/')) throw new ShellPathError(input);
	else relative = cwd ? `${cwd}/${input}` : input;
	try {
		return normalizePath(relative.replace(/^\/+/, ''));
	} catch (error) {
		if (/outside the workspace/.test((error as Error).message)) throw new ShellPathError(input);
		throw error;
	}
}

/** The absolute form of a workspace path: `src/a.py` is `/workspace/src/a.py`. */
export function absolutePath(path: string): string {
	return path ? `${ROOT}/${path}` : ROOT;
}

/** The prompt's form of the current folder: `~` for the root, `~/src` below it. */
export function promptPath(cwd: string): string {
	return cwd ? `~/${cwd}` : '~';
}

/**
 * Orders names by UTF-16 code unit, as GNU tools do without a locale (`README` before `a.py`)
 * and as git orders paths.
 */
export function compareNames(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
