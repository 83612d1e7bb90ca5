import type { Terminal } from '@xterm/xterm';

const prompt = '\x1b[1;34m~\x1b[0m $ ';

/**
 * Stands in for the shell until it ships: it reads a line like a shell would, runs nothing,
 * and says so, so nobody mistakes it for a shell that silently ignores them.
 */
export class PendingShell {
	private line = '';
	private readonly term: Terminal;
	private readonly subscription: { dispose(): void };

	constructor(term: Terminal) {
		this.term = term;
		term.writeln('\x1b[1mBytestorm terminal\x1b[0m');
		term.writeln(
			'The shell (ls, cat, git, python, node, ...) is not part of this build yet, so commands typed here do not run.'
		);
		term.writeln(
			'Your files are saved in this browser as you type. Run a program with Ctrl+Enter once the runtimes are installed.'
		);
		term.write(prompt);
		this.subscription = term.onData((data) => this.input(data));
	}

	/** Prints a note from the app (for example, what Run would do) and shows the prompt again. */
	note(message: string): void {
		this.term.write(`\r\n\x1b[33m${message}\x1b[0m\r\n${prompt}${this.line}`);
	}

	private input(data: string): void {
		for (const char of data) {
			if (char === '\r') this.submit();
			else if (char === '\x7f') this.backspace();
			else if (char === '\x03') this.cancel();
			else if (char >= ' ' && char !== '\x7f') {
				this.line += char;
				this.term.write(char);
			}
		}
	}

	private submit(): void {
		const command = this.line.trim();
		this.line = '';
		this.term.write('\r\n');
		if (command) {
			const name = command.split(/\s+/)[0];
			this.term.writeln(
				`\x1b[33m${name}: not run. The shell is not part of this build yet; nothing was executed.\x1b[0m`
			);
		}
		this.term.write(prompt);
	}

	private backspace(): void {
		if (!this.line) return;
		this.line = [...this.line].slice(0, -1).join('');
		this.term.write('\b \b');
	}

	private cancel(): void {
		this.line = '';
		this.term.write(`^C\r\n${prompt}`);
	}

	/** Stops reading the terminal. */
	dispose(): void {
		this.subscription.dispose();
	}
}
