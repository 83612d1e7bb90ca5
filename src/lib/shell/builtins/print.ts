// The one way builtins print a line to stdout or a complaint to stderr under the command's name.
import type { CommandContext } from '../types.ts';

/** Writes `text` to stdout, ending it with a newline if it lacks one; nothing when it is empty. */
export async function print(ctx: CommandContext, text: string): Promise<void> {
	if (text) await ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes `name: text` to stderr and resolves to 1, the status to return. */
export async function complain(ctx: CommandContext, text: string): Promise<number> {
	await ctx.stderr.write(`${ctx.argv[0]}: ${text}\n`);
	return 1;
}
