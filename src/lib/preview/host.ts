// The page's half of the preview, as a provider on one workspace: it answers the service
// worker's requests for /preview/<id>/... from the workspace's files, or from an app a runtime
// is serving (a Python WSGI app, a Node http server), and tells the preview when to reload.
import type { FileSystem } from '#lib/workspace/index.ts';
import { currentPreviewApp, onPreviewApp, servePreviewApp, type ServedApp } from './apps.ts';
import type { Runtime } from '#lib/runtimes/types.ts';
import { withConsoleBridgeIn } from './console-bridge.ts';
import { errorPage } from './error-page.ts';
import {
	isPreviewConsoleMessage,
	isPreviewRequest,
	type PreviewConsoleMessage,
	type PreviewRequest,
	type PreviewResponse
} from './protocol.ts';
import { serveStatic } from './static-files.ts';

export type { PreviewApp } from './apps.ts';
import type { PreviewApp } from './apps.ts';

/** Where the service worker's messages arrive: `navigator.serviceWorker` in the browser. */
export interface MessageSource {
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	startMessages?(): void;
}

/** Options of a PreviewHost. */
export interface PreviewHostOptions {
	/** The service worker's messages; default `navigator.serviceWorker`. */
	source?: MessageSource;
	/** Where preview pages post their console messages; default `window`. */
	consoleSource?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
	/** How long file changes settle before the preview reloads, in ms. */
	reloadDelayMs?: number;
}

/** What the preview shows now: the files, a named app, or a server at its own URL. */
export type PreviewSource =
	| { kind: 'files' }
	| { kind: 'app'; label: string }
	/** A WebContainer's dev server: cross-origin, shown by its URL, not through /preview/. */
	| { kind: 'url'; url: string; label: string };

