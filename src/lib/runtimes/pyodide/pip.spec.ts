// pip in a real Pyodide (in Node), against a fake index (an in-memory fetch) and a folder that
// stands in for Pyodide's package server: what a user types and reads in the terminal.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeIndex, MemoryCacheStorage } from '../../../../tests/support/package-index.ts';
import { buildWheel } from '../../../../tests/support/wheels.ts';
import * as Y from 'yjs';
import { InstalledPackages } from './installed-packages.ts';
import type { PackageSources } from './package-sources.ts';
import { TestPython } from './testing.ts';

const index = new FakeIndex();
const caches = new MemoryCacheStorage();
const python = new TestPython();
let builds: string;
let sources: PackageSources;

beforeAll(async () => {
	index.addWheel({ name: 'greeter', version: '1.0', requires: ['shouter>=0.2'] });
	index.addWheel({ name: 'shouter', version: '0.1' });
	index.addWheel({
		name: 'shouter',
		version: '0.3',
		files: { 'shouter.py': 'VERSION = "0.3"\ndef shout(text):\n    return text.upper() + "!"\n' },
		requires: ['colorama; sys_platform == "win32"']
	});
	index.addFile('numpy-stl', '3.2.0', {
		fileName: 'numpy_stl-3.2.0-cp314-cp314-manylinux_2_17_x86_64.whl',
		data: new Uint8Array(16)
	});
	// Pyodide's builds of jsonpatch and its dependency, as files named in pyodide-lock.json.
	builds = await mkdtemp(join(tmpdir(), 'bytestorm-pyodide-builds-'));
	for (const spec of [
		{ name: 'jsonpatch', version: '1.33', tag: 'py2.py3-none-any' },
		{ name: 'jsonpointer', version: '3.1.1' }
	]) {
		const { fileName, data } = buildWheel(spec);
		await writeFile(join(builds, fileName), data);
	}
	sources = { indexUrl: FakeIndex.indexUrl('http://index.test/'), packageBaseUrl: `${builds}/` };
	await python.boot(undefined, { packageSources: sources });
	vi.stubGlobal('fetch', index.fetcher());
	vi.stubGlobal('caches', caches);
}, 60_000);

afterAll(async () => {
	vi.unstubAllGlobals();
	await rm(builds, { recursive: true, force: true });
});

const pip = (...args: string[]) => python.runAsync(['pip', ...args]);

