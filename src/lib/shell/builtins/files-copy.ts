// mv and cp: `SOURCE... DEST` into an existing folder, or `SOURCE DEST` as a new name, with
// GNU's checks and messages. Overwriting a file is allowed, as GNU does without -i. cp -r
// copies a folder in batches, each one transaction, so Ctrl+C works and the page stays live.
import { basename, dirname, isInside } from '../../workspace/paths.ts';
import type { Entry, EntryType, FileSystem, Stat } from '../../workspace/types.ts';
import { UsageError, reason } from '../errors.ts';
import type { CommandContext } from '../types.ts';
import { checkInterrupt, defineBuiltin } from './define.ts';
import {
	joinShown,
	namesFolder,
	operandError,
	parseArgs,
	quoteArg,
	statOperand
} from './files-operands.ts';
import { Pacer } from './files-output.ts';

/** Longest a cp batch (one transaction) runs before the page gets a turn. */
const BATCH_MS = 15;

/** One source and where it goes. */
interface Transfer {
	/** The source operand as typed, and the workspace path it names. */
	arg: string;
	source: string;
	stat: Stat;
	target: string;
	/** The target as messages show it: `dest/name` or the destination operand. */
	shown: string;
	/** The destination operand, which must name a folder when it ends in `/`. */
	destArg: string;
	/** True when the source goes into the destination folder, false when it takes its name. */
	into: boolean;
}

/** `mv`: moves or renames files and folders. */
export const mv = defineBuiltin(
	'mv',
	'move or rename files and folders',
	'mv [-f] SOURCE... DEST',
	async (ctx) => {
		// -f is accepted for scripts: mv here never asks before overwriting.
		const { operands } = parseArgs(ctx, [{ short: 'f', long: 'force' }]);
		return transferAll(ctx, 'mv', operands, async (transfer) => moveOne(ctx, transfer));
	}
);

/** `cp`: copies files, and folders with -r. */
export const cp = defineBuiltin(
	'cp',
	'copy files and folders',
	'cp [-afrR] SOURCE... DEST',
	async (ctx) => {
		const { flags, operands } = parseArgs(ctx, [
			{ short: 'r', long: 'recursive', key: 'recursive' },
			{ short: 'R', key: 'recursive' },
			{ short: 'a', long: 'archive', key: 'recursive' },
			{ short: 'f', long: 'force' }
		]);
		const pacer = new Pacer(ctx);
		const recursive = flags.recursive === true;
		return transferAll(ctx, 'cp', operands, (transfer) => copyOne(ctx, transfer, recursive, pacer));
	}
);

/**
 * Pairs each source with its target and runs `act` on it, printing the failures it returns;
 * resolves to the exit status.
 */
async function transferAll(
	ctx: CommandContext,
	command: 'mv' | 'cp',
	operands: string[],
	act: (transfer: Transfer) => Promise<string[]>
): Promise<number> {
	if (operands.length === 0) throw new UsageError('missing file operand', 1);
	const destArg = operands.at(-1)!;
	if (operands.length === 1) {
		throw new UsageError(`missing destination file operand after ${quoteArg(destArg)}`, 1);
	}
	const fail = async (messages: string[]) => {
		for (const message of messages) await ctx.stderr.write(`${command}: ${message}\n`);
		return messages.length > 0 ? 1 : 0;
	};
	let dest: string;
	try {
		dest = ctx.shell.resolve(destArg);
	} catch (error) {
		return fail([`target ${quoteArg(destArg)}: ${reason(operandError(error))}`]);
	}
	const destType = typeAt(ctx.fs, dest);
	if (destType === 'file' && namesFolder(destArg)) {
		return fail([`failed to access ${quoteArg(destArg)}: Not a directory`]);
	}
	const sources = operands.slice(0, -1);
	if (sources.length > 1 && destType !== 'dir') {
		return fail([
			destType === 'file'
				? `target ${quoteArg(destArg)} is not a directory`
				: `target ${quoteArg(destArg)}: No such file or directory`
		]);
	}

	let status = 0;
	for (const arg of sources) {
		let transfer: Transfer;
		try {
			const source = ctx.shell.resolve(arg);
			const stat = statOperand(ctx.fs, source, arg);
			const name = basename(source);
			const into = destType === 'dir' && name !== '';
			transfer = {
				arg,
				source,
				stat,
				target: into ? (dest ? `${dest}/${name}` : name) : dest,
				shown: into ? joinShown(destArg, name) : destArg,
				destArg,
				into
			};
		} catch (error) {
			status |= await fail([`cannot stat ${quoteArg(arg)}: ${reason(operandError(error))}`]);
			continue;
		}
		status |= await fail(await act(transfer));
	}
	return status;
}

function moveOne(ctx: CommandContext, move: Transfer): string[] {
	const from = quoteArg(move.arg);
	const to = quoteArg(move.shown);
	const type = move.stat.type;
	if (move.source === '') {
		return [`cannot move the whole workspace (${from}): move the files inside it by name`];
	}
	if (move.target === move.source) return [`${from} and ${to} are the same file`];
	if (type === 'dir' && isInside(move.target, move.source)) {
		return [`cannot move ${from} to a subdirectory of itself, ${to}`];
	}
	const existing = typeAt(ctx.fs, move.target);
	if (existing === 'dir' && type === 'file') {
		return [`cannot overwrite directory ${to} with non-directory`];
	}
	if (existing === 'file' && type === 'dir') {
		return [`cannot overwrite non-directory ${to} with directory ${from}`];
	}
	if (existing === 'dir' && ctx.fs.list(move.target).length > 0) {
		return [`cannot move ${from} to ${to}: Directory not empty`];
	}
	const problem = existing ? undefined : parentProblem(ctx.fs, move, type);
	if (problem) return [`cannot move ${from} to ${to}: ${problem}`];
	try {
		// One transaction: editors and the file tree see the file replaced, never missing.
		ctx.fs.doc.transact(() => {
			if (existing) ctx.fs.remove(move.target, { origin: 'shell' });
			ctx.fs.rename(move.source, move.target, { origin: 'shell' });
		}, 'shell');
	} catch (error) {
		return [`cannot move ${from} to ${to}: ${reason(operandError(error))}`];
	}
	return [];
}

