// Where JavaScript runs on this page: a WebContainer when one boots (online, cross-origin
// isolated), else the offline runtime, and why. `WebContainer.boot()` never settles when
// StackBlitz is unreachable, so the page makes one attempt at a time (ContainerBooter adds the
// timeout), every command waits on that same attempt, and once it has failed the page stays on
// the offline runtime without waiting again, until the network comes back or the user asks.
import type { BootResult, ContainerBooter, UnavailableReason } from './webcontainer/boot.ts';
import { describeReason } from './webcontainer/boot.ts';
import type { Container } from './webcontainer/container.ts';
import type { JavaScriptPreference } from './js-settings.ts';
import type { StartNotes } from './types.ts';

/** How far the choice has got: nothing asked yet, booting, or decided. */
export type JavaScriptStatus = 'undecided' | 'starting' | 'webcontainer' | 'offline';

/** Which backend runs JavaScript, and why: the status bar shows both. */
export interface JavaScriptChoice {
	id: 'jsworker' | 'webcontainer';
	status: JavaScriptStatus;
	/** The status bar's text, e.g. "JS: offline runtime". */
	label: string;
	/** Why, as the tooltip says it, e.g. "offline JS runtime: the browser is offline, …". */
	reason: string;
	preference: JavaScriptPreference;
}

/** The outcome for one command: a booted container, or the offline runtime with the reason. */
export type JavaScriptDecision =
	| { backend: 'webcontainer'; container: Container }
	/** `reason` is a clause: "the browser is offline, and WebContainers load from StackBlitz". */
	| { backend: 'jsworker'; reason: string };

/** What a JavaScriptChooser works with. */
export interface JavaScriptChooserOptions {
	booter: Pick<ContainerBooter, 'boot' | 'container' | 'discard' | 'onBooted'>;
	preference(): JavaScriptPreference;
	/** How long before a command that waits on the boot says so in the terminal, in ms. */
	noteAfterMs?: number;
}

/** The line a terminal shows while its command waits for the boot. */
export const STARTING_NOTE = 'Starting WebContainer…';

/** Why the page is on the offline runtime. */
type Fallback = { reason: UnavailableReason | 'crashed'; message: string };

/** Decides, command by command, whether JavaScript runs in a WebContainer or offline. */
export class JavaScriptChooser {
	readonly #options: JavaScriptChooserOptions;
	readonly #listeners = new Set<(choice: JavaScriptChoice) => void>();
	/** The boot attempt in progress, shared by every command that waits. */
	#attempt: Promise<BootResult> | null = null;
	#fallback: Fallback | null = null;
	/** Whether a terminal has said why the offline runtime runs the commands. */
	#announced = false;
	#choice: JavaScriptChoice;

	constructor(options: JavaScriptChooserOptions) {
		this.#options = options;
		this.#choice = this.#describe('undecided');
		// A boot that succeeds after its callers gave up is used from the next command on.
		options.booter.onBooted(() => {
			if (this.#preference !== 'offline') {
				this.#fallback = null;
				this.#update('webcontainer');
			}
		});
	}

	/** The choice as it stands (the status bar's item). */
	get choice(): JavaScriptChoice {
		return this.#choice;
	}

