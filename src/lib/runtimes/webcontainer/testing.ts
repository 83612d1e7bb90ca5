// An in-memory stand-in for a booted WebContainer, implementing the part of @webcontainer/api's
// d.ts the adapter uses: a file system with recursive watch, mount, spawn with streams, and
// events. Programs are JavaScript functions given by the test. For unit tests only.
import type { FileSystemTree } from '@webcontainer/api';
import type { Container, ContainerProcess } from './container.ts';

/** What a fake program can do while it runs. */
export interface FakeProgramIo {
	args: string[];
	cwd: string;
	fs: FakeContainerFs;
	print(text: string): void;
	/** Resolves with the next chunk typed on stdin. */
	read(): Promise<string>;
	/** Resolves when the process is killed (Ctrl+C arrives through read() as '\x03'). */
	readonly killed: Promise<void>;
}

/** A fake program: resolves with its exit code. */
export type FakeProgram = (io: FakeProgramIo) => Promise<number>;

type Node = { kind: 'file'; data: Uint8Array } | { kind: 'dir' };
type Listener = (...args: never[]) => void;
const encoder = new TextEncoder();

/** The fake's file system: flat map of normalised paths, with recursive watchers. */
export class FakeContainerFs {
	readonly nodes = new Map<string, Node>([['', { kind: 'dir' }]]);
	readonly #watchers = new Set<(event: 'rename' | 'change', filename: string) => void>();

	// One implementation serves each overload of the d.ts, which only `any` can express.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async readFile(path: string, encoding?: string | null): Promise<any> {
		const node = this.nodes.get(clean(path));
		if (node?.kind !== 'file') throw new Error(`ENOENT: no such file, open '${path}'`);
		return encoding ? new TextDecoder().decode(node.data) : node.data.slice();
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async readdir(path: string, options?: unknown): Promise<any[]> {
		const dir = clean(path);
		if (this.nodes.get(dir)?.kind !== 'dir')
			throw new Error(`ENOTDIR: not a directory, scandir '${path}'`);
		const children = [...this.nodes.entries()].filter(
			([child]) => child !== '' && parentOf(child) === dir
		);
		const withTypes = typeof options === 'object' && options !== null && 'withFileTypes' in options;
		return children.map(([child, node]) => {
			const name = child.slice(dir === '' ? 0 : dir.length + 1);
			return withTypes
				? { name, isFile: () => node.kind === 'file', isDirectory: () => node.kind === 'dir' }
				: name;
		});
	}

	async writeFile(path: string, data: string | Uint8Array): Promise<void> {
		this.writeSync(path, data);
	}

	/** Writes at once, as a program inside the container would. */
	writeSync(path: string, data: string | Uint8Array): void {
		const target = clean(path);
		if (this.nodes.get(parentOf(target))?.kind !== 'dir') throw new Error(`ENOENT: ${path}`);
		const existed = this.nodes.has(target);
		this.nodes.set(target, {
			kind: 'file',
			data: typeof data === 'string' ? encoder.encode(data) : data.slice()
		});
		this.#emit(existed ? 'change' : 'rename', target);
	}

	/** Resolves with the first folder created, as Node's recursive mkdir does. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async mkdir(path: string, options?: { recursive?: boolean }): Promise<any> {
		const target = clean(path);
		const parts = target.split('/');
		let first: string | undefined;
		for (let i = 1; i <= parts.length; i++) {
			const dir = parts.slice(0, i).join('/');
			const node = this.nodes.get(dir);
			if (node?.kind === 'file') throw new Error(`EEXIST: ${dir}`);
			if (!node) {
				if (i < parts.length && !options?.recursive) throw new Error(`ENOENT: ${path}`);
				this.nodes.set(dir, { kind: 'dir' });
				this.#emit('rename', dir);
				first ??= dir;
			}
		}
		return first ?? '';
	}

	async rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void> {
		this.rmSync(path, options);
	}

	/** Removes at once, as a program inside the container would. */
	rmSync(path: string, options?: { force?: boolean; recursive?: boolean }): void {
		const target = clean(path);
		if (!this.nodes.has(target)) {
			if (options?.force) return;
			throw new Error(`ENOENT: ${path}`);
		}
		for (const key of [...this.nodes.keys()]) {
			if (key === target || key.startsWith(`${target}/`)) this.nodes.delete(key);
		}
		this.#emit('rename', target);
	}

	async rename(from: string, to: string): Promise<void> {
		const source = clean(from);
		const target = clean(to);
		for (const [key, node] of [...this.nodes.entries()]) {
			if (key === source || key.startsWith(`${source}/`)) {
				this.nodes.delete(key);
				this.nodes.set(target + key.slice(source.length), node);
			}
		}
		this.#emit('rename', source);
		this.#emit('rename', target);
	}

