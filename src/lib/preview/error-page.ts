// The preview's own pages: what went wrong, with the HTTP status it stands for.
import type { PreviewResponse } from './protocol.ts';

/** A small HTML page saying what went wrong, with the status it stands for. */
export function errorPage(
	status: number,
	title: string,
	message: string,
	headers: Record<string, string> = {}
): PreviewResponse {
	const html =
		`<!doctype html><meta charset="utf-8"><title>${status} ${escape(title)}</title>` +
		`<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#333}h1{font-size:1.2rem}</style>` +
		`<h1>${status} ${escape(title)}</h1><p>${escape(message)}</p>`;
	return {
		status,
		headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
		body: html
	};
}

function escape(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
