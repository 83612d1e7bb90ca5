import { describe, expect, it } from 'vitest';
import { parse } from './parser.ts';
import { commandLine, quoteWord } from './quote.ts';

/** The words the parser reads from a line, as literal text (no variables expected). */
function wordsOf(line: string): string[] {
	const result = parse(line);
	if (!result.ok) throw new Error(result.error.message);
	const command = result.script.items[0]!.list.first.commands[0]!;
	return command.words.map((word) =>
		word.parts.map((part) => (part.type === 'literal' ? part.text : `<${part.type}>`)).join('')
	);
}

describe('quoting argv for the shell', () => {
	it('leaves plain words alone and quotes the rest', () => {
		expect(commandLine(['python', 'src/main.py', '--n=3'])).toBe('python src/main.py --n=3');
		expect(quoteWord('two words')).toBe("'two words'");
		expect(quoteWord("it's")).toBe(`'it'\\''s'`);
		expect(quoteWord('')).toBe("''");
	});

	it('gives back every word through the real parser, whatever it contains', () => {
		const tricky = [
			'a b',
			"it's",
			'$HOME',
			'*.py',
			'x|y',
			'a;b',
			'~',
			'"q"',
			'\\',
			'#c',
			'',
			'é ü',
			'>out'
		];
		expect(wordsOf(commandLine(['echo', ...tricky]))).toEqual(['echo', ...tricky]);
	});
});
