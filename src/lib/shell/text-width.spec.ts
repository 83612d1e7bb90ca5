import { describe, expect, it } from 'vitest';
import { charWidth, textWidth } from './text-width.ts';

describe('character widths', () => {
	it('counts East Asian wide characters as 2 and combining marks as 0, like xterm.js', () => {
		expect(charWidth('a')).toBe(1);
		expect(charWidth('日')).toBe(2);
		expect(charWidth('한')).toBe(2);
		expect(charWidth('\u0301')).toBe(0);
		expect(charWidth('\u200d')).toBe(0);
		// xterm.js's default Unicode 6 tables give emoji one column.
		expect(charWidth('😀')).toBe(1);
		expect(charWidth('😀', true)).toBe(2);
		expect(textWidth('\x1b[1;34m~\x1b[0m $ 日本')).toBe(8);
	});
});
