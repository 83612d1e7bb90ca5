// Node's http.IncomingMessage and http.ServerResponse for one preview request. The request's
// body arrives whole (the preview passes it in one message), so the request is a stream of at
// most one chunk; the response is collected until end() and then handed back as one answer.
import { Buffer } from 'buffer';
import { EventEmitter } from 'events';
import type { JsHttpRequest, JsHttpResponse } from './api.ts';
import { STATUS_CODES } from './http-status.ts';

/** Runs a callback of the program later, as its own task (errors are reported like Node's). */
export type Defer = (run: () => void) => void;

/** An error with Node's `code`, e.g. ERR_HTTP_HEADERS_SENT. */
export function nodeError(
	code: string,
	message: string,
	Type: ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor = Error
): Error & { code: string } {
	return Object.assign(new Type(message), { code });
}

/** The stand-in for the TCP socket a request came on. */
function socketFor(port: number) {
	return {
		remoteAddress: '127.0.0.1',
		remoteFamily: 'IPv4',
		remotePort: 50_000 + Math.floor(Math.random() * 10_000),
		localAddress: '127.0.0.1',
		localPort: port,
		encrypted: false,
		readable: true,
		writable: true,
		setTimeout() {
			return this;
		},
		setNoDelay() {
			return this;
		},
		setKeepAlive() {
			return this;
		},
		destroy() {
			return this;
		}
	};
}

/** The request a handler gets: method, url, headers, and the body as 'data'/'end' or async iteration. */
export class IncomingMessage extends EventEmitter {
	readonly method: string;
	readonly url: string;
	readonly headers: Record<string, string>;
	readonly rawHeaders: string[];
	readonly httpVersion = '1.1';
	readonly httpVersionMajor = 1;
	readonly httpVersionMinor = 1;
	readonly trailers: Record<string, string> = {};
	readonly rawTrailers: string[] = [];
	readonly socket: ReturnType<typeof socketFor>;
	readonly connection: ReturnType<typeof socketFor>;
	complete = false;
	aborted = false;
	readable = true;
	readableEnded = false;
	readonly #body: Buffer;
	readonly #defer: Defer;
	#encoding: BufferEncoding | null = null;
	#scheduled = false;
	#consumed = false;

	constructor(request: JsHttpRequest, port: number, defer: Defer) {
		super();
		this.method = request.method.toUpperCase();
		this.url = request.url;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers))
			headers[name.toLowerCase()] = value;
		headers.host ??= `localhost:${port}`;
		this.headers = headers;
		this.rawHeaders = Object.entries(headers).flat();
		this.#body = Buffer.from(request.body ?? new ArrayBuffer(0));
		this.#defer = defer;
		this.socket = this.connection = socketFor(port);
		// Like a stream in flowing mode: the body flows once someone listens for it.
		this.on('newListener', (event: string) => {
			if (event === 'data' || event === 'end' || event === 'readable') this.#schedule();
		});
	}

	/** Decodes the 'data' chunks to strings. */
	setEncoding(encoding: BufferEncoding = 'utf8'): this {
		this.#encoding = encoding;
		return this;
	}

	resume(): this {
		this.#schedule();
		return this;
	}

	pause(): this {
		return this;
	}

	isPaused(): boolean {
		return false;
	}

	/** The whole body on the first call (after 'readable'), then null. */
	read(): Buffer | string | null {
		if (this.#consumed || this.#body.length === 0) return null;
		this.#consumed = true;
		return this.#chunk();
	}

	/** Writes the body into `destination` and ends it. */
	pipe<T extends { write(chunk: unknown): unknown; end?(): unknown }>(destination: T): T {
		this.on('data', (chunk) => destination.write(chunk));
		this.on('end', () => destination.end?.());
		return destination;
	}

	setTimeout(): this {
		return this;
	}

	destroy(): this {
		this.aborted = true;
		return this;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Buffer | string> {
		if (!this.#consumed && this.#body.length > 0) {
			this.#consumed = true;
			yield this.#chunk();
		}
		this.#consumed = true;
		this.#finish();
	}

	#chunk(): Buffer | string {
		return this.#encoding ? this.#body.toString(this.#encoding) : this.#body;
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		this.#defer(() => {
			if (!this.#consumed) {
				this.#consumed = true;
				if (this.#body.length > 0) {
					this.emit('readable');
					this.emit('data', this.#chunk());
				}
			}
			this.#finish();
		});
	}

	#finish(): void {
		if (this.readableEnded) return;
		this.complete = true;
		this.readableEnded = true;
		this.readable = false;
		this.emit('end');
		this.emit('close');
	}
}

