import { describe, expect, it } from 'vitest';
import type { JsHttpRequest, JsServerInfo } from './api.ts';
import { EventLoop } from './event-loop.ts';
import type { IncomingMessage, ServerResponse } from './http-messages.ts';
import { createHttp } from './http-module.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Server {
	listen(...args: unknown[]): Server;
	close(callback?: (error?: Error) => void): Server;
	address(): { address: string; family: string; port: number } | null;
	on(event: string, listener: (...args: never[]) => void): Server;
	listening: boolean;
}
interface Http {
	createServer(handler?: Handler): Server;
	STATUS_CODES: Record<number, string>;
	METHODS: string[];
	request(url: string): unknown;
}

const decoder = new TextDecoder();
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The http module of a run, with what it told the page and what the program threw. */
function run() {
	let idle = 0;
	const loop = new EventLoop(() => idle++);
	const listening: JsServerInfo[] = [];
	const closed: number[] = [];
	const uncaught: unknown[] = [];
	const guard = (callback: () => void) => {
		try {
			callback();
		} catch (error) {
			uncaught.push(error);
		}
	};
	const runtime = createHttp({
		loop,
		defer: (callback) => void setTimeout(() => guard(callback), 0),
		guard,
		script: 'server.js',
		listening: (server) => listening.push(server),
		closed: (id) => closed.push(id)
	});
	loop.start();
	return {
		http: runtime.module as unknown as Http,
		dispatch: runtime.dispatch,
		listening,
		closed,
		uncaught,
		idle: () => idle
	};
}

function get(url: string, headers: Record<string, string> = {}): JsHttpRequest {
	return { method: 'GET', url, headers, body: null };
}

