// tree, as the `tree` program draws it: `├──`, `└──` and `│`, names sorted, hidden ones only
// with -a, folders coloured on a terminal, and a closing `N directories, M files` line.
import type { Entry } from '../../workspace/types.ts';
import { UsageError } from '../errors.ts';
import type { CommandContext } from '../types.ts';
import { defineBuiltin } from './define.ts';
import { subtreeListing } from './files-listing.ts';
import { isHidden, operandError, parseArgs, statOperand } from './files-operands.ts';
import { FOLDER_COLOUR, ListingOutput, RESET } from './files-output.ts';

interface TreeOptions {
	all: boolean;
	dirsOnly: boolean;
	/** Deepest level shown (1: the folder's own entries); undefined for no limit. */
	level: number | undefined;
	terminal: boolean;
}

interface Counts {
	dirs: number;
	files: number;
}

/** `tree`: draws folders and the files in them as a tree. */
export const tree = defineBuiltin(
	'tree',
	'show folders and their files as a tree',
	'tree [-ad] [-L LEVEL] [DIR]...',
	async (ctx) => {
		const { flags, values, operands } = parseArgs(ctx, [
			{ short: 'a', key: 'all' },
			{ short: 'd', key: 'dirsOnly' },
			{ short: 'L', key: 'level', value: true }
		]);
		let level: number | undefined;
		if (values.level !== undefined) {
			level = /^\d+$/.test(values.level) ? Number(values.level) : 0;
			if (level < 1) throw new UsageError('Invalid level, must be greater than 0.', 1);
		}
		const options: TreeOptions = {
			all: flags.all === true,
			dirsOnly: flags.dirsOnly === true,
			level,
			terminal: ctx.stdout.isTerminal
		};
		const out = new ListingOutput(ctx);
		const counts: Counts = { dirs: 0, files: 0 };
		let status = 0;
		for (const arg of operands.length > 0 ? operands : ['.']) {
			let path: string;
			let isDir: boolean;
			try {
				path = ctx.shell.resolve(arg);
				isDir = statOperand(ctx.fs, path, arg).type === 'dir';
			} catch (error) {
				operandError(error); // rethrows what is not about the operand
				// The tree program's way: the name and the problem in the tree itself.
				await out.write(`${arg}  [error opening dir]\n`);
				status = 1;
				continue;
			}
			if (!isDir) {
				await out.write(`${arg}\n`);
				counts.files++;
				continue;
			}
			await out.write(`${name(options, arg, true)}\n`);
			await drawTree(ctx, options, out, path, counts);
		}
		await out.write(`\n${summary(options, counts)}\n`);
		await out.flush();
		return status;
	}
);

/** Draws everything below the folder `root`, counting what it shows. */
async function drawTree(
	ctx: CommandContext,
	options: TreeOptions,
	out: ListingOutput,
	root: string,
	counts: Counts
): Promise<void> {
	const listing = subtreeListing(ctx.fs, root);
	const visible = (dir: string) =>
		listing(dir).filter(
			(entry) =>
				(options.all || !isHidden(entry.name)) && (!options.dirsOnly || entry.type === 'dir')
		);
	// One frame per folder being drawn: its entries, the next one to draw, and the indent.
	const stack: { entries: Entry[]; next: number; indent: string }[] = [
		{ entries: visible(root), next: 0, indent: '' }
	];
	while (stack.length > 0) {
		const frame = stack.at(-1)!;
		if (frame.next === frame.entries.length) {
			stack.pop();
			continue;
		}
		const entry = frame.entries[frame.next++]!;
		const last = frame.next === frame.entries.length;
		const isDir = entry.type === 'dir';
		await out.write(
			`${frame.indent}${last ? '└── ' : '├── '}${name(options, entry.name, isDir)}\n`
		);
		await out.tick();
		if (!isDir) {
			counts.files++;
			continue;
		}
		counts.dirs++;
		if (options.level === undefined || stack.length < options.level) {
			const indent = `${frame.indent}${last ? '    ' : '│   '}`;
			stack.push({ entries: visible(entry.path), next: 0, indent });
		}
	}
}

function name(options: TreeOptions, text: string, isDir: boolean): string {
	return options.terminal && isDir ? `${FOLDER_COLOUR}${text}${RESET}` : text;
}

/** `2 directories, 1 file`, as tree words it (only the folders with -d). */
function summary(options: TreeOptions, counts: Counts): string {
	const dirs = `${counts.dirs} ${counts.dirs === 1 ? 'directory' : 'directories'}`;
	if (options.dirsOnly) return dirs;
	return `${dirs}, ${counts.files} ${counts.files === 1 ? 'file' : 'files'}`;
}