describe('pip install', () => {
	it('installs a pure-Python package and its dependencies, printing what pip prints', async () => {
		const result = await pip('install', 'greeter');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(
			new RegExp(
				[
					'^Collecting greeter',
					'  Downloading greeter-1\\.0-py3-none-any\\.whl \\(\\d+ bytes\\)',
					'Collecting shouter>=0\\.2 \\(from greeter\\)',
					'  Downloading shouter-0\\.3-py3-none-any\\.whl \\(\\d+ bytes\\)',
					`Ignoring colorama: markers 'sys_platform == "win32"' don't match your environment`,
					'Installing collected packages: shouter, greeter',
					'Successfully installed greeter-1\\.0 shouter-0\\.3\\n$'
				].join('\\n')
			)
		);
		const run = python.python(
			'import greeter, shouter; print(greeter.VERSION, shouter.shout("hi"))'
		);
		expect(run.stdout).toBe('1.0 HI!\n');
		expect(python.packageChanges.at(-1)).toEqual({
			installed: [
				{
					name: 'shouter',
					version: '0.3',
					source: 'index',
					url: 'http://index.test/files/shouter-0.3-py3-none-any.whl'
				},
				{
					name: 'greeter',
					version: '1.0',
					source: 'index',
					url: 'http://index.test/files/greeter-1.0-py3-none-any.whl'
				}
			],
			removed: []
		});
	});

	it('says a requirement is already satisfied, and changes nothing', async () => {
		const changes = python.packageChanges.length;
		const result = await pip('install', 'greeter');
		expect(result.stdout).toMatch(
			/^Requirement already satisfied: greeter in \/lib\/python3\.\d+\/site-packages \(1\.0\)\n$/
		);
		expect(result.code).toBe(0);
		expect(python.packageChanges).toHaveLength(changes);
	});

	it('upgrades through python -m pip, and the next run imports the new version', async () => {
		index.addWheel({ name: 'greeter', version: '2.0', requires: ['shouter>=0.2'] });
		const result = await python.runAsync(['python', '-m', 'pip', 'install', '-U', 'greeter']);
		expect(result.stdout).toContain(
			'  Attempting uninstall: greeter\n    Found existing installation: greeter 1.0\n'
		);
		expect(result.stdout).toContain('Successfully installed greeter-2.0\n');
		expect(python.python('import greeter; print(greeter.VERSION)').stdout).toBe('2.0\n');
		const versions = python.python(
			'import importlib.metadata as m; print([d.version for d in m.distributions() if d.metadata["Name"] == "greeter"])'
		);
		expect(versions.stdout).toBe("['2.0']\n");
	});

	it("loads a package Pyodide builds with Pyodide's loader, from the package base URL", async () => {
		const result = await pip('install', 'jsonpatch');
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe(
			[
				'Collecting jsonpatch',
				"  Using Pyodide's build jsonpatch-1.33-py2.py3-none-any.whl",
				'Collecting jsonpointer (from jsonpatch)',
				"  Using Pyodide's build jsonpointer-3.1.1-py3-none-any.whl",
				'Installing collected packages: jsonpointer, jsonpatch',
				'Successfully installed jsonpatch-1.33 jsonpointer-3.1.1',
				''
			].join('\n')
		);
		expect(python.python('import jsonpatch, jsonpointer; print(jsonpatch.VERSION)').stdout).toBe(
			'1.33\n'
		);
		expect(python.packageChanges.at(-1)?.installed.map((entry) => entry.source)).toEqual([
			'pyodide',
			'pyodide'
		]);
	});

	it('installs from a requirements file relative to the working folder', async () => {
		index.addWheel({ name: 'tiny-tool', version: '0.5' });
		python.files({ 'course/requirements.txt': '# for week 1\ntiny_tool>=0.5\ngreeter\n' });
		const atRoot = await pip('install', '-r', 'requirements.txt');
		expect(atRoot.stderr).toBe(
			"ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'requirements.txt'\n"
		);
		expect(atRoot.code).toBe(1);
		const inFolder = await python.runAsync(['pip', 'install', '-r', 'requirements.txt'], {
			cwd: 'course'
		});
		expect(inFolder.code).toBe(0);
		expect(inFolder.stdout).toContain('Successfully installed tiny-tool-0.5\n');
		expect(python.python('import tiny_tool; print(tiny_tool.VERSION)').stdout).toBe('0.5\n');
	});

	it('lists and freezes what is installed', async () => {
		const list = await pip('list');
		expect(list.stdout).toMatch(/^Package +Version\n-+ -+\n/);
		expect(list.stdout).toMatch(/\ngreeter +2\.0\n/);
		expect((await pip('freeze')).stdout).toContain('shouter==0.3\n');
	});

	it('uninstalls, and the workspace forgets the package', async () => {
		const result = await pip('uninstall', '-y', 'tiny-tool');
		expect(result.stdout).toContain('Successfully uninstalled tiny-tool-0.5');
		expect(python.packageChanges.at(-1)).toEqual({ installed: [], removed: ['tiny-tool'] });
		expect(python.python('import tiny_tool').stderr).toContain(
			"ModuleNotFoundError: No module named 'tiny_tool'"
		);
	});
});

