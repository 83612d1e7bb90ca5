import { describe, expect, it } from 'vitest';
import { isBuiltin } from './builtins.ts';
import { formatOf, resolveModule } from './resolve.ts';
import { treeWith } from './testing.ts';

const vfs = treeWith({
	'lib/math.js': '',
	'lib/index.js': '',
	'data.json': '{}',
	'pkg/package.json': '{ "main": "main.js" }',
	'pkg/main.js': '',
	'node_modules/left/package.json':
		'{ "exports": { ".": { "import": "./esm.mjs", "require": "./cjs.js" }, "./extra/*": "./lib/*.js" } }',
	'node_modules/left/cjs.js': '',
	'node_modules/left/esm.mjs': '',
	'node_modules/left/lib/pad.js': '',
	'node_modules/@scope/thing/index.js': '',
	'native/build.node': '',
	'esm/package.json': '{ "type": "module" }',
	'esm/a.js': ''
});
const resolve = (specifier: string, mode: 'require' | 'import' = 'require', from = '/workspace') =>
	resolveModule(vfs, specifier, from, mode, isBuiltin, `${from}/app.js`);

describe('module resolution', () => {
	it('finds files with CommonJS extension and index search, and package.json main', () => {
		expect(resolve('./lib/math')).toEqual({ kind: 'file', path: '/workspace/lib/math.js' });
		expect(resolve('./lib')).toEqual({ kind: 'file', path: '/workspace/lib/index.js' });
		expect(resolve('./data.json')).toEqual({ kind: 'file', path: '/workspace/data.json' });
		expect(resolve('../data', 'require', '/workspace/lib')).toEqual({
			kind: 'file',
			path: '/workspace/data.json'
		});
		expect(resolve('./pkg')).toEqual({ kind: 'file', path: '/workspace/pkg/main.js' });
	});

	it('needs the full file name for import, and suggests it, as Node does', () => {
		expect(resolve('./lib/math.js', 'import')).toEqual({
			kind: 'file',
			path: '/workspace/lib/math.js'
		});
		expect(() => resolve('./lib/math', 'import')).toThrow(
			/Did you mean to import "\.\/lib\/math\.js"\?/
		);
	});

	it('resolves packages in node_modules through exports conditions and patterns', () => {
		expect(resolve('left')).toEqual({ kind: 'file', path: '/workspace/node_modules/left/cjs.js' });
		expect(resolve('left', 'import')).toEqual({
			kind: 'file',
			path: '/workspace/node_modules/left/esm.mjs'
		});
		expect(resolve('left/extra/pad', 'require', '/workspace/lib')).toEqual({
			kind: 'file',
			path: '/workspace/node_modules/left/lib/pad.js'
		});
		expect(resolve('@scope/thing')).toEqual({
			kind: 'file',
			path: '/workspace/node_modules/@scope/thing/index.js'
		});
	});

	it('knows builtins with and without node:, and says what is missing', () => {
		expect(resolve('fs')).toEqual({ kind: 'builtin', name: 'fs' });
		expect(resolve('node:child_process')).toEqual({ kind: 'builtin', name: 'child_process' });
		expect(() => resolve('node:nothing')).toThrow('No such built-in module: node:nothing');
		expect(() => resolve('./nope')).toThrow("Cannot find module './nope'");
		expect(() => resolve('lodash')).toThrow(
			/Cannot find module 'lodash'[\s\S]*needs the online runtime \(WebContainers\)/
		);
		expect(() => resolve('./native/build.node')).toThrow(/native addon/);
	});

	it('picks the format by extension, package type, then syntax', () => {
		expect(formatOf(vfs, '/workspace/esm/a.js', () => false)).toBe('esm');
		expect(formatOf(vfs, '/workspace/lib/math.js', () => false)).toBe('cjs');
		expect(formatOf(vfs, '/workspace/lib/math.js', () => true)).toBe('esm');
		expect(formatOf(vfs, '/workspace/x.mjs', () => false)).toBe('esm');
		expect(formatOf(vfs, '/workspace/x.cjs', () => true)).toBe('cjs');
	});
});
