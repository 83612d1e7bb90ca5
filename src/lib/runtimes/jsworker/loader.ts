// Loading the program's modules. CommonJS as Node does it: the source wrapped in
// `(function (exports, require, module, __filename, __dirname) {...})`, the module cached
// before it runs, so a require cycle sees the partial exports. ES modules through the browser's
// own loader: each module's import specifiers are rewritten to blob: URLs of the (rewritten)
// modules they name, builtins and CommonJS files behind small facade modules.
import { init as lexerReady, initSync, parse as lexModule } from 'es-module-lexer';
import { UnsupportedFeatureError } from './errors.ts';
import { formatOf, resolveModule, type ModuleFormat, type ResolveMode } from './resolve.ts';
import { parentOf, type MemoryFs } from './vfs.ts';

/** Where the facades and rewritten modules find the runtime: a global under this symbol. */
export const HOST_KEY = Symbol.for('bytestorm.node');

/** Makes the lexer usable synchronously (its WebAssembly compiles once per worker). */
export async function prepareLoader(): Promise<void> {
	await lexerReady;
	initSync();
}

/** What the loader needs from the runtime. */
export interface LoaderHost {
	vfs: MemoryFs;
	isBuiltin(name: string): boolean;
	/** The builtin's exports; throws UnsupportedModuleError for modules the runtime leaves out. */
	builtin(name: string): unknown;
	cwd(): string;
}

/** Node's `module` object for a CommonJS module. */
export interface NodeModule {
	id: string;
	filename: string;
	path: string;
	exports: unknown;
	loaded: boolean;
	parent: NodeModule | null | undefined;
	children: NodeModule[];
	paths: string[];
	require: NodeRequire;
}

/** Node's `require` function with its properties. */
export type NodeRequire = ((specifier: string) => unknown) & {
	resolve: ((specifier: string) => string) & { paths: (specifier: string) => string[] };
	cache: Record<string, NodeModule>;
	main: NodeModule | undefined;
};

/** Where a compile failure was: the file, its source and whether it was parsed as a module. */
export interface CompileFailure {
	path: string;
	source: string;
	module: boolean;
}

/** One run's module graph: the CommonJS cache and the blob URLs of ES modules. */
export class ModuleLoader {
	readonly #host: LoaderHost;
	readonly cache: Record<string, NodeModule> = Object.create(null);
	/** blob: URL → file, to put file names back into stack traces. */
	readonly urls = new Map<string, string>();
	/** Characters the runtime put before line 1 of each file, to correct columns on line 1. */
	readonly prefixLengths = new Map<string, number>();
	/** Files whose source did not compile, for the syntax-error report. */
	readonly compileFailures = new WeakMap<object, CompileFailure>();
	/** ES modules built so far (file → blob URL), and the source each was built from. */
	readonly #esm = new Map<string, string>();
	readonly esmSources = new Map<string, string>();
	readonly #builtinFacades = new Map<string, string>();
	#main: NodeModule | undefined;

	constructor(host: LoaderHost) {
		this.#host = host;
	}

	/** Resolves `specifier` from folder `fromDir` ('node:x' for builtins). */
	resolve(specifier: string, fromDir: string, mode: ResolveMode, fromFile?: string): string {
		const found = resolveModule(
			this.#host.vfs,
			specifier,
			fromDir,
			mode,
			(name) => this.#host.isBuiltin(name),
			fromFile
		);
		return found.kind === 'builtin' ? `node:${found.name}` : found.path;
	}

	/** The format of a file, as Node decides it. */
	formatOf(path: string): ModuleFormat {
		return formatOf(this.#host.vfs, path, () => {
			try {
				return lexModule(this.#read(path))[3];
			} catch {
				return false;
			}
		});
	}

	/** Runs the program's entry file (`node app.js`): CommonJS now, an ES module by import. */
	runMain(path: string): Promise<unknown> | undefined {
		if (this.formatOf(path) === 'esm') return this.importFile(path);
		this.#load(path, null, true);
		return undefined;
	}

