// Pyodide's pyodide.asm.mjs as the app serves it: the same code, with the functions that every
// start calls compiled when the module is, so that Chromium's code cache keeps them.
//
// The file is a single function declaration, `async function _createPyodideModule(...) {...}`,
// 1.2 MB of source, and its default export. V8 compiles a declared function only when it is first
// called, and Chromium keeps a module's compiled code as it is right after the module runs, so
// this function was compiled again on every page load, on the Python worker's thread, while the
// user waited for Python (about 28 ms in a trace of a returning user's reload), and so were the
// two big functions inside it that every start calls (assignWasmExports, 387 KB of one
// assignment per wasm export, about 18 ms; pyodide_js_init, Pyodide's own JavaScript API, 84 KB).
// Written as parenthesized function expressions, which V8 compiles with the function around them,
// they are in the code cache from the second load on. Nothing else changes: the module runs the
// same code and exports the same value.
import { parse, type Node } from 'acorn';

const FACTORY = '_createPyodideModule';

/**
 * Inner functions of the factory that every start calls. Each is a declaration in the factory's
 * body that runs no earlier than the line that declares it (checked for this Pyodide: a Node test
 * and every browser test boot Python from the rewritten file), so it can become a `var`.
 */
const EAGER_INNER = ['assignWasmExports', 'pyodide_js_init'];

interface FunctionNode extends Node {
	id: { name: string } | null;
	body: Node & { body: Node[] };
}

/**
 * Rewrites pyodide.asm.mjs so that V8 compiles its module factory and the factory's start-up
 * functions eagerly. Throws if the source does not have the shape this was written for (another
 * Pyodide build): the caller then serves the file as it is.
 */
export function eagerPyodideModule(source: string): string {
	const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module' }) as Node & {
		body: Node[];
	};
	const [factory, exported, ...rest] = program.body as [
		FunctionNode,
		Node & { declaration?: Node }
	];
	const exportsFactory =
		exported?.type === 'ExportDefaultDeclaration' &&
		exported.declaration?.type === 'Identifier' &&
		(exported.declaration as Node & { name: string }).name === FACTORY;
	if (
		rest.length > 0 ||
		factory?.type !== 'FunctionDeclaration' ||
		factory.id?.name !== FACTORY ||
		!exportsFactory
	) {
		throw new Error(
			'pyodide.asm.mjs is not the single declared function and export this rewrite expects'
		);
	}
	const inner = EAGER_INNER.map((name) => {
		const found = factory.body.body.find(
			(node): node is FunctionNode =>
				node.type === 'FunctionDeclaration' && (node as FunctionNode).id?.name === name
		);
		if (!found) throw new Error(`pyodide.asm.mjs has no function ${name} in its factory`);
		return found;
	});
	// Each function becomes `var f=(function f(...) {...});`, which V8 compiles at once. The
	// insertions are made from the end backwards, so each leaves the offsets before it valid.
	const insertions = [...inner, factory].flatMap((node) => [
		{ at: node.start, text: `var ${node.id!.name}=(` },
		{ at: node.end, text: ');' }
	]);
	let rewritten = source;
	for (const { at, text } of insertions.sort((a, b) => b.at - a.at)) {
		rewritten = rewritten.slice(0, at) + text + rewritten.slice(at);
	}
	return rewritten;
}
