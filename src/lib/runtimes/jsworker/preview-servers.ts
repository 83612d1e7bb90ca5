// The main thread's half of a `node` run's http servers: each server the program listens with is
// registered as the workspace's preview app (apps.ts), and each preview request becomes a
// request message to the worker. A request that takes too long gets a timeout page; when the
// program ends, requests in flight get a "server stopped" page, and a server that ended on its
// own (a crash, process.exit) keeps saying so on the preview until the next run.
import { errorPage } from '#lib/preview/error-page.ts';
import { servePreviewApp } from '#lib/preview/apps.ts';
import {
	PREVIEW_APP_TIMEOUT_MS,
	type PreviewRequest,
	type PreviewResponse
} from '#lib/preview/protocol.ts';
import type { FileSystem } from '#lib/workspace/index.ts';
import type { JsHttpRequest, JsHttpResponse, JsServerInfo } from './api.ts';

/** What the servers of a run need from the runtime. */
export interface RunServersOptions {
	/** Sends a request to the worker's server `id`. */
	request(id: number, request: JsHttpRequest): Promise<JsHttpResponse>;
	/** A line of the runtime's own in the run's terminal. */
	notice(text: string): void;
	/** How long a request may take, in ms. */
	timeoutMs?: number;
}

/** How a run ended, for what the preview shows next. */
export type RunEnd = { kind: 'signal' } | { kind: 'exit'; code: number };

/** The preview servers of one run; `end()` when the run is over. */
export class RunServers {
	readonly #fs: FileSystem;
	readonly #options: RunServersOptions;
	readonly #listening = new Map<number, { info: JsServerInfo; stop: () => void }>();
	readonly #pending = new Set<(response: PreviewResponse) => void>();
	#ended = false;

	constructor(fs: FileSystem, options: RunServersOptions) {
		this.#fs = fs;
		this.#options = options;
	}

	/** The program listens: the preview shows this server from now on. */
	listening(info: JsServerInfo): void {
		if (this.#ended) return;
		const stop = servePreviewApp(
			this.#fs,
			(request) => this.#serve(info, request),
			`${info.script} (Node http, port ${info.port})`
		);
		this.#listening.set(info.id, { info, stop });
		this.#options.notice(`Server on the preview (port ${info.port})`);
	}

	/** The program closed a server: the preview goes back to what it showed before. */
	closed(id: number): void {
		this.#listening.get(id)?.stop();
		this.#listening.delete(id);
	}

	/**
	 * The program ended: requests in flight get a "server stopped" page. After Ctrl+C the preview
	 * shows the files again; a server that ended by itself says so until `stopped()` is called.
	 * Returns that function (a no-op when nothing was listening).
	 */
	end(how: RunEnd): () => void {
		if (this.#ended) return () => {};
		this.#ended = true;
		const servers = [...this.#listening.values()];
		this.#listening.clear();
		const stopped = stoppedPage(servers[0]?.info.script ?? 'The program', how);
		for (const resolve of [...this.#pending]) resolve(stopped);
		if (servers.length === 0) return () => {};
		let tombstone = () => {};
		if (how.kind === 'exit') {
			const last = servers.at(-1)!.info;
			tombstone = servePreviewApp(
				this.#fs,
				async () => stopped,
				`${last.script} (stopped, port ${last.port})`
			);
			this.#options.notice(
				`The server stopped with the program (exit code ${how.code}); the preview says so until you run it again.`
			);
		} else {
			this.#options.notice('The server stopped; the preview shows your files again.');
		}
		for (const { stop } of servers) stop();
		return tombstone;
	}

	async #serve(info: JsServerInfo, request: PreviewRequest): Promise<PreviewResponse> {
		const url = `/${request.path.split('/').map(encodeURIComponent).join('/')}${request.search}`;
		if (this.#ended) return stoppedPage(info.script, { kind: 'signal' });
		const timeoutMs = this.#options.timeoutMs ?? PREVIEW_APP_TIMEOUT_MS;
		let settle!: (response: PreviewResponse) => void;
		const answer = new Promise<PreviewResponse>((resolve) => (settle = resolve));
		this.#pending.add(settle);
		const timer = setTimeout(
			() =>
				settle(
					errorPage(
						504,
						'The server did not answer',
						`${info.script} took longer than ${Math.round(timeoutMs / 1000)} seconds to answer ${request.method} ${url}. Does its request handler end every response (res.end())?`
					)
				),
			timeoutMs
		);
		this.#options
			.request(info.id, {
				method: request.method,
				url,
				headers: request.headers,
				body: request.body
			})
			.then(
				(response) => settle(toPreviewResponse(response)),
				(error: unknown) =>
					settle(
						errorPage(
							502,
							'The server gave no answer',
							`${info.script} did not answer ${request.method} ${url}: ${error instanceof Error ? error.message : String(error)}`
						)
					)
			);
		try {
			return await answer;
		} finally {
			clearTimeout(timer);
			this.#pending.delete(settle);
		}
	}
}

function stoppedPage(script: string, how: RunEnd): PreviewResponse {
	const why =
		how.kind === 'exit'
			? `it ended with exit code ${how.code} (the terminal shows why)`
			: 'it was stopped';
	return errorPage(
		502,
		'The server stopped',
		`${script} is not running any more: ${why}. Run it again to serve the preview.`
	);
}

/** The program's response as the preview passes it on (PreviewHost adds the console bridge). */
function toPreviewResponse(response: JsHttpResponse): PreviewResponse {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		const key = name.toLowerCase();
		// Connection-level headers mean nothing once the preview has the whole body.
		if (key === 'content-length' || key === 'transfer-encoding' || key === 'connection') continue;
		headers[name] = value;
	}
	return { status: response.status, headers, body: response.body };
}
