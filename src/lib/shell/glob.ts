// Pathname expansion (`*.py`, `src/**/*.js`, `data?.[ct]sv`) over the workspace's folders. A
// pattern is matched one path segment at a time against the folder listings, so `src/*.py`
// reads one folder, not the whole tree; `**` matches any number of folders.
import picomatch from 'picomatch';
import type { FileSystem } from '../workspace/types.ts';
import { ShellError } from './errors.ts';
import { ROOT, compareNames, resolvePath } from './paths.ts';

/** Most names one pattern may expand to, as ARG_MAX bounds a real shell's command line. */
export const MAX_GLOB_MATCHES = 10_000;

/** A pattern matched more names than a command line can take. */
export class TooManyMatchesError extends ShellError {
	override name = 'TooManyMatchesError';
	constructor(pattern: string) {
		super(
			`${pattern}: matches more than ${MAX_GLOB_MATCHES.toLocaleString('en')} names (argument list too long): narrow the pattern, or use find or grep -r`
		);
	}
}

/** A pattern split into segments; `escaped` has quoted characters backslash-escaped. */
export interface GlobPattern {
	/** The word as typed after expansion (quotes removed), used when nothing matches. */
	literal: string;
	/** The same text with quoted characters escaped, for the matcher. */
	escaped: string;
}

const magic = /[*?[]/;

/** True when the escaped pattern has an unescaped `*`, `?` or `[`. */
export function hasMagic(escaped: string): boolean {
	for (let i = 0; i < escaped.length; i++) {
		if (escaped[i] === '\\') i++;
		else if (magic.test(escaped[i]!)) return true;
	}
	return false;
}

/** Escapes text so that the matcher takes every character literally. */
export function escapeGlob(text: string): string {
	return text.replace(/[\\*?[\]{}()!+@]/g, '\\$&');
}

/**
 * Expands a pattern against the workspace, relative to `cwd`: the sorted matching paths,
 * written as the pattern was (relative stays relative, `/workspace/...` stays absolute), or
 * an empty array when nothing matches. Throws TooManyMatchesError past MAX_GLOB_MATCHES.
 */
export function expandGlob(fs: FileSystem, cwd: string, pattern: GlobPattern): string[] {
	const { escaped } = pattern;
	let prefix = '';
	let base = cwd;
	let rest = escaped;
	if (rest.startsWith(`${ROOT}/`)) {
		prefix = `${ROOT}/`;
		base = '';
		rest = rest.slice(prefix.length);
	} else if (rest.startsWith('/')) {
		return [];
	}
	const segments = rest.split('/');
	// A trailing slash (`*/`) keeps only folders, as in bash.
	const onlyDirs = segments.at(-1) === '';
	if (onlyDirs) segments.pop();

	// Each candidate: the workspace path reached and the text to show for it.
	let candidates: { path: string; shown: string }[] = [{ path: base, shown: '' }];
	for (let index = 0; index < segments.length; index++) {
		const segment = segments[index]!;
		const last = index === segments.length - 1;
		const next: { path: string; shown: string }[] = [];
		const push = (path: string, shown: string) => {
			next.push({ path, shown });
			if (next.length > MAX_GLOB_MATCHES) throw new TooManyMatchesError(pattern.literal);
		};
		for (const candidate of candidates) {
			if (segment === '**') {
				// Zero folders, then every folder below.
				push(candidate.path, candidate.shown);
				for (const entry of fs.walk(candidate.path)) {
					if (entry.type !== 'dir' || hiddenBelow(entry.path, candidate.path)) continue;
					push(entry.path, join(candidate.shown, entry.path.slice(offset(candidate.path))));
				}
			} else if (!hasMagic(segment)) {
				const name = unescape(segment);
				if (name === '' || name === '.' || name === '..') {
					// `..` above the root leads nowhere: no match, rather than the root again.
					const resolved = tryResolve(candidate.path, name);
					if (resolved !== undefined) push(resolved, join(candidate.shown, name));
					continue;
				}
				const path = candidate.path ? `${candidate.path}/${name}` : name;
				if (fs.exists(path)) push(path, join(candidate.shown, name));
			} else {
				if (!isDir(fs, candidate.path)) continue;
				const matches = picomatch(segment, { dot: segment.startsWith('.'), posix: true });
				for (const entry of fs.list(candidate.path)) {
					if (!matches(entry.name)) continue;
					if ((!last || onlyDirs) && entry.type !== 'dir') continue;
					push(entry.path, join(candidate.shown, entry.name));
				}
			}
		}
		// `**` as the last segment names the folders; a following segment filters them.
		candidates = dedupe(next);
	}
	const shown = candidates
		.filter((candidate) => !onlyDirs || isDir(fs, candidate.path))
		.map((candidate) => prefix + candidate.shown + (onlyDirs ? '/' : ''))
		.filter((text) => text !== '' && text !== prefix);
	return shown.sort(compareNames);
}

function hiddenBelow(path: string, base: string): boolean {
	return path
		.slice(offset(base))
		.split('/')
		.some((part) => part.startsWith('.'));
}

function offset(base: string): number {
	return base ? base.length + 1 : 0;
}

function join(shown: string, name: string): string {
	return shown ? `${shown}/${name}` : name;
}

function isDir(fs: FileSystem, path: string): boolean {
	return path === '' || (fs.exists(path) && fs.stat(path).type === 'dir');
}

function tryResolve(path: string, name: string): string | undefined {
	try {
		return resolvePath(path, name || '.');
	} catch {
		return undefined;
	}
}

function unescape(text: string): string {
	return text.replace(/\\(.)/g, '$1');
}

function dedupe<T extends { shown: string }>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((item) => !seen.has(item.shown) && seen.add(item.shown));
}
