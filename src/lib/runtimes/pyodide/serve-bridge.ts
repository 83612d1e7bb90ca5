// The worker's side of serving the preview from a Python program: the `_bytestorm_serve` module
// that bytestorm_wsgi.py (the WSGI server) calls to listen, wait for a request and answer it.
// Requests come through the shared mailbox (request-channel.ts); everything else is an event.
import type { PyodideAPI } from 'pyodide';
import type { AppServerEvent } from './api.ts';
import { RequestReader } from './request-channel.ts';
import serverSource from './bytestorm_wsgi.py?raw';

/** What the bridge needs from the worker around it. */
export interface ServeBridgeOptions {
	/** The shared channel buffer, or null without cross-origin isolation (no serving then). */
	channel: SharedArrayBuffer | null;
	/** Where the events go (WorkerEvents.appServer). */
	send(event: AppServerEvent): void;
	/** Called before Python blocks waiting for a request: output so far shows meanwhile. */
	beforeBlocking(): void;
	/** Takes a pending Ctrl+C so that Python raises it once, itself (like time.sleep). */
	takeInterrupt(): boolean;
}

/**
 * Installs the WSGI server (bytestorm_wsgi.py) into site-packages and makes wsgiref's
 * simple_server use it. Files live outside a memory snapshot, so this runs on every boot.
 */
export function installServeBridge(pyodide: PyodideAPI, options: ServeBridgeOptions): void {
	const reader = options.channel
		? new RequestReader(options.channel, {
				beforeBlocking: options.beforeBlocking,
				taken: () => options.send({ kind: 'taken' })
			})
		: null;
	pyodide.registerJsModule('_bytestorm_serve', {
		available: reader !== null,
		listen: (port: number, label: string) => options.send({ kind: 'listen', port, label }),
		close: (port: number) => options.send({ kind: 'close', port }),
		/** A request's bytes, 'interrupted' (Ctrl+C, taken) or 'timeout'; seconds < 0 waits for ever. */
		next_request: (seconds: number): Uint8Array | string => {
			if (!reader) return 'timeout';
			for (;;) {
				const message = reader.take(seconds < 0 ? Infinity : seconds * 1000);
				if (message !== 'interrupted') return message;
				if (options.takeInterrupt()) return 'interrupted';
			}
		},
		respond: (id: number, status: number, headersJson: string, body: Uint8Array) =>
			options.send({
				kind: 'response',
				id,
				status,
				headers: JSON.parse(headersJson) as [string, string][],
				// A copy of its own: the view may point into Python's memory.
				body: new Uint8Array(body)
			})
	});
	const sitePackages = String(pyodide.runPython('import site; site.getsitepackages()[0]'));
	pyodide.FS.mkdirTree(sitePackages);
	pyodide.FS.writeFile(`${sitePackages}/bytestorm_wsgi.py`, serverSource);
	pyodide.runPython(WSGIREF_HOOK);
}

/**
 * Makes `import wsgiref.simple_server` load the preview's server. Only this small finder runs at
 * boot; bytestorm_wsgi.py is imported on first use (importing it costs 20-40 ms).
 */
const WSGIREF_HOOK = `
import sys
class _BytestormWsgiref:
    def find_spec(self, name, path=None, target=None):
        if name != "wsgiref.simple_server":
            return None
        import bytestorm_wsgi
        return bytestorm_wsgi.wsgiref_spec(self, name, path, target)
if not any(type(finder).__name__ == "_BytestormWsgiref" for finder in sys.meta_path):
    sys.meta_path.insert(0, _BytestormWsgiref())
del _BytestormWsgiref
`;
