import { describe, expect, it } from 'vitest';
import { language, languageIdFor, languageLabelFor } from './language.ts';

describe('language by file name', () => {
	it('knows the languages the workspace page highlights', () => {
		expect(languageIdFor('main.py')).toBe('python');
		expect(languageIdFor('src/app.JS')).toBe('javascript');
		expect(languageIdFor('a/b/c.tsx')).toBe('tsx');
		expect(languageIdFor('index.html')).toBe('html');
		expect(languageIdFor('style.css')).toBe('css');
		expect(languageIdFor('package.json')).toBe('json');
		expect(languageIdFor('README.md')).toBe('markdown');
	});

	it('treats unknown and extension-less names as plain text', () => {
		expect(languageIdFor('Makefile')).toBeUndefined();
		expect(languageIdFor('.gitignore')).toBeUndefined();
		expect(languageLabelFor('notes.txt')).toBe('Plain text');
		expect(languageLabelFor('main.py')).toBe('Python');
	});

	it('loads a grammar that parses the language, and nothing for plain text', async () => {
		const python = (await language('main.py')) as { language?: { name: string } };
		expect(python.language?.name).toBe('python');
		expect(await language('notes.txt')).toEqual([]);
	});
});
