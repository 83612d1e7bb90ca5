// Python on a page without cross-origin isolation (no SharedArrayBuffer for the worker): it
// must say why input() cannot work, and never hang.
import { beforeAll, describe, expect, it } from 'vitest';
import { TestPython } from './testing.ts';

const python = new TestPython();

beforeAll(async () => {
	await python.boot(undefined, { isolated: false });
}, 60_000);

describe('without cross-origin isolation', () => {
	it('shows the prompt, then raises EOFError that says why input() cannot wait', () => {
		const result = python.python('name = input("Name? ")');
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('Name? ');
		expect(result.stderr).toContain('EOFError: input() cannot wait for typing here');
		expect(result.stderr).toContain('not cross-origin isolated');
	});

	it('says why the interactive prompt cannot open, instead of hanging', () => {
		const result = python.run(['python']);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(
			'python: the interactive prompt cannot wait for typing here: this page is not ' +
				'cross-origin isolated. Reload the page, or run a file (python main.py).\n'
		);
	});

	it('reads end of file from sys.stdin instead of blocking', () => {
		expect(python.python('import sys; print(repr(sys.stdin.read()))').stdout).toBe("''\n");
	});

	it('streams output during a long computation', () => {
		const result = python.python(
			'import time\nprint("one")\nprint("two")\nend = time.monotonic() + 0.3\nwhile time.monotonic() < end: pass'
		);
		const two = result.outputs.find((output) => output.text.includes('two'));
		expect(result.endedAt - two!.at).toBeGreaterThan(200);
	});

	it('still runs programs, sleeps and streams output', () => {
		const result = python.python('import time\nprint("a")\ntime.sleep(0.05)\nprint("b")');
		expect(result.stdout).toBe('a\nb\n');
		expect(result.code).toBe(0);
	});
});
