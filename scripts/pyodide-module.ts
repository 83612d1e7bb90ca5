// Pyodide's pyodide.asm.mjs as the app serves it: the same code, with its one big function
// compiled when the module is, so that Chromium's code cache keeps it.
//
// The file is a single function declaration, `async function _createPyodideModule(...) {...}`,
// 1.2 MB of source, and its default export. V8 compiles a declared function only when it is first
// called, and Chromium keeps a module's compiled code as it is right after the module runs, so
// this function was compiled again on every page load, on the Python worker's thread, while the
// user waited for Python (about 28 ms in a trace of a returning user's reload). Written as a
// parenthesized function expression, which V8 compiles at once, it is in the code cache from the
// second load on. Nothing else changes: the module runs the same code and exports the same value.

const DECLARATION = 'async function _createPyodideModule(moduleArg={}){';
const EXPORT = 'export default _createPyodideModule;';

/**
 * Rewrites pyodide.asm.mjs so that V8 compiles its module factory eagerly. Throws if the source
 * does not have the shape this was written for (another Pyodide build): the caller then serves
 * the file as it is.
 */
export function eagerPyodideModule(source: string): string {
	const body = source.trimEnd();
	if (!body.startsWith(DECLARATION) || !body.endsWith(`}${EXPORT}`)) {
		throw new Error(
			'pyodide.asm.mjs is not the single declared function and export this rewrite expects'
		);
	}
	const inner = body.slice(DECLARATION.length, -EXPORT.length);
	return `var _createPyodideModule=(async function _createPyodideModule(moduleArg={}){${inner});${EXPORT}\n`;
}