describe('http in the offline runtime', () => {
	it('listens, tells the page, and answers a request with status, headers and body', async () => {
		const { http, dispatch, listening } = run();
		const seen: string[] = [];
		const server = http.createServer((req, res) => {
			seen.push(`${req.method} ${req.url} ${req.headers['x-name']} ${req.httpVersion}`);
			res.setHeader('X-Powered-By', 'test');
			expect(res.getHeader('x-powered-by')).toBe('test');
			expect(res.hasHeader('X-POWERED-BY')).toBe(true);
			res.setHeader('X-Gone', '1');
			res.removeHeader('x-gone');
			res.writeHead(201, { 'Content-Type': 'text/plain' });
			res.write('hello ');
			expect(res.headersSent).toBe(true);
			res.end(Buffer.from('world'));
			res.on('finish', () => seen.push('finish'));
		});
		let called = false;
		server.listen(3000, () => (called = true));
		expect(listening).toEqual([{ id: 1, port: 3000, script: 'server.js' }]);
		await tick();
		expect(called).toBe(true);
		expect(server.address()).toEqual({ address: '::', family: 'IPv6', port: 3000 });
		const response = await dispatch(1, get('/hi?x=1', { 'X-Name': 'Ada' }));
		expect(response.status).toBe(201);
		expect(response.headers).toEqual({ 'X-Powered-By': 'test', 'Content-Type': 'text/plain' });
		expect(decoder.decode(response.body)).toBe('hello world');
		await tick();
		expect(seen).toEqual(['GET /hi?x=1 Ada 1.1', 'finish']);
	});

	it('gives the body as data and end events, as a string with setEncoding, and to for await', async () => {
		const { http, dispatch } = run();
		http
			.createServer((req, res) => {
				if (req.url === '/iterate') {
					void (async () => {
						const chunks: Buffer[] = [];
						for await (const chunk of req) chunks.push(chunk as Buffer);
						res.end(`iterated ${Buffer.concat(chunks).toString()}`);
					})();
					return;
				}
				let body = '';
				req.setEncoding('utf8');
				req.on('data', (chunk: string) => (body += chunk));
				req.on('end', () => {
					const data = JSON.parse(body) as { name: string };
					res.writeHead(200, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ echo: data.name, type: req.headers['content-type'] }));
				});
			})
			.listen(8080);
		const body = new TextEncoder().encode(JSON.stringify({ name: 'Grace' })).buffer;
		const posted = await dispatch(1, {
			method: 'POST',
			url: '/echo',
			headers: { 'content-type': 'application/json' },
			body
		});
		expect(JSON.parse(decoder.decode(posted.body))).toEqual({
			echo: 'Grace',
			type: 'application/json'
		});
		const iterated = await dispatch(1, {
			method: 'PUT',
			url: '/iterate',
			headers: {},
			body: new TextEncoder().encode('abc').buffer
		});
		expect(decoder.decode(iterated.body)).toBe('iterated abc');
	});

	it('refuses header changes once the headers are sent, as Node does', async () => {
		const { http, dispatch } = run();
		const errors: string[] = [];
		http
			.createServer((_req, res) => {
				res.write('x');
				for (const change of [
					() => res.setHeader('A', '1'),
					() => res.writeHead(500),
					() => res.removeHeader('A')
				]) {
					try {
						change();
					} catch (error) {
						errors.push((error as { code: string }).code);
					}
				}
				res.end();
			})
			.listen(1);
		expect((await dispatch(1, get('/'))).status).toBe(200);
		expect(errors).toEqual([
			'ERR_HTTP_HEADERS_SENT',
			'ERR_HTTP_HEADERS_SENT',
			'ERR_HTTP_HEADERS_SENT'
		]);
	});

	it('keeps the program alive while listening; close lets it end and tells the page', async () => {
		const { http, closed, idle } = run();
		const server = http.createServer();
		server.listen(3000);
		await tick();
		expect(idle()).toBe(0);
		let closedCallback = false;
		server.close(() => (closedCallback = true));
		expect(server.listening).toBe(false);
		expect(server.address()).toBeNull();
		expect(closed).toEqual([1]);
		await tick();
		expect(closedCallback).toBe(true);
		expect(idle()).toBeGreaterThan(0);
		let notRunning = '';
		server.close((error) => (notRunning = (error as unknown as { code: string }).code));
		await tick();
		expect(notRunning).toBe('ERR_SERVER_NOT_RUNNING');
	});

	it('reports a port in use as an error event and refuses a bad port', async () => {
		const { http, uncaught } = run();
		http.createServer().listen(3000);
		const errors: string[] = [];
		http
			.createServer()
			.on('error', (error: Error) => errors.push(error.message))
			.listen(3000);
		await tick();
		expect(errors).toEqual(['listen EADDRINUSE: address already in use :::3000']);
		expect(() => http.createServer().listen(70000)).toThrow(RangeError);
		// With no 'error' listener the error is uncaught, and the program crashes (as in Node).
		http.createServer().listen(3000);
		await tick();
		expect(uncaught).toHaveLength(1);
	});

	it('lets an error thrown by a handler go uncaught, and a destroyed response reject', async () => {
		const { http, dispatch, uncaught } = run();
		http
			.createServer((req, res) => {
				if (req.url === '/drop') return void res.destroy();
				throw new Error('handler broke');
			})
			.listen(3000);
		void dispatch(1, get('/'));
		expect(uncaught.map((error) => (error as Error).message)).toEqual(['handler broke']);
		await expect(dispatch(1, get('/drop'))).rejects.toThrow(/closed the connection/);
		await expect(dispatch(7, get('/'))).rejects.toThrow(/no longer listening/);
	});

	it('has Node’s status codes and methods, and says that it cannot make requests', () => {
		const { http } = run();
		expect(http.STATUS_CODES[404]).toBe('Not Found');
		expect(http.STATUS_CODES[418]).toBe("I'm a Teapot");
		expect(http.METHODS).toContain('PATCH');
		expect(() => http.request('http://example.com')).toThrow(
			/http\.request\(\) cannot reach other servers from the offline JavaScript runtime/
		);
	});
});
