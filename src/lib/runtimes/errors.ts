// Errors of the runtimes seam. Each message is a sentence a user can act on.

/** Base of every error a runtime or the router raises. */
export class BackendError extends Error {
	override name = 'BackendError';
}

/** No backend provides the command (the shell shows the message as is). */
export class CommandNotFoundError extends BackendError {
	override name = 'CommandNotFoundError';
	readonly command: string;

	constructor(command: string, available: readonly string[]) {
		super(
			command.trim() === ''
				? `Type a command to run, for example: python main.py`
				: `${command}: command not found. Programs that run here: ${available.join(', ')}.`
		);
		this.command = command;
	}
}

/** A backend could not start (its files did not load, or it crashed while starting). */
export class RuntimeStartError extends BackendError {
	override name = 'RuntimeStartError';
}
