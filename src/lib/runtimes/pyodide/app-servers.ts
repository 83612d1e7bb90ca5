// The main thread's side of a Python program serving a web app: while the program listens, the
// workspace's preview asks it (servePreviewApp); each request goes to the worker through the
// shared mailbox (request-channel.ts) and its answer comes back as a worker event.
import { errorPage, previewUrl, servePreviewApp } from '#lib/preview/index.ts';
import type { PreviewRequest, PreviewResponse } from '#lib/preview/index.ts';
import { PREVIEW_APP_TIMEOUT_MS } from '#lib/preview/protocol.ts';
import type { FileSystem } from '#lib/workspace/index.ts';
import type { AppServerEvent } from './api.ts';
import type { RequestWriter } from './request-channel.ts';

interface Pending {
	readonly port: number;
	readonly resolve: (response: PreviewResponse) => void;
	readonly timer: ReturnType<typeof setTimeout>;
}

interface Listening {
	readonly label: string;
	readonly stop: () => void;
}

const encoder = new TextEncoder();

/** The servers of the current Python run and the requests waiting for them. */
export class PythonAppServers {
	readonly #fs: FileSystem;
	readonly #timeoutMs: number;
	readonly #servers = new Map<number, Listening>();
	readonly #pending = new Map<number, Pending>();
	#writer: RequestWriter | null = null;
	#nextId = 1;

	constructor(fs: FileSystem, options: { timeoutMs?: number } = {}) {
		this.#fs = fs;
		this.#timeoutMs = options.timeoutMs ?? PREVIEW_APP_TIMEOUT_MS;
	}

	/** A run starts, with the worker's mailbox (null: no shared memory, the program cannot serve). */
	begin(writer: RequestWriter | null): void {
		this.end();
		this.#writer = writer;
		writer?.reset();
	}

	/** Handles one report of the worker's server (WorkerEvents.appServer). */
	handle(event: AppServerEvent): void {
		switch (event.kind) {
			case 'listen':
				if (this.#servers.has(event.port)) return;
				this.#servers.set(event.port, {
					label: event.label,
					stop: servePreviewApp(
						this.#fs,
						(request) => this.#ask(event.port, event.label, request),
						event.label
					)
				});
				return;
			case 'close':
				this.#close(event.port);
				return;
			case 'response': {
				const pending = this.#pending.get(event.id);
				if (!pending) return; // it timed out already
				this.#pending.delete(event.id);
				clearTimeout(pending.timer);
				pending.resolve(decodeResponse(event));
				return;
			}
			case 'taken':
				this.#writer?.pump();
				return;
		}
	}

	/** The run ended (or its worker was replaced): every server stops, waiting requests get a page. */
	end(): void {
		for (const port of [...this.#servers.keys()]) this.#close(port);
		this.#writer?.reset();
		this.#writer = null;
	}

	#close(port: number): void {
		const server = this.#servers.get(port);
		if (!server) return;
		this.#servers.delete(port);
		// Answered first, then the preview reloads on the files (unregistering reloads it).
		for (const [id, pending] of this.#pending) {
			if (pending.port !== port) continue;
			this.#pending.delete(id);
			clearTimeout(pending.timer);
			pending.resolve(
				errorPage(
					503,
					'The app stopped',
					`${server.label} stopped before it answered (Ctrl+C or the end of the program). Run it again, then reload.`
				)
			);
		}
		server.stop();
	}

	#ask(port: number, label: string, request: PreviewRequest): Promise<PreviewResponse> {
		const writer = this.#writer;
		if (!writer) {
			return Promise.resolve(errorPage(503, 'The app stopped', `${label} is not running.`));
		}
		return new Promise((resolve) => {
			const id = this.#nextId++;
			const timer = setTimeout(() => {
				this.#pending.delete(id);
				resolve(
					errorPage(
						504,
						'The app did not answer',
						`${label} did not answer ${request.method} /${request.path} within ${Math.round(this.#timeoutMs / 1000)} seconds: it may still be busy with an earlier request. Look at the terminal, then reload.`
					)
				);
			}, this.#timeoutMs);
			this.#pending.set(id, { port, resolve, timer });
			writer.send(encodeRequest(id, port, request));
		});
	}
}

/** The bytes of one request as bytestorm_wsgi.py reads them: meta length, JSON meta, body. */
export function encodeRequest(id: number, port: number, request: PreviewRequest): Uint8Array {
	const location = globalThis.location;
	const meta = encoder.encode(
		JSON.stringify({
			id,
			port,
			method: request.method,
			path: request.path,
			search: request.search,
			headers: request.headers,
			// The app lives under the preview's URL: links it builds from SCRIPT_NAME stay inside.
			scriptName: previewUrl(request.workspace).replace(/\/$/, ''),
			scheme: location?.protocol === 'https:' ? 'https' : 'http',
			host: location?.host ?? 'localhost',
			hostname: location?.hostname ?? 'localhost'
		})
	);
	const body = request.body ? new Uint8Array(request.body) : new Uint8Array(0);
	const message = new Uint8Array(4 + meta.length + body.length);
	new DataView(message.buffer).setUint32(0, meta.length);
	message.set(meta, 4);
	message.set(body, 4 + meta.length);
	return message;
}

/** A worker's answer as the preview serves it; repeated headers are joined as HTTP allows. */
export function decodeResponse(
	event: Extract<AppServerEvent, { kind: 'response' }>
): PreviewResponse {
	const headers: Record<string, string> = {};
	const names = new Map<string, string>();
	for (const [name, value] of event.headers) {
		const key = name.toLowerCase();
		const known = names.get(key);
		if (known === undefined) {
			names.set(key, name);
			headers[name] = value;
		} else {
			headers[known] = `${headers[known]}, ${value}`;
		}
	}
	return { status: event.status, headers, body: event.body };
}
