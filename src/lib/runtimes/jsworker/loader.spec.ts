import { beforeAll, describe, expect, it } from 'vitest';
import { Builtins, isBuiltin } from './builtins.ts';
import { cjsExportNames, ModuleLoader, prepareLoader } from './loader.ts';
import { treeWith } from './testing.ts';
import type { MemoryFs } from './vfs.ts';

function loaderFor(vfs: MemoryFs): ModuleLoader {
	const builtins = new Builtins({
		process,
		console,
		fs: {},
		timers: {},
		createRequire: () => undefined,
		http: () => ({})
	});
	return new ModuleLoader({
		vfs,
		isBuiltin,
		builtin: (name) => builtins.get(name),
		cwd: () => '/workspace'
	});
}

describe('CommonJS loading', () => {
	beforeAll(prepareLoader);

	it('gives a require cycle the partial exports, as Node does', () => {
		const vfs = treeWith({
			'a.js':
				"exports.early = 'a-early';\nconst b = require('./b');\nexports.late = 'a-late';\nexports.seenByB = b.seen;\n",
			'b.js': "const a = require('./a');\nexports.seen = JSON.stringify(a);\n"
		});
		const loader = loaderFor(vfs);
		const a = loader.createRequire('/workspace/main.js')('./a') as Record<string, string>;
		expect(a).toEqual({ early: 'a-early', late: 'a-late', seenByB: '{"early":"a-early"}' });
	});

	it('caches modules, gives them Node’s wrapper arguments, and loads JSON', () => {
		const vfs = treeWith({
			'lib/counter.js':
				'let n = 0;\nmodule.exports = () => ++n;\nmodule.exports.where = [__filename, __dirname];\n',
			'conf.json': '{ "port": 8080 }'
		});
		const require = loaderFor(vfs).createRequire('/workspace/main.js');
		const counter = require('./lib/counter') as (() => number) & { where: string[] };
		counter();
		expect((require('./lib/counter.js') as () => number)()).toBe(2);
		expect(counter.where).toEqual(['/workspace/lib/counter.js', '/workspace/lib']);
		expect(require('./conf.json')).toEqual({ port: 8080 });
		expect((require('path') as { join(...parts: string[]): string }).join('a', '..', 'b')).toBe(
			'b'
		);
	});

	it('names unsupported builtins and refuses require() of an ES module with a sentence', () => {
		const vfs = treeWith({ 'm.mjs': 'export const x = 1;\n' });
		const require = loaderFor(vfs).createRequire('/workspace/main.js');
		expect(() => require('child_process')).toThrow(
			"The offline JavaScript runtime does not provide the 'child_process' module (programs cannot start other programs in the browser). Run this program with the online runtime (WebContainers) or in a cloud sandbox."
		);
		expect(() => require('./m.mjs')).toThrow(
			/require\(\) of the ES module \/workspace\/m\.mjs is not supported/
		);
	});

	it('keeps a syntax error’s file for the report, and forgets the failed module', () => {
		const vfs = treeWith({ 'bad.js': 'const x = ;\n' });
		const loader = loaderFor(vfs);
		let caught: unknown;
		try {
			loader.createRequire('/workspace/main.js')('./bad');
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(SyntaxError);
		expect(loader.compileFailures.get(caught as object)?.path).toBe('/workspace/bad.js');
		expect(loader.cache['/workspace/bad.js']).toBeUndefined();
	});

	it('finds the names a CommonJS module exports, for ES modules that import it', () => {
		expect(cjsExportNames('exports.a = 1; module.exports.b = 2; if (exports.a == 1) {}')).toEqual([
			'a',
			'b'
		]);
		expect(
			cjsExportNames('module.exports = { double, half: (n) => n / 2, async load() {} };')
		).toEqual(['double', 'half', 'load']);
	});
});
