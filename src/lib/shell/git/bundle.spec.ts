// The browser concern: Vite must bundle isomorphic-git without Node modules, and the bundle must
// run where there is no Node `Buffer`, `process` or `require`. This builds the git module for
// the browser and runs a short session in a bare V8 context with only web globals.
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build, type Rolldown } from 'vite';
import { expect, test } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const ENTRY = 'virtual:git-browser-probe';

const probe = `
import { gitBuiltin } from '${here}index.ts';
import { Workspace } from '${here}../../workspace/workspace.ts';
import { runBuiltin } from '${here}../testing.ts';

export async function session() {
	const fs = new Workspace();
	const results = [];
	const git = async (...args) => {
		const { status, stdout, stderr } = await runBuiltin(gitBuiltin, args, { fs });
		results.push({ args: args.join(' '), status, stdout, stderr });
	};
	await git('init');
	fs.writeFile('a.txt', 'hello\\n');
	await git('add', '.');
	await git('commit', '-m', 'first');
	fs.writeFile('a.txt', 'jello\\n');
	await git('status', '--short');
	await git('diff');
	return results;
}`;

async function bundleForBrowser(): Promise<string> {
	const output = await build({
		configFile: false,
		logLevel: 'silent',
		root: here,
		plugins: [
			{
				name: 'git-browser-probe',
				enforce: 'pre',
				resolveId: (id) => (id.endsWith(ENTRY) ? `\0${ENTRY}` : null),
				load: (id) => (id === `\0${ENTRY}` ? probe : null)
			}
		],
		build: {
			write: false,
			minify: false,
			lib: { entry: ENTRY, formats: ['iife'], name: 'GitProbe', fileName: 'probe' }
		}
	});
	const [result] = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
	return result!.output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
}

/** A context with the web globals the code needs and none of Node's. */
function browserLikeContext(): vm.Context {
	const context = vm.createContext({
		console,
		setTimeout,
		clearTimeout,
		queueMicrotask,
		AbortController
	});
	// Typed arrays must come from the context's own realm, or `instanceof Uint8Array` fails.
	Object.assign(context, {
		hostEncoder: new TextEncoder(),
		HostDecoder: TextDecoder,
		hostCrypto: globalThis.crypto
	});
	vm.runInContext(
		`globalThis.TextEncoder = class { encode(text) { return new Uint8Array(hostEncoder.encode(text)); } };
		globalThis.TextDecoder = class {
			constructor(label, options) { this.decoder = new HostDecoder(label, options); }
			decode(bytes, options) { return this.decoder.decode(bytes, options); }
		};
		globalThis.crypto = { getRandomValues(array) { hostCrypto.getRandomValues(array); return array; } };`,
		context
	);
	return context;
}

test('isomorphic-git bundles for the browser and runs without Node globals', async () => {
	const code = await bundleForBrowser();
	// Vite replaces a Node module it cannot bundle with an empty stand-in of this name.
	expect(code).not.toContain('__vite-browser-external');
	const context = browserLikeContext();
	expect(vm.runInContext('[typeof Buffer, typeof process, typeof require]', context)).toEqual([
		'undefined',
		'undefined',
		'undefined'
	]);
	vm.runInContext(code, context);
	const results = (await vm.runInContext('GitProbe.session()', context)) as {
		args: string;
		status: number;
		stdout: string;
		stderr: string;
	}[];
	expect(results.map(({ args, status, stderr }) => ({ args, status, stderr }))).toEqual([
		{ args: 'init', status: 0, stderr: '' },
		{ args: 'add .', status: 0, stderr: '' },
		{ args: 'commit -m first', status: 0, stderr: '' },
		{ args: 'status --short', status: 0, stderr: '' },
		{ args: 'diff', status: 0, stderr: '' }
	]);
	expect(results[3]!.stdout).toBe(' M a.txt\n');
	expect(results[4]!.stdout).toContain('-hello\n+jello\n');
}, 60_000);
