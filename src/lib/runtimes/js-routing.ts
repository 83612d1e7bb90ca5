// The router's JavaScript half: the page's one chooser (one WebContainer boot per page), and
// the runtime a JavaScript command gets on a workspace: the WebContainer runtime on the booted
// container, or the offline runtime for `node`. npm and npx have no offline runtime: they say so.
import type { FileSystem } from '#lib/workspace/index.ts';
import { NeedsWebContainerError } from './errors.ts';
import { JavaScriptChooser, type JavaScriptChoice } from './js-choice.ts';
import {
	readPreference,
	syncsNodeModules,
	writePreference,
	bootTimeoutMs,
	type JavaScriptPreference
} from './js-settings.ts';
import type { BackendId, Runtime, StartNotes } from './types.ts';
import { browserEnvironment, ContainerBooter } from './webcontainer/boot.ts';
import { CONTAINER_ONLY_FOLDERS, WEBCONTAINER_COMMANDS } from './webcontainer/container.ts';

/** Commands that run JavaScript: the WebContainer's, `node` among them. */
export const JAVASCRIPT_COMMANDS: readonly string[] = WEBCONTAINER_COMMANDS;

let pageChooser: JavaScriptChooser | null = null;
let preference: JavaScriptPreference | null = null;

/** The page's chooser, made on first use; a later `online` event retries a failed boot. */
export function javascriptChooser(): JavaScriptChooser {
	if (pageChooser) return pageChooser;
	const chooser = new JavaScriptChooser({
		booter: new ContainerBooter(() => browserEnvironment(bootTimeoutMs())),
		preference: () => (preference ??= readPreference())
	});
	globalThis.addEventListener?.('online', () => chooser.retry());
	pageChooser = chooser;
	return chooser;
}

/** Which backend runs JavaScript now, and why (the status bar's JS item). */
export function javascriptBackend(): JavaScriptChoice {
	return javascriptChooser().choice;
}

/** Calls `listener` whenever the JavaScript choice changes; returns the unsubscribe function. */
export function onJavaScriptChoice(listener: (choice: JavaScriptChoice) => void): () => void {
	return javascriptChooser().onChange(listener);
}

/** Sets and remembers which runtime the user prefers for JavaScript. */
export function setJavaScriptPreference(next: JavaScriptPreference): void {
	preference = next;
	writePreference(next);
	javascriptChooser().preferenceChanged();
}

/** What javascriptRuntimeFor works with. */
export interface JavaScriptRuntimeOptions {
	/** The workspace's runtimes, by backend: the WebContainer runtime is kept here. */
	cache: Map<BackendId, Promise<Runtime>>;
	/** Gives the workspace's offline runtime. */
	offline(): Promise<Runtime>;
	/** Hears "Starting WebContainer…" and why the offline runtime runs a command. */
	notes?: StartNotes;
	/** The page's chooser by default. */
	chooser?: JavaScriptChooser;
}

/**
 * The runtime for a JavaScript command on `fs`. Rejects with NeedsWebContainerError for npm and
 * npx when no WebContainer runs.
 */
export async function javascriptRuntimeFor(
	fs: FileSystem,
	command: string,
	options: JavaScriptRuntimeOptions
): Promise<Runtime> {
	const { cache } = options;
	const chooser = options.chooser ?? javascriptChooser();
	const decision = await chooser.decide(options.notes);
	if (decision.backend === 'jsworker') {
		if (command !== 'node') throw new NeedsWebContainerError(command, decision.reason);
		return options.offline();
	}
	const { container } = decision;
	const cached = cache.get('webcontainer');
	if (cached) return cached;
	const created = import('./webcontainer/runtime.ts').then(
		({ WebContainerRuntime }) =>
			new WebContainerRuntime(fs, container, {
				containerOnly: syncsNodeModules()
					? CONTAINER_ONLY_FOLDERS.filter((name) => name !== 'node_modules')
					: CONTAINER_ONLY_FOLDERS,
				onCrash: (message) => {
					cache.delete('webcontainer');
					chooser.crashed(container, message);
					void created.then((runtime) => runtime.dispose());
				}
			})
	);
	created.catch(() => cache.delete('webcontainer'));
	cache.set('webcontainer', created);
	return created;
}
