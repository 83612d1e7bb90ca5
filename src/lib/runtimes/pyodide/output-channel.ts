// The program's output through shared memory, from the Python worker to the main thread. Chromium
// runs a page's message tasks only after it has drawn the frame that follows a key press (its
// DeferRendererTasksAfterInput), so output posted as messages reached the terminal a frame or two
// late. Atomics.waitAsync settles in a task Chromium does not hold back, so output written into
// this ring, with an Atomics.notify, is shown in the frame that answers the key.
//
// The ring holds records: a 4-byte header (the kind in its first byte, the length in the other
// three), then that many bytes; either may wrap around the end. Text is UTF-8, cut anywhere. A
// display is its data's length, its MIME type and its data: one DISPLAY record, then as many
// DISPLAY_MORE as its size needs. The worker moves HEAD once a record is written; the main
// thread moves TAIL once it has delivered what it read. When the ring is full the worker waits,
// as a writer on a full pipe, on the channel's WAKE slot, which Ctrl+C bumps too.
import type { ProcessOutput } from '../types.ts';
import type { StreamKind } from './api.ts';
import {
	CONTROL_SLOTS,
	OUTPUT_BYTES,
	OUTPUT_OFFSET,
	SIGINT,
	controlBlock,
	wakeWorker
} from './channel.ts';

const HEAD = 0; // bytes written so far (wraps as int32); the main thread waits on it
const TAIL = 1; // bytes delivered so far
const WANTED = 2; // 1 while the worker waits for room
const SLOT_BYTES = 16;

/** Bytes the ring holds (a power of two): beyond them, the worker waits for the main thread. */
export const OUTPUT_CAPACITY = OUTPUT_BYTES - SLOT_BYTES;

const HEADER_BYTES = 4;
const TEXT_KINDS: Readonly<Record<StreamKind, number>> = { stdout: 1, stderr: 2, notice: 3 };
const STREAMS: readonly StreamKind[] = ['stdout', 'stderr', 'notice'];
const DISPLAY = 4;
const DISPLAY_MORE = 5;
/** A display's first record starts with its data's length (4 bytes) and its MIME type's (2). */
const DISPLAY_PREFIX_BYTES = 6;

const encoder = new TextEncoder();

/** The worker's end: writes output and waits while the ring is full. */
export class OutputWriter {
	readonly #control: Int32Array;
	readonly #slots: Int32Array;
	readonly #ring: Uint8Array;
	#head: number;

	constructor(buffer: SharedArrayBuffer) {
		this.#control = controlBlock(buffer);
		this.#slots = new Int32Array(buffer, OUTPUT_OFFSET, SLOT_BYTES / 4);
		this.#ring = new Uint8Array(buffer, OUTPUT_OFFSET + SLOT_BYTES, OUTPUT_CAPACITY);
		this.#head = Atomics.load(this.#slots, HEAD);
	}

	/** Writes text of one stream; false when Ctrl+C came while the ring was full (the rest is dropped). */
	text(kind: StreamKind, text: string): boolean {
		if (text === '') return true;
		const code = TEXT_KINDS[kind];
		return this.#put(code, code, encoder.encode(text), 1);
	}

	/** Writes rich output (`bytestorm.display`); false, and dropped whole, when Ctrl+C cut it short. */
	display(mime: string, data: Uint8Array): boolean {
		const name = encoder.encode(mime);
		const prefix = DISPLAY_PREFIX_BYTES + name.length;
		const bytes = new Uint8Array(prefix + data.length);
		const view = new DataView(bytes.buffer);
		view.setUint32(0, data.length, true);
		view.setUint16(4, name.length, true);
		bytes.set(name, DISPLAY_PREFIX_BYTES);
		bytes.set(data, prefix);
		return this.#put(DISPLAY, DISPLAY_MORE, bytes, prefix);
	}

