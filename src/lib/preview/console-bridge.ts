// A small script put at the top of every HTML page the preview serves: it forwards the page's
// console messages and uncaught errors to the Bytestorm page that shows the preview, which
// lists them in the preview's console. The page's own console keeps working.
import { PREVIEW_CONSOLE, type PreviewResponse } from './protocol.ts';

const bridge = `(() => {
	const target = window.parent !== window ? window.parent : null;
	if (!target) return;
	const show = (value) => {
		if (typeof value === 'string') return value;
		if (value instanceof Error) return value.stack || String(value);
		try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
	};
	const send = (level, args) => {
		try { target.postMessage({ type: ${JSON.stringify(PREVIEW_CONSOLE)}, level, text: args.map(show).join(' ') }, location.origin); } catch {}
	};
	for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
		const original = console[level].bind(console);
		console[level] = (...args) => { send(level, args); original(...args); };
	}
	addEventListener('error', (event) => {
		const where = event.filename ? ' (' + event.filename.replace(location.origin, '') + ':' + event.lineno + ')' : '';
		send('error', ['Uncaught ' + (event.error ? show(event.error) : event.message) + where]);
	});
	addEventListener('unhandledrejection', (event) => send('error', ['Uncaught (in promise) ' + show(event.reason)]));
})();`;

const tag = `<script data-bytestorm-preview>${bridge}</script>`;

/** `html` with the console bridge as its first script (after `<head>` when there is one). */
export function withConsoleBridge(html: string): string {
	const head = /<head(\s[^>]*)?>/i.exec(html);
	if (head) {
		const end = head.index + head[0].length;
		return html.slice(0, end) + tag + html.slice(end);
	}
	const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
	const at = doctype ? doctype[0].length : 0;
	return html.slice(0, at) + tag + html.slice(at);
}

const decoder = new TextDecoder();

/**
 * An app's response with the console bridge in it when it is a UTF-8 HTML page (the bridge
 * changes the body's length, so Content-Length goes: the browser counts the body itself).
 */
export function withConsoleBridgeIn(response: PreviewResponse): PreviewResponse {
	const type = Object.entries(response.headers).find(
		([name]) => name.toLowerCase() === 'content-type'
	)?.[1];
	if (!type || !/^text\/html\b/i.test(type)) return response;
	const charset = /charset=["']?([\w-]+)/i.exec(type)?.[1]?.toLowerCase();
	if (charset && charset !== 'utf-8' && charset !== 'utf8') return response;
	const html = typeof response.body === 'string' ? response.body : decoder.decode(response.body);
	const headers = Object.fromEntries(
		Object.entries(response.headers).filter(([name]) => name.toLowerCase() !== 'content-length')
	);
	return { ...response, headers, body: withConsoleBridge(html) };
}
