// A program (python, pip, ...) as one command of a pipeline: started through the launcher, its
// stdin pumped from the command's input, its output written to the command's streams in order.
// A reader that goes away ends the program, as SIGPIPE would.
import type { Process, RunRequest, Signal } from '../runtimes/types.ts';
import { BROKEN_PIPE } from './builtins/define.ts';
import { reason } from './errors.ts';
import type { ProgramLauncher, ShellTerminal } from './interpreter.ts';
import { BrokenPipeError, type InputStream, type OutputStream } from './io.ts';
import type { Job } from './jobs.ts';

/** Where a command's three standard streams go. */
export interface Streams {
	stdin: InputStream;
	stdout: OutputStream;
	stderr: OutputStream;
}

/** What running one program needs. */
export interface ProgramRun {
	launcher: ProgramLauncher;
	terminal: ShellTerminal;
	request: RunRequest;
	streams: Streams;
	job: Job;
}

/** Exit status when a program could not start at all. */
const NOT_STARTED = 127;

/** Runs a program to its end; `onStarted` is called once it has started. Resolves to its exit status. */
export async function runProgram(run: ProgramRun, onStarted?: () => void): Promise<number> {
	const { launcher, terminal, request, streams, job } = run;
	const tty = streams.stdin.isTerminal === true;
	let process: Process;
	try {
		process = await launcher.launch(
			{
				...request,
				stdinIsTerminal: tty,
				stdoutIsTerminal: streams.stdout.isTerminal,
				stderrIsTerminal: streams.stderr.isTerminal
			},
			{ note: (text) => (terminal.hint ? terminal.hint(text) : terminal.notice(text)) }
		);
	} catch (error) {
		await streams.stderr.write(`bytestorm: ${reason(error)}\n`).catch(() => {});
		return NOT_STARTED;
	}
	onStarted?.();
	const release = job.add({
		command: request.argv.join(' '),
		where: process.backend,
		kill: (signal: Signal) => process.kill(signal),
		interruptTaken: () => process.interruptTaken === true
	});
	if (job.killed) process.kill('SIGKILL');
	// A program on a PTY (a WebContainer's) follows the terminal's size and, in the foreground
	// reading the terminal, gets the keys as typed: it echoes them itself.
	const stopResize = terminal.onResize?.(({ columns, rows }) => process.resize(columns, rows));
	const stopRaw =
		process.pty && streams.stdin.isTerminal && job.id === 0
			? terminal.rawInput?.((data) => process.write(data))
			: undefined;

	let writing = Promise.resolve();
	let brokenPipe = false;
	const write = (stream: OutputStream, text: string) => {
		writing = writing
			.then(() => (brokenPipe ? undefined : stream.write(text)))
			.catch((error: unknown) => {
				if (!(error instanceof BrokenPipeError) || brokenPipe) return;
				brokenPipe = true;
				process.kill('SIGKILL');
			});
	};
	const unsubscribe = process.onOutput((output) => {
		if (output.kind === 'stdout') write(streams.stdout, output.text);
		else if (output.kind === 'stderr') write(streams.stderr, output.text);
		else if (output.kind === 'notice') terminal.notice(output.text);
		else if (output.kind === 'display') terminal.display?.(output);
	});

	// stdin is pumped into the program until it ends or the program exits.
	let exited = false;
	const pump = (async () => {
		const decoder = new TextDecoder();
		for (;;) {
			const chunk = await streams.stdin.read();
			if (exited) return;
			if (chunk) process.write(decoder.decode(chunk, { stream: true }));
			// Ctrl+D at a terminal ends one read, as on a tty; a pipe or a file ends for good.
			else if (tty && process.endOfInput) process.endOfInput();
			else break;
		}
		process.closeStdin();
	})();
	try {
		const code = await process.exit;
		exited = true;
		streams.stdin.close();
		await pump.catch(() => {});
		await writing;
		return brokenPipe ? BROKEN_PIPE : code;
	} finally {
		stopResize?.();
		stopRaw?.();
		unsubscribe();
		release();
	}
}
