// A one-page HTTP server for a benchmark's baseline: every request gets `html`, cross-origin
// isolated like the app, so the baseline pays for the same headers.
import { createServer } from 'node:http';

/** A running page server: its URL and how to stop it. */
export interface PageServer {
	url: string;
	close(): void;
}

/** Serves `html` at every path on a free port of 127.0.0.1. */
export function servePage(html: string): Promise<PageServer> {
	const server = createServer((_req, res) => {
		res.writeHead(200, {
			'Content-Type': 'text/html',
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp'
		});
		res.end(html);
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address() as { port: number };
			resolve({ url: `http://127.0.0.1:${address.port}/`, close: () => server.close() });
		})
	);
}
