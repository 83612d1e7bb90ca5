// The bytecode stdlib of scripts/pyodide-stdlib.ts, loaded by a real Pyodide in Node next to
// the npm package's source-only zip: imports must come from the .pyc entries, tracebacks must
// still show source lines, and start-up is logged for both.
import { join } from 'node:path';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, test } from 'vitest';
import { compiledStdlib, pyodideDir } from '../../scripts/pyodide-stdlib.ts';

interface Boot {
	readonly pyodide: PyodideAPI;
	/** Milliseconds from calling loadPyodide to the first line printed by print('hi'). */
	readonly startMs: number;
	readonly output: string[];
}

async function boot(stdLibURL: string): Promise<Boot> {
	const output: string[] = [];
	let firstPrint: number | undefined;
	const started = performance.now();
	const pyodide = await loadPyodide({
		indexURL: pyodideDir,
		stdLibURL,
		stdout: (line) => {
			firstPrint ??= performance.now();
			output.push(line);
		}
	});
	pyodide.runPython("print('hi')");
	expect(output).toEqual(['hi']);
	return { pyodide, startMs: firstPrint! - started, output };
}

// Zip-imported modules whose __file__ is not a .pyc entry: zipimport sets __file__ to the entry
// it loaded, and falls through to the .py (compiling it) when the .pyc is missing or rejected.
const fromSource = `
import sys, zipimport
sorted(name for name, module in list(sys.modules.items())
       if isinstance(getattr(getattr(module, "__spec__", None), "loader", None), zipimport.zipimporter)
       and not module.__file__.endswith(".pyc"))
`;

// Counts zipimport's compilations while importing modules that Pyodide's boot does not import.
const compilationsDuringImports = `
import sys, zipimport
assert not {"argparse", "calendar", "csv", "http"} & sys.modules.keys()
compiled = []
original = zipimport._compile_source
zipimport._compile_source = lambda path, source: compiled.append(path) or original(path, source)
try:
    import argparse, calendar, csv, http.client
finally:
    zipimport._compile_source = original
len(compiled)
`;

describe('the bytecode stdlib', () => {
	let zip: string;
	let compiled: Boot;
	let npm: Boot;

	beforeAll(async () => {
		const built = await compiledStdlib();
		expect(built).not.toBeNull();
		zip = built!;
		compiled = await boot(zip);
		npm = await boot(join(pyodideDir, 'python_stdlib.zip'));
		console.log(
			`loadPyodide to first print in Node: ${compiled.startMs.toFixed(0)} ms with .pyc, ` +
				`${npm.startMs.toFixed(0)} ms with the npm stdlib`
		);
	}, 120_000);

	test('is cached: a second call returns the same zip at once', async () => {
		const started = performance.now();
		expect(await compiledStdlib()).toBe(zip);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	test('keeps each module source and puts its .pyc next to it', () => {
		const names = compiled.pyodide.runPython(`
import sys, zipfile
archive = next(p for p in sys.path if p.endswith(".zip"))
names = set(zipfile.ZipFile(archive).namelist())
[n for n in ("json/__init__.py", "json/__init__.pyc", "email/message.py", "email/message.pyc",
             "asyncio/tasks.py", "asyncio/tasks.pyc") if n in names]
`);
		expect(names.toJs()).toEqual([
			'json/__init__.py',
			'json/__init__.pyc',
			'email/message.py',
			'email/message.pyc',
			'asyncio/tasks.py',
			'asyncio/tasks.pyc'
		]);
	});

	test('imports json, asyncio and email', () => {
		const result = compiled.pyodide.runPython(`
import json, asyncio, email.message
m = email.message.EmailMessage()
m["Subject"] = "hi"
json.dumps({"subject": m["Subject"], "empty": asyncio.Queue().empty()})
`);
		expect(result).toBe('{"subject": "hi", "empty": true}');
	});

	test('loads every stdlib module of the boot from bytecode', () => {
		expect(compiled.pyodide.runPython(fromSource).toJs()).toEqual([]);
		// The same check sees the npm zip's modules compiled from source: it can fail.
		expect(npm.pyodide.runPython(fromSource).toJs()).toContain('json');
	});

	test('compiles nothing when importing more modules', () => {
		expect(compiled.pyodide.runPython(compilationsDuringImports)).toBe(0);
		expect(npm.pyodide.runPython(compilationsDuringImports)).toBeGreaterThan(5);
	});

	test('shows source lines in a traceback from inside the stdlib', () => {
		const traceback = compiled.pyodide.runPython(`
import json, traceback
try:
    json.loads("{")
except ValueError:
    text = traceback.format_exc()
text
`) as string;
		expect(traceback).toMatch(
			/File "\/lib\/python3\d+\.zip\/json\/decoder\.py", line \d+, in raw_decode\n\s+obj, end = self\.scan_once\(s, idx\)/
		);
	});
});
