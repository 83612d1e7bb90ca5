// pyodide.asm.mjs as the build serves it (scripts/pyodide-module.ts): rewritten from the npm
// package's file, it must still be the module Pyodide boots from, with the same default export.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPyodide, type PyodideConfig } from 'pyodide';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eagerPyodideModule } from '../../scripts/pyodide-module.ts';
import { pyodideDir } from '../../scripts/pyodide-stdlib.ts';

type CreatePyodideModule = NonNullable<PyodideConfig['createPyodideModule']>;

describe('pyodide.asm.mjs with its factory compiled eagerly', () => {
	let original: string;
	let rewritten: string;
	let folder: string;

	beforeAll(async () => {
		original = await readFile(join(pyodideDir, 'pyodide.asm.mjs'), 'utf8');
		rewritten = eagerPyodideModule(original);
		folder = await mkdtemp(join(tmpdir(), 'bytestorm-pyodide-module-'));
	});
	afterAll(() => rm(folder, { recursive: true, force: true }));

	test('wraps the one declaration in parentheses and changes nothing else', () => {
		// V8 compiles a function expression that follows "(" when it compiles the module.
		expect(
			rewritten.startsWith('var _createPyodideModule=(async function _createPyodideModule(')
		).toBe(true);
		expect(rewritten.trimEnd().endsWith('});export default _createPyodideModule;')).toBe(true);
		const strip = (source: string) =>
			source
				.replace('var _createPyodideModule=(async function _createPyodideModule(', '')
				.replace('async function _createPyodideModule(', '')
				.replace('});export default', '}export default')
				.trimEnd();
		expect(strip(rewritten)).toBe(strip(original));
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
	});
});
