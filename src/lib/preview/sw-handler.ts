// The service worker's half of the preview: a request under /preview/ is passed to the open
// Bytestorm pages (only a page holds the workspace's live files and its runtimes), and the
// first page that holds that workspace answers. Written against the few service-worker types it
// uses, so that it needs no webworker lib and runs in unit tests.
import { errorPage } from './error-page.ts';
import {
	PREVIEW_REQUEST,
	parsePreviewPath,
	type PreviewRequest,
	type PreviewResponse
} from './protocol.ts';

/** A window the service worker can message. */
export interface PreviewClient {
	readonly id: string;
	readonly url: string;
	postMessage(message: unknown, transfer: Transferable[]): void;
}

/** What the handler needs of the service worker's global scope. */
export interface PreviewScope {
	clients: {
		matchAll(options: {
			type: 'window';
			includeUncontrolled: boolean;
		}): Promise<readonly PreviewClient[]>;
	};
}

/**
 * How long a page may take to answer before the preview shows an error. Longer than a running
 * app's own limit (30 s, runtimes/pyodide/app-servers.ts), which answers with a page of its own.
 */
export const PREVIEW_ANSWER_TIMEOUT_MS = 40_000;

/** The preview's answer to a fetch, or undefined when the URL is not a preview URL. */
export function previewResponse(
	scope: PreviewScope,
	request: Request,
	timeoutMs = PREVIEW_ANSWER_TIMEOUT_MS
): Promise<Response> | undefined {
	const url = new URL(request.url);
	const target = parsePreviewPath(url.pathname);
	if (!target) return undefined;
	return answer(scope, request, url, target, timeoutMs);
}

async function answer(
	scope: PreviewScope,
	request: Request,
	url: URL,
	target: { workspace: string; path: string },
	timeoutMs: number
): Promise<Response> {
	const message: PreviewRequest = {
		type: PREVIEW_REQUEST,
		workspace: target.workspace,
		method: request.method,
		path: target.path,
		search: url.search,
		headers: Object.fromEntries(request.headers),
		body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer()
	};
	const pages = (
		await scope.clients.matchAll({ type: 'window', includeUncontrolled: true })
	).filter((client) => parsePreviewPath(new URL(client.url).pathname) === undefined);
	const response = await firstAnswer(pages, message, timeoutMs);
	if (response === 'timeout') {
		return errorPageResponse(
			504,
			'The preview did not answer',
			'The Bytestorm tab that holds this workspace took too long to answer. Try again, or reload that tab.'
		);
	}
	if (!response) {
		return errorPageResponse(
			503,
			'Workspace not open',
			'The preview is served by the Bytestorm tab that has this workspace open. Open the workspace in a tab, then reload this page.'
		);
	}
	return toResponse(response, request.method);
}

/** Asks every page; resolves with the first answer, null if none holds the workspace. */
function firstAnswer(
	pages: readonly PreviewClient[],
	message: PreviewRequest,
	timeoutMs: number
): Promise<PreviewResponse | null | 'timeout'> {
	if (pages.length === 0) return Promise.resolve(null);
	return new Promise((resolve) => {
		let pending = pages.length;
		const timer = setTimeout(() => resolve('timeout'), timeoutMs);
		for (const page of pages) {
			const channel = new MessageChannel();
			channel.port1.onmessage = (event: MessageEvent<PreviewResponse | null>) => {
				channel.port1.close();
				pending--;
				if (event.data) {
					clearTimeout(timer);
					resolve(event.data);
				} else if (pending === 0) {
					clearTimeout(timer);
					resolve(null);
				}
			};
			page.postMessage(message, [channel.port2]);
		}
	});
}

function toResponse(answer: PreviewResponse, method: string): Response {
	const headers = new Headers(answer.headers);
	// The preview frame lives inside a cross-origin isolated page, so it must be isolated too.
	headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Cross-Origin-Resource-Policy', 'same-origin');
	headers.set('Cache-Control', 'no-store');
	const empty =
		method === 'HEAD' ||
		answer.status === 204 ||
		answer.status === 304 ||
		(answer.status >= 300 && answer.status < 400 && answer.body === '');
	return new Response(empty ? null : (answer.body as BodyInit), { status: answer.status, headers });
}

function errorPageResponse(status: number, title: string, message: string): Response {
	return toResponse(errorPage(status, title, message), 'GET');
}
