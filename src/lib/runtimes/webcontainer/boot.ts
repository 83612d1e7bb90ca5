// Booting a WebContainer, safely. `WebContainer.boot()` opens an iframe on StackBlitz's origin
// and waits for it: with no network it never resolves and never rejects, and a second call waits
// on the same promise. So the page boots at most once, every caller shares that attempt, and a
// timeout turns "still waiting" into a reason the router can act on (fall back to the offline
// runtime) without a reload. A late success is still kept: the next command may use it.
import type { Container } from './container.ts';

/** Why a WebContainer is not available, in words for the status bar. */
export type UnavailableReason =
	'not-isolated' | 'offline' | 'timeout' | 'failed' | 'unsupported' | 'disabled';

/** The outcome of a boot attempt. */
export type BootResult =
	{ ok: true; container: Container } | { ok: false; reason: UnavailableReason; message: string };

/** What a boot attempt depends on; the defaults are the browser's. */
export interface BootEnvironment {
	/** Starts the real boot (imports @webcontainer/api lazily by default). */
	boot(): Promise<Container>;
	crossOriginIsolated: boolean;
	online: boolean;
	/** How long to wait for StackBlitz's runtime before giving up on it for now. */
	timeoutMs: number;
}

/** How long the status bar waits for StackBlitz before the offline runtime takes over. */
export const DEFAULT_BOOT_TIMEOUT_MS = 6000;

const messages: Readonly<Record<UnavailableReason, string>> = {
	'not-isolated': 'WebContainers need a cross-origin isolated page, and this one is not',
	offline: 'the browser is offline, and WebContainers load from StackBlitz',
	timeout: 'StackBlitz’s WebContainer runtime did not answer (no network, or it is blocked)',
	failed: 'the WebContainer failed to start',
	unsupported: 'this browser cannot run WebContainers',
	disabled: 'the offline runtime is preferred in the settings'
};

/** The sentence for a reason, e.g. for "offline JS runtime: <sentence>". */
export function describeReason(reason: UnavailableReason, detail?: string): string {
	return detail ? `${messages[reason]}: ${detail}` : messages[reason];
}

/** One page's boot attempt: shared by every caller, with a timeout of its own. */
export class ContainerBooter {
	readonly #environment: () => BootEnvironment;
	/** The underlying boot, once started: it may settle long after a timeout. */
	#pending: Promise<Container> | null = null;
	#container: Container | null = null;
	#failure: { reason: UnavailableReason; message: string } | null = null;
	readonly #bootedListeners = new Set<(container: Container) => void>();

	constructor(environment: () => BootEnvironment) {
		this.#environment = environment;
	}

	/** The booted container, if one has booted (even after a timeout was reported). */
	get container(): Container | null {
		return this.#container;
	}

	/** Boots, or joins the attempt in progress; resolves within the timeout, never rejects. */
	async boot(): Promise<BootResult> {
		if (this.#container) return { ok: true, container: this.#container };
		if (this.#failure && this.#failure.reason !== 'timeout' && this.#failure.reason !== 'offline') {
			return { ok: false, ...this.#failure };
		}
		const environment = this.#environment();
		if (!environment.crossOriginIsolated) return this.#fail('not-isolated');
		if (!environment.online && !this.#pending) return { ok: false, ...unavailable('offline') };
		this.#pending ??= this.#start(environment);
		const pending = this.#pending;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timedOut = new Promise<'timeout'>((resolve) => {
			timer = setTimeout(() => resolve('timeout'), environment.timeoutMs);
		});
		try {
			const outcome = await Promise.race([pending, timedOut]);
			if (outcome === 'timeout') return { ok: false, ...unavailable('timeout') };
			return { ok: true, container: outcome };
		} catch (error) {
			return { ok: false, ...(this.#failure ?? unavailable('failed', errorText(error))) };
		} finally {
			clearTimeout(timer);
		}
	}

	/** Calls `listener` when a boot succeeds, also one that succeeds after its callers timed out. */
	onBooted(listener: (container: Container) => void): () => void {
		this.#bootedListeners.add(listener);
		return () => this.#bootedListeners.delete(listener);
	}

	/** Forgets a container that crashed, so that the next boot starts afresh. */
	discard(container: Container): void {
		if (this.#container !== container) return;
		this.#container = null;
		this.#pending = null;
		try {
			container.teardown();
		} catch {
			// A crashed container may refuse to tear down; it is dropped either way.
		}
	}

	#start(environment: BootEnvironment): Promise<Container> {
		const pending = environment.boot().then(
			(container) => {
				this.#container = container;
				this.#failure = null;
				for (const listener of [...this.#bootedListeners]) listener(container);
				return container;
			},
			(error: unknown) => {
				this.#failure = unavailable('failed', errorText(error));
				this.#pending = null;
				throw error;
			}
		);
		// A boot that fails after its callers timed out must not be an unhandled rejection.
		pending.catch(() => {});
		return pending;
	}

	#fail(reason: UnavailableReason, detail?: string): BootResult {
		this.#failure = unavailable(reason, detail);
		return { ok: false, ...this.#failure };
	}
}

function unavailable(reason: UnavailableReason, detail?: string) {
	return { reason, message: describeReason(reason, detail) };
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The browser's environment: the real @webcontainer/api, loaded on first boot. */
export function browserEnvironment(timeoutMs = DEFAULT_BOOT_TIMEOUT_MS): BootEnvironment {
	return {
		boot: async () => {
			const { WebContainer } = await import('@webcontainer/api');
			return WebContainer.boot({ coep: 'require-corp', workdirName: 'workspace' });
		},
		crossOriginIsolated: globalThis.crossOriginIsolated === true,
		online: globalThis.navigator?.onLine !== false,
		timeoutMs
	};
}
