// ls, as GNU prints it: operands sorted, files first, then each folder under a `name:` header;
// columns, quotes and colours only on a terminal, one name per line into a pipe or file.
import { dirname } from '../../workspace/paths.ts';
import type { EntryType } from '../../workspace/types.ts';
import { reason } from '../errors.ts';
import type { CommandContext } from '../types.ts';
import { defineBuiltin } from './define.ts';
import { folderListing, subtreeListing, type Listing } from './files-listing.ts';
import { compareNames } from '../paths.ts';
import {
	isHidden,
	joinShown,
	operandError,
	parseArgs,
	quoteArg,
	quoteName,
	statOperand
} from './files-operands.ts';
import { FOLDER_COLOUR, ListingOutput, RESET } from './files-output.ts';
import { displayWidth, inColumns, type Cell } from './ls-columns.ts';

/** ls's status when an operand cannot be accessed ("serious trouble" in GNU's words). */
const CANNOT_ACCESS = 2;

/** One name to print. */
interface Item {
	/** What to show: the operand as typed, or the name inside the folder listed. */
	name: string;
	path: string;
	type: EntryType;
}

interface View {
	all: boolean;
	almostAll: boolean;
	long: boolean;
	recursive: boolean;
	/** Output goes to a terminal: quote names that need it, colour folders. */
	terminal: boolean;
	/** Lay names out in columns (a terminal, without -l or -1). */
	columns: boolean;
	width: number;
	user: string;
	/** The children of a folder (for -l, to count a folder's links). */
	listing: Listing;
}

/** `ls`: lists files and folders. */
export const ls = defineBuiltin(
	'ls',
	'list files and folders',
	'ls [-1adlAR] [FILE]...',
	async (ctx) => {
		const { flags, operands } = parseArgs(
			ctx,
			[
				{ short: 'l', key: 'long' },
				{ short: 'a', long: 'all' },
				{ short: 'A', long: 'almost-all' },
				{ short: 'R', long: 'recursive' },
				{ short: 'd', long: 'directory' },
				{ short: '1', key: 'single' }
			],
			CANNOT_ACCESS
		);
		const terminal = ctx.stdout.isTerminal;
		const view: View = {
			all: flags.all === true,
			almostAll: flags['almost-all'] === true,
			long: flags.long === true,
			recursive: flags.recursive === true && !flags.directory,
			terminal,
			columns: terminal && !flags.long && !flags.single,
			width: Math.max(1, ctx.stdout.columns),
			user: ctx.shell.user.name,
			listing: (dir) => folderListing(ctx.fs, dir)
		};
		const out = new ListingOutput(ctx);
		const files: Item[] = [];
		const folders: Item[] = [];
		let status = 0;
		const args = operands.length > 0 ? operands : ['.'];
		for (const arg of args) {
			try {
				const path = ctx.shell.resolve(arg);
				const { type } = statOperand(ctx.fs, path, arg);
				(type === 'dir' && !flags.directory ? folders : files).push({ name: arg, path, type });
			} catch (error) {
				await out.error(`ls: cannot access ${quoteArg(arg)}: ${reason(operandError(error))}\n`);
				status = CANNOT_ACCESS;
			}
		}
		files.sort(byName);
		folders.sort(byName);

		let printed = false;
		if (files.length > 0) {
			await out.write(render(ctx, view, files, false));
			printed = true;
		}
		const headers = args.length > 1 || view.recursive;
		for (const folder of folders) {
			printed = await listFolder(ctx, view, out, folder, headers, printed);
		}
		await out.flush();
		return status;
	}
);

const byName = (a: Item, b: Item) => compareNames(a.name, b.name);

