import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { currentPreviewApp } from '#lib/preview/apps.ts';
import { PREVIEW_REQUEST, type PreviewRequest } from '#lib/preview/protocol.ts';
import { Workspace } from '#lib/workspace/index.ts';
import type { JsHttpRequest, JsHttpResponse } from './api.ts';
import { RunServers } from './preview-servers.ts';

const encoder = new TextEncoder();

function request(path: string, method = 'GET'): PreviewRequest {
	return {
		type: PREVIEW_REQUEST,
		workspace: 'ws',
		method,
		path,
		search: '',
		headers: {},
		body: null
	};
}

/** A run's servers on a real workspace, with a worker that answers through `answer`. */
function servers(answer: (request: JsHttpRequest) => Promise<JsHttpResponse>, timeoutMs = 1000) {
	const fs = new Workspace(new Y.Doc());
	const notices: string[] = [];
	const sent: JsHttpRequest[] = [];
	const run = new RunServers(fs, {
		request: (_id, req) => {
			sent.push(req);
			return answer(req);
		},
		notice: (text) => notices.push(text),
		timeoutMs
	});
	const serve = (path: string) => currentPreviewApp(fs)!.serve(request(path));
	return { fs, run, notices, sent, serve };
}

const html = (text: string): Promise<JsHttpResponse> =>
	Promise.resolve({
		status: 200,
		headers: { 'Content-Type': 'text/html', 'Content-Length': String(text.length) },
		body: encoder.encode(text)
	});

describe('a run’s servers on the preview', () => {
	it('serves the preview while listening, the page as the program sent it', async () => {
		const { fs, run, notices, sent, serve } = servers(() => html('<html><head></head>hi</html>'));
		run.listening({ id: 1, port: 3000, script: 'server.js' });
		expect(currentPreviewApp(fs)?.label).toBe('server.js (Node http, port 3000)');
		expect(notices).toEqual(['Server on the preview (port 3000)']);
		const page = await serve('my page/x');
		expect(sent[0]!.url).toBe('/my%20page/x');
		expect(page.headers).toEqual({ 'Content-Type': 'text/html' });
		// The console bridge is PreviewHost's to add, for every runtime's pages.
		expect(new TextDecoder().decode(page.body as Uint8Array)).toBe('<html><head></head>hi</html>');
		run.closed(1);
		expect(currentPreviewApp(fs)).toBeNull();
	});

	it('answers a request the handler never ends with a timeout page', async () => {
		const { run, serve } = servers(() => new Promise(() => {}), 30);
		run.listening({ id: 1, port: 3000, script: 'server.js' });
		const page = await serve('slow');
		expect(page.status).toBe(504);
		expect(String(page.body)).toContain('server.js took longer than 0 seconds to answer GET /slow');
	});

	it('after Ctrl+C, answers what was in flight and gives the preview back to the files', async () => {
		const { fs, run, notices, serve } = servers(() => new Promise(() => {}));
		run.listening({ id: 1, port: 3000, script: 'server.js' });
		const inFlight = serve('');
		run.end({ kind: 'signal' });
		expect((await inFlight).status).toBe(502);
		expect(currentPreviewApp(fs)).toBeNull();
		expect(notices.at(-1)).toBe('The server stopped; the preview shows your files again.');
	});

	it('after a crash, says on the preview that the server stopped until the next run', async () => {
		const { fs, run, serve } = servers(() => new Promise(() => {}));
		run.listening({ id: 1, port: 3000, script: 'server.js' });
		const inFlight = serve('boom');
		const clear = run.end({ kind: 'exit', code: 1 });
		const crashed = await inFlight;
		expect(crashed.status).toBe(502);
		expect(String(crashed.body)).toContain(
			'server.js is not running any more: it ended with exit code 1 (the terminal shows why).'
		);
		expect(currentPreviewApp(fs)?.label).toBe('server.js (stopped, port 3000)');
		expect((await serve('')).status).toBe(502);
		clear();
		expect(currentPreviewApp(fs)).toBeNull();
	});
});
