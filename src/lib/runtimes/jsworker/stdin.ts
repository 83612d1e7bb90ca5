// The program's stdin. With the shared channel (cross-origin isolation) it can be read both
// ways Node programs read it: blocking (`fs.readFileSync(0)`, the usual way in exercises) and
// as 'data' events while the event loop runs. Without it, text arrives as messages and only the
// event form works.
import { concatBytes } from '#lib/bytes.ts';
import type { ChannelReader } from '../pyodide/channel.ts';
import { UnsupportedFeatureError } from './errors.ts';

const CHUNK = 64 * 1024;

/** Where stdin's bytes come from. */
export class StdinSource {
	readonly #reader: ChannelReader | null;
	/** Text pushed by messages (no channel); null marks the end. */
	readonly #queue: (Uint8Array | null)[] = [];
	#waiting: (() => void) | null = null;
	#ended = false;

	constructor(reader: ChannelReader | null) {
		this.#reader = reader;
	}

	/** True when a blocking read is possible. */
	get canBlock(): boolean {
		return this.#reader !== null;
	}

	/** One chunk (at most a line), blocking until there is one; null at end of input. */
	readSync(): Uint8Array | null {
		if (!this.#reader) {
			throw new UnsupportedFeatureError(
				'Reading stdin synchronously needs a cross-origin isolated page; use process.stdin.on("data") instead.'
			);
		}
		if (this.#ended) return null;
		const buffer = new Uint8Array(CHUNK);
		const count = this.#reader.read(buffer);
		if (count === 0) this.#ended = true;
		return count === 0 ? null : buffer.slice(0, count);
	}

	/** Everything up to end of input, blocking (`fs.readFileSync(0)`). */
	readAllSync(): Uint8Array {
		const chunks: Uint8Array[] = [];
		for (let chunk = this.readSync(); chunk; chunk = this.readSync()) chunks.push(chunk);
		return concatBytes(chunks);
	}

	/** One chunk without blocking the thread; null at end of input. */
	async read(): Promise<Uint8Array | null> {
		if (this.#ended) return null;
		if (this.#reader) {
			const buffer = new Uint8Array(CHUNK);
			const count = await this.#reader.readAsync(buffer);
			if (count === 0) this.#ended = true;
			return count === 0 ? null : buffer.slice(0, count);
		}
		while (this.#queue.length === 0)
			await new Promise<void>((resolve) => (this.#waiting = resolve));
		const next = this.#queue.shift() ?? null;
		if (next === null) this.#ended = true;
		return next;
	}

	/** Text typed in the terminal (no channel); null ends the input. */
	push(bytes: Uint8Array | null): void {
		this.#queue.push(bytes);
		this.#waiting?.();
		this.#waiting = null;
	}
}