/** Prints a folder operand, with -R everything below it; returns whether anything was printed. */
async function listFolder(
	ctx: CommandContext,
	view: View,
	out: ListingOutput,
	root: Item,
	headers: boolean,
	printed: boolean
): Promise<boolean> {
	// One walk for the whole subtree when a listing needs more than the folder's own names.
	const listing = view.recursive || view.long ? subtreeListing(ctx.fs, root.path) : view.listing;
	const folderView = { ...view, listing };
	// Depth first, subfolders in name order, with a stack rather than recursion.
	const pending: Item[] = [root];
	while (pending.length > 0) {
		const folder = pending.pop()!;
		const children = listing(folder.path).filter((entry) => shown(view, entry.name));
		const items: Item[] = children.map(({ name, path, type }) => ({ name, path, type }));
		if (view.all) {
			items.push({ name: '.', path: folder.path, type: 'dir' });
			items.push({ name: '..', path: dirname(folder.path), type: 'dir' });
			items.sort(byName);
		}
		const header = view.terminal ? quoteName(folder.name) : folder.name;
		let text = headers ? `${printed ? '\n' : ''}${header}:\n` : '';
		text += render(ctx, folderView, items, true);
		if (text) await out.write(text);
		printed ||= text !== '';
		await out.tick();
		if (!view.recursive) continue;
		for (let i = children.length - 1; i >= 0; i--) {
			const child = children[i]!;
			if (child.type === 'dir') {
				pending.push({ name: joinShown(folder.name, child.name), path: child.path, type: 'dir' });
			}
		}
	}
	return printed;
}

function shown(view: View, name: string): boolean {
	return view.all || view.almostAll || !isHidden(name);
}

/** One group of names (the file operands, or a folder's contents) in the chosen format. */
function render(ctx: CommandContext, view: View, items: Item[], isFolder: boolean): string {
	if (view.long) return longFormat(ctx, view, items, isFolder);
	const cells = items.map((item) => cell(view, item));
	if (view.columns) return inColumns(cells, view.width);
	return cells.map((entry) => `${entry.text}\n`).join('');
}

/** A name as printed: on a terminal quoted when needed, and coloured when it is a folder. */
function cell(view: View, item: Item): Cell {
	if (!view.terminal) return { text: item.name, width: displayWidth(item.name) };
	const text = quoteName(item.name);
	const width = displayWidth(text);
	return item.type === 'dir' ? { text: `${FOLDER_COLOUR}${text}${RESET}`, width } : { text, width };
}

/**
 * `-l`: type and permissions, links, owner, group, size, name; a folder's listing starts with
 * `total` (GNU's sum of 1 KiB blocks, here each file's size rounded up to KiB). The workspace
 * keeps no owners, permissions or dates: every entry is the user's, folders `rwxr-xr-x`,
 * files `rw-r--r--`, and the date column is left out. A folder's size is 0, as the workspace
 * reports it, and its links are counted as on Linux (2 and one per subfolder).
 */
function longFormat(ctx: CommandContext, view: View, items: Item[], isFolder: boolean): string {
	const rows = items.map((item) => {
		const isDir = item.type === 'dir';
		const size = isDir ? 0 : ctx.fs.stat(item.path).size;
		const links = isDir ? 2 + view.listing(item.path).filter((e) => e.type === 'dir').length : 1;
		return { mode: isDir ? 'drwxr-xr-x' : '-rw-r--r--', links, size, cell: cell(view, item) };
	});
	const linksWidth = rows.reduce((most, row) => Math.max(most, String(row.links).length), 0);
	const sizeWidth = rows.reduce((most, row) => Math.max(most, String(row.size).length), 0);
	const lines: string[] = [];
	if (isFolder) {
		const blocks = rows.reduce((sum, row) => sum + Math.ceil(row.size / 1024), 0);
		lines.push(`total ${blocks}\n`);
	}
	for (const row of rows) {
		const links = String(row.links).padStart(linksWidth);
		const size = String(row.size).padStart(sizeWidth);
		lines.push(`${row.mode} ${links} ${view.user} ${view.user} ${size} ${row.cell.text}\n`);
	}
	return lines.join('');
}
