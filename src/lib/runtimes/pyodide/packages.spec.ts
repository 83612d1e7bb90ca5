// The resolver against a fake PyPI (an in-memory fetch): which release and file it picks, how it
// follows dependencies, and the sentences a user reads when it cannot.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeIndex, MemoryCacheStorage } from '../../../../tests/support/package-index.ts';
import lockfileJson from '../../../../node_modules/pyodide/pyodide-lock.json' with { type: 'json' };
import { createDownloader } from './package-cache.ts';
import { DEFAULT_PACKAGE_SOURCES } from './package-sources.ts';
import { parseUserRequirement, resolve, type Lockfile, type ResolveOptions } from './packages.ts';
import { pyodideMarkerEnvironment } from './requirements.ts';

const base = 'http://index.test/';
const sources = {
	indexUrl: FakeIndex.indexUrl(base),
	packageBaseUrl: 'https://mirror.example/pyodide/'
};
const lockfile = lockfileJson as unknown as Lockfile;

let index: FakeIndex;
let lines: string[];
let caches: MemoryCacheStorage;

beforeEach(() => {
	index = new FakeIndex();
	lines = [];
	caches = new MemoryCacheStorage();
});

function install(requirements: string[], options: Partial<ResolveOptions> = {}) {
	return resolve(requirements.map(parseUserRequirement), {
		sources,
		lockfile,
		environment: pyodideMarkerEnvironment('3.14.2'),
		installed: new Map(),
		sitePackages: '/lib/python3.14/site-packages',
		downloader: createDownloader({
			fetch: index.fetcher(base),
			caches,
			online: () => !index.offline
		}),
		say: (line) => lines.push(line),
		...options
	});
}

const summary = (plan: Awaited<ReturnType<typeof install>>) =>
	plan.map((item) => `${item.name}==${item.version} (${item.source})`);

describe('choosing a release', () => {
	it('takes the newest release with a pure-Python wheel, and says so like pip', async () => {
		index.addWheel({ name: 'greeter', version: '1.0' });
		index.addWheel({ name: 'greeter', version: '1.2' });
		index.addWheel({ name: 'greeter', version: '1.10' });
		const plan = await install(['greeter']);
		expect(summary(plan)).toEqual(['greeter==1.10 (index)']);
		expect(plan[0]!.url).toBe(`${base}files/greeter-1.10-py3-none-any.whl`);
		expect(lines).toEqual([
			'Collecting greeter',
			expect.stringMatching(/^ {2}Downloading greeter-1\.10-py3-none-any\.whl \(\d+ bytes\)$/)
		]);
	});

	it('honours a pin and ranges', async () => {
		for (const version of ['1.0', '1.5', '2.0']) index.addWheel({ name: 'greeter', version });
		expect(summary(await install(['greeter==1.5']))).toEqual(['greeter==1.5 (index)']);
		expect(summary(await install(['greeter<2']))).toEqual(['greeter==1.5 (index)']);
	});

	it('says which versions exist when none matches', async () => {
		index.addWheel({ name: 'greeter', version: '1.0' });
		index.addWheel({ name: 'greeter', version: '1.1' });
		await expect(install(['greeter==9'])).rejects.toThrow(
			`No version of greeter matches greeter==9 (versions on the package index at http://index.test: 1.0, 1.1).`
		);
	});

	it('skips pre-releases unless asked, or unless there is nothing else', async () => {
		index.addWheel({ name: 'greeter', version: '1.0' });
		index.addWheel({ name: 'greeter', version: '2.0b1' });
		index.addWheel({ name: 'beta-only', version: '0.1a1' });
		expect(summary(await install(['greeter']))).toEqual(['greeter==1.0 (index)']);
		expect(summary(await install(['greeter'], { pre: true }))).toEqual(['greeter==2.0b1 (index)']);
		expect(summary(await install(['greeter>=2.0b1']))).toEqual(['greeter==2.0b1 (index)']);
		expect(summary(await install(['beta-only']))).toEqual(['beta-only==0.1a1 (index)']);
	});

	it('skips yanked files unless pinned, and wheels for another Python', async () => {
		index.addWheel({ name: 'greeter', version: '1.0' });
		index.addWheel({ name: 'greeter', version: '1.1' }, { yanked: true });
		index.addWheel({ name: 'greeter', version: '1.2', requiresPython: '>=3.15' });
		expect(summary(await install(['greeter']))).toEqual(['greeter==1.0 (index)']);
		expect(summary(await install(['greeter==1.1']))).toEqual(['greeter==1.1 (index)']);
	});

	it('falls back to an older release when the newest has only compiled wheels', async () => {
		index.addWheel({ name: 'fastish', version: '1.0' });
		index.addFile('fastish', '2.0', {
			fileName: 'fastish-2.0-cp314-cp314-manylinux_2_17_x86_64.whl',
			data: new Uint8Array(8)
		});
		expect(summary(await install(['fastish']))).toEqual(['fastish==1.0 (index)']);
	});

	it('prefers a py3 wheel of the chosen release over its source archive', async () => {
		index.addFile('greeter', '1.0', { fileName: 'greeter-1.0.tar.gz', data: new Uint8Array(4) });
		index.addWheel({ name: 'greeter', version: '1.0', tag: 'py2.py3-none-any' });
		expect((await install(['greeter']))[0]!.fileName).toBe('greeter-1.0-py2.py3-none-any.whl');
	});
});

