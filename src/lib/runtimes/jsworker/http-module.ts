// Node's `http` for one run: http.createServer() and server.listen() put the program's server on
// the workspace's preview. There are no sockets: listening tells the page (which registers the
// server with the preview), and each preview request arrives as a message that dispatch() turns
// into the 'request' event. A listening server, and each request in flight, keeps the program
// alive, as an open socket does in Node.
import { EventEmitter } from 'events';
import type { JsHttpRequest, JsHttpResponse, JsServerInfo } from './api.ts';
import { UnsupportedFeatureError } from './errors.ts';
import { HandleRef, type EventLoop } from './event-loop.ts';
import {
	IncomingMessage,
	nodeError,
	ServerResponse,
	validateHeaderName,
	validateHeaderValue,
	type Defer
} from './http-messages.ts';
import { METHODS, STATUS_CODES } from './http-status.ts';

/** What the http module needs from the run. */
export interface HttpHost {
	loop: EventLoop;
	/** Runs a program callback later, as its own task; an error in it is uncaught, as in Node. */
	defer: Defer;
	/** Runs a program callback now; an error in it is uncaught, as in Node. */
	guard(run: () => void): void;
	/** The program's main file, relative to the workspace. */
	script: string;
	listening(server: JsServerInfo): void;
	closed(id: number): void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Ports Node hands out for listen(0). */
const EPHEMERAL = { from: 49_152, to: 65_535 };

/** The run's `http` module and the entry point for preview requests. */
export interface HttpRuntime {
	module: Record<string, unknown>;
	/** Passes a request to a listening server; resolves with its response once it has ended. */
	dispatch(id: number, request: JsHttpRequest): Promise<JsHttpResponse>;
}

/** Makes the `http` module of one run. */
export function createHttp(host: HttpHost): HttpRuntime {
	const listening = new Map<number, Server>();
	let nextId = 1;

	class Server extends EventEmitter {
		timeout = 0;
		keepAliveTimeout = 5000;
		headersTimeout = 60_000;
		requestTimeout = 300_000;
		maxHeadersCount: number | null = null;
		#id = 0;
		#port = 0;
		#host: string | null = null;
		readonly #keepAlive = new HandleRef(host.loop);

		constructor(options?: object | Handler, handler?: Handler) {
			super();
			const listener = typeof options === 'function' ? options : handler;
			if (listener) this.on('request', listener as (...args: unknown[]) => void);
		}

		get listening(): boolean {
			return this.#id !== 0;
		}

		/** listen([port], [host], [backlog], [callback]) or listen({ port, host }, [callback]). */
		listen(...args: unknown[]): this {
			const callback = args.findLast((arg) => typeof arg === 'function') as
				(() => void) | undefined;
			const rest = args.filter((arg) => typeof arg !== 'function');
			let [port, address] = rest as [unknown, unknown];
			if (typeof port === 'object' && port !== null) {
				({ port, host: address } = port as { port?: unknown; host?: unknown });
			}
			if (this.listening) {
				throw nodeError(
					'ERR_SERVER_ALREADY_LISTEN',
					'Listen method has been called more than once without closing.'
				);
			}
			const wanted = port === undefined || port === null ? 0 : Number(port);
			if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65_535) {
				throw nodeError(
					'ERR_SOCKET_BAD_PORT',
					`options.port should be >= 0 and < 65536. Received ${typeof port} (${String(port)}).`,
					RangeError
				);
			}
			if (callback) this.once('listening', callback);
			const bound = wanted === 0 ? freePort() : wanted;
			const hostname = typeof address === 'string' && address !== '' ? address : null;
			if (portTaken(bound)) {
				const error = Object.assign(
					nodeError(
						'EADDRINUSE',
						`listen EADDRINUSE: address already in use ${hostname ?? '::'}:${bound}`
					),
					{ errno: -98, syscall: 'listen', address: hostname ?? '::', port: bound }
				);
				host.defer(() => this.emit('error', error));
				return this;
			}
			this.#id = nextId++;
			this.#port = bound;
			this.#host = hostname;
			listening.set(this.#id, this);
			this.#keepAlive.activate();
			host.listening({ id: this.#id, port: bound, script: host.script });
			host.defer(() => this.emit('listening'));
			return this;
		}

		/** Stops listening: the preview goes back to the files; `callback` runs after 'close'. */
		close(callback?: (error?: Error) => void): this {
			if (!this.listening) {
				const error = nodeError('ERR_SERVER_NOT_RUNNING', 'Server is not running.');
				if (callback) host.defer(() => callback(error));
				return this;
			}
			const id = this.#id;
			listening.delete(id);
			this.#id = 0;
			this.#keepAlive.deactivate();
			host.closed(id);
			host.defer(() => {
				this.emit('close');
				callback?.();
			});
			return this;
		}

		address(): { address: string; family: string; port: number } | null {
			if (!this.listening) return null;
			const address = this.#host ?? '::';
			const family = address.includes(':') ? 'IPv6' : 'IPv4';
			return { address, family, port: this.#port };
		}

		ref(): this {
			this.#keepAlive.ref(this.listening);
			return this;
		}

		unref(): this {
			this.#keepAlive.unref();
			return this;
		}

		setTimeout(): this {
			return this;
		}

		closeAllConnections(): void {}

		closeIdleConnections(): void {}

		getConnections(callback: (error: Error | null, count: number) => void): this {
			host.defer(() => callback(null, 0));
			return this;
		}

		/** The port, for dispatch. */
		get port(): number {
			return this.#port;
		}
	}

	function portTaken(port: number): boolean {
		for (const server of listening.values()) if (server.port === port) return true;
		return false;
	}

	function freePort(): number {
		for (;;) {
			const port = EPHEMERAL.from + Math.floor(Math.random() * (EPHEMERAL.to - EPHEMERAL.from));
			if (!portTaken(port)) return port;
		}
	}

	const noNetwork = (what: string) => () => {
		throw new UnsupportedFeatureError(
			`${what} cannot reach other servers from the offline JavaScript runtime: a program here can serve the preview (http.createServer) but has no network of its own. Run it with the online runtime (WebContainers) or in a cloud sandbox.`
		);
	};

	const module: Record<string, unknown> = {
		createServer: (options?: object | Handler, handler?: Handler) => new Server(options, handler),
		Server,
		IncomingMessage,
		ServerResponse,
		OutgoingMessage: ServerResponse,
		STATUS_CODES,
		METHODS,
		maxHeaderSize: 16_384,
		validateHeaderName,
		validateHeaderValue,
		request: noNetwork('http.request()'),
		get: noNetwork('http.get()'),
		Agent: class Agent {
			constructor() {
				noNetwork('http.Agent')();
			}
		},
		globalAgent: null
	};
	module.default = module;

	return {
		module,
		dispatch(id, request) {
			const server = listening.get(id);
			if (!server) {
				return Promise.reject(new Error('The server is no longer listening.'));
			}
			return new Promise((resolve, reject) => {
				// A request in flight holds the program open, as its socket does in Node.
				const ref = host.loop.ref();
				const req = new IncomingMessage(request, server.port, host.defer);
				const res = new ServerResponse(
					req,
					(response) => {
						ref.release();
						if (response) resolve(response);
						else reject(new Error('The server closed the connection without an answer.'));
					},
					host.defer
				);
				host.guard(() => server.emit('request', req, res));
			});
		}
	};
}
