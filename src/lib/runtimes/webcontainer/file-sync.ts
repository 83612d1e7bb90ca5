// The workspace and a WebContainer's file system kept in step, as a Yjs-style provider: the
// workspace's files are mounted once, later edits are written into the container, and what
// programs create or change comes back (node_modules and other caches stay in the container
// unless the user asks for them). Contents are compared before writing, and the container's
// writes carry the 'runtime' origin, so neither side echoes the other.
import {
	contentFromBytes,
	dirname,
	equalBytes,
	type FileSystem,
	type WorkspaceChange
} from '#lib/workspace/index.ts';
import { maxFileBytes as defaultMaxFileBytes } from '#lib/limits.ts';
import type { DirectoryNode, FileSystemTree } from '@webcontainer/api';
import { CONTAINER_ONLY_FOLDERS, type Container } from './container.ts';

/** Options of a ContainerSync. */
export interface ContainerSyncOptions {
	/** Receives a sentence for each change that could not be carried over. */
	notice(text: string): void;
	/** Folders (top-level names) whose files stay in the container; default CONTAINER_ONLY_FOLDERS. */
	containerOnly?: readonly string[];
	/** How long to gather the container's change events before reading them back, in ms. */
	settleMs?: number;
}

/** The workspace's files as a tree for `container.mount()`. */
export function workspaceTree(fs: FileSystem): FileSystemTree {
	const root: FileSystemTree = {};
	const folders = new Map<string, FileSystemTree>([['', root]]);
	for (const entry of fs.walk()) {
		const parent = folders.get(dirname(entry.path)) ?? root;
		if (entry.type === 'dir') {
			const node: DirectoryNode = { directory: {} };
			parent[entry.name] = node;
			folders.set(entry.path, node.directory);
		} else {
			parent[entry.name] = { file: { contents: fs.readBytes(entry.path) } };
		}
	}
	return root;
}

/** Keeps one workspace and one container in step until destroyed. */
export class ContainerSync {
	readonly #fs: FileSystem;
	readonly #container: Container;
	readonly #notice: (text: string) => void;
	readonly #containerOnly: ReadonlySet<string>;
	readonly #settleMs: number;
	/** Workspace paths changed since they were last written into the container. */
	readonly #toContainer = new Set<string>();
	/** Container paths reported changed since they were last read back. */
	readonly #toWorkspace = new Set<string>();
	#queue: Promise<void> = Promise.resolve();
	#pullTimer: ReturnType<typeof setTimeout> | undefined;
	#stopWorkspace: (() => void) | undefined;
	#watcher: { close(): void } | undefined;
	#destroyed = false;

	constructor(fs: FileSystem, container: Container, options: ContainerSyncOptions) {
		this.#fs = fs;
		this.#container = container;
		this.#notice = options.notice;
		this.#containerOnly = new Set(options.containerOnly ?? CONTAINER_ONLY_FOLDERS);
		this.#settleMs = options.settleMs ?? 50;
	}

	/** Mounts the workspace's files and starts following both sides. */
	async start(): Promise<void> {
		this.#stopWorkspace = this.#fs.onChange((change) => this.#noteWorkspace(change));
		// The page's one container may hold another workspace's files (opened earlier): start clean.
		for (const name of await this.#container.fs.readdir('.')) {
			await this.#container.fs.rm(name, { recursive: true, force: true });
		}
		await this.#container.mount(workspaceTree(this.#fs));
		this.#watcher = this.#container.fs.watch('.', { recursive: true }, (_event, filename) => {
			const path = normalise(typeof filename === 'string' ? filename : decode(filename));
			if (path === '' || this.#isContainerOnly(path)) return;
			this.#toWorkspace.add(path);
			clearTimeout(this.#pullTimer);
			this.#pullTimer = setTimeout(() => void this.#enqueue(() => this.#pull()), this.#settleMs);
		});
	}

