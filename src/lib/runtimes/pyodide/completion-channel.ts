// Tab completion at Python's interactive prompt. While the prompt waits for a line the worker
// blocks on shared memory (channel.ts) and cannot receive messages, so the main thread puts the
// word to complete into a small mailbox in the shared buffer and wakes the worker through the
// channel's WAKE slot. The prompt waits in waitForLine(), which Python calls (a blocked stdin read
// has let go of the GIL, so Python could not run there); it answers with Python's completer and
// waits on, taking nothing from stdin. Matches go back as a worker event (WorkerEvents.completions).
import {
	COMPLETIONS_BYTES,
	COMPLETIONS_OFFSET,
	controlBlock,
	wakeWorker,
	type ChannelReader
} from './channel.ts';

const PROMPT = 0; // 1 while Python's prompt waits for a line (the worker sets it)
const ID = 1; // the request waiting for the worker; 0 for none
const LENGTH = 2; // UTF-8 bytes of its word
const SLOT_BYTES = 16;

/** The longest word a request carries, in UTF-8 bytes. */
export const COMPLETION_WORD_BYTES = COMPLETIONS_BYTES - SLOT_BYTES;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The main thread's end: asks for the completions of a word. */
export class CompletionWriter {
	readonly #control: Int32Array;
	readonly #slots: Int32Array;
	readonly #data: Uint8Array;
	#lastId = 0;

	constructor(buffer: SharedArrayBuffer) {
		this.#control = controlBlock(buffer);
		this.#slots = new Int32Array(buffer, COMPLETIONS_OFFSET, SLOT_BYTES / 4);
		this.#data = new Uint8Array(buffer, COMPLETIONS_OFFSET + SLOT_BYTES, COMPLETION_WORD_BYTES);
	}

	/** Whether Python's prompt is waiting for a line: only then is a request answered with matches. */
	get prompting(): boolean {
		return Atomics.load(this.#slots, PROMPT) === 1;
	}

	/**
	 * Asks for the completions of `word`, replacing a request not taken yet; returns the id its
	 * answer carries, or null for a word too long for the mailbox.
	 */
	ask(word: string): number | null {
		const bytes = encoder.encode(word);
		if (bytes.length > COMPLETION_WORD_BYTES) return null;
		const id = ++this.#lastId;
		this.#data.set(bytes);
		Atomics.store(this.#slots, LENGTH, bytes.length);
		// Stored last: the worker reads the word only once it sees the id.
		Atomics.store(this.#slots, ID, id);
		wakeWorker(this.#control);
		return id;
	}

	/** Drops a request not taken and a prompt left behind; call only while the worker is not running. */
	reset(): void {
		Atomics.store(this.#slots, ID, 0);
		Atomics.store(this.#slots, PROMPT, 0);
	}
}

/** The worker's end: Python's prompt waits for its line here, answering requests meanwhile. */
export class CompletionReader {
	readonly #slots: Int32Array;
	readonly #data: Uint8Array;
	readonly #reader: ChannelReader;
	readonly #send: (id: number, matches: string[]) => void;

	/** `send` delivers the answer to request `id` (WorkerEvents.completions). */
	constructor(
		buffer: SharedArrayBuffer,
		reader: ChannelReader,
		send: (id: number, matches: string[]) => void
	) {
		this.#slots = new Int32Array(buffer, COMPLETIONS_OFFSET, SLOT_BYTES / 4);
		this.#data = new Uint8Array(buffer, COMPLETIONS_OFFSET + SLOT_BYTES, COMPLETION_WORD_BYTES);
		this.#reader = reader;
		this.#send = send;
	}

	/**
	 * Blocks until the prompt's line can be read (or Ctrl+C is pending), taking nothing from
	 * stdin, and answers each request that comes meanwhile with `complete(word)`. The main thread
	 * asks only while this waits.
	 */
	waitForLine(complete: (word: string) => string[]): void {
		Atomics.store(this.#slots, PROMPT, 1);
		try {
			for (;;) {
				const request = this.#reader.waitForInput(() => this.#take());
				if (!request) return;
				this.#send(request.id, complete(request.word));
			}
		} finally {
			Atomics.store(this.#slots, PROMPT, 0);
		}
	}

	/** Takes the waiting request, if there is one. */
	#take(): { id: number; word: string } | null {
		for (;;) {
			const id = Atomics.load(this.#slots, ID);
			if (id === 0) return null;
			const length = Math.min(Atomics.load(this.#slots, LENGTH), COMPLETION_WORD_BYTES);
			const word = decoder.decode(this.#data.slice(0, length));
			// A request that replaced this one while it was copied is taken instead.
			if (Atomics.compareExchange(this.#slots, ID, id, 0) === id) return { id, word };
		}
	}
}
