// The servers runtimes run, per workspace. A runtime knows its workspace's file system, not the
// page's PreviewHost (which may not exist yet, or be recreated), so both meet here: a runtime
// registers the app its program serves (a WSGI callable, an http.createServer listener) and the
// workspace's PreviewHost serves the newest one that is still running.
import type { FileSystem } from '#lib/workspace/index.ts';
import type { PreviewRequest, PreviewResponse } from './protocol.ts';

/** A server a runtime runs: answers preview requests instead of the static files. */
export type PreviewApp = (request: PreviewRequest) => Promise<PreviewResponse>;

/** A running app and the words the preview shows for it, e.g. "app.py (WSGI)". */
export interface ServedApp {
	readonly serve: PreviewApp;
	readonly label: string;
}

interface Registry {
	/** Running apps, oldest first: the last one is what the preview shows. */
	apps: ServedApp[];
	listeners: Set<(app: ServedApp | null) => void>;
}

const registries = new WeakMap<FileSystem, Registry>();

function registryOf(fs: FileSystem): Registry {
	let registry = registries.get(fs);
	if (!registry) {
		registry = { apps: [], listeners: new Set() };
		registries.set(fs, registry);
	}
	return registry;
}

function emit(registry: Registry): void {
	const current = registry.apps.at(-1) ?? null;
	for (const listener of [...registry.listeners]) listener(current);
}

/**
 * Serves the workspace's preview from `app` until the returned function is called (the program
 * stopped listening). Two servers at once: the newer one shows; when it stops, the older again.
 */
export function servePreviewApp(fs: FileSystem, app: PreviewApp, label: string): () => void {
	const registry = registryOf(fs);
	const entry: ServedApp = { serve: app, label };
	registry.apps.push(entry);
	emit(registry);
	return () => {
		const index = registry.apps.indexOf(entry);
		if (index < 0) return;
		registry.apps.splice(index, 1);
		emit(registry);
	};
}

/** The app the workspace's preview shows now, or null for its files. */
export function currentPreviewApp(fs: FileSystem): ServedApp | null {
	return registries.get(fs)?.apps.at(-1) ?? null;
}

/** Calls `listener` with the app to show each time an app starts or stops serving. */
export function onPreviewApp(
	fs: FileSystem,
	listener: (app: ServedApp | null) => void
): () => void {
	const registry = registryOf(fs);
	registry.listeners.add(listener);
	return () => registry.listeners.delete(listener);
}
