import { basename, dirname, isInside } from './paths.ts';
import type { Entry } from './types.ts';

const collator = new Intl.Collator(undefined, { numeric: true });

/** Orders names like a file manager: natural numbers, case mostly ignored, ties broken stably. */
export function compareNames(a: string, b: string): number {
	return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Adds every folder above `path` to `dirs` (stops early: a known folder's parents are known). */
export function addAncestors(dirs: Set<string>, path: string): void {
	for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
		const dir = path.slice(0, slash);
		if (dirs.has(dir)) return;
		dirs.add(dir);
	}
}

function entry(path: string, type: Entry['type']): Entry {
	return { name: basename(path), path, type };
}

function byName(a: string, b: string): number {
	return compareNames(basename(a), basename(b));
}

/**
 * The direct children of `dir`, folders first, then files, each by name. `dirs` holds every
 * folder path; a name that is both a file and a folder (only after concurrent edits) lists as
 * a folder.
 */
export function listChildren(
	dir: string,
	dirs: ReadonlySet<string>,
	files: Iterable<string>
): Entry[] {
	const prefix = dir === '' ? '' : `${dir}/`;
	const isChild = (path: string) =>
		path.startsWith(prefix) && path.length > prefix.length && !path.includes('/', prefix.length);
	const folders = [...dirs].filter(isChild);
	const plain: string[] = [];
	for (const path of files) if (isChild(path) && !dirs.has(path)) plain.push(path);
	return [
		...folders.sort(byName).map((path) => entry(path, 'dir')),
		...plain.sort(byName).map((path) => entry(path, 'file'))
	];
}

/** Every folder and file under `dir`, depth first, each level ordered as in listChildren. */
export function walkEntries(
	dir: string,
	dirs: ReadonlySet<string>,
	files: Iterable<string>
): Entry[] {
	const children = new Map<string, { dirs: string[]; files: string[] }>();
	const add = (path: string, kind: 'dirs' | 'files') => {
		const parent = dirname(path);
		let group = children.get(parent);
		if (!group) children.set(parent, (group = { dirs: [], files: [] }));
		group[kind].push(path);
	};
	for (const path of dirs) if (path !== dir && isInside(path, dir)) add(path, 'dirs');
	for (const path of files) {
		if (path !== dir && isInside(path, dir) && !dirs.has(path)) add(path, 'files');
	}
	const entries: Entry[] = [];
	const visit = (parent: string) => {
		const group = children.get(parent);
		if (!group) return;
		for (const path of group.dirs.sort(byName)) {
			entries.push(entry(path, 'dir'));
			visit(path);
		}
		for (const path of group.files.sort(byName)) entries.push(entry(path, 'file'));
	};
	visit(dir);
	return entries;
}
