// The preview's requests to a Python program that serves a web app (bytestorm_wsgi.py). Python
// blocks in serve_forever, so it cannot receive messages; the main thread puts each request into
// a mailbox in the shared channel buffer instead, one chunk at a time, and wakes the worker
// through the channel's WAKE slot, the one stdin and Ctrl+C also bump. Answers go back as
// ordinary worker events: posting from a blocked worker works, receiving does not.
import {
	CONTROL_SLOTS,
	REQUESTS_BYTES,
	REQUESTS_OFFSET,
	SIGINT,
	controlBlock,
	wakeWorker
} from './channel.ts';

const STATE = 0; // 1 while a chunk waits for the worker, 0 once it has taken it
const LENGTH = 1; // bytes in the waiting chunk
const FLAGS = 2; // FIRST and LAST below
const SLOT_BYTES = 16;
const FIRST = 1;
const LAST = 2;

/** Bytes of one chunk: a larger request travels as several. */
export const REQUEST_CHUNK_BYTES = REQUESTS_BYTES - SLOT_BYTES;

/** The main thread's end: queues whole requests and feeds them in chunks. */
export class RequestWriter {
	readonly #control: Int32Array;
	readonly #slots: Int32Array;
	readonly #data: Uint8Array;
	readonly #queue: Uint8Array[] = [];
	/** Bytes of the head of the queue already handed over. */
	#sent = 0;

	constructor(buffer: SharedArrayBuffer) {
		this.#control = controlBlock(buffer);
		this.#slots = new Int32Array(buffer, REQUESTS_OFFSET, SLOT_BYTES / 4);
		this.#data = new Uint8Array(buffer, REQUESTS_OFFSET + SLOT_BYTES, REQUEST_CHUNK_BYTES);
	}

	/** Queues one request (its encoded bytes) and hands over what fits. */
	send(message: Uint8Array): void {
		this.#queue.push(message);
		this.pump();
	}

	/** Hands over the next chunk if the mailbox is free; call again when the worker took one. */
	pump(): void {
		if (Atomics.load(this.#slots, STATE) !== 0) return;
		const message = this.#queue[0];
		if (!message) return;
		const count = Math.min(REQUEST_CHUNK_BYTES, message.length - this.#sent);
		this.#data.set(message.subarray(this.#sent, this.#sent + count));
		let flags = this.#sent === 0 ? FIRST : 0;
		this.#sent += count;
		if (this.#sent === message.length) {
			flags |= LAST;
			this.#queue.shift();
			this.#sent = 0;
		}
		Atomics.store(this.#slots, LENGTH, count);
		Atomics.store(this.#slots, FLAGS, flags);
		Atomics.store(this.#slots, STATE, 1);
		wakeWorker(this.#control);
	}

	/** Drops every request not yet taken; call only while no server runs in the worker. */
	reset(): void {
		this.#queue.length = 0;
		this.#sent = 0;
		Atomics.store(this.#slots, STATE, 0);
	}
}

/** What the worker's end needs from its surroundings while it waits. */
export interface RequestReaderHooks {
	/** Called before blocking, so output so far (the request log) is visible while Python waits. */
	beforeBlocking(): void;
	/** Called after each chunk taken: the main thread may hand over the next one. */
	taken(): void;
}

/** The worker's end: waits for a whole request, Ctrl+C, or a timeout. */
export class RequestReader {
	readonly #control: Int32Array;
	readonly #slots: Int32Array;
	readonly #data: Uint8Array;
	readonly #hooks: RequestReaderHooks;
	#parts: Uint8Array[] = [];

	constructor(buffer: SharedArrayBuffer, hooks: RequestReaderHooks) {
		this.#control = controlBlock(buffer);
		this.#slots = new Int32Array(buffer, REQUESTS_OFFSET, SLOT_BYTES / 4);
		this.#data = new Uint8Array(buffer, REQUESTS_OFFSET + SLOT_BYTES, REQUEST_CHUNK_BYTES);
		this.#hooks = hooks;
	}

	/**
	 * Waits up to `timeoutMs` (Infinity: for ever) for a request and returns its bytes;
	 * 'interrupted' when Ctrl+C is pending (it stays pending: the caller raises it), 'timeout'.
	 */
	take(timeoutMs: number): Uint8Array | 'interrupted' | 'timeout' {
		const deadline = performance.now() + timeoutMs;
		for (let blocked = false; ; blocked = true) {
			const wake = Atomics.load(this.#control, CONTROL_SLOTS.wake);
			if (Atomics.load(this.#control, CONTROL_SLOTS.interrupt) === SIGINT) return 'interrupted';
			if (Atomics.load(this.#slots, STATE) === 1) {
				const whole = this.#takeChunk();
				if (whole) return whole;
				continue;
			}
			const remaining = deadline - performance.now();
			if (remaining <= 0) return 'timeout';
			if (!blocked) this.#hooks.beforeBlocking();
			Atomics.wait(this.#control, CONTROL_SLOTS.wake, wake, remaining);
		}
	}

	/** Copies the waiting chunk out and frees the mailbox; returns the request once it is whole. */
	#takeChunk(): Uint8Array | null {
		const length = Atomics.load(this.#slots, LENGTH);
		const flags = Atomics.load(this.#slots, FLAGS);
		const chunk = this.#data.slice(0, length);
		Atomics.store(this.#slots, STATE, 0);
		this.#hooks.taken();
		// A request cut short (Ctrl+C between its chunks, then a new server) is dropped whole.
		if (flags & FIRST) this.#parts = [];
		else if (this.#parts.length === 0) return null;
		this.#parts.push(chunk);
		if (!(flags & LAST)) return null;
		const parts = this.#parts;
		this.#parts = [];
		if (parts.length === 1) return parts[0]!;
		const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
		let offset = 0;
		for (const part of parts) {
			whole.set(part, offset);
			offset += part.length;
		}
		return whole;
	}
}
