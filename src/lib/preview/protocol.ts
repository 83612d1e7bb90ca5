// The messages between the service worker and the page that holds a workspace. A preview
// iframe's request reaches the service worker, which asks the page (only the page has the
// live Y.Doc, the Python worker and the JS worker) and answers with what the page sends back.

/** Preview URLs: `/preview/<workspace id>/<path in the workspace>`. */
export const PREVIEW_PREFIX = '/preview/';

/** `type` of a request from the service worker to a page. */
export const PREVIEW_REQUEST = 'bytestorm-preview-request';

/** `type` of a message from a preview page's console to the page that shows it. */
export const PREVIEW_CONSOLE = 'bytestorm-preview-console';

/** How long a server a runtime runs may take to answer one request before the preview says so. */
export const PREVIEW_APP_TIMEOUT_MS = 30_000;

/** A request for a preview URL, as the service worker passes it on. */
export interface PreviewRequest {
	type: typeof PREVIEW_REQUEST;
	workspace: string;
	method: string;
	/** The path inside the workspace, decoded, without a leading slash ('' for the root). */
	path: string;
	/** The query string with its '?', or ''. */
	search: string;
	headers: Record<string, string>;
	body: ArrayBuffer | null;
}

/** The answer to a PreviewRequest. */
export interface PreviewResponse {
	status: number;
	headers: Record<string, string>;
	body: Uint8Array | string;
}

/** One console message or uncaught error of a preview page. */
export interface PreviewConsoleMessage {
	type: typeof PREVIEW_CONSOLE;
	level: 'log' | 'info' | 'warn' | 'error' | 'debug';
	text: string;
}

/** The URL of a path of a workspace's preview. */
export function previewUrl(workspace: string, path = ''): string {
	const encoded = path
		.split('/')
		.filter((part) => part !== '')
		.map(encodeURIComponent)
		.join('/');
	return `${PREVIEW_PREFIX}${encodeURIComponent(workspace)}/${encoded}`;
}

/** Splits a preview URL's pathname into workspace and path; undefined for other URLs. */
export function parsePreviewPath(
	pathname: string
): { workspace: string; path: string } | undefined {
	if (!pathname.startsWith(PREVIEW_PREFIX)) return undefined;
	const rest = pathname.slice(PREVIEW_PREFIX.length);
	const slash = rest.indexOf('/');
	const workspace = slash < 0 ? rest : rest.slice(0, slash);
	if (workspace === '') return undefined;
	try {
		return {
			workspace: decodeURIComponent(workspace),
			path: slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1))
		};
	} catch {
		return undefined;
	}
}

/** True when `data` is a PreviewRequest (messages come from another context: check, never trust). */
export function isPreviewRequest(data: unknown): data is PreviewRequest {
	if (typeof data !== 'object' || data === null) return false;
	const message = data as Partial<PreviewRequest>;
	return (
		message.type === PREVIEW_REQUEST &&
		typeof message.workspace === 'string' &&
		typeof message.method === 'string' &&
		typeof message.path === 'string' &&
		typeof message.search === 'string' &&
		typeof message.headers === 'object' &&
		message.headers !== null
	);
}

/** True when `data` is a console message from a preview page. */
export function isPreviewConsoleMessage(data: unknown): data is PreviewConsoleMessage {
	if (typeof data !== 'object' || data === null) return false;
	const message = data as Partial<PreviewConsoleMessage>;
	return (
		message.type === PREVIEW_CONSOLE &&
		typeof message.text === 'string' &&
		['log', 'info', 'warn', 'error', 'debug'].includes(message.level as string)
	);
}
