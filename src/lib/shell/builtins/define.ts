// How a builtin is declared: its name, its help line, its synopsis, and a body that may throw.
// The failures every command shares are turned into output and an exit status here, once.
import { InterruptedError, UsageError, reason } from '../errors.ts';
import { BrokenPipeError } from '../io.ts';
import type { Builtin, CommandContext } from '../types.ts';

/** Exit status of a command stopped by Ctrl+C (128 + SIGINT). */
export const INTERRUPTED = 130;
/** Exit status of a command whose reader went away (128 + SIGPIPE). */
export const BROKEN_PIPE = 141;

/**
 * Declares a builtin. `run` resolves to the exit status; it may throw UsageError (printed with
 * the synopsis, status 2), and anything else is printed as `name: reason` with status 1.
 * An aborted signal gives 130 and a closed pipe 141, with nothing printed.
 */
export function defineBuiltin(
	name: string,
	summary: string,
	usage: string,
	run: (ctx: CommandContext) => Promise<number>
): Builtin {
	return {
		name,
		summary,
		usage,
		async run(ctx) {
			try {
				return await run(ctx);
			} catch (error) {
				if (error instanceof BrokenPipeError) return BROKEN_PIPE;
				if (error instanceof InterruptedError || ctx.signal.aborted) return INTERRUPTED;
				const message =
					error instanceof UsageError
						? `${name}: ${error.message}\nUsage: ${usage}\n`
						: `${name}: ${reason(error)}\n`;
				await ctx.stderr.write(message).catch(() => {});
				return error instanceof UsageError ? error.status : 1;
			}
		}
	};
}

/** Throws InterruptedError once the command's signal has aborted; call it inside long loops. */
export function checkInterrupt(ctx: CommandContext): void {
	if (ctx.signal.aborted) throw new InterruptedError();
}
