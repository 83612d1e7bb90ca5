// Node's `readline` (and `readline/promises`) over process.stdin: 'line' events, question(),
// prompt(), async iteration of lines. The terminal echoes what is typed, so nothing is re-echoed.
import { EventEmitter } from 'events';

interface Input extends EventEmitter {
	resume?(): void;
	pause?(): void;
	setEncoding?(encoding: string): void;
}
interface Output {
	write(text: string): void;
}

/** One readline interface. */
class Interface extends EventEmitter {
	readonly #input: Input;
	readonly #output: Output | undefined;
	readonly #promises: boolean;
	#prompt = '> ';
	#buffer = '';
	#closed = false;
	#answer: ((line: string) => void) | null = null;
	readonly #onData = (chunk: unknown) => this.#take(String(chunk));
	readonly #onEnd = () => {
		if (this.#buffer) this.#line(this.#buffer);
		this.#buffer = '';
		this.close();
	};

	constructor(input: Input, output: Output | undefined, promises: boolean, prompt?: string) {
		super();
		this.#input = input;
		this.#output = output;
		this.#promises = promises;
		if (prompt !== undefined) this.#prompt = prompt;
		input.setEncoding?.('utf8');
		input.on('data', this.#onData);
		input.on('end', this.#onEnd);
	}

	get closed(): boolean {
		return this.#closed;
	}

	get line(): string {
		return this.#buffer;
	}

	setPrompt(prompt: string): void {
		this.#prompt = prompt;
	}

	getPrompt(): string {
		return this.#prompt;
	}

	prompt(): void {
		this.#output?.write(this.#prompt);
		this.#input.resume?.();
	}

	question(query: string, ...rest: unknown[]): Promise<string> | undefined {
		const callback = rest.find((value) => typeof value === 'function') as
			((answer: string) => void) | undefined;
		this.#output?.write(query);
		this.#input.resume?.();
		if (this.#promises && !callback) {
			return new Promise((resolve) => (this.#answer = resolve));
		}
		this.#answer = callback ?? null;
		return undefined;
	}

	write(text: string): void {
		if (typeof text === 'string') this.#take(text);
	}

	pause(): this {
		this.#input.pause?.();
		this.emit('pause');
		return this;
	}

	resume(): this {
		this.#input.resume?.();
		this.emit('resume');
		return this;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#input.off('data', this.#onData);
		this.#input.off('end', this.#onEnd);
		this.#input.pause?.();
		this.emit('close');
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<string> {
		const lines: string[] = [];
		let wake: (() => void) | null = null;
		const onLine = (line: string) => {
			lines.push(line);
			wake?.();
		};
		const onClose = () => wake?.();
		this.on('line', onLine);
		this.on('close', onClose);
		try {
			for (;;) {
				if (lines.length > 0) yield lines.shift()!;
				else if (this.#closed) return;
				else await new Promise<void>((resolve) => (wake = resolve));
			}
		} finally {
			this.off('line', onLine);
			this.off('close', onClose);
		}
	}

	#take(text: string): void {
		this.#buffer += text;
		for (
			let end = this.#buffer.search(/\r?\n|\r/);
			end >= 0 && !this.#closed;
			end = this.#buffer.search(/\r?\n|\r/)
		) {
			const line = this.#buffer.slice(0, end);
			const newline = this.#buffer.slice(end).match(/^\r?\n|^\r/)![0];
			this.#buffer = this.#buffer.slice(end + newline.length);
			this.#line(line);
		}
	}

	#line(line: string): void {
		const answer = this.#answer;
		if (answer) {
			this.#answer = null;
			answer(line);
		} else this.emit('line', line);
	}
}

type Options = { input: Input; output?: Output; prompt?: string; terminal?: boolean };

/** Creates `readline`; `promises` gives readline/promises' question(). */
export function createReadline(promises: boolean): Record<string, unknown> {
	const createInterface = (input: Input | Options, output?: Output) => {
		const options =
			'input' in input && (input as Options).input
				? (input as Options)
				: { input: input as Input, output };
		return new Interface(options.input, options.output, promises, options.prompt);
	};
	const module: Record<string, unknown> = {
		createInterface,
		Interface,
		clearLine: (stream: Output) => (stream.write('\x1b[2K'), true),
		clearScreenDown: (stream: Output) => (stream.write('\x1b[0J'), true),
		cursorTo: (stream: Output, x: number, y?: number) => (
			stream.write(typeof y === 'number' ? `\x1b[${y + 1};${x + 1}H` : `\x1b[${x + 1}G`),
			true
		),
		moveCursor: (stream: Output, dx: number, dy: number) => {
			if (dx) stream.write(dx > 0 ? `\x1b[${dx}C` : `\x1b[${-dx}D`);
			if (dy) stream.write(dy > 0 ? `\x1b[${dy}B` : `\x1b[${-dy}A`);
			return true;
		},
		emitKeypressEvents: () => {}
	};
	if (!promises) module.promises = createReadline(true);
	return module;
}
