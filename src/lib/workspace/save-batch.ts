// Doc updates gathered into few IndexedDB writes. One transaction per keystroke queues up behind
// a busy page (measured: commits 2 to 7 seconds behind the typing), and a browser crash loses
// the queue. One write at a time, at most every `intervalMs`, keeps the queue one write long.
import * as Y from 'yjs';

/** Options of `new SaveBatch(write, options)`. */
export interface SaveBatchOptions {
	/** Least time between the starts of two writes, in ms (default 200). */
	intervalMs?: number;
	/** Called when `pending` turns true (an update waits) or false (everything written). */
	onPendingChange?: (pending: boolean) => void;
}

/** Default least time between two writes, in ms: well within the one-second crash budget. */
export const DEFAULT_SAVE_INTERVAL_MS = 200;

/**
 * Merges the updates given to `add` and hands them to `write` as one update: at once when no
 * write is running and the last one began `intervalMs` ago, else when both hold. `write`
 * settles when its transaction commits or fails; a failed write's updates are dropped (the
 * caller recovers by storing the whole doc).
 */
export class SaveBatch {
	readonly #write: (update: Uint8Array) => Promise<void>;
	readonly #intervalMs: number;
	readonly #onPendingChange: (pending: boolean) => void;
	#queued: Uint8Array[] = [];
	/** Writes begun and not yet settled: one, or more after `flush()`. */
	#writing = 0;
	#lastStart = -Infinity;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#destroyed = false;

	constructor(write: (update: Uint8Array) => Promise<void>, options: SaveBatchOptions = {}) {
		this.#write = write;
		this.#intervalMs = options.intervalMs ?? DEFAULT_SAVE_INTERVAL_MS;
		this.#onPendingChange = options.onPendingChange ?? (() => {});
	}

	/** True while an update waits to be written or a write is running. */
	get pending(): boolean {
		return this.#queued.length > 0 || this.#writing > 0;
	}

	/** Queues one doc update for the next write. */
	add(update: Uint8Array): void {
		if (this.#destroyed) return;
		const wasPending = this.pending;
		this.#queued.push(update);
		if (!wasPending) this.#onPendingChange(true);
		this.#schedule();
	}

	/**
	 * Starts writing what is queued now, even beside a running write (IndexedDB commits them in
	 * order): the page is going away, or the provider is closing.
	 */
	flush(): void {
		if (this.#queued.length === 0) return;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#lastStart = performance.now();
		const updates = this.#queued;
		this.#queued = [];
		this.#writing++;
		let writing: Promise<void>;
		try {
			writing = this.#write(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
		} catch {
			writing = Promise.resolve();
		}
		const done = () => {
			this.#writing--;
			if (this.#destroyed || this.#writing > 0) return;
			if (this.#queued.length > 0) this.#schedule();
			else this.#onPendingChange(false);
		};
		writing.then(done, done);
	}

	/** Stops writing; what is still queued is dropped (call `flush` first to keep it). */
	destroy(): void {
		this.#destroyed = true;
		clearTimeout(this.#timer);
		this.#queued = [];
	}

	#schedule(): void {
		if (this.#writing > 0 || this.#timer !== undefined) return;
		const wait = this.#lastStart + this.#intervalMs - performance.now();
		// Written in the keystroke's own task when due: a page busy with input runs timers late.
		if (wait <= 0) this.flush();
		else
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				this.flush();
			}, wait);
	}
}
