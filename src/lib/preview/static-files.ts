// Serving a workspace's files as a web site: a folder serves its index.html, a folder URL
// without its slash is redirected (so relative links resolve inside it), HTML pages get the
// console bridge, and anything else is a clear error page with the right status.
import { InvalidPathError, normalizePath, type FileSystem } from '#lib/workspace/index.ts';
import { withConsoleBridge } from './console-bridge.ts';
import { errorPage } from './error-page.ts';
import { contentTypeOf } from './mime.ts';
import { previewUrl, type PreviewRequest, type PreviewResponse } from './protocol.ts';

const decoder = new TextDecoder();

/** Answers a preview request from the workspace's files. */
export function serveStatic(fs: FileSystem, request: PreviewRequest): PreviewResponse {
	if (request.method !== 'GET' && request.method !== 'HEAD') {
		return errorPage(
			405,
			'Method not allowed',
			`The preview serves your files as they are: it cannot take a ${request.method} request. Run a server (a Python WSGI app or a Node http server) to handle it.`,
			{ Allow: 'GET, HEAD' }
		);
	}
	let path: string;
	try {
		path = normalizePath(request.path);
	} catch (error) {
		const message = error instanceof InvalidPathError ? error.message : 'That is not a valid path.';
		return errorPage(400, 'Bad request', message);
	}
	if (fs.exists(path) && fs.stat(path).type === 'dir') {
		if (path !== '' && !request.path.endsWith('/')) {
			return {
				status: 301,
				headers: { Location: `${previewUrl(request.workspace, path)}/${request.search}` },
				body: ''
			};
		}
		const index = path === '' ? 'index.html' : `${path}/index.html`;
		if (fs.exists(index) && fs.stat(index).type === 'file') return file(fs, index, request);
		return errorPage(
			404,
			'No index.html here',
			path === ''
				? 'This workspace has no index.html at its top level: create one to preview it.'
				: `The folder "${path}" has no index.html.`
		);
	}
	if (!fs.exists(path)) {
		return errorPage(404, 'Not found', `There is no file "${path}" in this workspace.`);
	}
	return file(fs, path, request);
}

function file(fs: FileSystem, path: string, request: PreviewRequest): PreviewResponse {
	const type = contentTypeOf(path);
	const bytes = fs.readBytes(path);
	const body = type.startsWith('text/html') ? withConsoleBridge(decoder.decode(bytes)) : bytes;
	return {
		status: 200,
		headers: { 'Content-Type': type },
		body: request.method === 'HEAD' ? '' : body
	};
}
