// The shared memory between the main thread and the Python worker: a control block of Int32
// slots, a ring buffer for stdin, the program's output ring (output-channel.ts), then the
// mailboxes of request-channel.ts (the preview's requests) and completion-channel.ts (Tab at
// Python's prompt). Python runs synchronously in the worker, so it cannot receive messages while
// it runs; it blocks in Atomics.wait instead, and the main thread wakes it.
//
// One slot, WAKE, is bumped (and notified) on every event a waiting worker may care about:
// stdin bytes, end of stdin, an interrupt, room in a full output ring, a request for the
// preview. The worker reads WAKE before checking its conditions and waits on that value, so an
// event between the check and the wait is not lost.

const INTERRUPT = 0; // what Pyodide's signal check reads: 2 is SIGINT
const WAKE = 1;
/** Slots other modules' waits share (output-channel.ts, request-channel.ts): interrupt and wake. */
export const CONTROL_SLOTS = { interrupt: INTERRUPT, wake: WAKE } as const;
const HEAD = 2; // stdin bytes written so far (wraps as int32)
const TAIL = 3; // stdin bytes read so far
const EOF = 4; // CLOSED once stdin is closed; ONE_EOF for a single end of input (Ctrl+D at a tty)
const COLUMNS = 5;
const ROWS = 6;
const SLOTS = 8;
const HEADER_BYTES = SLOTS * 4;

const CLOSED = 1;
const ONE_EOF = 2;

/** Stands in the writer's queue for a one-off end of input, after the bytes before it. */
const EOF_MARK = null;

/** Bytes of stdin the ring holds; more waits on the main side until Python reads. */
export const STDIN_CAPACITY = 64 * 1024;

/** Where the program's output ring (output-channel.ts) starts, after the stdin ring. */
export const OUTPUT_OFFSET = HEADER_BYTES + STDIN_CAPACITY;
/** Bytes of the output ring: 4 Int32 slots and 1 MiB of output. */
export const OUTPUT_BYTES = 16 + 1024 * 1024;

/** Where the preview's request mailbox (request-channel.ts) starts, after the output ring. */
export const REQUESTS_OFFSET = OUTPUT_OFFSET + OUTPUT_BYTES;
/** Bytes of the request mailbox: 4 Int32 slots and one chunk of a request. */
export const REQUESTS_BYTES = 16 + 256 * 1024;

/** Where the prompt's completion mailbox (completion-channel.ts) starts, after the requests. */
export const COMPLETIONS_OFFSET = REQUESTS_OFFSET + REQUESTS_BYTES;
/** Bytes of the completion mailbox: 4 Int32 slots and the word to complete. */
export const COMPLETIONS_BYTES = 16 + 4 * 1024;

/** SIGINT's number: the value that makes Python raise KeyboardInterrupt. */
export const SIGINT = 2;

/** The control slots of the shared block (CONTROL_SLOTS names the ones other modules use). */
export function controlBlock(buffer: SharedArrayBuffer): Int32Array {
	return new Int32Array(buffer, 0, SLOTS);
}

/** Bumps WAKE and wakes the worker if it waits on it: every event a waiting worker may care about. */
export function wakeWorker(control: Int32Array): void {
	Atomics.add(control, WAKE, 1);
	Atomics.notify(control, WAKE);
}

/** Allocates the shared block; throws where SharedArrayBuffer is missing (no cross-origin isolation). */
export function createChannelBuffer(): SharedArrayBuffer {
	return new SharedArrayBuffer(COMPLETIONS_OFFSET + COMPLETIONS_BYTES);
}

/** The main thread's end: stdin, Ctrl+C, terminal size. */
export class ChannelWriter {
	readonly #control: Int32Array;
	readonly #ring: Uint8Array;
	#pending: (Uint8Array | typeof EOF_MARK)[] = [];
	#closing = false;

	constructor(buffer: SharedArrayBuffer) {
		this.#control = controlBlock(buffer);
		this.#ring = new Uint8Array(buffer, HEADER_BYTES, STDIN_CAPACITY);
	}

