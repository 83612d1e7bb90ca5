import { describe, expect, it } from 'vitest';
import { InvalidPathError } from './errors.ts';
import {
	ancestors,
	basename,
	dirname,
	extname,
	isInside,
	joinPath,
	normalizeEntryPath,
	normalizePath,
	validateName
} from './paths.ts';

function refusal(action: () => unknown): InvalidPathError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidPathError);
		expect((error as InvalidPathError).code).toBe('EINVAL');
		return error as InvalidPathError;
	}
	throw new Error('expected an InvalidPathError');
}

describe('normalizePath', () => {
	it.each([
		['src/main.py', 'src/main.py'],
		['src//main.py', 'src/main.py'],
		['./src/./main.py', 'src/main.py'],
		['src/main.py/', 'src/main.py'],
		['a/../b', 'b'],
		['a/b/../../c', 'c'],
		['a/..', ''],
		['', ''],
		['.', ''],
		['./', ''],
		['名前/ファイル.txt', '名前/ファイル.txt'],
		['with space/a b.txt', 'with space/a b.txt'],
		['..hidden/...', '..hidden/...']
	])('normalises %j to %j', (input, expected) => {
		expect(normalizePath(input)).toBe(expected);
	});

	it('refuses paths that escape the workspace, with a sentence naming the path', () => {
		expect(refusal(() => normalizePath('../x')).message).toBe(
			'"../x" is outside the workspace: paths must stay inside it.'
		);
		refusal(() => normalizePath('a/../../x'));
		refusal(() => normalizePath('..'));
	});

	it('refuses absolute paths and suggests the relative one', () => {
		const error = refusal(() => normalizePath('/etc/passwd'));
		expect(error.message).toContain('absolute');
		expect(error.message).toContain('"etc/passwd"');
		refusal(() => normalizePath('/'));
		refusal(() => normalizePath('C:\\x'));
		refusal(() => normalizePath('c:/Users/me'));
	});

	it('refuses backslashes', () => {
		expect(refusal(() => normalizePath('a\\b')).message).toContain('backslash');
	});

	it('refuses NUL and other control characters, showing them escaped', () => {
		const nul = refusal(() => normalizePath('a\u0000b'));
		expect(nul.message).toContain('"a\\u0000b"');
		expect(nul.message).toContain('control character');
		refusal(() => normalizePath('line\nbreak'));
		refusal(() => normalizePath('tab\there'));
		refusal(() => normalizePath('del\u007f'));
	});

	it('refuses a component longer than 255 UTF-8 bytes', () => {
		expect(normalizePath('a'.repeat(255))).toBe('a'.repeat(255));
		expect(refusal(() => normalizePath(`dir/${'a'.repeat(256)}`)).message).toContain('255 bytes');
		// 86 three-byte characters: 86 code units but 258 bytes.
		expect(normalizePath('é'.repeat(127))).toHaveLength(127);
		refusal(() => normalizePath('€'.repeat(86)));
	});

	it('refuses a path longer than 4096 bytes', () => {
		const long = Array.from({ length: 20 }, () => 'd'.repeat(200)).join('/');
		expect(normalizePath(long)).toBe(long);
		const tooLong = Array.from({ length: 21 }, () => 'd'.repeat(200)).join('/');
		expect(refusal(() => normalizePath(tooLong)).message).toContain('4096 bytes');
	});
});

describe('normalizeEntryPath', () => {
	it('refuses the root where a file or folder is needed', () => {
		expect(refusal(() => normalizeEntryPath('')).message).toBe(
			'A path cannot be empty: give the name of a file or folder.'
		);
		expect(refusal(() => normalizeEntryPath('a/..')).message).toContain('workspace root');
		expect(normalizeEntryPath('./a.txt')).toBe('a.txt');
	});
});

describe('validateName', () => {
	it('accepts ordinary names', () => {
		expect(validateName('main.py')).toBe('main.py');
		expect(validateName('.gitignore')).toBe('.gitignore');
		expect(validateName('...')).toBe('...');
	});

	it('refuses empty, dot names, separators, control characters and long names', () => {
		expect(refusal(() => validateName('')).message).toBe('A name cannot be empty.');
		refusal(() => validateName('.'));
		refusal(() => validateName('..'));
		expect(refusal(() => validateName('a/b')).message).toContain('"/"');
		refusal(() => validateName('/'));
		refusal(() => validateName('a\\b'));
		refusal(() => validateName('nul\u0000'));
		refusal(() => validateName('bell\u0007'));
		refusal(() => validateName('x'.repeat(256)));
	});
});

describe('path helpers', () => {
	it('joinPath joins and normalises', () => {
		expect(joinPath('src', 'main.py')).toBe('src/main.py');
		expect(joinPath('', 'main.py')).toBe('main.py');
		expect(joinPath('src', '../lib', 'a.ts')).toBe('lib/a.ts');
		expect(joinPath('src/', '/a.ts')).toBe('src/a.ts');
		refusal(() => joinPath('src', '../../x'));
	});

	it('dirname and basename split a path', () => {
		expect(dirname('a/b/c.txt')).toBe('a/b');
		expect(dirname('c.txt')).toBe('');
		expect(dirname('')).toBe('');
		expect(basename('a/b/c.txt')).toBe('c.txt');
		expect(basename('c.txt')).toBe('c.txt');
		expect(basename('')).toBe('');
	});

	it('extname gives the last extension, none for dotfiles', () => {
		expect(extname('src/main.py')).toBe('.py');
		expect(extname('archive.tar.gz')).toBe('.gz');
		expect(extname('.bashrc')).toBe('');
		expect(extname('Makefile')).toBe('');
		expect(extname('dir.d/Makefile')).toBe('');
	});

	it('isInside compares whole components', () => {
		expect(isInside('a/b', 'a')).toBe(true);
		expect(isInside('a', 'a')).toBe(true);
		expect(isInside('ab', 'a')).toBe(false);
		expect(isInside('a', 'a/b')).toBe(false);
		expect(isInside('anything', '')).toBe(true);
	});

	it('ancestors lists the folders above a path', () => {
		expect(ancestors('a/b/c.txt')).toEqual(['a', 'a/b']);
		expect(ancestors('c.txt')).toEqual([]);
	});
});