	/** `import()` of a file or builtin, as a module at `fromFile` would. */
	async import(specifier: string, fromFile: string): Promise<unknown> {
		const target = this.resolve(specifier, parentOf(fromFile), 'import', fromFile);
		if (target.startsWith('node:'))
			return import(/* @vite-ignore */ this.#builtinFacade(target.slice(5)));
		return this.importFile(target);
	}

	/** Imports a file through the browser's module loader. */
	importFile(path: string): Promise<unknown> {
		return import(/* @vite-ignore */ this.#moduleUrl(path, []));
	}

	/** Node's `require` for a module at `filename` (`module.createRequire`). */
	createRequire(filename: string, parent: NodeModule | null = null): NodeRequire {
		const dir = parentOf(filename);
		const require = ((specifier: string) => {
			if (typeof specifier !== 'string') {
				const error = new TypeError(
					`The "id" argument must be of type string. Received ${typeof specifier}`
				);
				(error as { code?: string }).code = 'ERR_INVALID_ARG_TYPE';
				throw error;
			}
			const target = this.resolve(specifier, dir, 'require', filename);
			if (target.startsWith('node:')) return this.#host.builtin(target.slice(5));
			return this.#load(target, parent, false);
		}) as NodeRequire;
		const resolve = ((specifier: string) =>
			this.resolve(specifier, dir, 'require', filename).replace(/^node:(?=.*)/, (prefix) =>
				specifier.startsWith('node:') ? prefix : ''
			)) as NodeRequire['resolve'];
		resolve.paths = () => nodeModulePaths(dir);
		require.resolve = resolve;
		require.cache = this.cache;
		require.main = this.#main;
		return require;
	}

	#load(path: string, parent: NodeModule | null, isMain: boolean): unknown {
		const cached = this.cache[path];
		if (cached) {
			if (parent && !parent.children.includes(cached)) parent.children.push(cached);
			return cached.exports;
		}
		const format = this.formatOf(path);
		if (format === 'esm') {
			throw new UnsupportedFeatureError(
				`require() of the ES module ${path} is not supported by the offline runtime: use import (or await import()) instead.`
			);
		}
		const module: NodeModule = {
			id: isMain ? '.' : path,
			filename: path,
			path: parentOf(path),
			exports: {},
			loaded: false,
			parent,
			children: [],
			paths: nodeModulePaths(parentOf(path)),
			require: undefined as unknown as NodeRequire
		};
		if (isMain) this.#main = module;
		module.require = this.createRequire(path, module);
		parent?.children.push(module);
		// Cached before it runs: a module that requires this one back gets the exports so far.
		this.cache[path] = module;
		try {
			if (format === 'json') module.exports = this.#parseJson(path);
			else
				this.#compile(path).call(
					module.exports,
					module.exports,
					module.require,
					module,
					path,
					module.path
				);
		} catch (error) {
			delete this.cache[path];
			throw error;
		}
		module.loaded = true;
		return module.exports;
	}

	#compile(path: string): (...args: unknown[]) => void {
		const source = withoutHashbang(this.#read(path));
		const prefix = '(function (exports, require, module, __filename, __dirname) { ';
		this.prefixLengths.set(path, prefix.length);
		try {
			// Indirect eval: global scope, sloppy unless the file says "use strict", as in Node.
			return (0, eval)(`${prefix}${source}\n})\n//# sourceURL=${path}`) as (
				...args: unknown[]
			) => void;
		} catch (error) {
			if (error instanceof SyntaxError)
				this.compileFailures.set(error, { path, source, module: false });
			throw error;
		}
	}

	#parseJson(path: string): unknown {
		try {
			return JSON.parse(this.#read(path));
		} catch (error) {
			if (error instanceof SyntaxError) error.message = `${path}: ${error.message}`;
			throw error;
		}
	}

