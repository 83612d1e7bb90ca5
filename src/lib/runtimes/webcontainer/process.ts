// A process in a WebContainer as the terminal sees it. WebContainer processes run on a PTY
// (jsh), so their output is one stream (stdout and stderr merged), Ctrl+C is the byte 0x03 on
// stdin, and end of input is Ctrl+D; SIGTERM and SIGKILL end the process outright.
import type { Process, ProcessOutput, Signal } from '../types.ts';
import type { ContainerProcess } from './container.ts';
import { OutputFanout } from '../output-fanout.ts';

/** Exit codes of a process ended by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT_CODES: Readonly<Record<Signal, number>> = {
	SIGINT: 130,
	SIGKILL: 137,
	SIGTERM: 143
};

const CTRL_C = '\x03';
const CTRL_D = '\x04';

/** A spawned WebContainer process behind Bytestorm's Process handle. */
export class WebContainerProcessHandle implements Process {
	readonly pid: number;
	readonly backend = 'webcontainer' as const;
	readonly pty = true;
	readonly exit: Promise<number>;
	readonly #process: ContainerProcess;
	readonly #output = new OutputFanout();
	readonly #input: WritableStreamDefaultWriter<string>;
	#killedWith: Signal | null = null;
	#ended = false;
	#abandoned!: (code: number) => void;

	/** `settle` runs after the program ends and before `exit` resolves (the file sync's flush). */
	constructor(
		pid: number,
		process: ContainerProcess,
		settle: () => Promise<void> = async () => {}
	) {
		this.pid = pid;
		this.#process = process;
		this.#input = process.input.getWriter();
		const drained = process.output
			.pipeTo(new WritableStream({ write: (text) => this.#emit({ kind: 'stdout', text }) }))
			.catch(() => {
				// The output stream errors when the container goes away; the exit code says the rest.
			});
		const ended = process.exit.then(
			async (code) => {
				await drained;
				await settle().catch(() => {});
				return this.#finish(code);
			},
			async () => {
				await settle().catch(() => {});
				return this.#finish(1);
			}
		);
		// A crashed container may never report the end of its processes: abandon() ends them here.
		const abandoned = new Promise<number>((resolve) => (this.#abandoned = resolve));
		this.exit = Promise.race([ended, abandoned]);
	}

	onOutput(listener: (output: ProcessOutput) => void): () => void {
		return this.#output.subscribe(listener);
	}

	write(data: string): void {
		if (!this.#ended && data !== '') this.#send(data);
	}

	closeStdin(): void {
		if (!this.#ended) this.#send(CTRL_D);
	}

	resize(columns: number, rows: number): void {
		if (!this.#ended) this.#process.resize({ cols: columns, rows });
	}

	kill(signal: Signal = 'SIGINT'): void {
		if (this.#ended) return;
		if (signal === 'SIGINT') {
			this.#send(CTRL_C);
			return;
		}
		this.#killedWith = signal;
		this.#process.kill();
	}

	/** Ends the handle at once, as killed (the container is gone and may not answer any more). */
	abandon(): void {
		if (this.#ended) return;
		this.#killedWith = 'SIGKILL';
		try {
			this.#process.kill();
		} catch {
			// A dead container refuses; the handle ends all the same.
		}
		this.#abandoned(this.#finish(SIGNAL_EXIT_CODES.SIGKILL));
	}

	/** A note from Bytestorm itself, shown apart from the program's output. */
	notice(text: string): void {
		this.#emit({ kind: 'notice', text });
	}

	#send(data: string): void {
		this.#input.write(data).catch(() => {
			// Input to a process that has just ended goes nowhere, as in a real terminal.
		});
	}

	#emit(output: ProcessOutput): void {
		this.#output.emit(output);
	}

	#finish(code: number): number {
		this.#ended = true;
		this.#input.releaseLock();
		return this.#killedWith ? SIGNAL_EXIT_CODES[this.#killedWith] : code;
	}
}
