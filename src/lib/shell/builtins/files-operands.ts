// How the file commands treat what they were given: coreutils' quoting of names in messages,
// paths shown as the user typed them, operands stat'ed with the errno coreutils would report,
// and the failures a command reports per operand (as opposed to a broken pipe, which ends it).
import { NotADirectoryError, WorkspaceError } from '../../workspace/errors.ts';
import { ancestors } from '../../workspace/paths.ts';
import type { FileSystem, Stat } from '../../workspace/types.ts';
import { ShellPathError, UsageError } from '../errors.ts';
import type { CommandContext } from '../types.ts';
import { parseOptions, type OptionSpec, type ParsedOptions } from './options.ts';

// The characters after which a POSIX shell would read a name differently (GNU's quotearg list).
const SHELL_SPECIAL = /[\s!"$&'()*;<=>?[\\^`|]/;

/** True when `name` must be quoted to be pasted back into a shell (`my file`, `a*`, `~x`). */
function needsQuoting(name: string): boolean {
	return (
		name === '' || SHELL_SPECIAL.test(name) || /^[#~]/.test(name) || name === '{' || name === '}'
	);
}

/** A name always quoted, as coreutils quotes in `cannot access 'x'`: `'x'`, or `"it's"`. */
export function quoteArg(name: string): string {
	if (!name.includes("'")) return `'${name}'`;
	if (!/[\\"$`!]/.test(name)) return `"${name}"`;
	return `'${name.replaceAll("'", "'\\''")}'`;
}

/** A name quoted only when a shell needs it, as in `cat: x: ...` and `ls` on a terminal. */
export function quoteName(name: string): string {
	return needsQuoting(name) ? quoteArg(name) : name;
}

/** A listed path joined as ls and find print it: `.` and `a` give `./a`, `src/` and `a` give `src/a`. */
export function joinShown(shown: string, name: string): string {
	return shown.endsWith('/') ? `${shown}${name}` : `${shown}/${name}`;
}

/** True for names that ls and tree hide unless asked (`.git`, `.env`). */
export function isHidden(name: string): boolean {
	return name.startsWith('.');
}

/**
 * The stat of `path`, resolved from the operand `arg`, failing as the system call would:
 * ENOTDIR when a parent is a file or when `arg` ends in `/` but names a file, else ENOENT.
 */
export function statOperand(fs: FileSystem, path: string, arg: string): Stat {
	let stat: Stat;
	try {
		stat = fs.stat(path);
	} catch (error) {
		for (const dir of ancestors(path)) {
			if (fs.exists(dir) && fs.stat(dir).type === 'file') throw new NotADirectoryError(dir);
		}
		throw error;
	}
	if (stat.type === 'file' && /\/\.?$/.test(arg)) throw new NotADirectoryError(path);
	return stat;
}

/** True when `arg` ends in a slash, as `dest/` does: it must name a folder. */
export function namesFolder(arg: string): boolean {
	return arg.endsWith('/');
}

/**
 * Returns a failure that a command reports for one operand before going on with the next
 * (a workspace error, a path outside the workspace); rethrows anything else, such as a broken
 * pipe or Ctrl+C, which ends the command.
 */
export function operandError(error: unknown): WorkspaceError | ShellPathError {
	if (error instanceof WorkspaceError || error instanceof ShellPathError) return error;
	throw error;
}

/** Parses the options in `ctx.argv`; a bad one exits with `status`: 1 for most coreutils, 2 for ls. */
export function parseArgs(
	ctx: CommandContext,
	specs: readonly OptionSpec[],
	status = 1
): ParsedOptions {
	try {
		return parseOptions(ctx.argv.slice(1), specs);
	} catch (error) {
		if (error instanceof UsageError) throw new UsageError(error.message, status);
		throw error;
	}
}
