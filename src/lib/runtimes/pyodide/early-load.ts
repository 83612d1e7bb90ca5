// Pyodide's loader, started all at once. loadPyodide does its steps one after another: it imports
// pyodide.asm.mjs, then waits for the memory snapshot, and only then starts compiling the 10 MB
// wasm. Here the import and the compilation start the moment the worker is asked to boot, side by
// side with the snapshot read, and loadPyodide gets them through its `createPyodideModule` option.
import type { PyodideConfig } from 'pyodide';

/** loadPyodide's `createPyodideModule` option: makes Pyodide's Emscripten module. */
export type CreatePyodideModule = NonNullable<PyodideConfig['createPyodideModule']>;
type Imports = Record<string, WebAssembly.ModuleImports>;
type InstantiateWasm = (
	imports: Imports,
	success: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void
) => object;

/**
 * Pyodide's two imports that its own instantiateWasm adds (src/core/jsverror.ts in Pyodide): a
 * tiny wasm module whose struct is the marker for "a JavaScript call failed". These bytes are
 * Pyodide's; if this browser cannot compile them, Pyodide's fallback pair (a symbol) is used.
 */
const JSV_ERROR_WASM =
	'AGFzbQEAAAABDANfAGAAAW9gAW8BfwMDAgECBygCE0pzdl9HZXRFcnJvcl9pbXBvcnQAAA5Kc3ZFcnJvcl9DaGVjawABChMCBwD7AQD7GwsJACAA+xr7FAAL';

/**
 * Starts importing Pyodide's JavaScript and compiling its wasm from `indexURL`, and returns what
 * loadPyodide's `createPyodideModule` option wants; null where it cannot help (Node: files, not
 * URLs). If the early compilation fails or no longer fits Pyodide's imports, Pyodide's own
 * instantiation runs instead, so this never makes a boot fail that would otherwise succeed.
 */
export function loadPyodideEarly(indexURL: string): CreatePyodideModule | null {
	if (!/^https?:/.test(indexURL) || typeof WebAssembly.compileStreaming !== 'function') return null;
	// The same URLs Pyodide would load, so the HTTP cache and the compiled-code cache are shared.
	const compiled = WebAssembly.compileStreaming(fetch(new URL('pyodide.asm.wasm', indexURL)));
	const script = import(/* @vite-ignore */ new URL('pyodide.asm.mjs', indexURL).href) as Promise<{
		default: CreatePyodideModule;
	}>;
	const jsvError = jsvErrorImports();
	// Awaited below, maybe never (loadPyodide can fail first): not unhandled rejections.
	for (const promise of [compiled, script]) promise.catch(() => {});
	return async (settings) => {
		const create = (await script).default;
		const writable = settings as { instantiateWasm?: InstantiateWasm };
		const pyodidesOwn = writable.instantiateWasm;
		// Without one (a debug build of Pyodide), Emscripten instantiates by itself: left alone.
		if (!pyodidesOwn) return create(settings);
		writable.instantiateWasm = (imports, success) => {
			void (async () => {
				let module: WebAssembly.Module;
				let instance: WebAssembly.Instance;
				try {
					module = await compiled;
					Object.assign((imports['env'] ??= {}), await jsvError);
					instance = await WebAssembly.instantiate(module, imports);
				} catch {
					pyodidesOwn(imports, success);
					return;
				}
				success(instance, module);
			})();
			// Emscripten's way of saying "instantiating asynchronously; exports come later".
			return {};
		};
		return create(settings);
	};
}

/** The error-marker pair Pyodide gives its wasm: from its tiny module, else from a symbol. */
async function jsvErrorImports(): Promise<WebAssembly.ModuleImports> {
	try {
		// Pyodide skips the module on iOS, where WebKit's garbage collector breaks it.
		if (/iPad|iPhone|iPod/.test(globalThis.navigator?.userAgent ?? '')) throw new Error('iOS');
		const bytes = Uint8Array.from(atob(JSV_ERROR_WASM), (c) => c.charCodeAt(0));
		const { instance } = await WebAssembly.instantiate(bytes);
		return { ...instance.exports };
	} catch {
		const marker = Symbol('error marker');
		return {
			Jsv_GetError_import: () => marker,
			JsvError_Check: (value: unknown) => value === marker
		};
	}
}