/** A header as the program set it: its name's case and its value. */
interface Header {
	name: string;
	value: string | number | readonly string[];
}

const tokenPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Node's http.validateHeaderName. */
export function validateHeaderName(name: unknown): asserts name is string {
	if (typeof name !== 'string' || !tokenPattern.test(name)) {
		throw nodeError(
			'ERR_INVALID_HTTP_TOKEN',
			`Header name must be a valid HTTP token ["${String(name)}"]`,
			TypeError
		);
	}
}

/** Node's http.validateHeaderValue. */
export function validateHeaderValue(name: string, value: unknown): void {
	if (value === undefined) {
		throw nodeError(
			'ERR_HTTP_INVALID_HEADER_VALUE',
			`Invalid value "undefined" for header "${name}"`,
			TypeError
		);
	}
	if (/[^\t\x20-\x7e\x80-\xff]/.test(String(value))) {
		throw nodeError(
			'ERR_INVALID_CHAR',
			`Invalid character in header content ["${name}"]`,
			TypeError
		);
	}
}

/** The answer a handler writes: status, headers, body; it reaches the preview on end(). */
export class ServerResponse extends EventEmitter {
	readonly req: IncomingMessage;
	readonly socket: IncomingMessage['socket'];
	readonly connection: IncomingMessage['socket'];
	statusCode = 200;
	statusMessage = '';
	sendDate = true;
	headersSent = false;
	finished = false;
	writableEnded = false;
	writableFinished = false;
	writable = true;
	readonly #headers = new Map<string, Header>();
	readonly #chunks: Uint8Array[] = [];
	readonly #answer: (response: JsHttpResponse | null) => void;
	readonly #defer: Defer;

	/** `answer` gets the response when it ends, or null if the handler dropped the connection. */
	constructor(
		req: IncomingMessage,
		answer: (response: JsHttpResponse | null) => void,
		defer: Defer
	) {
		super();
		this.req = req;
		this.socket = this.connection = req.socket;
		this.#answer = answer;
		this.#defer = defer;
	}

	setHeader(name: string, value: string | number | readonly string[]): this {
		this.#checkNotSent('set');
		validateHeaderName(name);
		validateHeaderValue(name, value);
		this.#headers.set(name.toLowerCase(), { name, value });
		return this;
	}

	appendHeader(name: string, value: string | readonly string[]): this {
		const old = this.#headers.get(name.toLowerCase());
		if (!old) return this.setHeader(name, value);
		const list = [old.value, value].flat().map(String);
		return this.setHeader(old.name, list);
	}

	setHeaders(headers: Headers | Map<string, string>): this {
		for (const [name, value] of headers) this.setHeader(name, value);
		return this;
	}

	getHeader(name: string): string | number | readonly string[] | undefined {
		return this.#headers.get(String(name).toLowerCase())?.value;
	}

