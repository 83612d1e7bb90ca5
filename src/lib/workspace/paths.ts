import { InvalidPathError, quote } from './errors.ts';

/** Longest file or folder name, in UTF-8 bytes (the common file-system limit). */
export const MAX_NAME_BYTES = 255;

/** Longest path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 4096;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const DRIVE_LETTER = /^[A-Za-z]:[\\/]/;
const encoder = new TextEncoder();

/** True when `text` takes more than `limit` UTF-8 bytes. */
function exceeds(text: string, limit: number): boolean {
	// A UTF-16 code unit takes 1 to 3 UTF-8 bytes, so most names need no encoding.
	if (text.length > limit) return true;
	return text.length * 3 > limit && encoder.encode(text).length > limit;
}

/** Refuses characters no path may contain; `subject` is what the message talks about. */
function checkCharacters(text: string, subject: string): void {
	if (CONTROL_CHARACTER.test(text)) {
		throw new InvalidPathError(
			text,
			`${subject} ${quote(text)} contains a control character (such as a line break or NUL): remove it.`
		);
	}
	if (text.includes('\\')) {
		throw new InvalidPathError(
			text,
			`${subject} ${quote(text)} contains a backslash: separate folders with "/" instead.`
		);
	}
}

function checkNameLength(name: string): void {
	if (exceeds(name, MAX_NAME_BYTES)) {
		throw new InvalidPathError(
			name,
			`The name ${quote(name)} is longer than ${MAX_NAME_BYTES} bytes: use a shorter name.`
		);
	}
}

/**
 * Normalises a workspace path: POSIX, relative to the root, no leading or trailing slash,
 * `.` and `//` collapsed, `..` resolved; '' is the root. Throws InvalidPathError for paths that
 * escape the root, absolute paths, backslashes, control characters and over-long names or paths.
 */
export function normalizePath(input: string): string {
	if (input.startsWith('/') || DRIVE_LETTER.test(input)) {
		const inside = input.replace(DRIVE_LETTER, '').replace(/^[\\/]+/, '');
		throw new InvalidPathError(
			input,
			`${quote(input)} is an absolute path: paths start at the workspace root, like ${quote(inside.replaceAll('\\', '/') || 'main.py')}.`
		);
	}
	checkCharacters(input, 'The path');
	const parts: string[] = [];
	for (const part of input.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (parts.length === 0) {
				throw new InvalidPathError(
					input,
					`${quote(input)} is outside the workspace: paths must stay inside it.`
				);
			}
			parts.pop();
			continue;
		}
		checkNameLength(part);
		parts.push(part);
	}
	const path = parts.join('/');
	if (exceeds(path, MAX_PATH_BYTES)) {
		throw new InvalidPathError(
			input,
			`The path ${quote(path)} is longer than ${MAX_PATH_BYTES} bytes: use fewer or shorter folder names.`
		);
	}
	return path;
}

/** Normalises a path that must name a file or folder, refusing the root itself (''). */
export function normalizeEntryPath(input: string): string {
	const path = normalizePath(input);
	if (path === '') {
		throw new InvalidPathError(
			input,
			input === ''
				? 'A path cannot be empty: give the name of a file or folder.'
				: `${quote(input)} is the workspace root: give the name of a file or folder inside it.`
		);
	}
	return path;
}

/** Checks a single file or folder name and returns it; throws InvalidPathError with the reason. */
export function validateName(name: string): string {
	if (name === '') throw new InvalidPathError(name, 'A name cannot be empty.');
	if (name === '.' || name === '..') {
		throw new InvalidPathError(
			name,
			`${quote(name)} cannot be used as a name: choose another one.`
		);
	}
	if (name.includes('/')) {
		throw new InvalidPathError(
			name,
			`The name ${quote(name)} contains "/": a name cannot include a folder separator.`
		);
	}
	checkCharacters(name, 'The name');
	checkNameLength(name);
	return name;
}

/** Joins path pieces and normalises the result (`joinPath('src', '../lib', 'a.ts')` is `lib/a.ts`). */
export function joinPath(...parts: string[]): string {
	return normalizePath(parts.filter((part) => part !== '').join('/'));
}

/** The folder holding a normalised path ('' for top-level entries and for the root). */
export function dirname(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash === -1 ? '' : path.slice(0, slash);
}

/** The last component of a normalised path ('' for the root). */
export function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** The extension of a path's last component with its dot (`.py`), or '' (also for `.bashrc`). */
export function extname(path: string): string {
	const name = basename(path);
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? '' : name.slice(dot);
}

/** True when normalised `child` is `parent` itself or lies somewhere under it ('' holds everything). */
export function isInside(child: string, parent: string): boolean {
	return parent === '' || child === parent || child.startsWith(`${parent}/`);
}

/** Every folder above a normalised path, outermost first (`a/b/c` gives `a`, `a/b`). */
export function ancestors(path: string): string[] {
	const result: string[] = [];
	let slash = path.indexOf('/');
	while (slash !== -1) {
		result.push(path.slice(0, slash));
		slash = path.indexOf('/', slash + 1);
	}
	return result;
}
