// The router: which backend runs a command. Backends load lazily (Pyodide's worker and files
// are fetched on first use) and there is one runtime per backend per workspace, shared by the
// Run button and every terminal. Components never import a backend; they come here.
import type { FileSystem } from '#lib/workspace/index.ts';
import { CommandNotFoundError } from './errors.ts';
import { JSWORKER_COMMANDS } from './jsworker/argv.ts';
import { PYODIDE_COMMANDS } from './pyodide/argv.ts';
// Not the backend's chunk: the page's entry has this already (hooks.client.ts), and a spare worker
// started through an import could come after the workspace's runtime had started its own.
import { prewarm as prewarmPython } from './pyodide/worker-start.ts';
import { JAVASCRIPT_COMMANDS, javascriptRuntimeFor } from './js-routing.ts';
import type { BackendId, Runtime, RuntimeFactory, StartNotes } from './types.ts';
// Imported here, ahead of the backends that use it: its key listener must be on the window
// before the page's (see the module).
import './frame-after-input.ts';

export { BackendError, CommandNotFoundError, RuntimeStartError } from './errors.ts';
export type * from './types.ts';
export { takeCrashedRun } from './jsworker/crash-marker.ts';
export { javascriptBackend, onJavaScriptChoice, setJavaScriptPreference } from './js-routing.ts';
export type { JavaScriptChoice } from './js-choice.ts';
export { JAVASCRIPT_PREFERENCES, type JavaScriptPreference } from './js-settings.ts';

interface Backend {
	readonly id: BackendId;
	readonly commands: readonly string[];
	load(): Promise<RuntimeFactory>;
	/**
	 * Starts what the backend needs ahead of the first runtime (which then takes it over), at once:
	 * a runtime made after this call finds it.
	 */
	prewarm?(): void;
}

const backends: readonly Backend[] = [
	{
		id: 'pyodide',
		commands: PYODIDE_COMMANDS,
		load: async () => (await import('./pyodide/runtime.ts')).createPyodideRuntime,
		prewarm: prewarmPython
	},
	{
		id: 'jsworker',
		commands: JSWORKER_COMMANDS,
		load: async () => (await import('./jsworker/runtime.ts')).createJsWorkerRuntime
	}
];

/** Every command a backend provides, for tab completion and help. */
export const runtimeCommands: readonly string[] = [
	...new Set([...backends.flatMap((backend) => backend.commands), ...JAVASCRIPT_COMMANDS])
];

/** One line for `help` about each program a backend provides. */
const programSummaries: Readonly<Record<string, string>> = {
	python: 'run Python programs and the REPL, in this browser (Pyodide)',
	python3: 'the same as python',
	pip: 'install Python packages that run in the browser',
	pip3: 'the same as pip',
	node: 'run JavaScript with Node.js: in a WebContainer online, else offline in this browser',
	npm: 'install npm packages and run package.json scripts (in a WebContainer, online)',
	npx: 'run a package’s command (in a WebContainer, online)',
	pnpm: 'the pnpm package manager (in a WebContainer, online)',
	yarn: 'the yarn package manager (in a WebContainer, online)'
};

/** The programs the runtimes provide, with a line each, for the shell's help and completion. */
export function runtimePrograms(): { name: string; summary: string; kind: 'program' }[] {
	return runtimeCommands.map((name) => ({
		name,
		summary: programSummaries[name] ?? 'a program',
		kind: 'program'
	}));
}

const cloudOnly =
	'it needs a full Linux machine: it will run in a cloud sandbox once Bytestorm offers one';

/** Commands no backend runs yet, and why: what the shell adds to "command not found". */
const missingCommands: Readonly<Record<string, string>> = {
	...Object.fromEntries(
		[
			'apt',
			'apt-get',
			'bash',
			'sh',
			'zsh',
			'sudo',
			'gcc',
			'g++',
			'cc',
			'make',
			'cmake',
			'clang',
			'java',
			'javac',
			'go',
			'cargo',
			'rustc',
			'ruby',
			'php',
			'perl',
			'docker',
			'curl',
			'wget',
			'ssh',
			'vim',
			'vi',
			'nano',
			'emacs',
			'man',
			'less',
			'top'
		].map((name) => [name, cloudOnly])
	)
};

/** Why `name` cannot run here, when there is more to say than "command not found". */
export function explainMissingCommand(name: string): string | undefined {
	return Object.hasOwn(missingCommands, name) ? missingCommands[name] : undefined;
}

const runtimes = new WeakMap<FileSystem, Map<BackendId, Promise<Runtime>>>();

/** True when some backend runs `command` (a shell checks its builtins first, then this). */
export function hasRuntimeFor(command: string): boolean {
	return backendFor(command) !== undefined || JAVASCRIPT_COMMANDS.includes(command);
}

/**
 * The runtime that runs `command` on the workspace's files, created on first use and reused.
 * Rejects with CommandNotFoundError (its message is what the terminal shows) for unknown commands.
 * JavaScript goes where the page's choice says (js-routing.ts); `notes` hears it wait for a boot.
 */
export function runtimeFor(fs: FileSystem, command: string, notes?: StartNotes): Promise<Runtime> {
	const forWorkspace = runtimes.get(fs) ?? new Map<BackendId, Promise<Runtime>>();
	runtimes.set(fs, forWorkspace);
	if (JAVASCRIPT_COMMANDS.includes(command)) {
		const offline = () => cachedRuntime(forWorkspace, backendFor('node')!, fs);
		return javascriptRuntimeFor(fs, command, { cache: forWorkspace, offline, notes });
	}
	const backend = backendFor(command);
	if (!backend) return Promise.reject(new CommandNotFoundError(command, visibleCommands()));
	return cachedRuntime(forWorkspace, backend, fs);
}

/** The workspace's runtime of `backend`, created on first use. */
function cachedRuntime(
	forWorkspace: Map<BackendId, Promise<Runtime>>,
	backend: Backend,
	fs: FileSystem
): Promise<Runtime> {
	let runtime = forWorkspace.get(backend.id);
	if (!runtime) {
		runtime = backend.load().then((create) => create(fs));
		// A backend whose code failed to load (offline, say) is tried again on the next call.
		runtime.catch(() => forWorkspace.delete(backend.id));
		forWorkspace.set(backend.id, runtime);
	}
	return runtime;
}

/**
 * Starts the backend for `command` before a workspace needs it: a Python worker boots while the
 * page renders and opens the workspace, and the workspace's runtime adopts it. Never throws.
 */
export function prewarm(command: string): void {
	try {
		backendFor(command)?.prewarm?.();
	} catch {
		// A worker that cannot start now is started, and its failure told, by the runtime.
	}
}

/** Stops every runtime of a workspace (when it closes); its files are untouched. */
export async function disposeRuntimes(fs: FileSystem): Promise<void> {
	const forWorkspace = runtimes.get(fs);
	runtimes.delete(fs);
	for (const runtime of forWorkspace?.values() ?? []) {
		(await runtime.catch(() => null))?.dispose();
	}
}

function backendFor(command: string): Backend | undefined {
	return backends.find((backend) => backend.commands.includes(command));
}

/** The commands named in "command not found": the main ones, without aliases like python3. */
function visibleCommands(): string[] {
	return runtimeCommands.filter((command) => !/\d$/.test(command));
}
