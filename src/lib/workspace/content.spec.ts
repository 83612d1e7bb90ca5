import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	contentFromBytes,
	isProbablyText,
	minimalEdit,
	replaceText,
	utf8Length
} from './content.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('utf8Length', () => {
	it.each(['', 'hello', 'é', '€uro', '😀 smile', 'mixed ascii, 中文 and 🎉🎉', 'lone \ud800 half'])(
		'matches TextEncoder for %j',
		(text) => {
			expect(utf8Length(text)).toBe(encode(text).length);
		}
	);
});

describe('isProbablyText', () => {
	it('accepts UTF-8 text, including multibyte and empty content', () => {
		expect(isProbablyText(encode('print("hi")\n'))).toBe(true);
		expect(isProbablyText(encode('日本語 ✓ 😀'))).toBe(true);
		expect(isProbablyText(new Uint8Array())).toBe(true);
	});

	it('refuses invalid UTF-8 and content with NUL bytes', () => {
		expect(isProbablyText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
			false
		);
		expect(isProbablyText(new Uint8Array([0x68, 0x69, 0x00, 0x68]))).toBe(false);
		expect(isProbablyText(new Uint8Array([0xc3]))).toBe(false);
	});

	it('looks for NUL only in the first 8 KB', () => {
		const bytes = new Uint8Array(10_000).fill(0x61);
		bytes[9_000] = 0;
		expect(isProbablyText(bytes)).toBe(true);
		bytes[100] = 0;
		expect(isProbablyText(bytes)).toBe(false);
	});

	it('contentFromBytes decodes text and keeps binary as bytes', () => {
		expect(contentFromBytes(encode('a = 1\n'))).toBe('a = 1\n');
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]);
		expect(contentFromBytes(png)).toBe(png);
	});
});

describe('minimal edits', () => {
	it('replaces only the part that differs', () => {
		expect(minimalEdit('hello world', 'hello brave world')).toEqual({
			index: 6,
			remove: 0,
			insert: 'brave '
		});
		expect(minimalEdit('abcdef', 'abXef')).toEqual({ index: 2, remove: 2, insert: 'X' });
		expect(minimalEdit('same', 'same')).toEqual({ index: 4, remove: 0, insert: '' });
		expect(minimalEdit('aaa', 'aa')).toEqual({ index: 2, remove: 1, insert: '' });
	});

	it.each([
		['😀', '😁'],
		['a😀b', 'a😁b'],
		['x😀', 'x'],
		['😀😀', '😀'],
		['', '🎉'],
		['text', '']
	])('turns %j into %j without breaking surrogate pairs', (before, after) => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, before);
		replaceText(text, after);
		expect(text.toString()).toBe(after);
	});
});
