// Python's standard streams in the worker: stdout and stderr into the output buffer, stdin from
// the shared channel, and, run by run, whether each is the terminal, as isatty() tells.
import type { PyodideAPI } from 'pyodide';
import type { ChannelReader } from './channel.ts';
import type { OutputBuffer } from './output.ts';

/** Which of a run's standard streams are the terminal (not a pipe or a file). */
export interface TerminalStreams {
	stdin: boolean;
	stdout: boolean;
	stderr: boolean;
}

/**
 * Connects Python's stdin, stdout and stderr to the output buffer and the shared channel, all
 * three a terminal; returns the function that says which are for a run (`isatty()`).
 */
export function connectStreams(
	pyodide: PyodideAPI,
	output: OutputBuffer,
	reader: ChannelReader | null
): (terminal: TerminalStreams) => void {
	const getTerminalSize = () => reader?.terminalSize() ?? { columns: 80, rows: 24 };
	// The byte-level handler: the batched one holds a partial line until a newline arrives.
	const writer = (kind: 'stdout' | 'stderr', isatty: boolean) => ({
		isatty,
		getTerminalSize,
		write: (bytes: Uint8Array) => {
			output.write(kind, bytes);
			return bytes.length;
		}
	});
	const read = reader ? (buffer: Uint8Array) => reader.read(buffer) : () => 0;
	let current: TerminalStreams | null = null;
	const setTerminal = (terminal: TerminalStreams) => {
		// Each set reopens the three streams, so only a change does.
		if (current?.stdin !== terminal.stdin) pyodide.setStdin({ isatty: terminal.stdin, read });
		if (current?.stdout !== terminal.stdout) pyodide.setStdout(writer('stdout', terminal.stdout));
		if (current?.stderr !== terminal.stderr) pyodide.setStderr(writer('stderr', terminal.stderr));
		current = { ...terminal };
	};
	// A tty line-buffers Python's output instead of holding 8 KB.
	setTerminal({ stdin: true, stdout: true, stderr: true });
	return setTerminal;
}
