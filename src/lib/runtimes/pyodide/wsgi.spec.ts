// A WSGI app serving the preview, with a real Pyodide in Node: requests go through the shared
// mailbox exactly as the page sends them, answers come back as the worker's events.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PreviewRequest } from '#lib/preview/index.ts';
import { PREVIEW_REQUEST } from '#lib/preview/protocol.ts';
import type { AppServerEvent } from './api.ts';
import { decodeResponse, encodeRequest } from './app-servers.ts';
import { REQUEST_CHUNK_BYTES, RequestReader, RequestWriter } from './request-channel.ts';
import { TestPython } from './testing.ts';

const python = new TestPython();
const writer = new RequestWriter(python.buffer);
let events: AppServerEvent[] = [];

beforeAll(async () => {
	await python.boot();
	python.hooks.onAppServer = (event) => {
		events.push(event);
		if (event.kind === 'taken') writer.pump();
	};
}, 60_000);

function request(path: string, init: Partial<PreviewRequest> = {}): PreviewRequest {
	return {
		type: PREVIEW_REQUEST,
		workspace: 'ws1',
		method: 'GET',
		path,
		search: '',
		headers: {},
		body: null,
		...init
	};
}

/** Queues `requests` for port 8000, then runs app.py, which answers `count` of them. */
function serve(source: string, requests: PreviewRequest[]) {
	events = [];
	writer.reset();
	requests.forEach((each, index) => writer.send(encodeRequest(index + 1, 8000, each)));
	python.files({ 'app.py': source });
	const result = python.run(['python', 'app.py']);
	const responses = new Map(
		events.flatMap((event) =>
			event.kind === 'response' ? [[event.id, decodeResponse(event)] as const] : []
		)
	);
	const text = (id: number) => new TextDecoder().decode(responses.get(id)!.body as Uint8Array);
	return { result, responses, text };
}

const ECHO_APP = `
from wsgiref.simple_server import make_server
import json

def app(environ, start_response):
    if environ["PATH_INFO"] == "/boom":
        raise ValueError("boom on purpose")
    body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"] or 0))
    keys = ["REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH",
            "SCRIPT_NAME", "SERVER_PORT", "HTTP_X_TOKEN", "wsgi.url_scheme"]
    report = {key: environ.get(key) for key in keys}
    report["body_length"] = len(body)
    report["body_start"] = body[:20].decode("latin-1")
    report["errors_is_stderr"] = environ["wsgi.errors"] is __import__("sys").stderr
    start_response("201 Created", [("Content-Type", "application/json"), ("X-A", "1"), ("x-a", "2")])
    return [json.dumps(report).encode()]

server = make_server("", 8000, app)
for _ in range(COUNT):
    server.handle_request()
server.server_close()
`;