/** Serves one workspace's preview from this page until destroyed. */
export class PreviewHost {
	readonly workspace: string;
	readonly #fs: FileSystem;
	readonly #source: MessageSource | undefined;
	readonly #consoleSource: PreviewHostOptions['consoleSource'];
	readonly #reloadDelayMs: number;
	readonly #reloadListeners = new Set<() => void>();
	readonly #consoleListeners = new Set<(message: PreviewConsoleMessage) => void>();
	readonly #sourceListeners = new Set<(source: PreviewSource) => void>();
	readonly #stopFiles: () => void;
	readonly #stopApps: () => void;
	#app: ServedApp | null;
	#server: { url: string; label: string } | null = null;
	readonly #stopFollowing: Array<() => void> = [];
	#reloadTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(workspace: string, fs: FileSystem, options: PreviewHostOptions = {}) {
		this.workspace = workspace;
		this.#fs = fs;
		this.#source = options.source ?? globalThis.navigator?.serviceWorker;
		this.#consoleSource =
			options.consoleSource ?? (typeof window === 'undefined' ? undefined : window);
		this.#reloadDelayMs = options.reloadDelayMs ?? 150;
		this.#source?.addEventListener('message', this.#onRequest);
		this.#source?.startMessages?.();
		this.#consoleSource?.addEventListener('message', this.#onConsole);
		// Any saved change reloads the preview once the burst of changes (a paste, a program) is over.
		this.#stopFiles = fs.onChange(() => {
			// A server at its own URL reloads itself (a dev server's hot reload) or not at all.
			if (this.#server) return;
			clearTimeout(this.#reloadTimer);
			this.#reloadTimer = setTimeout(() => this.#emitReload(), this.#reloadDelayMs);
		});
		// The workspace's runtimes register the servers their programs run (apps.ts).
		this.#app = currentPreviewApp(fs);
		this.#stopApps = onPreviewApp(fs, (app) => {
			this.#app = app;
			this.#emitSource();
			this.#emitReload();
		});
	}

	/** What the preview shows. */
	get source(): PreviewSource {
		if (this.#server) return { kind: 'url', ...this.#server };
		return this.#app ? { kind: 'app', label: this.#app.label } : { kind: 'files' };
	}

	/** Shows the server at `url` until the returned function is called (its port closed). */
	showServer(url: string, label: string): () => void {
		const entry = { url, label };
		this.#server = entry;
		this.#emitSource();
		return () => {
			if (this.#server !== entry) return;
			this.#server = null;
			this.#emitSource();
			this.#emitReload();
		};
	}

	/** Serves requests from `app` until the returned function is called (the server stopped). */
	serveApp(app: PreviewApp, label: string): () => void {
		return servePreviewApp(this.#fs, app, label);
	}

	/**
	 * Shows each server `runtime` starts (a WebContainer's `server-ready`) until its port closes;
	 * `onReady` is called when one is ready, e.g. to open the preview pane.
	 */
	followServers(
		runtime: Pick<Runtime, 'onServerReady' | 'onServerClosed'>,
		onReady: () => void
	): void {
		const shown = new Map<number, () => void>();
		const stops = [
			runtime.onServerReady?.((port, url) => {
				shown.get(port)?.();
				shown.set(port, this.showServer(url, `port ${port} in the WebContainer`));
				onReady();
			}),
			runtime.onServerClosed?.((port) => {
				shown.get(port)?.();
				shown.delete(port);
			})
		];
		this.#stopFollowing.push(() => stops.forEach((stop) => stop?.()));
	}

	/** Answers one request (what the service worker's message handler does). */
	async respond(request: PreviewRequest): Promise<PreviewResponse> {
		const app = this.#app;
		if (!app) return serveStatic(this.#fs, request);
		try {
			// Whatever made the page (a WSGI app, a Node server), its console shows here.
			return withConsoleBridgeIn(await app.serve(request));
		} catch (error) {
			return errorPage(
				500,
				'The app failed',
				`${app.label} could not answer: ${error instanceof Error ? error.message : String(error)}`
			);
		}
	}

	/** Calls `listener` when the preview should reload (files changed, an app started or stopped). */
	onReload(listener: () => void): () => void {
		this.#reloadListeners.add(listener);
		return () => this.#reloadListeners.delete(listener);
	}

	/** Calls `listener` for each console message or uncaught error of a preview page. */
	onConsole(listener: (message: PreviewConsoleMessage) => void): () => void {
		this.#consoleListeners.add(listener);
		return () => this.#consoleListeners.delete(listener);
	}

	/** Calls `listener` when the preview switches between the files and an app. */
	onSource(listener: (source: PreviewSource) => void): () => void {
		this.#sourceListeners.add(listener);
		return () => this.#sourceListeners.delete(listener);
	}

	destroy(): void {
		clearTimeout(this.#reloadTimer);
		this.#stopFiles();
		this.#stopApps();
		for (const stop of this.#stopFollowing.splice(0)) stop();
		this.#source?.removeEventListener('message', this.#onRequest);
		this.#consoleSource?.removeEventListener('message', this.#onConsole);
		this.#reloadListeners.clear();
		this.#consoleListeners.clear();
		this.#sourceListeners.clear();
	}

	readonly #onRequest = (event: MessageEvent): void => {
		const port = event.ports[0];
		if (!port || !isPreviewRequest(event.data)) return;
		if (event.data.workspace !== this.workspace) {
			port.postMessage(null);
			return;
		}
		void this.respond(event.data).then((response) => port.postMessage(response));
	};

	readonly #onConsole = (event: MessageEvent): void => {
		// Only same-origin preview frames post these; anything else is ignored.
		if (event.origin !== globalThis.location?.origin || !isPreviewConsoleMessage(event.data))
			return;
		for (const listener of [...this.#consoleListeners]) listener(event.data);
	};

	#emitReload(): void {
		for (const listener of [...this.#reloadListeners]) listener();
	}

	#emitSource(): void {
		for (const listener of [...this.#sourceListeners]) listener(this.source);
	}
}
