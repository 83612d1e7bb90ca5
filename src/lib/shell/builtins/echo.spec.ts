import { describe, expect, it } from 'vitest';
import { runBuiltin } from '../testing.ts';
import { echo } from './echo.ts';

describe('echo', () => {
	it('joins its arguments with spaces and ends the line', async () => {
		expect((await runBuiltin(echo, ['hello', 'big', 'world'])).stdout).toBe('hello big world\n');
		expect((await runBuiltin(echo, [])).stdout).toBe('\n');
		expect((await runBuiltin(echo, ['-n', 'no newline'])).stdout).toBe('no newline');
	});

	it('interprets escapes only with -e', async () => {
		expect((await runBuiltin(echo, ['a\\tb\\n'])).stdout).toBe('a\\tb\\n\n');
		expect((await runBuiltin(echo, ['-e', 'a\\tb\\nc\\\\d\\e[0m'])).stdout).toBe(
			'a\tb\nc\\d\x1b[0m\n'
		);
		expect((await runBuiltin(echo, ['-e', '\\xe2\\x82\\xac \\0101'])).stdout).toBe('€ A\n');
		expect((await runBuiltin(echo, ['-ne', 'stop\\chere'])).stdout).toBe('stop');
		expect((await runBuiltin(echo, ['-e', 'odd \\q'])).stdout).toBe('odd \\q\n');
	});

	it('prints words that only look like options', async () => {
		expect((await runBuiltin(echo, ['-x', '--', '-n'])).stdout).toBe('-x -- -n\n');
	});
});