	/** Writes `bytes` as records: `first`'s, then `more`'s; the first holds at least `minimum` bytes. */
	#put(first: number, more: number, bytes: Uint8Array, minimum: number): boolean {
		let kind = first;
		let offset = 0;
		while (offset < bytes.length) {
			const needed = kind === first ? minimum : 1;
			const room = this.#room() - HEADER_BYTES;
			if (room < needed) {
				if (!this.#waitForRoom(needed)) return false;
				continue;
			}
			const count = Math.min(room, bytes.length - offset);
			this.#copy(Uint8Array.of(kind, count & 0xff, (count >> 8) & 0xff, count >> 16));
			this.#copy(bytes.subarray(offset, offset + count));
			offset += count;
			kind = more;
			Atomics.store(this.#slots, HEAD, this.#head);
			Atomics.notify(this.#slots, HEAD);
		}
		return true;
	}

	#room(): number {
		return OUTPUT_CAPACITY - ((this.#head - Atomics.load(this.#slots, TAIL)) | 0);
	}

	/** Waits for room for `needed` bytes after a header; false, at once, when Ctrl+C is pending (it stays pending). */
	#waitForRoom(needed: number): boolean {
		const control = this.#control;
		try {
			for (;;) {
				const wake = Atomics.load(control, CONTROL_SLOTS.wake);
				Atomics.store(this.#slots, WANTED, 1);
				if (Atomics.load(control, CONTROL_SLOTS.interrupt) === SIGINT) return false;
				if (this.#room() - HEADER_BYTES >= needed) return true;
				Atomics.wait(control, CONTROL_SLOTS.wake, wake);
			}
		} finally {
			Atomics.store(this.#slots, WANTED, 0);
		}
	}

	#copy(bytes: Uint8Array): void {
		const start = this.#head & (OUTPUT_CAPACITY - 1);
		const first = Math.min(bytes.length, OUTPUT_CAPACITY - start);
		this.#ring.set(bytes.subarray(0, first), start);
		this.#ring.set(bytes.subarray(first), 0);
		this.#head = (this.#head + bytes.length) | 0;
	}
}

/** A display whose data comes in more than one record. */
interface PendingDisplay {
	readonly mime: string;
	readonly data: Uint8Array;
	filled: number;
}

/**
 * The main thread's end: delivers output as the worker writes it, woken by Atomics.waitAsync.
 * Call drain() before handling any other worker event, so what was written before it comes first.
 */
export class OutputReader {
	readonly #control: Int32Array;
	readonly #slots: Int32Array;
	readonly #ring: Uint8Array;
	readonly #deliver: (output: ProcessOutput) => void;
	readonly #decoders = STREAMS.map(() => new TextDecoder());
	#tail: number;
	#display: PendingDisplay | null = null;
	#closed = false;

	/** Starts delivering to `deliver`, in the order the worker wrote. */
	constructor(buffer: SharedArrayBuffer, deliver: (output: ProcessOutput) => void) {
		this.#control = controlBlock(buffer);
		this.#slots = new Int32Array(buffer, OUTPUT_OFFSET, SLOT_BYTES / 4);
		this.#ring = new Uint8Array(buffer, OUTPUT_OFFSET + SLOT_BYTES, OUTPUT_CAPACITY);
		this.#deliver = deliver;
		this.#tail = Atomics.load(this.#slots, TAIL);
		this.#listen();
	}

	/** Delivers everything written so far, then frees its room (and wakes a worker waiting for it). */
	drain(): void {
		const head = Atomics.load(this.#slots, HEAD);
		if (this.#closed || head === this.#tail) return;
		const outputs: ProcessOutput[] = [];
		while (this.#tail !== head) this.#readRecord(outputs);
		for (const output of outputs) this.#deliver(output);
		Atomics.store(this.#slots, TAIL, this.#tail);
		if (Atomics.exchange(this.#slots, WANTED, 0) === 1) {
			wakeWorker(this.#control);
		}
	}

	/** Stops delivering (the worker is gone). */
	close(): void {
		this.#closed = true;
		// Settles the pending waitAsync, which nothing else would.
		Atomics.notify(this.#slots, HEAD);
	}

	#listen(): void {
		if (this.#closed) return;
		const next = () => {
			this.drain();
			this.#listen();
		};
		const waiting = Atomics.waitAsync(this.#slots, HEAD, this.#tail);
		if (waiting.async) void waiting.value.then(next);
		// Written while the last drain ran: taken in a task of its own, so that a program printing
		// without pause leaves the page time to draw and to take keys.
		else setTimeout(next, 0);
	}

	#readRecord(outputs: ProcessOutput[]): void {
		const header = this.#take(HEADER_BYTES);
		const kind = header[0]!;
		const bytes = this.#take(header[1]! | (header[2]! << 8) | (header[3]! << 16));
		if (kind === DISPLAY_MORE) {
			if (this.#display) this.#fillDisplay(bytes, outputs);
			return;
		}
		// A display still short of data was cut short by Ctrl+C.
		this.#display = null;
		if (kind === DISPLAY) {
			const view = new DataView(bytes.buffer);
			const dataLength = view.getUint32(0, true);
			const end = DISPLAY_PREFIX_BYTES + view.getUint16(4, true);
			const mime = new TextDecoder().decode(bytes.subarray(DISPLAY_PREFIX_BYTES, end));
			this.#display = { mime, data: new Uint8Array(dataLength), filled: 0 };
			this.#fillDisplay(bytes.subarray(end), outputs);
			return;
		}
		const stream = STREAMS[kind - 1]!;
		const text = this.#decoders[kind - 1]!.decode(bytes, { stream: true });
		if (text === '') return;
		const last = outputs.at(-1);
		if (last?.kind === stream) last.text += text;
		else outputs.push({ kind: stream, text });
	}

	#fillDisplay(bytes: Uint8Array, outputs: ProcessOutput[]): void {
		const display = this.#display!;
		display.data.set(bytes, display.filled);
		display.filled += bytes.length;
		if (display.filled < display.data.length) return;
		outputs.push({ kind: 'display', mime: display.mime, data: display.data });
		this.#display = null;
	}

	/** Copies `count` bytes out of the ring (TextDecoder does not take shared memory). */
	#take(count: number): Uint8Array {
		const bytes = new Uint8Array(count);
		const start = this.#tail & (OUTPUT_CAPACITY - 1);
		const first = Math.min(count, OUTPUT_CAPACITY - start);
		bytes.set(this.#ring.subarray(start, start + first));
		bytes.set(this.#ring.subarray(0, count - first), first);
		this.#tail = (this.#tail + count) | 0;
		return bytes;
	}
}
