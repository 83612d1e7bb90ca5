// Starting a Python worker, on the main thread. Even from its start-up cache Python takes most of
// a second to boot, so the workspace page starts one ahead of time (prewarm) while it renders and
// opens the workspace, and the runtime made for the workspace then adopts it (adoptSpare).
import * as Comlink from 'comlink';
import { stdlibHash } from 'virtual:bytestorm/pyodide-stdlib';
import { maxFileBytes as defaultMaxFileBytes } from '#lib/limits.ts';
import { startupWork } from '#lib/startup-work.ts';
import type { BootInfo, PythonWorkerApi, StartupCacheKeeper, WorkerEvents } from './api.ts';
import { STARTUP_IMAGES_FOLDER, pyodideBasePath } from './assets.ts';
import { createChannelBuffer } from './channel.ts';
import { packageSources } from './package-sources.ts';
import { opfsSnapshots } from './snapshot-opfs.ts';

/** How long a worker started ahead of time waits for a workspace before it is stopped. */
export const SPARE_LIFETIME_MS = 30_000;

/** A worker asked to boot Python; the runtime that owns it connects its reports. */
export interface StartedWorker {
	readonly worker: Worker;
	readonly api: Comlink.Remote<PythonWorkerApi>;
	/** The shared control block, or null without cross-origin isolation. */
	readonly channel: SharedArrayBuffer | null;
	readonly maxFileBytes: number;
	/** performance.now() when the worker was created. */
	readonly createdAt: number;
	/** Rejects if the worker's script does not load or the worker dies. */
	readonly crashed: Promise<never>;
	/** Resolves once Python is up; rejects if it cannot start. */
	readonly booted: Promise<BootInfo>;
	/** Sends the worker's reports to `events` from now on (it reports nothing before a run). */
	connect(events: WorkerEvents): void;
}

/** Creates a worker and asks it to boot Python at once. */
export function startWorker(maxFileBytes: number): StartedWorker {
	const createdAt = performance.now();
	const worker = new Worker(new URL('./worker.ts', import.meta.url), {
		type: 'module',
		name: 'python'
	});
	const isolated = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated;
	const channel = isolated ? createChannelBuffer() : null;
	const api = Comlink.wrap<PythonWorkerApi>(worker);
	const crashed = new Promise<never>((_, reject) => {
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			reject(new Error(event.message || 'its worker script did not load'));
		});
	});
	crashed.catch(() => {});
	// Forwards each report to whatever `connect` named, so the worker can boot before its
	// workspace (and the runtime that handles its reports) exists.
	let events: WorkerEvents | null = null;
	const relay = new Proxy({} as WorkerEvents, {
		get(target, name) {
			// Symbols (comlink's marker) and `then` (it is not a promise) are the object's own.
			if (typeof name !== 'string' || name === 'then') return Reflect.get(target, name);
			return (...args: unknown[]) => {
				const handler = events?.[name as keyof WorkerEvents] as
					((...values: unknown[]) => unknown) | undefined;
				return handler?.(...args);
			};
		}
	});
	const options = {
		indexURL: new URL(pyodideBasePath, location.href).href,
		// The hash makes a new stdlib a new URL: the HTTP cache keeps these files for good.
		stdlibURL: new URL(`${pyodideBasePath}python_stdlib.zip?v=${stdlibHash}`, location.href).href,
		stdlibHash,
		startupImagesURL: new URL(`${pyodideBasePath}${STARTUP_IMAGES_FOLDER}/`, location.href).href,
		channel,
		maxFileBytes,
		packageSources: packageSources()
	};
	const keeper = startupCacheKeeper();
	const booted = Promise.race([
		keeper
			? api.boot(options, Comlink.proxy(relay), Comlink.proxy(keeper))
			: api.boot(options, Comlink.proxy(relay)),
		crashed
	]);
	booted.catch(() => {});
	// The service worker's first install waits for it (startup-work.ts).
	startupWork(booted);
	return {
		worker,
		api,
		channel,
		maxFileBytes,
		createdAt,
		crashed,
		booted,
		connect: (target) => (events = target)
	};
}

/**
 * Python's start-up cache as the page writes it: the worker reads it (snapshot-opfs.ts), and
 * hands over what it saves, so its thread is free for the first run at once; a failed write is
 * the worker's to tell. Null where the page has no OPFS: the worker then writes it itself.
 */
function startupCacheKeeper(): StartupCacheKeeper | null {
	const store = opfsSnapshots();
	return store && { keep: (key, bytes) => store.put(key, bytes) };
}

let spare: { started: StartedWorker; timer: ReturnType<typeof setTimeout> } | null = null;

/** Starts a worker for the next runtime to adopt, unless one is waiting already. */
export function prewarm(): void {
	if (spare || typeof Worker === 'undefined') return;
	const started = startWorker(defaultMaxFileBytes);
	const drop = () => {
		if (spare?.started !== started) return;
		clearTimeout(spare.timer);
		spare = null;
		started.worker.terminate();
	};
	// No workspace took it (one without Python, say): it would only hold memory.
	spare = { started, timer: setTimeout(drop, SPARE_LIFETIME_MS) };
	// One that cannot boot is not handed out; the runtime starts its own and reports why.
	started.booted.catch(drop);
}

/** The worker started ahead of time, if one is waiting with these limits: it is the caller's now. */
export function adoptSpare(maxFileBytes: number): StartedWorker | null {
	if (!spare || spare.started.maxFileBytes !== maxFileBytes) return null;
	const { started, timer } = spare;
	clearTimeout(timer);
	spare = null;
	return started;
}