	getHeaders(): Record<string, string | number | readonly string[]> {
		const headers = Object.create(null) as Record<string, string | number | readonly string[]>;
		for (const [key, { value }] of this.#headers) headers[key] = value;
		return headers;
	}

	getHeaderNames(): string[] {
		return [...this.#headers.keys()];
	}

	hasHeader(name: string): boolean {
		return this.#headers.has(String(name).toLowerCase());
	}

	removeHeader(name: string): void {
		this.#checkNotSent('remove');
		this.#headers.delete(String(name).toLowerCase());
	}

	/** writeHead(status, [reason], [headers]): headers as an object or a flat [name, value, ...] list. */
	writeHead(
		status: number,
		reason?: string | Record<string, string | number | readonly string[]> | readonly string[],
		headers?: Record<string, string | number | readonly string[]> | readonly string[]
	): this {
		if (this.headersSent) {
			throw nodeError(
				'ERR_HTTP_HEADERS_SENT',
				'Cannot write headers after they are sent to the client'
			);
		}
		const code = Number(status);
		if (!Number.isInteger(code) || code < 100 || code > 999) {
			throw nodeError('ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${status}`, RangeError);
		}
		if (typeof reason === 'string') this.statusMessage = reason;
		else headers = reason;
		this.statusCode = code;
		if (Array.isArray(headers)) {
			for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(headers[i]!, headers[i + 1]!);
		} else if (headers) {
			for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
		}
		this.headersSent = true;
		return this;
	}

	flushHeaders(): void {
		this.headersSent = true;
	}

	write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
		const done = typeof encoding === 'function' ? encoding : callback;
		if (this.writableEnded) {
			const error = nodeError('ERR_STREAM_WRITE_AFTER_END', 'write after end');
			// Node reports it as the response's 'error' event, which crashes a program that has no listener.
			this.#defer(() => {
				if (typeof done === 'function') done(error);
				this.emit('error', error);
			});
			return false;
		}
		this.headersSent = true;
		this.#chunks.push(toBytes(chunk, typeof encoding === 'string' ? encoding : 'utf8'));
		if (typeof done === 'function') this.#defer(() => (done as () => void)());
		return true;
	}

	end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
		const done = [chunk, encoding, callback].find((value) => typeof value === 'function') as
			(() => void) | undefined;
		if (this.writableEnded) {
			if (done) this.#defer(done);
			return this;
		}
		if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
			this.write(chunk, typeof encoding === 'string' ? encoding : 'utf8');
		}
		this.headersSent = true;
		this.writableEnded = this.finished = true;
		this.writable = false;
		this.#answer(this.#response());
		this.#defer(() => {
			this.writableFinished = true;
			this.emit('finish');
			this.emit('close');
			done?.();
		});
		return this;
	}

	/** Closes the connection without an answer (the preview shows that the server dropped it). */
	destroy(): this {
		if (!this.writableEnded) {
			this.writableEnded = true;
			this.#answer(null);
			this.#defer(() => this.emit('close'));
		}
		return this;
	}

	setTimeout(): this {
		return this;
	}

	addTrailers(): void {}

	writeContinue(): void {}

	writeProcessing(): void {}

	cork(): void {}

	uncork(): void {}

	#checkNotSent(what: 'set' | 'remove'): void {
		if (this.headersSent) {
			throw nodeError(
				'ERR_HTTP_HEADERS_SENT',
				`Cannot ${what} headers after they are sent to the client`
			);
		}
	}

	#response(): JsHttpResponse {
		const headers: Record<string, string> = {};
		for (const { name, value } of this.#headers.values()) {
			headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
		}
		const size = this.#chunks.reduce((total, part) => total + part.length, 0);
		const body = new Uint8Array(size);
		let at = 0;
		for (const part of this.#chunks) {
			body.set(part, at);
			at += part.length;
		}
		if (!this.statusMessage) this.statusMessage = STATUS_CODES[this.statusCode] ?? 'unknown';
		return { status: this.statusCode, headers, body };
	}
}

function toBytes(chunk: unknown, encoding: string): Uint8Array {
	if (typeof chunk === 'string') return Buffer.from(chunk, encoding as BufferEncoding);
	if (chunk instanceof Uint8Array) return new Uint8Array(chunk);
	if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk.slice(0));
	const type = chunk === null ? 'null' : typeof chunk;
	throw nodeError(
		'ERR_INVALID_ARG_TYPE',
		`The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ${type === 'object' ? 'an instance of ' + ((chunk as object).constructor?.name ?? 'Object') : 'type ' + type}`,
		TypeError
	);
}