describe('dependencies', () => {
	it('resolves Requires-Dist recursively, dependencies first, skipping what does not apply', async () => {
		index.addWheel({
			name: 'greeter',
			version: '1.0',
			requires: [
				'shouter>=0.2',
				'colorama; sys_platform == "win32"',
				'sparkles; extra == "fancy"',
				'tomli; python_version < "3.11"'
			]
		});
		index.addWheel({ name: 'shouter', version: '0.1' });
		index.addWheel({ name: 'shouter', version: '0.3', requires: ['six'] });
		const plan = await install(['greeter']);
		expect(summary(plan)).toEqual([
			'six==1.17.0 (pyodide)',
			'shouter==0.3 (index)',
			'greeter==1.0 (index)'
		]);
		expect(lines.filter((line) => !line.startsWith('  '))).toEqual([
			'Collecting greeter',
			'Collecting shouter>=0.2 (from greeter)',
			'Collecting six (from shouter)',
			`Ignoring colorama: markers 'sys_platform == "win32"' don't match your environment`,
			`Ignoring tomli: markers 'python_version < "3.11"' don't match your environment`
		]);
	});

	it('installs the dependencies of requested extras', async () => {
		index.addWheel({ name: 'greeter', version: '1.0', requires: ['sparkles; extra == "fancy"'] });
		index.addWheel({ name: 'sparkles', version: '13.0' });
		expect(summary(await install(['greeter[fancy]']))).toEqual([
			'sparkles==13.0 (index)',
			'greeter==1.0 (index)'
		]);
	});

	it('leaves out what is installed already', async () => {
		index.addWheel({ name: 'greeter', version: '1.0', requires: ['shouter'] });
		index.addWheel({ name: 'shouter', version: '0.3' });
		const plan = await install(['greeter'], { installed: new Map([['shouter', '0.3']]) });
		expect(summary(plan)).toEqual(['greeter==1.0 (index)']);
		expect(lines).toContain(
			'Requirement already satisfied: shouter (from greeter) in /lib/python3.14/site-packages (0.3)'
		);
	});

	it('survives a dependency cycle', async () => {
		index.addWheel({ name: 'chicken', version: '1.0', requires: ['egg'] });
		index.addWheel({ name: 'egg', version: '1.0', requires: ['chicken'] });
		expect(summary(await install(['chicken']))).toEqual([
			'egg==1.0 (index)',
			'chicken==1.0 (index)'
		]);
	});

	it('follows no dependencies with noDeps', async () => {
		index.addWheel({ name: 'greeter', version: '1.0', requires: ['shouter'] });
		expect(summary(await install(['greeter'], { noDeps: true }))).toEqual(['greeter==1.0 (index)']);
	});
});

