// pyodide.asm.mjs with the JavaScript functions of its link wrapped at once
// (scripts/pyodide-linking.ts): the link must come out exactly as Pyodide's own, slot for slot,
// since a memory snapshot holds such indices. In the browser every Python e2e test boots from the
// file rewritten this way, as the build serves it.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPyodide, type PyodideAPI, type PyodideConfig } from 'pyodide';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wrapLinkedFunctionsAtOnce } from '../../scripts/pyodide-linking.ts';
import { eagerPyodideModule } from '../../scripts/pyodide-module.ts';
import { pyodideDir } from '../../scripts/pyodide-stdlib.ts';

type CreatePyodideModule = NonNullable<PyodideConfig['createPyodideModule']>;

/** Where the module links itself at start-up; the probe goes right after it. */
const LINK = 'updateGOT(origExports);LDSO.init();loadDylibs();';

/** What the probe records: every GOT entry's value, in order, and which table slots are filled. */
interface Link {
	got: string;
	tableLength: number;
	filled: string;
}

/**
 * `source` with a probe that leaves the link's outcome in a global named `name`, written to a file
 * of its own (a module URL is imported once per process).
 */
async function probed(folder: string, source: string, name: string): Promise<CreatePyodideModule> {
	expect(source.split(LINK)).toHaveLength(2);
	const probe = `globalThis[${JSON.stringify(name)}]={got:Object.entries(GOT).map(([k,v])=>k+"="+v.value).join(","),tableLength:wasmTable.length,filled:Array.from({length:wasmTable.length},(_,i)=>wasmTable.get(i)===null?0:1).join("")};`;
	const path = join(folder, `${name}.mjs`);
	await writeFile(
		path,
		source.replace(LINK, () => LINK + probe)
	);
	return ((await import(pathToFileURL(path).href)) as { default: CreatePyodideModule }).default;
}

function digest(link: Link): Link {
	const hash = (text: string) => createHash('sha256').update(text).digest('hex');
	return { got: hash(link.got), tableLength: link.tableLength, filled: hash(link.filled) };
}

function recorded(name: string): Link {
	return (globalThis as unknown as Record<string, Link>)[name]!;
}

describe('pyodide.asm.mjs with its link wrapping JavaScript functions at once', () => {
	let original: string;
	let folder: string;
	let pyodide: PyodideAPI;
	let snapshot: Uint8Array;

	beforeAll(async () => {
		original = await readFile(join(pyodideDir, 'pyodide.asm.mjs'), 'utf8');
		folder = await mkdtemp(join(tmpdir(), 'bytestorm-pyodide-linking-'));
		// The original module, once: the link to compare with, and a snapshot made with it.
		pyodide = await loadPyodide({
			indexURL: pyodideDir,
			createPyodideModule: await probed(folder, original, '__originalLink'),
			_makeSnapshot: true
		});
		snapshot = pyodide.makeMemorySnapshot();
	}, 60_000);
	afterAll(() => rm(folder, { recursive: true, force: true }));

	test('applies to this Pyodide, with or without the eager rewrite', () => {
		const rewritten = wrapLinkedFunctionsAtOnce(original);
		expect(rewritten).not.toBe(original);
		expect(rewritten).toContain('convertJsFunctionsToWasm(deferred)');
		expect(wrapLinkedFunctionsAtOnce(eagerPyodideModule(original))).toContain(
			'convertJsFunctionsToWasm(deferred)'
		);
	});

	test("links every symbol to the slot Pyodide's own linker gives it", async () => {
		const create = await probed(
			folder,
			wrapLinkedFunctionsAtOnce(eagerPyodideModule(original)),
			'__bulkLink'
		);
		const output: string[] = [];
		const rewritten = await loadPyodide({
			indexURL: pyodideDir,
			createPyodideModule: create,
			stdout: (line) => output.push(line)
		});
		const [before, after] = [recorded('__originalLink'), recorded('__bulkLink')];
		// Thousands of slots were added at start-up, and every one after slot 0 (null by
		// convention) holds a function: none was handed out and left unfilled.
		expect(after.tableLength).toBeGreaterThan(10_000);
		expect(after.filled.indexOf('0', 1)).toBe(-1);
		expect(digest(after)).toEqual(digest(before));
		rewritten.runPython("import json; print(json.dumps(sorted({'b': 2, 'a': 1}.items())))");
		expect(output).toEqual(['[["a", 1], ["b", 2]]']);
	}, 60_000);

	test("boots from a snapshot that Pyodide's own module made", async () => {
		const create = await probed(folder, wrapLinkedFunctionsAtOnce(original), '__restoredLink');
		const output: string[] = [];
		const restored = await loadPyodide({
			indexURL: pyodideDir,
			createPyodideModule: create,
			_loadSnapshot: snapshot,
			stdout: (line) => output.push(line)
		});
		// Calls through function pointers the snapshot holds: type slots, a key function, decoding.
		restored.runPython(
			"import functools, re; print(sorted(['bb', 'a', 'ccc'], key=len), functools.reduce(lambda a, b: a * b, range(1, 6)), re.sub(r'(\\w)x', r'\\1y', 'axbx'))"
		);
		expect(output).toEqual(["['a', 'bb', 'ccc'] 120 ayby"]);
	}, 60_000);

	test('refuses a file of another shape, naming what it did not find', () => {
		expect(() => wrapLinkedFunctionsAtOnce('export default function f() {}')).toThrow(
			'has 0 copies of addFunction as this rewrite knows it, not one'
		);
		const renamed = original.replace('reportUndefinedSymbols=()=>{', 'reportUndefined=()=>{');
		expect(() => wrapLinkedFunctionsAtOnce(renamed)).toThrow(
			/reportUndefinedSymbols \(its start\)/
		);
	});
});
