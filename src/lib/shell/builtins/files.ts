// The commands that act on the workspace's files: cat, touch and mkdir here, the larger ones
// in their own modules, and `fileBuiltins`, the list the shell registers.
import { AlreadyExistsError } from '../../workspace/errors.ts';
import { reason, UsageError } from '../errors.ts';
import type { Builtin, CommandContext } from '../types.ts';
import { checkInterrupt, defineBuiltin } from './define.ts';
import { cp, mv } from './files-copy.ts';
import { operandError, parseArgs, quoteArg, quoteName, statOperand } from './files-operands.ts';
import { find } from './find.ts';
import { ls } from './ls.ts';
import { complain } from './print.ts';
import { rm } from './rm.ts';
import { tree } from './tree.ts';

/** Size of the pieces cat writes, so that a pipe's backpressure applies to big files. */
export const CAT_CHUNK_BYTES = 64 * 1024;

/** `cat`: writes files (or stdin, for `-` or no operand) to stdout, byte for byte. */
export const cat = defineBuiltin(
	'cat',
	'print files one after another',
	'cat [FILE]...',
	async (ctx) => {
		const { operands } = parseArgs(ctx, []);
		let status = 0;
		for (const arg of operands.length > 0 ? operands : ['-']) {
			if (arg === '-') {
				await copyInput(ctx);
				continue;
			}
			const failure = await catFile(ctx, arg);
			if (failure !== undefined) status = await complain(ctx, failure);
		}
		return status;
	}
);

/** Copies stdin to stdout a chunk at a time, never holding the whole input. */
async function copyInput(ctx: CommandContext): Promise<void> {
	for (let chunk = await ctx.stdin.read(); chunk; chunk = await ctx.stdin.read()) {
		await ctx.stdout.write(chunk);
		checkInterrupt(ctx);
	}
}

/** Writes one file to stdout; returns the message when it cannot. */
async function catFile(ctx: CommandContext, arg: string): Promise<string | undefined> {
	let bytes: Uint8Array;
	try {
		const path = ctx.shell.resolve(arg);
		const stat = statOperand(ctx.fs, path, arg);
		if (stat.type === 'dir') return `${quoteName(arg)}: Is a directory`;
		if (stat.encoding === 'binary' && ctx.stdout.isTerminal) {
			// Raw bytes would garble the terminal; in a pipe or a file they are what is wanted.
			const size = `${stat.size} ${stat.size === 1 ? 'byte' : 'bytes'}`;
			return `${quoteName(arg)}: binary file not shown (${size}); redirect it to a file or pipe it to another command`;
		}
		bytes = ctx.fs.readBytes(path);
	} catch (error) {
		return `${quoteName(arg)}: ${reason(operandError(error))}`;
	}
	for (let offset = 0; offset < bytes.length; offset += CAT_CHUNK_BYTES) {
		await ctx.stdout.write(bytes.subarray(offset, offset + CAT_CHUNK_BYTES));
		checkInterrupt(ctx);
	}
	return undefined;
}

/** `touch`: creates empty files; an existing file or folder is left as it is. */
export const touch = defineBuiltin('touch', 'create empty files', 'touch FILE...', async (ctx) => {
	const { operands } = parseArgs(ctx, []);
	if (operands.length === 0) throw new UsageError('missing file operand', 1);
	let status = 0;
	for (const arg of operands) {
		try {
			const path = ctx.shell.resolve(arg);
			// The workspace keeps no times, so touching what exists changes nothing.
			if (ctx.fs.exists(path)) continue;
			ctx.fs.createFile(path, '', { origin: 'shell', createParents: false });
		} catch (error) {
			status = await complain(ctx, `cannot touch ${quoteArg(arg)}: ${reason(operandError(error))}`);
		}
	}
	return status;
});

/** `mkdir`: creates folders; -p creates missing parents and accepts existing folders. */
export const mkdir = defineBuiltin('mkdir', 'create folders', 'mkdir [-p] DIR...', async (ctx) => {
	const { flags, operands } = parseArgs(ctx, [{ short: 'p', long: 'parents' }]);
	if (operands.length === 0) throw new UsageError('missing operand', 1);
	let status = 0;
	for (const arg of operands) {
		try {
			const path = ctx.shell.resolve(arg);
			if (path === '') {
				if (flags.parents) continue;
				throw new AlreadyExistsError(path);
			}
			ctx.fs.mkdir(path, { recursive: flags.parents === true, origin: 'shell' });
		} catch (error) {
			status = await complain(
				ctx,
				`cannot create directory ${quoteArg(arg)}: ${reason(operandError(error))}`
			);
		}
	}
	return status;
});

/** The file commands, for the shell to register. */
export const fileBuiltins: readonly Builtin[] = [ls, cat, touch, mkdir, rm, mv, cp, tree, find];