async function copyOne(
	ctx: CommandContext,
	copy: Transfer,
	recursive: boolean,
	pacer: Pacer
): Promise<string[]> {
	const from = quoteArg(copy.arg);
	const to = quoteArg(copy.shown);
	const existing = typeAt(ctx.fs, copy.target);
	if (copy.stat.type === 'dir') {
		if (!recursive) return [`-r not specified; omitting directory ${from}`];
		if (copy.target === copy.source) return [`${from} and ${to} are the same file`];
		if (isInside(copy.target, copy.source)) {
			return [`cannot copy a directory, ${from}, into itself, ${to}`];
		}
		if (existing === 'file') return [`cannot overwrite non-directory ${to} with directory ${from}`];
		const problem = existing ? undefined : parentProblem(ctx.fs, copy, 'dir');
		if (problem) return [`cannot create directory ${to}: ${problem}`];
		return copyTree(ctx, copy, pacer);
	}
	if (copy.target === copy.source) return [`${from} and ${to} are the same file`];
	if (existing === 'dir') return [`cannot overwrite directory ${to} with non-directory`];
	const problem = existing ? undefined : parentProblem(ctx.fs, copy, 'file');
	if (problem) return [`cannot create regular file ${to}: ${problem}`];
	try {
		copyFile(ctx.fs, copy.source, copy.target, copy.stat);
	} catch (error) {
		return [`cannot create regular file ${to}: ${reason(operandError(error))}`];
	}
	return [];
}

/** Copies a folder's contents into `copy.target` (created, or merged into when it exists). */
async function copyTree(ctx: CommandContext, copy: Transfer, pacer: Pacer): Promise<string[]> {
	const { fs } = ctx;
	const failures: string[] = [];
	checkInterrupt(ctx);
	try {
		fs.mkdir(copy.target, { recursive: true, origin: 'shell' });
	} catch (error) {
		return [`cannot create directory ${quoteArg(copy.shown)}: ${reason(operandError(error))}`];
	}
	const entries = fs.walk(copy.source);
	const offset = copy.source === '' ? 0 : copy.source.length + 1;
	// Target folders that could not be made: nothing is copied under them.
	const blocked: string[] = [];
	let next = 0;
	while (next < entries.length) {
		await pacer.tick();
		const started = performance.now();
		fs.doc.transact(() => {
			while (next < entries.length && performance.now() - started < BATCH_MS) {
				const entry = entries[next++]!;
				const relative = entry.path.slice(offset);
				const target = `${copy.target}/${relative}`;
				if (blocked.some((dir) => isInside(target, dir))) continue;
				const failure = copyEntry(fs, copy, entry, relative, target);
				if (failure === undefined) continue;
				failures.push(failure);
				if (entry.type === 'dir') blocked.push(target);
			}
		}, 'shell');
	}
	return failures;
}

/** Copies one entry of a folder being copied to `target`; returns the message when it cannot. */
function copyEntry(
	fs: FileSystem,
	copy: Transfer,
	entry: Entry,
	relative: string,
	target: string
): string | undefined {
	const shown = quoteArg(joinShown(copy.shown, relative));
	const existing = typeAt(fs, target);
	if (entry.type === 'dir' && existing === 'file') {
		const from = quoteArg(joinShown(copy.arg, relative));
		return `cannot overwrite non-directory ${shown} with directory ${from}`;
	}
	if (entry.type === 'file' && existing === 'dir') {
		return `cannot overwrite directory ${shown} with non-directory`;
	}
	try {
		if (entry.type === 'dir') fs.mkdir(target, { recursive: true, origin: 'shell' });
		else copyFile(fs, entry.path, target, fs.stat(entry.path));
	} catch (error) {
		const what = entry.type === 'dir' ? 'directory' : 'regular file';
		return `cannot create ${what} ${shown}: ${reason(operandError(error))}`;
	}
	return undefined;
}

/** Copies one file's content, keeping text as text and binary as bytes. */
function copyFile(fs: FileSystem, source: string, target: string, stat: Stat): void {
	const content = stat.encoding === 'binary' ? fs.readBytes(source) : fs.readText(source);
	fs.writeFile(target, content, { origin: 'shell', createParents: false });
}

/** What is at `path`: 'file', 'dir', or undefined when nothing is. */
function typeAt(fs: FileSystem, path: string): EntryType | undefined {
	return fs.exists(path) ? fs.stat(path).type : undefined;
}

/** Why a new `transfer.target` cannot be made: its folder is missing or a file. */
function parentProblem(fs: FileSystem, transfer: Transfer, type: EntryType): string | undefined {
	// `cp a.txt new/` names a folder that does not exist.
	if (type === 'file' && !transfer.into && namesFolder(transfer.destArg)) return 'Not a directory';
	const parent = dirname(transfer.target);
	try {
		if (statOperand(fs, parent, parent).type === 'dir') return undefined;
		return 'Not a directory';
	} catch (error) {
		return reason(operandError(error));
	}
}