	/** The blob: URL of a file as an ES module (CommonJS and JSON files behind a facade). */
	#moduleUrl(path: string, importing: string[]): string {
		const built = this.#esm.get(path);
		if (built) return built;
		if (importing.includes(path)) {
			throw new UnsupportedFeatureError(
				`The ES modules ${[...importing.slice(importing.indexOf(path)), path].join(' → ')} import each other in a cycle, which the offline runtime cannot load. Break the cycle, or run this program with the online runtime (WebContainers).`
			);
		}
		const format = this.formatOf(path);
		let code: string;
		if (format === 'json') code = `export default ${JSON.stringify(this.#parseJson(path))};`;
		else if (format === 'cjs') code = this.#cjsFacade(path);
		else code = this.#rewrite(path, [...importing, path]);
		const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
		this.#esm.set(path, url);
		this.urls.set(url, path);
		return url;
	}

	#rewrite(path: string, importing: string[]): string {
		const source = withoutHashbang(this.#read(path));
		this.esmSources.set(path, source);
		let imports;
		try {
			[imports] = lexModule(source);
		} catch (error) {
			const failure = new SyntaxError(`Invalid or unexpected token`);
			this.compileFailures.set(failure, { path, source, module: true });
			throw error instanceof Error ? Object.assign(failure, { cause: error }) : failure;
		}
		let out = '';
		let last = 0;
		for (const item of imports) {
			if (item.d === -2) {
				out += source.slice(last, item.s) + '__bsMeta';
				last = item.e;
			} else if (item.d >= 0) {
				out += source.slice(last, item.ss) + '__bsImport';
				last = item.d;
			} else if (item.n !== undefined) {
				const target = this.resolve(item.n, parentOf(path), 'import', path);
				const url = target.startsWith('node:')
					? this.#builtinFacade(target.slice(5))
					: this.#moduleUrl(target, importing);
				out += `${source.slice(last, item.s)}${url}`;
				last = item.e;
				// The target is plain JavaScript now: `with { type: 'json' }` no longer applies.
				if (item.a >= 0) {
					out += source.slice(last, item.e + 1);
					last = item.se;
				}
			}
		}
		out += source.slice(last);
		const host = `globalThis[Symbol.for('bytestorm.node')]`;
		const url = JSON.stringify(`file://${path}`);
		const prefix =
			`const __bsMeta = { url: ${url}, filename: ${JSON.stringify(path)}, dirname: ${JSON.stringify(parentOf(path))}, resolve: (s) => ${host}.metaResolve(s, ${JSON.stringify(path)}) }, ` +
			`__bsImport = (s) => ${host}.import(s, ${JSON.stringify(path)}); `;
		this.prefixLengths.set(path, prefix.length);
		return `${prefix}${out}\n//# sourceURL=${path}`;
	}

	#cjsFacade(path: string): string {
		const host = `globalThis[Symbol.for('bytestorm.node')]`;
		const names = cjsExportNames(this.#read(path));
		return (
			`const m = ${host}.requireFile(${JSON.stringify(path)});\nexport default m;\n` +
			names
				.map(
					(name, i) =>
						`const e${i} = m?.[${JSON.stringify(name)}]; export { e${i} as ${JSON.stringify(name)} };`
				)
				.join('\n')
		);
	}

	/** Loads a CommonJS file for an ES module that imports it (the facade's call). */
	requireFile(path: string): unknown {
		return this.#load(path, null, false);
	}

	#builtinFacade(name: string): string {
		const built = this.#builtinFacades.get(name);
		if (built) return built;
		const exports = this.#host.builtin(name) as Record<string, unknown>;
		const names = Object.keys(exports).filter((key) => key !== 'default');
		const code =
			`const m = globalThis[Symbol.for('bytestorm.node')].builtin(${JSON.stringify(name)});\nexport default m;\n` +
			names
				.map(
					(key, i) =>
						`const e${i} = m[${JSON.stringify(key)}]; export { e${i} as ${JSON.stringify(key)} };`
				)
				.join('\n');
		const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
		this.#builtinFacades.set(name, url);
		return url;
	}

	#read(path: string): string {
		return new TextDecoder().decode(this.#host.vfs.read(path));
	}
}

/** The names a CommonJS module exports, as far as a scan of `exports.x =` and `module.exports = {...}` sees. */
export function cjsExportNames(source: string): string[] {
	const names = new Set<string>();
	for (const match of source.matchAll(/(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=[^=]/g))
		names.add(match[1]!);
	for (const match of source.matchAll(
		/Object\.defineProperty\(\s*(?:module\.)?exports\s*,\s*['"]([\w$]+)['"]/g
	))
		names.add(match[1]!);
	const literal = /module\.exports\s*=\s*\{([^}]*)\}/.exec(source);
	for (const part of literal?.[1]?.split(',') ?? []) {
		const name = /^\s*(?:async\s+)?\*?\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
		if (name) names.add(name);
	}
	names.delete('default');
	names.delete('__esModule');
	return [...names];
}

function withoutHashbang(source: string): string {
	return source.startsWith('#!') ? `//${source.slice(2)}` : source;
}

function nodeModulePaths(dir: string): string[] {
	const paths: string[] = [];
	for (let current = dir; ; current = parentOf(current)) {
		if (!current.endsWith('/node_modules'))
			paths.push(`${current === '/' ? '' : current}/node_modules`);
		if (current === '/') return paths;
	}
}
