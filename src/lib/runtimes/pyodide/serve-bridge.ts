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
	/** Python's site-packages folder, where bytestorm_wsgi.py goes. */
	sitePackages: string;
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
	const { sitePackages } = options;
	pyodide.FS.mkdirTree(sitePackages);
	pyodide.FS.writeFile(`${sitePackages}/bytestorm_wsgi.py`, serverSource);
	pyodide.FS.mkdirTree(WSGIREF_DIR);
	pyodide.FS.writeFile(`${WSGIREF_DIR}/simple_server.py`, WSGIREF_SHIM);
	// Found before the standard library's, so `import wsgiref.simple_server` loads the shim.
	pyodide.runPython(
		`import wsgiref\nif ${JSON.stringify(WSGIREF_DIR)} not in wsgiref.__path__: wsgiref.__path__.insert(0, ${JSON.stringify(WSGIREF_DIR)})`
	);
}

/** Where the shim of wsgiref.simple_server lives (outside the workspace). */
const WSGIREF_DIR = '/opt/bytestorm/wsgiref';

/**
 * wsgiref.simple_server as the standard library has it, with its server replaced by the
 * preview's. A shim on wsgiref's path rather than an import hook: only `import wsgiref` (a
 * docstring) runs at boot, and bytestorm_wsgi.py is imported on first use (it costs 20-40 ms).
 */
const WSGIREF_SHIM = `import importlib.machinery as _machinery
import wsgiref as _package

_spec = _machinery.PathFinder.find_spec(
    __name__, [entry for entry in _package.__path__ if entry != ${JSON.stringify(WSGIREF_DIR)}]
)
exec(_spec.loader.get_code(__name__), globals())
from bytestorm_wsgi import WSGIServer, make_server  # noqa: E402
del _machinery, _package, _spec
`;
