import { describe, expect, it } from 'vitest';
import { createConsole } from './console.ts';

function capture() {
	const out: string[] = [];
	const console = createConsole((kind, text) => out.push(`${kind}:${text}`));
	return { console, out };
}

describe("the program's console", () => {
	it('formats like Node: util.inspect for objects, printf-style placeholders', () => {
		const { console, out } = capture();
		console.log({ a: 1, b: [1, 2] });
		console.log('%s has %d items', 'list', 3, new Map([['k', 'v']]));
		console.log([undefined, null, 'text', 1n, Symbol('s')]);
		console.error(new Error('boom').message);
		expect(out).toEqual([
			'stdout:{ a: 1, b: [ 1, 2 ] }\n',
			"stdout:list has 3 items Map(1) { 'k' => 'v' }\n",
			"stdout:[ undefined, null, 'text', 1n, Symbol(s) ]\n",
			'stderr:boom\n'
		]);
	});

	it('indents groups, counts and draws tables', () => {
		const { console, out } = capture();
		console.group('outer');
		console.log('inside');
		console.groupEnd();
		console.count();
		console.count();
		console.table([{ a: 1 }, { a: 2 }]);
		expect(out.slice(0, 4)).toEqual([
			'stdout:outer\n',
			'stdout:  inside\n',
			'stdout:default: 1\n',
			'stdout:default: 2\n'
		]);
		expect(out[4]).toContain('│ (index) │ a │');
	});
});
