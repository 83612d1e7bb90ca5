// A `node` run as the terminal sees it: a handle with output events, stdin and kill. The
// runtime (runtime.ts) owns the worker; a process only holds what belongs to one run.
import type { Process, ProcessOutput, RunRequest, Signal } from '../types.ts';
import type { ChannelWriter } from '../pyodide/channel.ts';
import { SIGNAL_EXIT_CODES } from '../pyodide/process.ts';
import { OutputFanout } from '../output-fanout.ts';

export { SIGNAL_EXIT_CODES };

/** Where a running process sends its stdin: the shared channel, or messages to the worker. */
export type StdinSink = { channel: ChannelWriter } | { send(text: string | null): void };

const encoder = new TextEncoder();

/** One run of `node`: queued, then running, then ended with an exit code. */
export class NodeProcess implements Process {
	readonly pid: number;
	readonly backend = 'jsworker' as const;
	readonly request: RunRequest;
	readonly exit: Promise<number>;
	columns: number;
	rows: number;
	readonly #kill: (process: NodeProcess, signal: Signal) => void;
	readonly #output = new OutputFanout();
	/** Stdin written before the run started. */
	#typed: string[] = [];
	#stdinClosed = false;
	#sink: StdinSink | null = null;
	#resolveExit!: (code: number) => void;
	#ended = false;

	constructor(
		pid: number,
		request: RunRequest,
		kill: (process: NodeProcess, signal: Signal) => void
	) {
		this.pid = pid;
		this.request = request;
		this.columns = request.columns ?? 80;
		this.rows = request.rows ?? 24;
		this.#kill = kill;
		this.exit = new Promise((resolve) => (this.#resolveExit = resolve));
	}

	/** True once the run has started in a worker. */
	get started(): boolean {
		return this.#sink !== null;
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
		if (!this.#sink) this.#typed.push(data);
		else if ('channel' in this.#sink) this.#sink.channel.write(encoder.encode(data));
		else this.#sink.send(data);
	}

	closeStdin(): void {
		if (this.#ended || this.#stdinClosed) return;
		this.#stdinClosed = true;
		if (!this.#sink) return;
		if ('channel' in this.#sink) this.#sink.channel.close();
		else this.#sink.send(null);
	}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
	}

	kill(signal: Signal = 'SIGINT'): void {
		if (!this.#ended) this.#kill(this, signal);
	}

	/** Starts the run on its stdin sink, handing over what was typed ahead. */
	attach(sink: StdinSink): void {
		this.#sink = sink;
		const typed = this.#typed;
		this.#typed = [];
		for (const text of typed) this.write(text);
		if (this.#stdinClosed) {
			this.#stdinClosed = false;
			this.closeStdin();
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
		this.#sink = null;
		this.#resolveExit(code);
	}
}
