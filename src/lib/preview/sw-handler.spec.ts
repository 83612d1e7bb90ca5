// Root-relative URLs of a preview page: the service worker keeps them in that page's preview.
import { describe, expect, it } from 'vitest';
import { previewResponse, type PreviewScope } from './sw-handler.ts';

const origin = 'http://bytestorm.test';
const noPages: PreviewScope = { clients: { matchAll: async () => [] } };

function from(referrer: string, url: string, init: RequestInit = {}): Request {
	return new Request(`${origin}${url}`, { ...init, referrer: `${origin}${referrer}` });
}

describe('root-relative URLs of preview pages', () => {
	it('sends a preview page’s /api/items to its workspace’s preview, method kept', async () => {
		const response = await previewResponse(
			noPages,
			from('/preview/ws%201/shop/', '/api/items?x=1', { method: 'POST', body: 'a=1' })
		);
		expect(response?.status).toBe(307);
		expect(response?.headers.get('location')).toBe(`${origin}/preview/ws%201/api/items?x=1`);
	});

	it('leaves the app’s own requests alone', () => {
		expect(previewResponse(noPages, from('/w/ws1', '/api/health'))).toBeUndefined();
		expect(previewResponse(noPages, new Request(`${origin}/_app/x.js`))).toBeUndefined();
		// Another site's file that a preview page loads is not the app's.
		const elsewhere = new Request('http://cdn.test/lib.js', { referrer: `${origin}/preview/ws1/` });
		expect(previewResponse(noPages, elsewhere)).toBeUndefined();
	});
});
