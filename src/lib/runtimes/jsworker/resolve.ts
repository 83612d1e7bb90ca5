// Node's module resolution on the worker's copy of the workspace: relative and absolute paths
// (with CommonJS's extension and index search; ES modules need the full name, as in Node),
// packages in node_modules (main, exports with require/import conditions), and builtins.
import { ModuleNotFoundError, UnsupportedFeatureError } from './errors.ts';
import { resolveIn } from './fs-module.ts';
import { parentOf, type MemoryFs } from './vfs.ts';

/** What a specifier names: a builtin module, or a file. */
export type Resolved = { kind: 'builtin'; name: string } | { kind: 'file'; path: string };

/** How a file is loaded. */
export type ModuleFormat = 'cjs' | 'esm' | 'json';

/** Which loader asks: require() searches extensions, import does not. */
export type ResolveMode = 'require' | 'import';

/** Resolves `specifier` as `require` or `import` would from a module in folder `fromDir`. */
export function resolveModule(
	vfs: MemoryFs,
	specifier: string,
	fromDir: string,
	mode: ResolveMode,
	isBuiltin: (name: string) => boolean,
	fromFile = fromDir
): Resolved {
	const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
	if (isBuiltin(bare)) return { kind: 'builtin', name: bare };
	if (specifier.startsWith('node:')) {
		const error = new Error(`No such built-in module: ${specifier}`);
		(error as { code?: string }).code = 'ERR_UNKNOWN_BUILTIN_MODULE';
		throw error;
	}
	if (specifier.startsWith('file://')) specifier = decodeURIComponent(new URL(specifier).pathname);
	if (isPathLike(specifier)) {
		const target = resolveIn(fromDir, specifier);
		const found =
			mode === 'require'
				? (loadAsFile(vfs, target) ?? loadAsDirectory(vfs, target))
				: exactFile(vfs, target);
		if (found) return { kind: 'file', path: checkAddon(found) };
		if (mode === 'import') {
			const guess = loadAsFile(vfs, target) ?? loadAsDirectory(vfs, target);
			const error = new ModuleNotFoundError(specifier, fromFile);
			if (guess)
				error.message = `Cannot find module '${target}' imported from ${fromFile}\nDid you mean to import "${relativeHint(fromDir, guess)}"?`;
			else error.message = `Cannot find module '${target}' imported from ${fromFile}`;
			throw error;
		}
		throw new ModuleNotFoundError(specifier, fromFile);
	}
	const found = resolvePackage(vfs, specifier, fromDir, mode);
	if (found) return { kind: 'file', path: checkAddon(found) };
	throw new ModuleNotFoundError(specifier, fromFile);
}

/** The format Node would load a file in: by extension, then the nearest package.json "type". */
export function formatOf(vfs: MemoryFs, path: string, looksLikeEsm: () => boolean): ModuleFormat {
	if (path.endsWith('.json')) return 'json';
	if (path.endsWith('.mjs')) return 'esm';
	if (path.endsWith('.cjs')) return 'cjs';
	const type = packageTypeOf(vfs, path);
	if (type === 'module') return 'esm';
	if (type === 'commonjs') return 'cjs';
	// No "type": Node 22+ looks at the syntax (import/export statements mean an ES module).
	return looksLikeEsm() ? 'esm' : 'cjs';
}

function packageTypeOf(vfs: MemoryFs, path: string): string | undefined {
	for (let dir = parentOf(path); ; dir = parentOf(dir)) {
		if (dir.endsWith('/node_modules')) return undefined;
		const json = readJson(vfs, `${dir === '/' ? '' : dir}/package.json`);
		if (json) return typeof json.type === 'string' ? json.type : undefined;
		if (dir === '/') return undefined;
	}
}

function isPathLike(specifier: string): boolean {
	return (
		specifier.startsWith('./') ||
		specifier.startsWith('../') ||
		specifier.startsWith('/') ||
		specifier === '.' ||
		specifier === '..'
	);
}

function isFile(vfs: MemoryFs, path: string): boolean {
	return vfs.get(path)?.type === 'file';
}

function exactFile(vfs: MemoryFs, path: string): string | null {
	return isFile(vfs, path) ? path : null;
}

