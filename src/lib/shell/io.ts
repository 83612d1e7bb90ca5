// Byte streams between commands: what a builtin reads and writes, what a pipe connects, and
// helpers to read whole inputs or lines. Everything is bytes (wc -c counts bytes, cat copies a
// binary file unchanged); text is UTF-8.
import { concatBytes } from '../bytes.ts';

/** Raised by a write whose reader has gone (the `head` of `cat big | head -1` ended). */
export class BrokenPipeError extends Error {
	override name = 'BrokenPipeError';
	constructor() {
		super('Broken pipe');
	}
}

/** What a command reads: its stdin. */
export interface InputStream {
	/** The next chunk, or null at the end of the input. */
	read(): Promise<Uint8Array | null>;
	/** The reader wants no more: later writes to the other end fail with BrokenPipeError. */
	close(): void;
	/**
	 * True when this is the terminal: a program on a PTY then reads the keys as typed, and an end
	 * of input (Ctrl+D) is a one-off: reading on gets what is typed next, as on a tty.
	 */
	readonly isTerminal?: boolean;
}

/** What a command writes to: its stdout or stderr. */
export interface OutputStream {
	/** Resolves once the chunk is taken (a full pipe waits); rejects with BrokenPipeError. */
	write(data: Uint8Array | string): Promise<void>;
	/** True when this is the terminal itself (ls prints columns and colours only then). */
	readonly isTerminal: boolean;
	/** Width of the terminal in characters; 80 for anything else. */
	readonly columns: number;
}

const encoder = new TextEncoder();

/** The bytes of `data`, encoding strings as UTF-8. */
export function toBytes(data: Uint8Array | string): Uint8Array {
	return typeof data === 'string' ? encoder.encode(data) : data;
}

/** Default capacity of a pipe before writers wait: 64 KiB, as on Linux. */
export const PIPE_CAPACITY = 64 * 1024;

/** Both ends of an in-memory pipe. */
export interface Pipe {
	readonly input: InputStream;
	readonly output: OutputStream;
	/** The writer is done: once the buffer is drained the reader gets null. */
	closeOutput(): void;
}

/** A pipe with backpressure: writers wait while more than `capacity` bytes are unread. */
export function createPipe(capacity = PIPE_CAPACITY): Pipe {
	const chunks: Uint8Array[] = [];
	let buffered = 0;
	let writerDone = false;
	let readerGone = false;
	let wakeReader: (() => void) | null = null;
	let wakeWriters: (() => void)[] = [];

	const notifyReader = () => {
		wakeReader?.();
		wakeReader = null;
	};
	const notifyWriters = () => {
		const waiting = wakeWriters;
		wakeWriters = [];
		for (const wake of waiting) wake();
	};

	return {
		input: {
			async read() {
				while (chunks.length === 0) {
					if (writerDone || readerGone) return null;
					await new Promise<void>((resolve) => (wakeReader = resolve));
				}
				const chunk = chunks.shift()!;
				buffered -= chunk.length;
				notifyWriters();
				return chunk;
			},
			close() {
				readerGone = true;
				chunks.length = 0;
				buffered = 0;
				notifyWriters();
				notifyReader();
			}
		},
		output: {
			isTerminal: false,
			columns: 80,
			async write(data) {
				if (readerGone) throw new BrokenPipeError();
				const bytes = toBytes(data);
				if (bytes.length === 0) return;
				chunks.push(bytes);
				buffered += bytes.length;
				notifyReader();
				while (buffered > capacity && !readerGone) {
					await new Promise<void>((resolve) => wakeWriters.push(resolve));
				}
				if (readerGone) throw new BrokenPipeError();
			}
		},
		closeOutput() {
			writerDone = true;
			notifyReader();
		}
	};
}

/** An input with nothing in it (`< /dev/null`, and stdin of background jobs). */
export const emptyInput: InputStream = {
	read: async () => null,
	close() {}
};

/** An input that yields `data` and ends (here-strings, tests). */
export function inputFrom(data: Uint8Array | string, chunkSize = PIPE_CAPACITY): InputStream {
	const bytes = toBytes(data);
	let offset = 0;
	let closed = false;
	return {
		async read() {
			if (closed || offset >= bytes.length) return null;
			const chunk = bytes.subarray(offset, offset + chunkSize);
			offset += chunk.length;
			return chunk;
		},
		close() {
			closed = true;
		}
	};
}

/** An output that keeps everything written to it, for tests and `$(...)`-like captures. */
export interface BufferedOutput extends OutputStream {
	/** Everything written so far, as bytes. */
	bytes(): Uint8Array;
	/** Everything written so far, decoded as UTF-8. */
	text(): string;
}

/** An output that collects its bytes in memory; `isTerminal` and `columns` as given. */
export function bufferOutput(
	options: { isTerminal?: boolean; columns?: number } = {}
): BufferedOutput {
	const chunks: Uint8Array[] = [];
	return {
		isTerminal: options.isTerminal ?? false,
		columns: options.columns ?? 80,
		async write(data) {
			const bytes = toBytes(data);
			if (bytes.length) chunks.push(bytes.slice());
		},
		bytes: () => concatBytes(chunks),
		text() {
			return new TextDecoder().decode(concatBytes(chunks));
		}
	};
}

/**
 * The lines of an input, decoded as UTF-8, each with its trailing '\n' (the last line may lack
 * one). Stopping early (`break`) closes the input, so its writer sees a broken pipe.
 */
export async function* readLines(input: InputStream): AsyncGenerator<string> {
	const decoder = new TextDecoder();
	let pending = '';
	let finished = false;
	try {
		for (let chunk = await input.read(); chunk; chunk = await input.read()) {
			pending += decoder.decode(chunk, { stream: true });
			let newline = pending.indexOf('\n');
			let from = 0;
			while (newline >= 0) {
				yield pending.slice(from, newline + 1);
				from = newline + 1;
				newline = pending.indexOf('\n', from);
			}
			pending = pending.slice(from);
		}
		pending += decoder.decode();
		if (pending) yield pending;
		finished = true;
	} finally {
		if (!finished) input.close();
	}
}
