// Output of the commands that print long listings (ls -R, find, tree): text is gathered and
// written in chunks, an error waits for the text before it so the two keep their order, and
// long loops stop on Ctrl+C and give the page a turn now and then.
import type { CommandContext } from '../types.ts';
import { checkInterrupt } from './define.ts';

/** Colour of folder names on a terminal (bold blue, as in the usual LS_COLORS). */
export const FOLDER_COLOUR = '\x1b[1;34m';

/** Ends a colour. */
export const RESET = '\x1b[0m';

/** Gathered text is written once it reaches this many characters. */
const CHUNK_CHARS = 16 * 1024;

/** Longest stretch a loop runs before letting the page handle input (such as Ctrl+C). */
const SLICE_MS = 20;

/** Resolves after the event loop has run other tasks (key presses, rendering). */
function yieldToPage(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Lets a long loop be interrupted: call `tick()` once per item. */
export class Pacer {
	readonly #ctx: CommandContext;
	#since = performance.now();

	constructor(ctx: CommandContext) {
		this.#ctx = ctx;
	}

	/** Throws InterruptedError after Ctrl+C; yields to the page when the slice is used up. */
	async tick(beforeYield?: () => Promise<void>): Promise<void> {
		checkInterrupt(this.#ctx);
		if (performance.now() - this.#since < SLICE_MS) return;
		await beforeYield?.();
		await yieldToPage();
		checkInterrupt(this.#ctx);
		this.#since = performance.now();
	}
}

/** Buffered stdout for a listing, with errors in their place and a pacer for its loop. */
export class ListingOutput {
	readonly #ctx: CommandContext;
	readonly #pacer: Pacer;
	#pending: string[] = [];
	#size = 0;

	constructor(ctx: CommandContext) {
		this.#ctx = ctx;
		this.#pacer = new Pacer(ctx);
	}

	/** Queues text for stdout; rejects with BrokenPipeError once the reader has gone. */
	async write(text: string): Promise<void> {
		this.#pending.push(text);
		this.#size += text.length;
		if (this.#size >= CHUNK_CHARS) await this.flush();
	}

	/** Writes what is queued. */
	async flush(): Promise<void> {
		if (this.#pending.length === 0) return;
		const text = this.#pending.join('');
		this.#pending = [];
		this.#size = 0;
		await this.#ctx.stdout.write(text);
	}

	/** Writes `message` to stderr after the text queued before it. */
	async error(message: string): Promise<void> {
		await this.flush();
		await this.#ctx.stderr.write(message);
	}

	/** Call once per item listed: stops on Ctrl+C, and shows progress when it yields. */
	tick(): Promise<void> {
		return this.#pacer.tick(() => this.flush());
	}
}
