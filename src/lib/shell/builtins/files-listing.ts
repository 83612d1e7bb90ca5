// Folder contents in the order the file commands print them (by name, folders and files
// mixed, as GNU tools sort without a locale), read once for a whole subtree: the workspace's
// list() scans every path, so a recursive command must not call it once per folder.
import { dirname } from '../../workspace/paths.ts';
import type { Entry, FileSystem } from '../../workspace/types.ts';
import { compareNames } from '../paths.ts';

/** The sorted children of a folder. */
export type Listing = (dir: string) => Entry[];

const byName = (a: Entry, b: Entry) => compareNames(a.name, b.name);

/**
 * The children of `dir` and of every folder under it, from one walk; folders elsewhere are
 * listed when asked for. `dir` must be a folder.
 */
export function subtreeListing(fs: FileSystem, dir: string): Listing {
	const children = new Map<string, Entry[]>([[dir, []]]);
	for (const entry of fs.walk(dir)) {
		// walk() is depth first, so a folder is always met before what it holds.
		children.get(dirname(entry.path))?.push(entry);
		if (entry.type === 'dir') children.set(entry.path, []);
	}
	for (const entries of children.values()) entries.sort(byName);
	return (path) => children.get(path) ?? folderListing(fs, path);
}

/** The sorted children of one folder. */
export function folderListing(fs: FileSystem, dir: string): Entry[] {
	return fs.list(dir).sort(byName);
}
