/**
 * Automatic snapshots while a workspace is edited: one every `intervalMs` (10 minutes) if
 * anything changed since the last, keeping the newest `keep` automatic ones.
 */
import { list, remove, take } from './store.ts';
import type { SnapshotSummary, WorkspaceRef } from './types.ts';

/** Options of `new AutoSnapshots(ref, options)`. */
export interface AutoSnapshotOptions {
	/** Time between automatic snapshots while edited (default 10 minutes). */
	intervalMs?: number;
	/** Automatic snapshots kept per workspace; older ones are deleted (default 20). */
	keep?: number;
	/** Called after each automatic snapshot. */
	ontaken?: (summary: SnapshotSummary) => void;
	/** Called when one fails (storage full...), with the error. */
	onerror?: (error: unknown) => void;
}

/** Takes automatic snapshots of one workspace on a timer; `destroy()` stops it. */
export class AutoSnapshots {
	readonly #ref: WorkspaceRef;
	readonly #options: Required<Pick<AutoSnapshotOptions, 'intervalMs' | 'keep'>> &
		AutoSnapshotOptions;
	#edited = false;
	#busy = false;
	readonly #timer: ReturnType<typeof setInterval>;
	readonly #stop: () => void;

	constructor(ref: WorkspaceRef, options: AutoSnapshotOptions = {}) {
		this.#ref = ref;
		this.#options = { intervalMs: 10 * 60 * 1000, keep: 20, ...options };
		// Changes from peers are theirs to snapshot; loading the doc is not an edit.
		this.#stop = ref.ws.onChange((change) => {
			if (change.origin !== 'remote' && change.origin !== 'restore') this.#edited = true;
		});
		this.#timer = setInterval(() => void this.tick(), this.#options.intervalMs);
	}

	/** Takes the snapshot now if there were edits since the last one; resolves when done. */
	async tick(): Promise<SnapshotSummary | null> {
		if (!this.#edited || this.#busy) return null;
		this.#busy = true;
		this.#edited = false;
		try {
			const summary = await take(this.#ref, 'Automatic snapshot', { auto: true });
			await this.#prune();
			this.#options.ontaken?.(summary);
			return summary;
		} catch (error) {
			this.#edited = true;
			this.#options.onerror?.(error);
			return null;
		} finally {
			this.#busy = false;
		}
	}

	async #prune(): Promise<void> {
		const automatic = (await list(this.#ref.id)).filter((snapshot) => snapshot.auto);
		const old = automatic.slice(this.#options.keep).map((snapshot) => snapshot.id);
		if (old.length > 0) await remove(...old);
	}

	/** Stops the timer and the change listener. */
	destroy(): void {
		clearInterval(this.#timer);
		this.#stop();
	}
}
