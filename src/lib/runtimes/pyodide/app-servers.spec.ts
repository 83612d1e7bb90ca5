// The main thread's side of a Python web app: what the preview gets while the program serves,
// when it is too slow, and when it stops with requests still waiting.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { currentPreviewApp } from '#lib/preview/apps.ts';
import { PREVIEW_REQUEST, type PreviewRequest } from '#lib/preview/protocol.ts';
import { Workspace } from '#lib/workspace/index.ts';
import { PythonAppServers } from './app-servers.ts';
import { createChannelBuffer } from './channel.ts';
import { RequestReader, RequestWriter } from './request-channel.ts';

const get = (path: string): PreviewRequest => ({
	type: PREVIEW_REQUEST,
	workspace: 'ws',
	method: 'GET',
	path,
	search: '',
	headers: {},
	body: null
});

function setUp(timeoutMs = 30_000) {
	const fs = new Workspace(new Y.Doc());
	const buffer = createChannelBuffer();
	const servers = new PythonAppServers(fs, { timeoutMs });
	const reader = new RequestReader(buffer, { beforeBlocking: () => {}, taken: () => {} });
	servers.begin(new RequestWriter(buffer));
	return { fs, servers, reader };
}

/** The id bytestorm_wsgi.py would read from a request in the mailbox. */
function idOf(message: Uint8Array): number {
	const size = new DataView(message.buffer, message.byteOffset).getUint32(0);
	return (JSON.parse(new TextDecoder().decode(message.subarray(4, 4 + size))) as { id: number }).id;
}

describe('a Python program serving the preview', () => {
	it('serves the preview while it listens, with the answers the worker sends', async () => {
		const { fs, servers, reader } = setUp();
		expect(currentPreviewApp(fs)).toBeNull();
		servers.handle({ kind: 'listen', port: 8000, label: 'app.py (WSGI, port 8000)' });
		expect(currentPreviewApp(fs)?.label).toBe('app.py (WSGI, port 8000)');
		const answer = currentPreviewApp(fs)!.serve(get('hello'));
		const message = reader.take(0);
		expect(message).toBeInstanceOf(Uint8Array);
		servers.handle({
			kind: 'response',
			id: idOf(message as Uint8Array),
			status: 200,
			headers: [['Content-Type', 'text/plain']],
			body: new TextEncoder().encode('hi')
		});
		const response = await answer;
		expect(response.status).toBe(200);
		expect(new TextDecoder().decode(response.body as Uint8Array)).toBe('hi');
		servers.handle({ kind: 'close', port: 8000 });
		expect(currentPreviewApp(fs)).toBeNull();
	});

	it('answers a request the app is too slow for with a timeout page', async () => {
		const { fs, servers } = setUp(50);
		servers.handle({ kind: 'listen', port: 8000, label: 'app.py (WSGI, port 8000)' });
		const response = await currentPreviewApp(fs)!.serve(get('slow'));
		expect(response.status).toBe(504);
		expect(response.body).toContain(
			'app.py (WSGI, port 8000) did not answer GET /slow within 0 seconds'
		);
		// A late answer is dropped, not delivered to anyone.
		servers.handle({ kind: 'response', id: 1, status: 200, headers: [], body: new Uint8Array() });
	});

	it('gives waiting requests an error page when the run ends, and the preview back to the files', async () => {
		const { fs, servers } = setUp();
		servers.handle({ kind: 'listen', port: 8000, label: 'app.py (WSGI, port 8000)' });
		const first = currentPreviewApp(fs)!.serve(get('a'));
		const second = currentPreviewApp(fs)!.serve(get('b'));
		servers.end();
		for (const response of await Promise.all([first, second])) {
			expect(response.status).toBe(503);
			expect(response.body).toContain('stopped before it answered');
		}
		expect(currentPreviewApp(fs)).toBeNull();
	});
});
