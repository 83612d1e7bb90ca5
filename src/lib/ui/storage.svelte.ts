import { notices } from './notices.svelte.ts';
import { storageWarning, type StorageFacts } from './storage-estimate.ts';

/** Set once the app has asked for persistent storage, so it asks by itself only once. */
const ASKED_KEY = 'bytestorm:persist-asked';

/** The subset of `navigator.storage` used here; absent in old browsers and some private modes. */
type Manager = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

/** Whether the browser keeps this site's storage, how full it is, and asking it to keep it. */
class StorageState {
	facts = $state<StorageFacts>({ persisted: null, usage: null, quota: null });
	#warned = false;
	private readonly manager: () => Manager | undefined;

	constructor(manager: () => Manager | undefined) {
		this.manager = manager;
	}

	/** Reads the persistence state and the estimate; warns (once per page) past 80% of the quota. */
	async refresh(): Promise<void> {
		const manager = this.manager();
		if (!manager) return;
		try {
			const [persisted, estimate] = await Promise.all([manager.persisted(), manager.estimate()]);
			this.facts = {
				persisted,
				usage: estimate.usage ?? null,
				quota: estimate.quota ?? null
			};
		} catch {
			// The estimate is advice: without it the label says "may be cleared", nothing breaks.
			return;
		}
		const warning = storageWarning(this.facts);
		if (warning && !this.#warned) {
			this.#warned = true;
			notices.show('error', warning);
		}
	}

	/** Asks the browser to keep storage (it may decide without asking the user); returns the answer. */
	async request(): Promise<boolean> {
		const manager = this.manager();
		if (!manager) return false;
		try {
			localStorage.setItem(ASKED_KEY, '1');
		} catch {
			// Only the "asked once" memory is lost.
		}
		let granted: boolean;
		try {
			granted = await manager.persist();
		} catch {
			granted = false;
		}
		await this.refresh();
		return granted;
	}

	/** Asks once per browser (on the first workspace created); later calls only refresh. */
	async requestOnce(): Promise<void> {
		let asked = true;
		try {
			asked = localStorage.getItem(ASKED_KEY) !== null;
		} catch {
			// localStorage refused: do not ask on every creation.
		}
		if (asked) await this.refresh();
		else await this.request();
	}
}

/** The app-wide storage state. */
export const storage = new StorageState(() =>
	typeof navigator !== 'undefined' ? navigator.storage : undefined
);