describe('a WSGI app on the preview', () => {
	it('gets a correct environ and answers with its status, headers and body', () => {
		const { result, responses, text } = serve(ECHO_APP.replace('COUNT', '2'), [
			request('items/é', { search: '?a=1&b=2', headers: { 'x-token': 'secret' } }),
			request('form', {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new TextEncoder().encode('name=Ada&lang=py').buffer as ArrayBuffer
			})
		]);
		expect(result.code).toBe(0);
		expect(responses.get(1)!.status).toBe(201);
		expect(responses.get(1)!.headers).toEqual({
			'Content-Type': 'application/json',
			'X-A': '1, 2'
		});
		expect(JSON.parse(text(1))).toEqual({
			REQUEST_METHOD: 'GET',
			// PEP 3333: the UTF-8 bytes of the path, one latin-1 character each.
			PATH_INFO: '/items/\u00c3\u00a9',
			QUERY_STRING: 'a=1&b=2',
			CONTENT_TYPE: '',
			CONTENT_LENGTH: '',
			SCRIPT_NAME: '/preview/ws1',
			SERVER_PORT: '8000',
			HTTP_X_TOKEN: 'secret',
			'wsgi.url_scheme': 'http',
			body_length: 0,
			body_start: '',
			errors_is_stderr: true
		});
		expect(JSON.parse(text(2))).toMatchObject({
			REQUEST_METHOD: 'POST',
			CONTENT_TYPE: 'application/x-www-form-urlencoded',
			CONTENT_LENGTH: '16',
			body_start: 'name=Ada&lang=py'
		});
		expect(result.stderr).toMatch(
			/^Serving app\.py on the preview \(port 8000\) — press Ctrl\+C to stop\n/
		);
		expect(result.stderr).toMatch(
			/127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4} [\d:]{8}\] "GET \/items\/\u00c3\u00a9\?a=1&b=2 HTTP\/1\.1" 201 \d+\n/
		);
		expect(result.stderr).toMatch(/"POST \/form HTTP\/1\.1" 201 \d+\n/);
		expect(events.filter((event) => event.kind === 'listen')).toEqual([
			{ kind: 'listen', port: 8000, label: 'app.py (WSGI, port 8000)' }
		]);
		expect(events.at(-1)).toEqual({ kind: 'close', port: 8000 });
	});

	it('takes a request body larger than one mailbox chunk', () => {
		const big = new Uint8Array(REQUEST_CHUNK_BYTES * 2 + 123).fill(0x61);
		big.set(new TextEncoder().encode('START'), 0);
		const { responses, text } = serve(ECHO_APP.replace('COUNT', '1'), [
			request('upload', { method: 'POST', body: big.buffer })
		]);
		expect(responses.get(1)!.status).toBe(201);
		expect(JSON.parse(text(1))).toMatchObject({
			body_length: big.length,
			body_start: 'START' + 'a'.repeat(15)
		});
	});

	it('answers an exception with a 500 page and its last line, and keeps serving', () => {
		const { result, responses, text } = serve(ECHO_APP.replace('COUNT', '2'), [
			request('boom'),
			request('after')
		]);
		expect(result.code).toBe(0);
		expect(responses.get(1)!.status).toBe(500);
		expect(text(1)).toContain('ValueError: boom on purpose');
		expect(result.stderr).toMatch(
			/Traceback \(most recent call last\):\n[\s\S]*File "app\.py", line \d+, in app\n[\s\S]*ValueError: boom on purpose\n/
		);
		expect(result.stderr).toMatch(/"GET \/boom HTTP\/1\.1" 500 \d+/);
		// The traceback starts at the app, as the author wrote it.
		expect(result.stderr).toMatch(/Traceback \(most recent call last\):\n {2}File "app\.py"/);
		expect(responses.get(2)!.status).toBe(201);
	});

	it('says what is wrong with an app that breaks WSGI, as a 500 page', () => {
		const { responses, text } = serve(
			`
import bytestorm_wsgi
from wsgiref.simple_server import make_server

def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/str":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return ["text, not bytes"]
    if path == "/bare":
        start_response("200 OK", [])
        return "a bare string"
    if path == "/forgot":
        return [b"no start_response"]
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return [b"x" * (5 * 1024 * 1024)]

server = make_server("", 8000, app)
for _ in range(4):
    server.handle_request()
`,
			[request('str'), request('bare'), request('forgot'), request('big')]
		);
		expect(responses.get(1)!.status).toBe(500);
		expect(text(1)).toContain('TypeError: the app&#x27;s response must be bytes, not str');
		expect(text(2)).toContain('TypeError: the app returned a str');
		expect(text(3)).toContain(
			'RuntimeError: the app returned without calling start_response(status, headers)'
		);
		expect(responses.get(4)!.status).toBe(200);
		expect((responses.get(4)!.body as Uint8Array).length).toBe(5 * 1024 * 1024);
	});

	it('serves with bytestorm.serve until Ctrl+C, which ends it with KeyboardInterrupt', async () => {
		events = [];
		writer.reset();
		python.files({
			'app.py':
				'import bytestorm\n\ndef app(environ, start_response):\n    start_response("200 OK", [])\n    return [b"ok"]\n\nbytestorm.serve(app, port=8080)\n'
		});
		await python.interruptAfter(400);
		const result = python.run(['python', 'app.py']);
		expect(result.code).toBe(130);
		expect(result.stderr).toMatch(/Serving app\.py on the preview \(port 8080\)/);
		expect(result.stderr).toMatch(/\nKeyboardInterrupt\n$/);
		expect(events).toEqual([
			{ kind: 'listen', port: 8080, label: 'app.py (WSGI, port 8080)' },
			{ kind: 'close', port: 8080 }
		]);
	});

	it('ends serve_forever when the app calls shutdown(), and closes the server after a with', () => {
		const { result, responses } = serve(
			`
from wsgiref.simple_server import make_server

def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    if environ["PATH_INFO"] == "/stop":
        server.shutdown()
    return [b"bye"]

with make_server("", 8000, app) as server:
    server.serve_forever()
print("after serve_forever")
`,
			[request('a'), request('stop')]
		);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('after serve_forever\n');
		expect([responses.get(1)?.status, responses.get(2)?.status]).toEqual([200, 200]);
		expect(events.filter((event) => event.kind !== 'taken').map((event) => event.kind)).toEqual([
			'listen',
			'response',
			'response',
			'close'
		]);
	});

	it('refuses a second server on the same port, as a bound socket would', () => {
		const result = python.python(
			'from wsgiref.simple_server import make_server\napp = lambda e, s: []\nmake_server("", 8000, app)\nmake_server("", 8000, app)'
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/OSError: \[Errno 98\] Address already in use\n$/);
	});
});

describe('the request mailbox', () => {
	it('hands over whole requests in order, in chunks', () => {
		const buffer = new SharedArrayBuffer(python.buffer.byteLength);
		const mailbox = new RequestWriter(buffer);
		const reader = new RequestReader(buffer, {
			beforeBlocking: () => {},
			taken: () => mailbox.pump()
		});
		expect(reader.take(0)).toBe('timeout');
		const long = new Uint8Array(REQUEST_CHUNK_BYTES + 10).fill(7);
		mailbox.send(new Uint8Array([1, 2, 3]));
		mailbox.send(long);
		expect(reader.take(0)).toEqual(new Uint8Array([1, 2, 3]));
		expect(reader.take(0)).toEqual(long);
		expect(reader.take(0)).toBe('timeout');
	});
});
