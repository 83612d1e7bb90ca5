// The terminal as stdin: lines the user types while a command runs (the terminal's cooked
// mode) wait here until a command reads them. Each command reads through its own view, and
// closing a view leaves unread input for whoever reads next, as a real tty does.
import { toBytes, type InputStream } from './io.ts';

/** End of input typed at the terminal (Ctrl+D on an empty line). */
const EOF = null;

/** What the user typed for the foreground command, queued until read. */
export class TerminalInput {
	readonly #queue: (Uint8Array | typeof EOF)[] = [];
	readonly #waiters = new Set<(chunk: Uint8Array | typeof EOF) => void>();

	/** Queues typed text (a line with its '\n', or a partial line sent with Ctrl+D). */
	push(text: string): void {
		this.#deliver(toBytes(text));
	}

	/** Queues an end of input: the reader waiting now (or next) gets null once. */
	end(): void {
		this.#deliver(EOF);
	}

	/** An input stream on the terminal; closing it stops reading without losing typed input. */
	open(): InputStream {
		let closed = false;
		let wake: ((chunk: Uint8Array | typeof EOF) => void) | null = null;
		return {
			isTerminal: true,
			read: () => {
				if (closed) return Promise.resolve(null);
				if (this.#queue.length) return Promise.resolve(this.#queue.shift()!);
				return new Promise((resolve) => {
					wake = (chunk) => {
						wake = null;
						this.#waiters.delete(waiter);
						resolve(chunk);
					};
					const waiter = wake;
					this.#waiters.add(waiter);
				});
			},
			close: () => {
				closed = true;
				if (wake) {
					this.#waiters.delete(wake);
					const pending = wake;
					wake = null;
					// Resolves the pending read without taking anything from the queue.
					pending(EOF);
				}
			}
		};
	}

	/** Takes the text nobody read (typed ahead of the next prompt); pending ends of input are dropped. */
	drain(): string {
		const decoder = new TextDecoder();
		let text = '';
		for (const chunk of this.#queue.splice(0)) {
			if (chunk) text += decoder.decode(chunk, { stream: true });
		}
		return text + decoder.decode();
	}

	#deliver(chunk: Uint8Array | typeof EOF): void {
		const [waiter] = this.#waiters;
		if (waiter) waiter(chunk);
		else this.#queue.push(chunk);
	}
}
