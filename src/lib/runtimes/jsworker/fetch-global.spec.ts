import { describe, expect, it } from 'vitest';
import { createFetch } from './fetch-global.ts';

describe('fetch in the offline runtime', () => {
	it('refuses relative URLs as Node does, and says where localhost servers are', async () => {
		const fetch = createFetch(async () => new Response('unexpected'));
		await expect(fetch('/api/items')).rejects.toThrow('Failed to parse URL from /api/items');
		await expect(fetch('http://localhost:3000/')).rejects.toThrow(
			/http:\/\/localhost:3000\/ is not reachable from the offline JavaScript runtime: a server a program starts here answers the preview/
		);
	});

	it('passes other sites to the browser, and explains a failure', async () => {
		const ok = createFetch(async (input) => new Response(`got ${String(input)}`));
		expect(await (await ok('https://example.com/a')).text()).toBe('got https://example.com/a');
		const offline = createFetch(async () => {
			throw new TypeError('Failed to fetch');
		});
		await expect(offline('https://example.com/a')).rejects.toThrow(
			/fetch failed: the offline JavaScript runtime could not reach https:\/\/example\.com\/a/
		);
	});
});
