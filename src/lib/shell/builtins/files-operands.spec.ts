import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { joinShown, quoteArg, quoteName, statOperand } from './files-operands.ts';

describe('quoting names for messages', () => {
	it('always quotes for `cannot access` messages, as coreutils does', () => {
		expect(quoteArg('a.txt')).toBe("'a.txt'");
		expect(quoteArg("it's")).toBe('"it\'s"');
		expect(quoteArg("it's $HOME")).toBe("'it'\\''s $HOME'");
		expect(quoteArg('')).toBe("''");
	});

	it('quotes only names a shell would read differently', () => {
		for (const plain of [
			'a.txt',
			'src/main.py',
			'a-b_c+d,e:f%g@h',
			'x]y',
			'a~b',
			'naïve.py',
			'{a}'
		]) {
			expect(quoteName(plain)).toBe(plain);
		}
		for (const special of [
			'my file',
			'a*',
			'a=b',
			'~home',
			'#tag',
			'{',
			'semi;colon',
			'back\\slash'
		]) {
			expect(quoteName(special)).toBe(`'${special}'`);
		}
	});
});

describe('joinShown', () => {
	it('joins a listed path without doubling slashes', () => {
		expect(joinShown('.', 'a')).toBe('./a');
		expect(joinShown('src/', 'a')).toBe('src/a');
		expect(joinShown('/workspace', 'a')).toBe('/workspace/a');
	});
});

describe('statOperand', () => {
	it('fails as the system call would', () => {
		const fs = new Workspace();
		fs.writeFile('a.txt', 'x');
		expect(statOperand(fs, 'a.txt', 'a.txt')).toMatchObject({ type: 'file', size: 1 });
		expect(() => statOperand(fs, 'nothing', 'nothing')).toThrow(
			expect.objectContaining({ code: 'ENOENT' })
		);
		expect(() => statOperand(fs, 'a.txt/b/c', 'a.txt/b/c')).toThrow(
			expect.objectContaining({ code: 'ENOTDIR' })
		);
		expect(() => statOperand(fs, 'a.txt', 'a.txt/')).toThrow(
			expect.objectContaining({ code: 'ENOTDIR' })
		);
	});
});
