import { describe, expect, it } from 'vitest';
import { parsePythonArgs } from './argv.ts';

describe('the python command line', () => {
	it('runs a file with its arguments, options before it only', () => {
		expect(parsePythonArgs(['main.py', '-x', '--flag'])).toEqual({
			kind: 'file',
			path: 'main.py',
			args: ['-x', '--flag']
		});
		expect(parsePythonArgs(['-u', '--', '-odd.py'])).toEqual({
			kind: 'file',
			path: '-odd.py',
			args: []
		});
	});

	it('runs code given with -c, attached or separate, and combined with flags', () => {
		expect(parsePythonArgs(['-c', 'print(1)', 'a'])).toEqual({
			kind: 'code',
			code: 'print(1)',
			args: ['a']
		});
		expect(parsePythonArgs(['-cprint(2)'])).toEqual({ kind: 'code', code: 'print(2)', args: [] });
		expect(parsePythonArgs(['-uc', 'print(3)'])).toEqual({
			kind: 'code',
			code: 'print(3)',
			args: []
		});
	});

	it('knows the prompt, the version and the help', () => {
		expect(parsePythonArgs([])).toEqual({ kind: 'repl' });
		expect(parsePythonArgs(['-q'])).toEqual({ kind: 'repl', quiet: true });
		expect(parsePythonArgs(['-i'])).toEqual({ kind: 'repl' });
		expect(parsePythonArgs(['--version'])).toEqual({ kind: 'version' });
		expect(parsePythonArgs(['-V'])).toEqual({ kind: 'version' });
		expect(parsePythonArgs(['-h'])).toEqual({ kind: 'help' });
	});

	it('runs the program then the prompt with -i, which is an argument after the program', () => {
		expect(parsePythonArgs(['-i', 'main.py', 'a'])).toEqual({
			kind: 'file',
			path: 'main.py',
			args: ['a'],
			interactive: true
		});
		expect(parsePythonArgs(['-ic', 'x = 1'])).toEqual({
			kind: 'code',
			code: 'x = 1',
			args: [],
			interactive: true
		});
		expect(parsePythonArgs(['main.py', '-i'])).toEqual({
			kind: 'file',
			path: 'main.py',
			args: ['-i']
		});
	});

	it('answers mistakes with CPython usage errors', () => {
		const unknown = parsePythonArgs(['-x']);
		expect(unknown.kind).toBe('usage-error');
		expect(unknown.kind === 'usage-error' && unknown.message).toMatch(
			/^unknown option -x\nusage: python /
		);
		expect(parsePythonArgs(['--nope']).kind).toBe('usage-error');
		const missing = parsePythonArgs(['-c']);
		expect(missing.kind === 'usage-error' && missing.message).toMatch(
			/^Argument expected for the -c option\n/
		);
	});

	it('says what is not available yet', () => {
		expect(parsePythonArgs(['-m', 'http.server']).kind).toBe('unsupported');
	});

	it('reads the program from stdin for -', () => {
		expect(parsePythonArgs(['-', 'a'])).toEqual({ kind: 'stdin', args: ['a'] });
	});
});
