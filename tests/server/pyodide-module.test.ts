// pyodide.asm.mjs as the build serves it (scripts/pyodide-module.ts): rewritten from the npm
// package's file, it must still be the module Pyodide boots from, with the same default export.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPyodide, type PyodideConfig } from 'pyodide';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'acorn';
import { eagerPyodideModule } from '../../scripts/pyodide-module.ts';
import { pyodideDir } from '../../scripts/pyodide-stdlib.ts';

type CreatePyodideModule = NonNullable<PyodideConfig['createPyodideModule']>;

/** The functions the rewrite makes expressions of: the factory and two it calls at every start. */
const wrappedNames = ['_createPyodideModule', 'assignWasmExports', 'pyodide_js_init'];

/** The first `var f=(function f(...) {...});` the rewrite made in `source`, if any is left. */
function findWrapped(
	source: string
): { start: number; end: number; fn: { start: number; end: number } } | undefined {
	let found: { start: number; end: number; fn: { start: number; end: number } } | undefined;
	const visit = (node: unknown): void => {
		if (found || !node || typeof node !== 'object') return;
		const n = node as {
			type?: string;
			start: number;
			end: number;
			declarations?: {
				id: { name?: string };
				init?: { type: string; start: number; end: number } | null;
			}[];
		};
		const declared = n.type === 'VariableDeclaration' ? n.declarations?.[0] : undefined;
		const name = declared?.id.name;
		if (
			declared?.init &&
			/^Function/.test(declared.init.type) &&
			name &&
			wrappedNames.includes(name)
		) {
			found = { start: n.start, end: n.end, fn: declared.init };
			return;
		}
		for (const value of Object.values(node)) {
			if (Array.isArray(value)) value.forEach(visit);
			else if (value && typeof value === 'object') visit(value);
		}
	};
	visit(parse(source, { ecmaVersion: 'latest', sourceType: 'module' }));
	return found;
}

describe('pyodide.asm.mjs with its start-up functions compiled eagerly', () => {
	let original: string;
	let rewritten: string;
	let folder: string;

	beforeAll(async () => {
		original = await readFile(join(pyodideDir, 'pyodide.asm.mjs'), 'utf8');
		rewritten = eagerPyodideModule(original);
		folder = await mkdtemp(join(tmpdir(), 'bytestorm-pyodide-module-'));
	});
	afterAll(() => rm(folder, { recursive: true, force: true }));

	test('wraps the factory and its start-up functions in parentheses, and changes nothing else', () => {
		// Undo each `var f=(function f(...) {...});` into the declaration it was, one at a time
		// (they nest): what is left must be the original.
		let undone = rewritten;
		for (let undoneCount = 0; ; undoneCount++) {
			const found = findWrapped(undone);
			if (!found) {
				expect(undoneCount).toBe(wrappedNames.length);
				break;
			}
			undone =
				undone.slice(0, found.start) +
				undone.slice(found.fn.start, found.fn.end) +
				undone.slice(found.end);
		}
		expect(undone).toBe(original);
		// V8 compiles a function expression that follows "(" with the code around it.
		for (const name of wrappedNames) expect(rewritten).toContain(`var ${name}=(`);
	});

	test('boots Python in Node as the original does', async () => {
		const path = join(folder, 'pyodide.asm.mjs');
		await writeFile(path, rewritten);
		const { default: create } = (await import(pathToFileURL(path).href)) as {
			default: CreatePyodideModule;
		};
		expect(create.constructor.name).toBe('AsyncFunction');
		const output: string[] = [];
		const pyodide = await loadPyodide({
			indexURL: pyodideDir,
			createPyodideModule: create,
			stdout: (line) => output.push(line)
		});
		pyodide.runPython("import json; print(json.dumps({'sum': sum(range(10))}))");
		expect(output).toEqual(['{"sum": 45}']);
	});

	test('refuses a file of another shape, so the build serves it as it is', () => {
		expect(() => eagerPyodideModule('export default function f() {}')).toThrow(
			/not the single declared function/
		);
		const otherExport = original
			.trimEnd()
			.replace(
				/export default _createPyodideModule;$/,
				'export { _createPyodideModule as default };'
			);
		expect(() => eagerPyodideModule(otherExport)).toThrow();
		const renamed = original.replace('function assignWasmExports(', 'function assignExports(');
		expect(() => eagerPyodideModule(renamed)).toThrow(/no function assignWasmExports/);
	});
});
