// stdout and stderr bytes in, UTF-8 text out, in the order the program wrote them. A print
// loop can call write() hundreds of thousands of times a second, so text is coalesced: the first
// write after a quiet spell goes out at once, later ones wait at most `delayMs` (checked on each
// write and on each poll from Python's signal check), and flush() empties everything.

type Kind = 'stdout' | 'stderr';

/** Options of an OutputBuffer. */
export interface OutputOptions {
	/** How long text may wait to be coalesced with more (default 4 ms). */
	delayMs?: number;
	/** Pending characters that force a send regardless of time (default 64 Ki). */
	maxChars?: number;
	/** The clock, for tests. */
	now?: () => number;
}

/** Decodes and coalesces a program's stdout and stderr, keeping their interleaving. */
export class OutputBuffer {
	readonly #send: (kind: Kind, text: string) => void;
	readonly #decoders: Record<Kind, TextDecoder> = {
		stdout: new TextDecoder(),
		stderr: new TextDecoder()
	};
	readonly #delayMs: number;
	readonly #maxChars: number;
	readonly #now: () => number;
	#kind: Kind = 'stdout';
	#pending = '';
	#since = 0;
	#lastSent = -Infinity;

	constructor(send: (kind: Kind, text: string) => void, options: OutputOptions = {}) {
		this.#send = send;
		this.#delayMs = options.delayMs ?? 4;
		this.#maxChars = options.maxChars ?? 64 * 1024;
		this.#now = options.now ?? (() => performance.now());
	}

	/** Takes bytes a stream produced; a UTF-8 sequence split across writes is completed by the next one. */
	write(kind: Kind, bytes: Uint8Array): void {
		const text = this.#decoders[kind].decode(bytes, { stream: true });
		if (text === '') return;
		if (kind !== this.#kind) {
			this.flush();
			this.#kind = kind;
		}
		const now = this.#now();
		if (this.#pending === '') this.#since = now;
		this.#pending += text;
		const quiet = now - this.#lastSent >= this.#delayMs;
		if (quiet || now - this.#since >= this.#delayMs || this.#pending.length >= this.#maxChars) {
			this.flush();
		}
	}

	/** Sends pending text that has waited long enough; cheap enough to call very often. */
	poll(): void {
		if (this.#pending !== '' && this.#now() - this.#since >= this.#delayMs) this.flush();
	}

	/** Sends everything pending now (before Python blocks, and at the end of a run). */
	flush(): void {
		if (this.#pending === '') return;
		const text = this.#pending;
		this.#pending = '';
		this.#lastSent = this.#now();
		this.#send(this.#kind, text);
	}

	/** Ends a run: completes any half UTF-8 sequence (as U+FFFD) and sends everything. */
	end(): void {
		for (const kind of ['stdout', 'stderr'] as const) {
			const rest = this.#decoders[kind].decode();
			if (rest !== '') {
				if (kind !== this.#kind) this.flush();
				this.#kind = kind;
				this.#pending += rest;
			}
		}
		this.flush();
	}
}
