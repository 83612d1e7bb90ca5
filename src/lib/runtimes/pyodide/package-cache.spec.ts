import { describe, expect, it } from 'vitest';
import { FakeIndex, MemoryCacheStorage } from '../../../../tests/support/package-index.ts';
import { PackageNetworkError } from '../errors.ts';
import { PACKAGE_CACHE_NAME, createDownloader, withPackageDownloads } from './package-cache.ts';

const base = 'http://index.test/';

function setUp() {
	const index = new FakeIndex();
	const wheel = index.addWheel({ name: 'greeter', version: '1.0' });
	const caches = new MemoryCacheStorage();
	const downloader = createDownloader({
		fetch: index.fetcher(base),
		caches,
		online: () => !index.offline
	});
	return { index, wheel, caches, downloader, fileUrl: `${base}files/${wheel.fileName}` };
}

describe('the package cache', () => {
	it('downloads a file once and serves it from the cache after', async () => {
		const { index, wheel, downloader, fileUrl, caches } = setUp();
		expect(await downloader.file(fileUrl)).toEqual({ data: wheel.data, cached: false });
		expect(await downloader.file(fileUrl)).toEqual({ data: wheel.data, cached: true });
		expect(index.requests).toEqual([`/files/${wheel.fileName}`]);
		expect(caches.keys(PACKAGE_CACHE_NAME)).toEqual([fileUrl]);
	});

	it('asks the index afresh when online, and uses the cached page when offline', async () => {
		const { index, downloader } = setUp();
		const url = `${base}pypi/greeter/json`;
		const page = await downloader.indexPage(url);
		expect(page).toMatchObject({ info: { name: 'greeter' } });
		await downloader.indexPage(url);
		expect(index.requests).toEqual(['/pypi/greeter/json', '/pypi/greeter/json']);
		index.offline = true;
		expect(await downloader.indexPage(url)).toEqual(page);
		expect(
			await downloader.indexPage(`${base}pypi/nope/json`).catch((error) => error)
		).toBeInstanceOf(PackageNetworkError);
	});

	it('answers null for a project the index does not have, and says when a server fails', async () => {
		const { downloader } = setUp();
		expect(await downloader.indexPage(`${base}pypi/nope/json`)).toBeNull();
		const failing = createDownloader({
			fetch: async () => new Response('oops', { status: 503, statusText: 'Service Unavailable' }),
			caches: null
		});
		await expect(failing.file(`${base}files/x.whl`)).rejects.toThrow(
			`${base}files/x.whl answered 503 Service Unavailable: try again later.`
		);
	});

	it("routes Pyodide's own downloads under the base URL through the cache, and nothing else", async () => {
		const { downloader, fileUrl, wheel } = setUp();
		const original = globalThis.fetch;
		const seen: string[] = [];
		globalThis.fetch = async (input) => {
			seen.push(String(input));
			return new Response('elsewhere');
		};
		try {
			const answers = await withPackageDownloads(base, downloader, async () => [
				// Pyodide passes a URL object and an integrity option.
				new Uint8Array(
					await (await fetch(new URL(fileUrl), { integrity: 'sha256-x' })).arrayBuffer()
				),
				await (await fetch('https://other.example/x')).text()
			]);
			expect(answers).toEqual([wheel.data, 'elsewhere']);
			expect(seen).toEqual(['https://other.example/x']);
		} finally {
			globalThis.fetch = original;
		}
		expect(globalThis.fetch).toBe(original);
	});
});
