// A process's output listeners. Listeners that subscribe in the same task as the first one (the
// run log, then the terminal, with awaits between them) all get the output given before they
// could subscribe; after that task the backlog is dropped, so a long run keeps nothing.
import type { ProcessOutput } from './types.ts';

/** Delivers a process's output to every listener, in order, with the early output kept. */
export class OutputFanout {
	readonly #listeners = new Set<(output: ProcessOutput) => void>();
	#backlog: ProcessOutput[] | null = [];
	#dropping = false;

	/** Adds a listener and replays the backlog to it; returns the unsubscribe function. */
	subscribe(listener: (output: ProcessOutput) => void): () => void {
		this.#listeners.add(listener);
		for (const output of this.#backlog ?? []) listener(output);
		if (this.#backlog && !this.#dropping) {
			this.#dropping = true;
			setTimeout(() => (this.#backlog = null), 0);
		}
		return () => this.#listeners.delete(listener);
	}

	/** Gives `output` to every listener, or keeps it until the first one subscribes. */
	emit(output: ProcessOutput): void {
		if (this.#backlog) this.#backlog.push(output);
		for (const listener of [...this.#listeners]) listener(output);
	}
}