	/** Forgets the previous run's stdin and interrupt; call only while the worker is not running. */
	reset(columns: number, rows: number): void {
		this.#pending = [];
		this.#closing = false;
		for (const slot of [INTERRUPT, HEAD, TAIL, EOF]) Atomics.store(this.#control, slot, 0);
		this.resize(columns, rows);
	}

	/** Queues stdin bytes and moves as many as fit into the ring. */
	write(bytes: Uint8Array): void {
		if (this.#closing || bytes.length === 0) return;
		this.#pending.push(bytes);
		this.pump();
	}

	/**
	 * A single end of input once the queued bytes are read, as Ctrl+D at a terminal: one read
	 * returns end of file (EOFError in input()), and later reads wait for what is typed next.
	 */
	endOfInput(): void {
		if (this.#closing) return;
		this.#pending.push(EOF_MARK);
		this.pump();
	}

	/** Ends stdin once the queued bytes are read: a blocked read then sees end of file. */
	close(): void {
		this.#closing = true;
		this.pump();
	}

	/** Moves queued bytes into the ring; call again when the worker asks for more. */
	pump(): void {
		const control = this.#control;
		let head = Atomics.load(control, HEAD);
		const tail = Atomics.load(control, TAIL);
		let free = STDIN_CAPACITY - ((head - tail) | 0);
		let moved = false;
		while (this.#pending.length > 0) {
			const chunk = this.#pending[0]!;
			if (chunk === EOF_MARK) {
				// Only once everything before it is read, and then nothing after it until it is.
				if (head !== tail || Atomics.load(control, EOF) !== 0) break;
				this.#pending.shift();
				Atomics.store(control, EOF, ONE_EOF);
				moved = true;
				break;
			}
			if (free === 0 || Atomics.load(control, EOF) === ONE_EOF) break;
			const count = Math.min(free, chunk.length);
			for (let i = 0; i < count; i++) this.#ring[(head + i) & (STDIN_CAPACITY - 1)] = chunk[i]!;
			head = (head + count) | 0;
			free -= count;
			moved = true;
			if (count === chunk.length) this.#pending.shift();
			else this.#pending[0] = chunk.subarray(count);
		}
		if (moved) Atomics.store(control, HEAD, head);
		if (this.#closing && this.#pending.length === 0 && Atomics.load(control, EOF) === 0) {
			Atomics.store(control, EOF, CLOSED);
			moved = true;
		}
		if (moved) wakeWorker(this.#control);
	}

	/** Whether the program has read everything written to it: nothing waits in the ring or here. */
	drained(): boolean {
		const control = this.#control;
		return (
			this.#pending.length === 0 &&
			Atomics.load(control, HEAD) === Atomics.load(control, TAIL) &&
			Atomics.load(control, EOF) === 0
		);
	}

	/** Asks Python to raise KeyboardInterrupt, and wakes a blocked read or sleep so it does at once. */
	interrupt(): void {
		Atomics.store(this.#control, INTERRUPT, SIGINT);
		wakeWorker(this.#control);
	}

	/**
	 * Whether Python has taken the last interrupt (its check cleared the slot: KeyboardInterrupt
	 * is raised, or the program's handler runs). A worker stuck in a long call into C never does.
	 */
	interruptTaken(): boolean {
		return Atomics.load(this.#control, INTERRUPT) !== SIGINT;
	}

	/** Records the terminal size that `os.get_terminal_size()` reports. */
	resize(columns: number, rows: number): void {
		Atomics.store(this.#control, COLUMNS, columns);
		Atomics.store(this.#control, ROWS, rows);
	}
}

/** What the worker's end needs from its surroundings while it blocks. */
export interface ReaderHooks {
	/** Called before blocking, so the prompt (or the output so far) is visible while Python waits. */
	beforeBlocking(): void;
	/** Called when stdin is empty and the worker is about to wait for more. */
	stdinWanted(): void;
	/** Called when an interrupt is pending during a stdin read; should throw (Pyodide's checkInterrupt). */
	interrupted(): void;
}

/** The worker's end: blocking stdin reads, interruptible sleeps, and the signal buffer Pyodide polls. */
export class ChannelReader {
	readonly #control: Int32Array;
	readonly #ring: Uint8Array;
	readonly #hooks: ReaderHooks;

	constructor(buffer: SharedArrayBuffer, hooks: ReaderHooks) {
		this.#control = controlBlock(buffer);
		this.#ring = new Uint8Array(buffer, HEADER_BYTES, STDIN_CAPACITY);
		this.#hooks = hooks;
	}

	/**
	 * Fills `buffer` with stdin bytes, at most one line, blocking until there are some; 0 means end
	 * of file. One line at most, so Python never buffers input meant for a later read or run.
	 */
	read(buffer: Uint8Array): number {
		const control = this.#control;
		for (let blocked = false; ; blocked = true) {
			const wake = Atomics.load(control, WAKE);
			if (Atomics.load(control, INTERRUPT) === SIGINT) this.#hooks.interrupted();
			const tail = Atomics.load(control, TAIL);
			const available = (Atomics.load(control, HEAD) - tail) | 0;
			if (available > 0) return this.#take(buffer, tail, available);
			if (this.#endOfFile()) return 0;
			if (!blocked) this.#hooks.beforeBlocking();
			this.#hooks.stdinWanted();
			Atomics.wait(control, WAKE, wake);
		}
	}

	/**
	 * Waits, taking nothing, until a read would not block (stdin bytes, an end of input, Ctrl+C
	 * pending), or until `woken` returns something on one of its wakes: then returns that.
	 */
	waitForInput<T>(woken: () => T | null): T | null {
		const control = this.#control;
		for (let blocked = false; ; blocked = true) {
			const wake = Atomics.load(control, WAKE);
			if (Atomics.load(control, INTERRUPT) === SIGINT) return null;
			if (Atomics.load(control, HEAD) !== Atomics.load(control, TAIL)) return null;
			if (Atomics.load(control, EOF) !== 0) return null;
			const value = woken();
			if (value !== null) return value;
			if (!blocked) this.#hooks.beforeBlocking();
			this.#hooks.stdinWanted();
			Atomics.wait(control, WAKE, wake);
		}
	}

	/**
	 * Like read(), but waits without blocking the thread (Atomics.waitAsync), for a worker whose
	 * event loop must keep running meanwhile (the offline JavaScript runtime's process.stdin).
	 */
	async readAsync(buffer: Uint8Array): Promise<number> {
		const control = this.#control;
		for (;;) {
			const wake = Atomics.load(control, WAKE);
			const tail = Atomics.load(control, TAIL);
			const available = (Atomics.load(control, HEAD) - tail) | 0;
			if (available > 0) return this.#take(buffer, tail, available);
			if (this.#endOfFile()) return 0;
			this.#hooks.stdinWanted();
			const waited = Atomics.waitAsync(control, WAKE, wake);
			if (waited.async) await waited.value;
		}
	}

	/** Sleeps up to `seconds`; returns true, early, when an interrupt is pending (it stays pending). */
	sleep(seconds: number): boolean {
		const control = this.#control;
		this.#hooks.beforeBlocking();
		const deadline = performance.now() + seconds * 1000;
		for (;;) {
			const wake = Atomics.load(control, WAKE);
			if (Atomics.load(control, INTERRUPT) === SIGINT) return true;
			const remaining = deadline - performance.now();
			if (remaining <= 0) return false;
			Atomics.wait(control, WAKE, wake, remaining);
		}
	}

	/** Takes a pending interrupt, so that a caller raising KeyboardInterrupt itself does not get a second one. */
	takeInterrupt(): boolean {
		return Atomics.compareExchange(this.#control, INTERRUPT, SIGINT, 0) === SIGINT;
	}

	/** Clears a leftover interrupt (one that arrived as the previous run ended). */
	clearInterrupt(): void {
		Atomics.store(this.#control, INTERRUPT, 0);
	}

	/** The terminal size the main thread last recorded. */
	terminalSize(): { columns: number; rows: number } {
		return { columns: this.#control[COLUMNS] || 80, rows: this.#control[ROWS] || 24 };
	}

	/** The object to give `pyodide.setInterruptBuffer` (see pollingSignalBuffer). */
	signalBuffer(onPoll: () => void): Int32Array {
		return pollingSignalBuffer(this.#control, onPoll);
	}

	/** Whether stdin is at its end: closed, or a one-off end of input (taken here). */
	#endOfFile(): boolean {
		const state = Atomics.load(this.#control, EOF);
		if (state === CLOSED) return true;
		if (state !== ONE_EOF) return false;
		Atomics.store(this.#control, EOF, 0);
		// What was typed after the Ctrl+D waits on the main side until this is taken.
		this.#hooks.stdinWanted();
		return true;
	}

	#take(buffer: Uint8Array, tail: number, available: number): number {
		const limit = Math.min(available, buffer.length);
		let count = 0;
		while (count < limit) {
			const byte = this.#ring[(tail + count) & (STDIN_CAPACITY - 1)]!;
			buffer[count++] = byte;
			if (byte === 0x0a) break;
		}
		Atomics.store(this.#control, TAIL, (tail + count) | 0);
		return count;
	}
}

/**
 * An interrupt buffer for `pyodide.setInterruptBuffer` over slot 0 of `control`. Pyodide reads and
 * clears index 0 every few dozen bytecodes; `onPoll` runs on each read, which lets the worker
 * flush output during long computations, when no JavaScript would otherwise run. Without shared
 * memory, pass a plain Int32Array(1): nothing interrupts, but the polling still works.
 */
export function pollingSignalBuffer(control: Int32Array, onPoll: () => void): Int32Array {
	let seen = 0;
	const view = {
		get 0() {
			onPoll();
			return (seen = Atomics.load(control, INTERRUPT));
		},
		// Pyodide clears the slot right after reading it: keep an interrupt that came in between.
		set 0(value: number) {
			Atomics.compareExchange(control, INTERRUPT, seen, value);
		}
	};
	// Pyodide only indexes [0]; an accessor object stands in for the typed array it documents.
	return view as unknown as Int32Array;
}