	/** Resolves once every change seen so far, on both sides, has been carried over. */
	flush(): Promise<void> {
		clearTimeout(this.#pullTimer);
		return this.#enqueue(async () => {
			await this.#push();
			await this.#pull();
		});
	}

	/** Stops following both sides; the container and the workspace keep their files. */
	destroy(): void {
		this.#destroyed = true;
		clearTimeout(this.#pullTimer);
		this.#stopWorkspace?.();
		this.#watcher?.close();
	}

	#noteWorkspace(change: WorkspaceChange): void {
		if (change.origin === 'runtime') return;
		for (const { path } of change.changes) this.#toContainer.add(path);
		void this.#enqueue(() => this.#push());
	}

	/** Runs sync steps one at a time, in order; a failed step does not stop the next. */
	#enqueue(step: () => Promise<void>): Promise<void> {
		const next = this.#queue.then(async () => {
			if (!this.#destroyed) await step();
		});
		this.#queue = next.catch((error: unknown) =>
			this.#notice(`Your files and the WebContainer could not be kept in step: ${reason(error)}`)
		);
		return this.#queue;
	}

	async #push(): Promise<void> {
		const paths = [...this.#toContainer].sort();
		this.#toContainer.clear();
		const fs = this.#container.fs;
		for (const path of paths) {
			if (!this.#fs.exists(path)) {
				await fs.rm(path, { recursive: true, force: true });
			} else if (this.#fs.stat(path).type === 'dir') {
				await fs.mkdir(path, { recursive: true });
			} else {
				if (dirname(path) !== '') await fs.mkdir(dirname(path), { recursive: true });
				await fs.writeFile(path, this.#fs.readBytes(path));
			}
		}
	}

	async #pull(): Promise<void> {
		const paths = [...this.#toWorkspace].sort();
		this.#toWorkspace.clear();
		const changes: Array<{ path: string; content: Uint8Array | 'dir' | null }> = [];
		for (const path of paths) await this.#read(path, changes);
		if (changes.length === 0) return;
		this.#fs.doc.transact(() => {
			for (const change of changes) this.#applyOne(change.path, change.content);
		}, 'runtime');
	}

	/** What the container holds at `path` now (a folder brings its files along). */
	async #read(
		path: string,
		into: Array<{ path: string; content: Uint8Array | 'dir' | null }>
	): Promise<void> {
		const fs = this.#container.fs;
		try {
			into.push({ path, content: await fs.readFile(path) });
			return;
		} catch {
			// Not a file: a folder, or gone.
		}
		let entries: Array<{ name: string; isDirectory(): boolean }>;
		try {
			entries = await fs.readdir(path, { withFileTypes: true });
		} catch {
			into.push({ path, content: null });
			return;
		}
		into.push({ path, content: 'dir' });
		for (const entry of entries) {
			const child = `${path}/${entry.name}`;
			if (!this.#isContainerOnly(child)) await this.#read(child, into);
		}
	}

	#applyOne(path: string, content: Uint8Array | 'dir' | null): void {
		const fs = this.#fs;
		const existing = fs.exists(path) ? fs.stat(path) : null;
		try {
			if (content === null) {
				if (existing) fs.remove(path, { recursive: true, origin: 'runtime' });
			} else if (content === 'dir') {
				if (existing?.type === 'file') fs.remove(path, { origin: 'runtime' });
				if (existing?.type !== 'dir') fs.mkdir(path, { recursive: true, origin: 'runtime' });
			} else if (content.byteLength > this.#maxFileBytes) {
				this.#notice(
					`A program wrote "${path}" (${megabytes(content.byteLength)}), which is larger than ` +
						`the ${megabytes(this.#maxFileBytes)} a workspace file may hold; it stays in the WebContainer only.`
				);
			} else if (existing?.type !== 'file' || !equalBytes(fs.readBytes(path), content)) {
				if (existing?.type === 'dir') fs.remove(path, { recursive: true, origin: 'runtime' });
				fs.writeFile(path, contentFromBytes(content), { origin: 'runtime' });
			}
		} catch (error) {
			this.#notice(`A program changed "${path}", but your files did not take it: ${reason(error)}`);
		}
	}

	get #maxFileBytes(): number {
		const limit = (this.#fs as { maxFileBytes?: unknown }).maxFileBytes;
		return typeof limit === 'number' ? limit : defaultMaxFileBytes;
	}

	#isContainerOnly(path: string): boolean {
		return this.#containerOnly.has(path.split('/')[0] ?? '');
	}
}

function normalise(path: string): string {
	return path
		.split('/')
		.filter((part) => part !== '' && part !== '.')
		.join('/');
}

const decoder = new TextDecoder();

function decode(bytes: Uint8Array): string {
	return decoder.decode(bytes);
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
