import { describe, expect, it } from 'vitest';
import { textBuiltins } from './text.ts';

describe('every text builtin', () => {
	it('has a summary for help and a usage', () => {
		for (const builtin of textBuiltins) {
			expect(builtin.summary, builtin.name).toMatch(/^[a-z].+[^.]$/);
			expect(builtin.usage.startsWith(builtin.name), builtin.name).toBe(true);
		}
	});
});
