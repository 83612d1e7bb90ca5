// The page's side of offline use: whether the browser is online, whether this build is kept for
// offline use, and whether a newer build is waiting for the user's Reload.
import { afterStartup } from '#lib/startup-work.ts';
import { SKIP_WAITING, type SkipWaitingMessage } from './protocol.ts';

/** What the page knows of the service worker: none yet, installing the app, or the app is kept offline. */
export type OfflineReadiness = 'unsupported' | 'installing' | 'ready';

/** The line shown while the browser is offline. */
export const OFFLINE_MESSAGE =
	'Offline: everything here works; pip downloads and sharing need the network.';

/** How long Reload waits for the new worker to take over before reloading anyway. */
const TAKEOVER_TIMEOUT_MS = 3000;

class Connection {
	/** False while the browser says it has no network. */
	online = $state(true);
	/** Whether this build of the app is stored for use without the network. */
	readiness = $state<OfflineReadiness>('unsupported');
	/** True when a newer build is installed and waits for the user's Reload. */
	updateReady = $state(false);
	#registration: ServiceWorkerRegistration | null = null;
	#started = false;
	#reloading = false;

	/** Starts watching the network and registers the service worker at `scriptUrl` (null: none); once. */
	start(scriptUrl: string | null): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		this.online = navigator.onLine;
		window.addEventListener('online', () => {
			this.online = true;
			// Back online: the moment a newer build may be found.
			void this.#registration?.update().catch(() => {});
		});
		window.addEventListener('offline', () => (this.online = false));
		if (!scriptUrl || !('serviceWorker' in navigator)) return;
		// Its first install downloads the app and Pyodide: after the page's own start (Python's).
		this.readiness = navigator.serviceWorker.controller ? 'ready' : 'installing';
		void afterStartup().then(() => this.#register(scriptUrl));
	}

	/** Activates the waiting build and reloads the page on it (the banner's Reload). */
	applyUpdate(): void {
		const waiting = this.#registration?.waiting;
		if (!waiting) {
			location.reload();
			return;
		}
		const reload = () => {
			if (this.#reloading) return;
			this.#reloading = true;
			location.reload();
		};
		navigator.serviceWorker.addEventListener('controllerchange', reload);
		// A page the old worker did not control gets no controllerchange.
		waiting.addEventListener('statechange', () => {
			if (waiting.state === 'activated') reload();
		});
		setTimeout(reload, TAKEOVER_TIMEOUT_MS);
		waiting.postMessage({ type: SKIP_WAITING } satisfies SkipWaitingMessage);
	}

	async #register(scriptUrl: string): Promise<void> {
		let registration: ServiceWorkerRegistration;
		try {
			registration = await navigator.serviceWorker.register(scriptUrl, { type: 'module' });
		} catch {
			// Refused (private mode, storage off): the app works online as before.
			this.readiness = 'unsupported';
			return;
		}
		this.#registration = registration;
		this.#watch(registration);
	}

	#watch(registration: ServiceWorkerRegistration): void {
		const update = () => {
			this.readiness = registration.active ? 'ready' : 'installing';
			// A waiting worker behind an active one is a new build; the first install never waits.
			this.updateReady = !!registration.waiting && !!registration.active;
		};
		const follow = (worker: ServiceWorker | null) =>
			worker?.addEventListener('statechange', update);
		follow(registration.installing);
		follow(registration.waiting);
		registration.addEventListener('updatefound', () => {
			follow(registration.installing);
			update();
		});
		update();
	}
}

/** The app-wide connection and update state. */
export const connection = new Connection();
