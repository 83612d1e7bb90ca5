// rm, as GNU's, with the guard a workspace needs: its root is never removed, however it is
// named (`/workspace`, `~`, `/`, `.` or `..` that reach it), and the refusal says what to do.
import type { WorkspaceError } from '../../workspace/errors.ts';
import { ShellPathError, UsageError, errorCode, reason } from '../errors.ts';
import { ROOT, absolutePath } from '../paths.ts';
import type { CommandContext } from '../types.ts';
import { defineBuiltin } from './define.ts';
import { operandError, parseArgs, quoteArg, statOperand } from './files-operands.ts';
import { complain } from './print.ts';

interface RemoveOptions {
	recursive: boolean;
	force: boolean;
	emptyDirs: boolean;
}

/** `rm`: removes files, and folders with -r. */
export const rm = defineBuiltin(
	'rm',
	'remove files and folders',
	'rm [-dfrR] FILE...',
	async (ctx) => {
		const { flags, operands } = parseArgs(ctx, [
			{ short: 'r', long: 'recursive', key: 'recursive' },
			{ short: 'R', key: 'recursive' },
			{ short: 'f', long: 'force' },
			{ short: 'd', long: 'dir' }
		]);
		const options: RemoveOptions = {
			recursive: flags.recursive === true,
			force: flags.force === true,
			emptyDirs: flags.dir === true
		};
		if (operands.length === 0) {
			if (options.force) return 0;
			throw new UsageError('missing operand', 1);
		}
		let status = 0;
		for (const arg of operands) {
			const failure = removeOne(ctx, arg, options);
			if (failure !== undefined) status = await complain(ctx, failure);
		}
		return status;
	}
);

/** Removes what `arg` names; returns the message when it cannot. */
function removeOne(ctx: CommandContext, arg: string, options: RemoveOptions): string | undefined {
	const cannot = (failure: WorkspaceError | ShellPathError | string) =>
		`cannot remove ${quoteArg(arg)}: ${typeof failure === 'string' ? failure : reason(failure)}`;
	let path: string;
	try {
		path = ctx.shell.resolve(arg);
	} catch (error) {
		const failure = operandError(error);
		if (failure instanceof ShellPathError && holdsWorkspace(ctx.shell.cwd, arg)) {
			return refusal(arg);
		}
		return cannot(failure);
	}
	if (path === '') return refusal(arg);

	let isDir: boolean;
	try {
		isDir = statOperand(ctx.fs, path, arg).type === 'dir';
	} catch (error) {
		const failure = operandError(error);
		// -f: a missing file is no failure (GNU also forgives ENOTDIR, `a.txt/b`).
		const code = errorCode(failure);
		if (options.force && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
		return cannot(failure);
	}
	if (isDir && !options.recursive) {
		if (!options.emptyDirs) return cannot('Is a directory');
		if (ctx.fs.list(path).length > 0) return cannot('Directory not empty');
	}
	if (isDir && isDotOrDotDot(arg)) {
		return `refusing to remove '.' or '..' directory: skipping ${quoteArg(arg)}`;
	}
	try {
		ctx.fs.remove(path, { recursive: options.recursive, origin: 'shell' });
	} catch (error) {
		return cannot(operandError(error));
	}
	return undefined;
}

function refusal(arg: string): string {
	return `refusing to remove the whole workspace (${quoteArg(arg)}): remove the files inside it by name, or delete the workspace from the home page`;
}

/** True when the last component of `arg` is `.` or `..` (`.`, `./`, `src/..`). */
function isDotOrDotDot(arg: string): boolean {
	const last = arg.replace(/\/+$/, '').split('/').pop();
	return last === '.' || last === '..';
}

/**
 * True when `arg`, a path outside the workspace, names the workspace's root folder or one
 * above it (`/`, `/workspace/..`, `..` at the root): removing it would remove the workspace.
 */
function holdsWorkspace(cwd: string, arg: string): boolean {
	const full = arg.startsWith('/')
		? arg
		: arg === '~' || arg.startsWith('~/')
			? `${ROOT}${arg.slice(1)}`
			: `${absolutePath(cwd)}/${arg}`;
	const parts: string[] = [];
	for (const part of full.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '' && part !== '.') parts.push(part);
	}
	const folder = `/${parts.join('/')}`;
	return folder === '/' || `${ROOT}/`.startsWith(`${folder}/`);
}