	/** Calls `listener` on every change of the choice; returns the unsubscribe function. */
	onChange(listener: (choice: JavaScriptChoice) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Where the next JavaScript command runs. Waits at most for the boot's timeout; `notes`
	 * hears "Starting WebContainer…" while it waits and, the first time the offline runtime
	 * takes over, one line that says why.
	 */
	async decide(notes?: StartNotes): Promise<JavaScriptDecision> {
		const preference = this.#preference;
		if (preference === 'offline') {
			this.#update('offline');
			return { backend: 'jsworker', reason: this.#why };
		}
		const booted = this.#options.booter.container;
		if (booted && this.#fallback?.reason !== 'crashed') {
			this.#update('webcontainer');
			return { backend: 'webcontainer', container: booted };
		}
		// Auto gives up for the page once an attempt failed; a preferred WebContainer tries again.
		if (this.#fallback && !this.#attempt && (preference === 'auto' || !retriable(this.#fallback))) {
			return this.#offline(notes);
		}
		const result = await this.#wait(notes);
		if (result.ok) return { backend: 'webcontainer', container: result.container };
		return this.#offline(notes);
	}

	/** A booted container crashed: forget it; the next command runs offline, the status says why. */
	crashed(container: Container, message: string): void {
		this.#options.booter.discard(container);
		this.#fallback = {
			reason: 'crashed',
			message: `the WebContainer stopped working (${message})`
		};
		this.#announced = false;
		this.#update('offline');
	}

	/** The network came back: a failed boot (timeout, offline) or a crash is tried again now. */
	retry(): void {
		if (this.#preference === 'offline' || this.#attempt || !this.#fallback) return;
		if (!retriable(this.#fallback)) return;
		this.#fallback = null;
		void this.#wait();
	}

	/**
	 * The preference changed: what was given up on is forgotten, and a WebContainer asked for
	 * starts booting at once, so that the status bar answers the user's choice.
	 */
	preferenceChanged(): void {
		if (this.#fallback && retriable(this.#fallback)) this.#fallback = null;
		this.#announced = false;
		const booted = this.#options.booter.container;
		if (this.#preference === 'offline') this.#update('offline');
		else if (this.#attempt) this.#update('starting');
		else if (booted) this.#update('webcontainer');
		else if (this.#fallback) this.#update('offline');
		else void this.#wait();
	}

	get #preference(): JavaScriptPreference {
		return this.#options.preference();
	}

	/** Why the offline runtime runs JavaScript, as a clause ("the browser is offline, …"). */
	get #why(): string {
		if (this.#preference === 'offline' || !this.#fallback) return describeReason('disabled');
		return this.#fallback.message;
	}

	/** Starts an attempt, or joins the one in progress, and waits for it (within its timeout). */
	async #wait(notes?: StartNotes): Promise<BootResult> {
		if (!this.#attempt) {
			const attempt = this.#options.booter.boot().then((result) => {
				this.#attempt = null;
				if (result.ok) {
					this.#fallback = null;
					this.#update('webcontainer');
				} else {
					this.#fallback = { reason: result.reason, message: result.message };
					this.#announced = false;
					this.#update('offline');
				}
				return result;
			});
			this.#attempt = attempt;
			this.#update('starting');
		}
		const attempt = this.#attempt;
		if (notes) {
			// Said only when the wait is long enough to notice (not for a refusal decided at once).
			let settled = false;
			void attempt.finally(() => (settled = true));
			const timer = setTimeout(() => {
				if (!settled) notes.note(STARTING_NOTE);
			}, this.#options.noteAfterMs ?? 50);
			void attempt.finally(() => clearTimeout(timer));
		}
		return attempt;
	}

	#offline(notes?: StartNotes): JavaScriptDecision {
		this.#update('offline');
		if (notes && !this.#announced) {
			this.#announced = true;
			notes.note(`The offline JavaScript runtime runs this: ${this.#why}.`);
		}
		return { backend: 'jsworker', reason: this.#why };
	}

	#update(status: JavaScriptStatus): void {
		const next = this.#describe(status);
		const previous = this.#choice;
		this.#choice = next;
		if (
			previous.status === next.status &&
			previous.reason === next.reason &&
			previous.preference === next.preference
		)
			return;
		for (const listener of [...this.#listeners]) listener(next);
	}

	#describe(status: JavaScriptStatus): JavaScriptChoice {
		const preference = this.#preference;
		const preferred = preference === 'auto' ? '' : ' (preferred in the settings)';
		switch (status) {
			case 'webcontainer':
				return {
					id: 'webcontainer',
					status,
					label: 'JS: WebContainer',
					reason: `node, npm and npx run in a WebContainer (StackBlitz’s runtime, online)${preferred}.`,
					preference
				};
			case 'starting':
				return {
					id: 'webcontainer',
					status,
					label: 'JS: starting WebContainer…',
					reason:
						'Booting a WebContainer for node, npm and npx; if StackBlitz does not answer, node runs in the offline runtime.',
					preference
				};
			case 'offline':
				return {
					id: 'jsworker',
					status,
					label: 'JS: offline runtime',
					reason: `offline JS runtime: ${this.#why}. node runs in this browser with a subset of Node; npm and npx need a WebContainer.`,
					preference
				};
			case 'undecided':
				return {
					id: 'jsworker',
					status,
					label: 'JS',
					reason: 'The JavaScript runtime is chosen when a JavaScript command first runs.',
					preference
				};
		}
	}
}

/** Whether a later attempt may succeed where this one failed. */
function retriable(fallback: Fallback): boolean {
	return (
		fallback.reason === 'timeout' || fallback.reason === 'offline' || fallback.reason === 'crashed'
	);
}