describe('what pip cannot do', () => {
	it('names a package that does not exist (exit 1)', async () => {
		const result = await pip('install', 'does-not-exist');
		expect(result.stderr).toBe(
			"ERROR: No package named 'does-not-exist' on the package index at http://index.test.\n"
		);
		expect(result.code).toBe(1);
	});

	it('explains a package that needs compiled code', async () => {
		const result = await pip('install', 'numpy-stl');
		expect(result.stderr).toBe(
			'ERROR: numpy-stl has no build that runs in the browser (it needs compiled code: only manylinux wheels exist). It will be able to run in a cloud sandbox.\n'
		);
		expect(result.code).toBe(1);
	});

	it('says it needs the network when offline', async () => {
		index.addWheel({ name: 'fresh', version: '1.0' });
		index.offline = true;
		try {
			const result = await pip('install', 'fresh');
			expect(result.stderr).toBe(
				'ERROR: pip install needs the network: fresh is not installed or cached.\n'
			);
			expect(result.code).toBe(1);
		} finally {
			index.offline = false;
		}
	});

	it('stops a download on Ctrl+C (exit 130)', async () => {
		vi.stubGlobal('fetch', (_input: RequestInfo | URL, init?: RequestInit) => {
			return new Promise((_, reject) => {
				init?.signal?.addEventListener('abort', () =>
					reject(new DOMException('The operation was aborted.', 'AbortError'))
				);
			});
		});
		try {
			await python.interruptAfter(100);
			const result = await pip('install', 'slowpoke');
			expect(result.stderr).toBe('ERROR: Operation cancelled by user\n');
			expect(result.code).toBe(130);
		} finally {
			vi.stubGlobal('fetch', index.fetcher());
		}
	});

	it('answers help and version, and says what it cannot do', async () => {
		expect((await pip()).stdout).toMatch(/^Usage:\n {2}pip <command> \[options\]/);
		expect((await pip('--version')).stdout).toBe(
			'pip (Bytestorm, for Pyodide 314.0.7) (python 3.14)\n'
		);
		expect(await pip('install')).toMatchObject({
			code: 1,
			stderr: 'ERROR: You must give at least one requirement to install (see "pip help install")\n'
		});
		expect(await pip('install', 'greeter>>1')).toMatchObject({
			code: 1,
			stderr: "ERROR: Invalid requirement: 'greeter>>1': '>>1' is not a version specifier.\n"
		});
		expect(await pip('show', 'greeter')).toMatchObject({
			code: 1,
			stderr: 'ERROR: pip show is not available here: use pip install, uninstall, list or freeze.\n'
		});
		expect(await pip('uninstall', 'never-installed')).toMatchObject({
			code: 0,
			stderr: 'WARNING: Skipping never-installed as it is not installed.\n'
		});
	});

	it('reports usage mistakes with exit 2', async () => {
		const result = await pip('install', '--frobnicate', 'x');
		expect(result.stderr).toContain('no such option: --frobnicate');
		expect(result.code).toBe(2);
	});
});

describe('restoring after a restart', () => {
	it("installs the workspace's packages again from the cache, with no network", async () => {
		// What the workspace recorded, as the main thread keeps it.
		const record = new InstalledPackages(new Y.Doc());
		for (const change of python.packageChanges) record.apply(change);
		const installed = record.list();
		expect(installed.map((entry) => `${entry.name}==${entry.version}`)).toEqual([
			'shouter==0.3',
			'greeter==2.0',
			'jsonpointer==3.1.1',
			'jsonpatch==1.33'
		]);
		const fresh = new TestPython();
		await fresh.boot(undefined, { packageSources: sources });
		index.offline = true;
		try {
			const problems = await fresh.worker.restorePackages([
				...installed,
				{
					name: 'never-cached',
					version: '1.0',
					source: 'index',
					url: 'http://index.test/files/never_cached-1.0-py3-none-any.whl'
				}
			]);
			expect(problems).toEqual([
				'pip install needs the network: never-cached is not installed or cached.'
			]);
			const run = fresh.python(
				'import greeter, shouter, jsonpatch; print(greeter.VERSION, shouter.VERSION, jsonpatch.VERSION)'
			);
			expect(run.stdout).toBe('2.0 0.3 1.33\n');
		} finally {
			index.offline = false;
		}
	}, 60_000);
});