describe("Pyodide's builds", () => {
	it('takes a package in the lockfile from the package base URL, with its dependencies', async () => {
		const plan = await install(['jsonpatch']);
		expect(plan.map(({ name, source, url }) => ({ name, source, url }))).toEqual([
			{
				name: 'jsonpointer',
				source: 'pyodide',
				url: 'https://mirror.example/pyodide/jsonpointer-3.1.1-py3-none-any.whl'
			},
			{
				name: 'jsonpatch',
				source: 'pyodide',
				url: 'https://mirror.example/pyodide/jsonpatch-1.33-py2.py3-none-any.whl'
			}
		]);
		// Nothing was asked of the index.
		expect(index.requests).toEqual([]);
	});

	it('uses the CDN of the same Pyodide version by default', async () => {
		const plan = await install(['numpy'], { sources: { ...sources, ...DEFAULT_PACKAGE_SOURCES } });
		expect(plan[0]!.url).toMatch(
			/^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v314\.0\.7\/full\/numpy-[\d.]+-cp314-cp314-pyemscripten_\d+_\d+_wasm32\.whl$/
		);
		expect(lines).toEqual([
			'Collecting numpy',
			expect.stringMatching(/^ {2}Using Pyodide's build numpy-/)
		]);
	});

	it("goes to the index when Pyodide's version does not match the request", async () => {
		index.addWheel({ name: 'six', version: '1.16.0', tag: 'py2.py3-none-any' });
		expect(summary(await install(['six==1.16.0']))).toEqual(['six==1.16.0 (index)']);
	});
});

describe('errors a user reads', () => {
	it('names a package that does not exist', async () => {
		await expect(install(['does-not-exist'])).rejects.toThrow(
			"No package named 'does-not-exist' on the package index at http://index.test."
		);
	});

	it('calls PyPI by its name', async () => {
		await expect(
			resolve([parseUserRequirement('x')], {
				sources: DEFAULT_PACKAGE_SOURCES,
				lockfile,
				environment: pyodideMarkerEnvironment('3.14.2'),
				installed: new Map(),
				sitePackages: '/lib',
				downloader: createDownloader({
					fetch: async () => Response.json({}, { status: 404 }),
					caches: null
				}),
				say: () => {}
			})
		).rejects.toThrow("No package named 'x' on PyPI.");
	});

	it('explains a package that needs compiled code', async () => {
		index.addFile('numpy-stl', '3.2.0', {
			fileName: 'numpy_stl-3.2.0-cp314-cp314-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
			data: new Uint8Array(8)
		});
		index.addFile('numpy-stl', '3.2.0', {
			fileName: 'numpy-stl-3.2.0.tar.gz',
			data: new Uint8Array(8)
		});
		await expect(install(['numpy-stl'])).rejects.toThrow(
			'numpy-stl has no build that runs in the browser (it needs compiled code: only manylinux wheels exist). It will be able to run in a cloud sandbox.'
		);
		index.addFile('numpy-stl', '3.2.0', {
			fileName: 'numpy_stl-3.2.0-cp314-cp314-win_amd64.whl',
			data: new Uint8Array(8)
		});
		await expect(install(['numpy-stl'])).rejects.toThrow('only manylinux and Windows wheels exist');
	});

	it('explains a package with only a source archive, or wheels for another Python', async () => {
		index.addFile('sourcey', '1.0', { fileName: 'sourcey-1.0.tar.gz', data: new Uint8Array(8) });
		await expect(install(['sourcey'])).rejects.toThrow(
			'sourcey has no build that runs in the browser (only a source archive exists, and packages cannot be built in the browser).'
		);
		index.addWheel({ name: 'tomorrow', version: '1.0', requiresPython: '>=3.15' });
		await expect(install(['tomorrow'])).rejects.toThrow(
			'(its pure-Python wheels need Python >=3.15, and the browser has Python 3.14.2)'
		);
	});

	it('says pip needs the network when offline and nothing is cached', async () => {
		index.addWheel({ name: 'greeter', version: '1.0' });
		index.offline = true;
		await expect(install(['greeter'])).rejects.toThrow(
			'pip install needs the network: greeter is not installed or cached.'
		);
	});

	it('installs offline from the cache what was downloaded before', async () => {
		index.addWheel({ name: 'greeter', version: '1.0' });
		await install(['greeter']);
		index.offline = true;
		lines = [];
		expect(summary(await install(['greeter']))).toEqual(['greeter==1.0 (index)']);
		expect(lines[1]).toMatch(/^ {2}Using cached greeter-1\.0-py3-none-any\.whl/);
	});

	it('refuses a requirement it cannot read', () => {
		expect(() => parseUserRequirement('greeter>>1')).toThrow(
			"Invalid requirement: 'greeter>>1': '>>1' is not a version specifier."
		);
	});

	it('reports two packages that need different versions of a third', async () => {
		index.addWheel({ name: 'a', version: '1.0', requires: ['c==1.0'] });
		index.addWheel({ name: 'b', version: '1.0', requires: ['c==2.0'] });
		index.addWheel({ name: 'c', version: '1.0' });
		index.addWheel({ name: 'c', version: '2.0' });
		await expect(install(['a', 'b'])).rejects.toThrow(
			'b asked for c==2.0, but a needs c 1.0: these cannot be installed together.'
		);
	});
});