function loadAsFile(vfs: MemoryFs, path: string): string | null {
	for (const suffix of ['', '.js', '.json', '.cjs', '.mjs', '.node']) {
		if (isFile(vfs, path + suffix)) return path + suffix;
	}
	return null;
}

function loadAsDirectory(vfs: MemoryFs, path: string): string | null {
	if (vfs.get(path)?.type !== 'dir') return null;
	const json = readJson(vfs, `${path}/package.json`);
	if (json && typeof json.main === 'string') {
		const main = resolveIn(path, json.main);
		const found = loadAsFile(vfs, main) ?? loadIndex(vfs, main);
		if (found) return found;
	}
	return loadIndex(vfs, path);
}

function loadIndex(vfs: MemoryFs, path: string): string | null {
	for (const name of ['index.js', 'index.json', 'index.cjs', 'index.mjs', 'index.node']) {
		if (isFile(vfs, `${path}/${name}`)) return `${path}/${name}`;
	}
	return null;
}

function resolvePackage(
	vfs: MemoryFs,
	specifier: string,
	fromDir: string,
	mode: ResolveMode
): string | null {
	const parts = specifier.split('/');
	const nameLength = specifier.startsWith('@') ? 2 : 1;
	const name = parts.slice(0, nameLength).join('/');
	const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
	for (let dir = fromDir; ; dir = parentOf(dir)) {
		if (!dir.endsWith('/node_modules')) {
			const root = `${dir === '/' ? '' : dir}/node_modules/${name}`;
			if (vfs.get(root)?.type === 'dir') {
				const json = readJson(vfs, `${root}/package.json`);
				if (json && json.exports !== undefined) {
					const target = exportTarget(json.exports, subpath, mode);
					if (target) {
						const path = resolveIn(root, target);
						if (isFile(vfs, path)) return path;
					}
				}
				const path = resolveIn(root, subpath);
				const found = loadAsFile(vfs, path) ?? loadAsDirectory(vfs, path);
				if (found) return found;
			}
		}
		if (dir === '/') return null;
	}
}

type Exports = string | null | Exports[] | { [key: string]: Exports };

/** The file package.json's "exports" maps a subpath to, under Node's conditions. */
function exportTarget(exports: unknown, subpath: string, mode: ResolveMode): string | null {
	const map = exports as Exports;
	const isSubpathMap =
		typeof map === 'object' &&
		map !== null &&
		!Array.isArray(map) &&
		Object.keys(map).some((key) => key.startsWith('.'));
	if (!isSubpathMap) return subpath === '.' ? conditional(map, mode) : null;
	const entries = map as Record<string, Exports>;
	if (subpath in entries) return conditional(entries[subpath]!, mode);
	for (const [key, value] of Object.entries(entries)) {
		const star = key.indexOf('*');
		if (star < 0) continue;
		const before = key.slice(0, star);
		const after = key.slice(star + 1);
		if (subpath.startsWith(before) && subpath.endsWith(after) && subpath.length >= key.length - 1) {
			const middle = subpath.slice(before.length, subpath.length - after.length);
			return conditional(value, mode)?.replaceAll('*', middle) ?? null;
		}
	}
	return null;
}

function conditional(target: Exports, mode: ResolveMode): string | null {
	if (typeof target === 'string') return target;
	if (target === null) return null;
	if (Array.isArray(target)) {
		for (const item of target) {
			const found = conditional(item, mode);
			if (found) return found;
		}
		return null;
	}
	for (const [condition, value] of Object.entries(target)) {
		if (condition === mode || condition === 'node' || condition === 'default') {
			const found = conditional(value, mode);
			if (found) return found;
		}
	}
	return null;
}

function readJson(vfs: MemoryFs, path: string): Record<string, unknown> | null {
	const entry = vfs.get(path);
	if (entry?.type !== 'file') return null;
	try {
		const value: unknown = JSON.parse(new TextDecoder().decode(entry.data));
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

function checkAddon(path: string): string {
	if (path.endsWith('.node')) {
		throw new UnsupportedFeatureError(
			`${path} is a native addon (compiled machine code), which cannot run in the browser. Run this program in a cloud sandbox.`
		);
	}
	return path;
}

function relativeHint(fromDir: string, path: string): string {
	if (path.startsWith(`${fromDir}/`)) return `./${path.slice(fromDir.length + 1)}`;
	return path;
}
