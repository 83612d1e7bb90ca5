// The WebContainer backend: Node, npm and npx in StackBlitz's WebContainer, on the workspace's
// files. It never decides whether WebContainers are available: the router asks the page's
// booter (boot.ts) first and only creates this runtime with a container that booted.
import type { FileSystem } from '#lib/workspace/index.ts';
import { RuntimeStartError } from '../errors.ts';
import type { Process, RunRequest, Runtime, RuntimeState } from '../types.ts';
import type { Container } from './container.ts';
import { WEBCONTAINER_COMMANDS } from './container.ts';
import { ContainerSync } from './file-sync.ts';
import { WebContainerProcessHandle } from './process.ts';

/** Called when a dev server in the container is ready to be previewed. */
export type ServerReadyListener = (port: number, url: string) => void;

/** Options of a WebContainerRuntime. */
export interface WebContainerRuntimeOptions {
	/** Called once the container has crashed: the router then forgets it and falls back. */
	onCrash?(message: string): void;
	/** Gathering time of the file sync, in ms (tests shorten it). */
	settleMs?: number;
	/** Top-level folders whose files stay in the container; default CONTAINER_ONLY_FOLDERS. */
	containerOnly?: readonly string[];
}

/** Runs node/npm/npx in one booted container, with the workspace's files mounted in it. */
export class WebContainerRuntime implements Runtime {
	readonly id = 'webcontainer' as const;
	readonly commands = WEBCONTAINER_COMMANDS;
	readonly #fs: FileSystem;
	readonly #container: Container;
	readonly #options: WebContainerRuntimeOptions;
	readonly #stateListeners = new Set<(state: RuntimeState) => void>();
	readonly #serverListeners = new Set<ServerReadyListener>();
	readonly #closedListeners = new Set<(port: number) => void>();
	readonly #running = new Set<WebContainerProcessHandle>();
	readonly #unsubscribe: Array<() => void> = [];
	#state: RuntimeState = { state: 'idle' };
	#started: Promise<ContainerSync> | null = null;
	#nextPid = 1;
	/** Set once the container crashed: nothing is read back from it any more. */
	#dead = false;

	constructor(fs: FileSystem, container: Container, options: WebContainerRuntimeOptions = {}) {
		this.#fs = fs;
		this.#container = container;
		this.#options = options;
		this.#unsubscribe.push(
			container.on('server-ready', (port, url) => {
				for (const listener of [...this.#serverListeners]) listener(port, url);
			}),
			container.on('port', (port, type) => {
				if (type === 'close') for (const listener of [...this.#closedListeners]) listener(port);
			}),
			container.on('error', ({ message }) => this.#crashed(message))
		);
	}

	get state(): RuntimeState {
		return this.#state;
	}

	onState(listener: (state: RuntimeState) => void): () => void {
		this.#stateListeners.add(listener);
		return () => this.#stateListeners.delete(listener);
	}

	/** Calls `listener` each time a server in the container starts listening on a port. */
	onServerReady(listener: ServerReadyListener): () => void {
		this.#serverListeners.add(listener);
		return () => this.#serverListeners.delete(listener);
	}

	/** Calls `listener` when a server's port in the container closes. */
	onServerClosed(listener: (port: number) => void): () => void {
		this.#closedListeners.add(listener);
		return () => this.#closedListeners.delete(listener);
	}

	async warmUp(): Promise<void> {
		await this.#start();
	}

	async run(request: RunRequest): Promise<Process> {
		const [command, ...args] = request.argv;
		if (this.#dead)
			throw new RuntimeStartError('The WebContainer stopped working: run the command again.');
		if (!command) throw new RuntimeStartError('Type a command to run, for example: node app.js');
		const sync = await this.#start();
		await sync.flush();
		const spawned = await this.#container.spawn(command, args, {
			cwd: request.cwd || undefined,
			env: request.env,
			terminal: { cols: request.columns ?? 80, rows: request.rows ?? 24 }
		});
		// What the program wrote reaches the file tree before the prompt comes back.
		const process = new WebContainerProcessHandle(this.#nextPid++, spawned, async () => {
			if (!this.#dead) await sync.flush();
			this.#running.delete(process);
			if (this.#running.size === 0 && this.#state.state === 'busy') {
				this.#setState({ state: 'ready', detail: 'WebContainer' });
			}
		});
		this.#running.add(process);
		this.#setState({ state: 'busy' });
		return process;
	}

	dispose(): void {
		for (const stop of this.#unsubscribe.splice(0)) stop();
		for (const process of this.#running) process.kill('SIGKILL');
		void this.#started?.then((sync) => sync.destroy());
		this.#stateListeners.clear();
		this.#serverListeners.clear();
		this.#closedListeners.clear();
	}

	#start(): Promise<ContainerSync> {
		if (this.#started) return this.#started;
		this.#setState({ state: 'starting', detail: 'Copying your files into the WebContainer' });
		const sync = new ContainerSync(this.#fs, this.#container, {
			notice: (text) => {
				for (const process of this.#running) process.notice(text);
			},
			settleMs: this.#options.settleMs,
			containerOnly: this.#options.containerOnly
		});
		this.#started = sync.start().then(
			() => {
				this.#setState({ state: 'ready', detail: 'WebContainer' });
				return sync;
			},
			(error: unknown) => {
				sync.destroy();
				this.#started = null;
				const message = `Your files could not be copied into the WebContainer: ${error instanceof Error ? error.message : String(error)}`;
				this.#setState({ state: 'failed', message });
				throw new RuntimeStartError(message);
			}
		);
		return this.#started;
	}

	#crashed(message: string): void {
		const text = `The WebContainer stopped working (${message}). Your files are safe; the next command runs in the offline JavaScript runtime.`;
		this.#dead = true;
		for (const process of [...this.#running]) {
			process.notice(text);
			process.abandon();
		}
		this.#running.clear();
		this.#setState({ state: 'failed', message: text });
		this.#options.onCrash?.(message);
	}

	#setState(state: RuntimeState): void {
		this.#state = state;
		for (const listener of [...this.#stateListeners]) listener(state);
	}
}