	watch(
		_filename: string,
		options?: unknown,
		listener?: (event: 'rename' | 'change', filename: string) => void
	): { close(): void } {
		const callback = typeof options === 'function' ? (options as typeof listener) : listener;
		if (!callback) return { close() {} };
		this.#watchers.add(callback);
		return { close: () => this.#watchers.delete(callback) };
	}

	/** Text of a file, for assertions. */
	text(path: string): string | undefined {
		const node = this.nodes.get(clean(path));
		return node?.kind === 'file' ? new TextDecoder().decode(node.data) : undefined;
	}

	/** Loads a tree without events, as mount() does. */
	load(tree: FileSystemTree, at = ''): void {
		for (const [name, node] of Object.entries(tree)) {
			const path = at === '' ? name : `${at}/${name}`;
			if ('directory' in node) {
				this.nodes.set(path, { kind: 'dir' });
				this.load(node.directory, path);
			} else if ('file' in node && 'contents' in node.file) {
				const contents = node.file.contents;
				this.nodes.set(path, {
					kind: 'file',
					data: typeof contents === 'string' ? encoder.encode(contents) : contents
				});
			}
		}
	}

	#emit(event: 'rename' | 'change', path: string): void {
		for (const watcher of [...this.#watchers]) watcher(event, path);
	}
}

/** A fake booted WebContainer. */
export class FakeContainer {
	readonly fs = new FakeContainerFs();
	readonly programs = new Map<string, FakeProgram>();
	readonly spawned: Array<{ command: string; args: string[]; cols?: number; rows?: number }> = [];
	readonly resizes: Array<{ cols: number; rows: number }> = [];
	readonly #listeners = new Map<string, Set<Listener>>();
	tornDown = false;
	mounts = 0;

	async mount(tree: FileSystemTree | Uint8Array | ArrayBuffer): Promise<void> {
		if (tree instanceof Uint8Array || tree instanceof ArrayBuffer)
			throw new Error('binary snapshots are not faked');
		this.mounts++;
		this.fs.load(tree);
	}

	on(event: string, listener: Listener): () => void {
		const set = this.#listeners.get(event) ?? new Set();
		this.#listeners.set(event, set);
		set.add(listener);
		return () => set.delete(listener);
	}

	/** Fires an event as the real container would ('server-ready', 'error', ...). */
	emit(event: string, ...args: unknown[]): void {
		for (const listener of [...(this.#listeners.get(event) ?? [])])
			(listener as (...a: unknown[]) => void)(...args);
	}

	teardown(): void {
		this.tornDown = true;
	}

	async spawn(
		command: string,
		argsOrOptions?: string[] | { cwd?: string; terminal?: { cols: number; rows: number } },
		maybeOptions?: { cwd?: string; terminal?: { cols: number; rows: number } }
	): Promise<ContainerProcess> {
		const args = Array.isArray(argsOrOptions) ? argsOrOptions : [];
		const options = (Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {};
		this.spawned.push({
			command,
			args,
			cols: options.terminal?.cols,
			rows: options.terminal?.rows
		});
		const program = this.programs.get(command);
		let output!: ReadableStreamDefaultController<string>;
		const typed: string[] = [];
		let wake: (() => void) | null = null;
		let markKilled!: () => void;
		const killed = new Promise<void>((resolve) => (markKilled = resolve));
		const io: FakeProgramIo = {
			args,
			cwd: options.cwd ?? '',
			fs: this.fs,
			print: (text) => output.enqueue(text),
			read: async () => {
				while (typed.length === 0) await new Promise<void>((resolve) => (wake = resolve));
				return typed.shift()!;
			},
			killed
		};
		const stream = new ReadableStream<string>({
			start: (controller) => void (output = controller)
		});
		const run = program
			? program(io)
			: Promise.resolve((io.print(`jsh: command not found: ${command}\r\n`), 127));
		const exit = Promise.race([run, killed.then(() => 143)]).finally(() => output.close());
		const resizes = this.resizes;
		return {
			exit,
			output: stream,
			input: new WritableStream<string>({
				write(chunk) {
					typed.push(chunk);
					wake?.();
				}
			}),
			kill: () => markKilled(),
			resize: (size) => void resizes.push(size)
		};
	}
}

/** The fake as the adapter's Container type (checks that it matches the d.ts). */
export function fakeContainer(): { fake: FakeContainer; container: Container } {
	const fake = new FakeContainer();
	const container: Container = fake;
	return { fake, container };
}

function clean(path: string): string {
	return path
		.split('/')
		.filter((part) => part !== '' && part !== '.')
		.join('/');
}

function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}
