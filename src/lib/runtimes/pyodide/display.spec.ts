// The display protocol with a real Pyodide in Node: `bytestorm.display` reaches the main thread.
import { beforeAll, describe, expect, it } from 'vitest';
import { TestPython } from './testing.ts';

const python = new TestPython();

beforeAll(async () => {
	await python.boot();
}, 60_000);

describe('bytestorm.display', () => {
	it('sends bytes with their MIME type, after the output printed before them', () => {
		const result = python.python(
			'import bytestorm\nprint("before")\nbytestorm.display(bytes([137, 80, 78, 71]), "image/png")\nprint("after")'
		);
		expect(result.code).toBe(0);
		expect(python.displays).toEqual([
			{ mime: 'image/png', data: new Uint8Array([137, 80, 78, 71]) }
		]);
		expect(result.stdout).toBe('before\nafter\n');
	});

	it('takes text for text types', () => {
		python.python('import bytestorm\nbytestorm.display("<b>hi</b>", "text/html")');
		expect(python.displays.map((d) => [d.mime, new TextDecoder().decode(d.data)])).toEqual([
			['text/html', '<b>hi</b>']
		]);
	});

	it('refuses what it cannot show with a Python error, not a crash', () => {
		const wrongType = python.python('import bytestorm\nbytestorm.display(42)');
		expect(wrongType.code).toBe(1);
		expect(wrongType.stderr).toMatch(/TypeError: display\(\) takes bytes or str, not int/);
		const wrongMime = python.python('import bytestorm\nbytestorm.display(b"x", "png")');
		expect(wrongMime.stderr).toMatch(/ValueError: mime must be a MIME type/);
		expect(python.displays).toEqual([]);
	});

	it('points matplotlib at the Bytestorm backend', () => {
		const result = python.python('import os\nprint(os.environ["MPLBACKEND"])');
		expect(result.stdout).toBe('module://bytestorm_matplotlib\n');
	});
});
