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
				} catch (error) {
					// Not silent: a second download of the 9.6 MB, and a slower start, have a reason.
					console.warn(
						`Pyodide's wasm was not ready from the early load (${String(error)}); Pyodide loads it again.`
					);
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

/**
 * The answer for {@link withFetchesAnswered} that keeps a loadPyodide call after
 * {@link loadPyodideEarly} from downloading Pyodide's wasm a second time. loadPyodide starts that
 * download as it makes its settings, before it asks `createPyodideModule` for the module, and only
 * its own instantiation would read it: the 9.6 MB arrived anyway, from the HTTP cache, and took
 * the worker some 80 ms just as Python became ready. This puts it off until something reads it.
 */
export function wasmDeferral(indexURL: string): [string, FetchAnswer] {
	return [new URL('pyodide.asm.wasm', indexURL).href, deferredFetch];
}

/** Answers one fetch: given the fetch it stands in for, returns the response to give. */
export type FetchAnswer = (send: () => Promise<Response>) => Promise<Response>;

/**
 * Runs `load` with the first fetch of each URL in `answers`, made while it runs, answered by its
 * FetchAnswer; every other fetch goes out as it is, and fetch is given back once `load` settles.
 */
export async function withFetchesAnswered<T>(
	answers: ReadonlyMap<string, FetchAnswer>,
	load: () => Promise<T>
): Promise<T> {
	const pending = new Map(answers);
	const realFetch = globalThis.fetch;
	const answering: typeof fetch = (input, init) => {
		const url = input instanceof Request ? input.url : String(input);
		const answer = pending.get(url);
		if (!answer) return realFetch(input, init);
		pending.delete(url);
		if (pending.size === 0 && globalThis.fetch === answering) globalThis.fetch = realFetch;
		return answer(() => realFetch(input, init));
	};
	globalThis.fetch = answering;
	try {
		return await load();
	} finally {
		if (globalThis.fetch === answering) globalThis.fetch = realFetch;
	}
}

/** A promise of `start()` that starts it when first awaited (WebAssembly.instantiateStreaming too). */
function deferredFetch(start: () => Promise<Response>): Promise<Response> {
	let started: Promise<Response> | undefined;
	const response = () => (started ??= start());
	const lazy: PromiseLike<Response> & Pick<Promise<Response>, 'catch' | 'finally'> = {
		then: (onFulfilled, onRejected) => response().then(onFulfilled, onRejected),
		catch: (onRejected) => response().catch(onRejected),
		finally: (onFinally) => response().finally(onFinally)
	};
	return lazy as Promise<Response>;
}
