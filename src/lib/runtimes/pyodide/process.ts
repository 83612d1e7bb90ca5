// A Python run as the terminal sees it: a handle with output events, stdin and kill. The
// runtime (runtime.ts) owns the worker; a process only holds what belongs to one run.
import type { Process, ProcessOutput, PromptCompletion, RunRequest, Signal } from '../types.ts';
import type { ChannelWriter } from './channel.ts';
import type { CompletionWriter } from './completion-channel.ts';
import { OutputFanout } from '../output-fanout.ts';

/** Exit codes for a run ended by a signal, as shells report them (128 + signal number). */
export const SIGNAL_EXIT_CODES: Readonly<Record<Signal, number>> = {
	SIGINT: 130,
	SIGKILL: 137,
	SIGTERM: 143
};

/** What a process asks of its runtime. */
export interface ProcessControls {
	kill(process: PythonProcess, signal: Signal): void;
}

const encoder = new TextEncoder();

/** How long Tab waits for Python's candidates before it gives up (and offers none). */
export const COMPLETION_TIMEOUT_MS = 1000;

/** What ends the word Tab completes at Python's prompt: readline's delimiters, as CPython sets them. */
const WORD_DELIMITERS = new Set(' \t\n`~!@#$%^&*()-=+[{]}\\|;:\'",<>/?');

/** One run of `python` or `pip`: queued, then running, then ended with an exit code. */
export class PythonProcess implements Process {
	readonly pid: number;
	readonly backend = 'pyodide' as const;
	readonly request: RunRequest;
	readonly exit: Promise<number>;
	columns: number;
	rows: number;
	readonly #controls: ProcessControls;
	readonly #output = new OutputFanout();
	/** Stdin written before the run started; null is a one-off end of input (endOfInput). */
	#stdin: (Uint8Array | null)[] = [];
	#stdinClosed = false;
	/** undefined until the run starts; null when it runs without shared memory. */
	#channel: ChannelWriter | null | undefined;
	#completions: CompletionWriter | null = null;
	/** The completion request waiting for the worker's answer. */
	#completion: { id: number; resolve: (matches: string[]) => void } | null = null;
	#saidNoStdin = false;
	#resolveExit!: (code: number) => void;
	#ended = false;

	constructor(pid: number, request: RunRequest, controls: ProcessControls) {
		this.pid = pid;
		this.request = request;
		this.columns = request.columns ?? 80;
		this.rows = request.rows ?? 24;
		this.#controls = controls;
		this.exit = new Promise((resolve) => (this.#resolveExit = resolve));
	}

	/** True once the run has started in the worker. */
	get started(): boolean {
		return this.#channel !== undefined;
	}

	/** Whether the program took the last Ctrl+C (see ChannelWriter.interruptTaken). */
	get interruptTaken(): boolean {
		return this.#channel?.interruptTaken() ?? false;
	}

	/** True once the exit code is known. */
	get ended(): boolean {
		return this.#ended;
	}

	onOutput(listener: (output: ProcessOutput) => void): () => void {
		return this.#output.subscribe(listener);
	}

	write(data: string): void {
		if (this.#ended || this.#stdinClosed || data === '') return;
		const bytes = encoder.encode(data);
		if (this.#channel) this.#channel.write(bytes);
		else if (this.#channel === undefined) this.#stdin.push(bytes);
		else this.#noStdin();
	}

	/** Ctrl+D at the terminal: one read gets end of file (EOFError), later ones wait for more. */
	endOfInput(): void {
		if (this.#ended || this.#stdinClosed) return;
		if (this.#channel) this.#channel.endOfInput();
		else if (this.#channel === undefined) this.#stdin.push(null);
	}

	closeStdin(): void {
		if (this.#ended || this.#stdinClosed) return;
		this.#stdinClosed = true;
		this.#channel?.close();
	}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.#channel?.resize(columns, rows);
	}

	async complete(line: string, cursor: number): Promise<PromptCompletion | null> {
		const channel = this.#channel;
		const completions = this.#completions;
		if (!channel || !completions) return null;
		const to = Math.max(0, Math.min(line.length, Math.floor(cursor) || 0));
		let from = to;
		while (from > 0 && !WORD_DELIMITERS.has(line[from - 1]!)) from--;
		// As rlcompleter: with no word before the cursor, Tab is a Tab.
		if (from === to) return null;
		// Only a prompt that waits with everything typed read answers now, not one a line is
		// on its way to (the statement it runs could take long).
		if (!completions.prompting || !channel.drained()) return null;
		const id = completions.ask(line.slice(from, to));
		this.#completion?.resolve([]);
		this.#completion = null;
		if (id === null) return { from, to, candidates: [] };
		const candidates = await new Promise<string[]>((resolve) => {
			// A request that reached the worker as its prompt stopped waiting is answered only at
			// the next prompt: the keys typed after Tab must not wait for that.
			const timer = setTimeout(() => this.completed(id, []), COMPLETION_TIMEOUT_MS);
			this.#completion = {
				id,
				resolve: (matches) => {
					clearTimeout(timer);
					resolve(matches);
				}
			};
		});
		return { from, to, candidates };
	}

	/** The worker's answer to completion request `id`; one for an earlier request is dropped. */
	completed(id: number, matches: string[]): void {
		const waiting = this.#completion;
		if (waiting?.id !== id) return;
		this.#completion = null;
		waiting.resolve(matches);
	}

	kill(signal: Signal = 'SIGINT'): void {
		if (!this.#ended) this.#controls.kill(this, signal);
	}

	/**
	 * Starts the run on a channel (null without shared memory), handing over stdin typed ahead;
	 * Tab at Python's prompt asks through `completions`.
	 */
	attach(channel: ChannelWriter | null, completions: CompletionWriter | null = null): void {
		this.#channel = channel;
		this.#completions = completions;
		const typed = this.#stdin;
		this.#stdin = [];
		if (channel) {
			for (const bytes of typed) {
				if (bytes) channel.write(bytes);
				else channel.endOfInput();
			}
			if (this.#stdinClosed) channel.close();
		} else if (typed.length > 0) {
			this.#noStdin();
		}
	}

	/** Delivers output to every listener, or keeps it until the first one subscribes. */
	emit(output: ProcessOutput): void {
		if (this.#ended) return;
		this.#output.emit(output);
	}

	/** A message from the runtime itself, shown apart from the program's output. */
	notice(text: string): void {
		this.emit({ kind: 'notice', text });
	}

	/** Records the exit code; later output and stdin are dropped. */
	finish(code: number): void {
		if (this.#ended) return;
		this.#ended = true;
		// The channel now belongs to the next run: this handle must not resize or feed it.
		this.#channel = null;
		this.#completions = null;
		this.#completion?.resolve([]);
		this.#completion = null;
		this.#resolveExit(code);
	}

	#noStdin(): void {
		if (this.#saidNoStdin) return;
		this.#saidNoStdin = true;
		this.notice(
			'Typing cannot reach this program: the page is not cross-origin isolated, so Python cannot wait for input.'
		);
	}
}
