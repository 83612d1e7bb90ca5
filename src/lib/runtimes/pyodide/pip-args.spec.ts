import { describe, expect, it } from 'vitest';
import { parsePipArgs, pipArguments, readRequirementsFile } from './pip-args.ts';

describe('pip command lines', () => {
	it('finds pip in pip, pip3 and python -m pip', () => {
		expect(pipArguments(['pip', 'install', 'x'])).toEqual(['install', 'x']);
		expect(pipArguments(['pip3', 'list'])).toEqual(['list']);
		expect(pipArguments(['python', '-m', 'pip', 'install', 'x'])).toEqual(['install', 'x']);
		expect(pipArguments(['python3', '-u', '-mpip', 'list'])).toEqual(['list']);
		expect(pipArguments(['python', '-m', 'venv'])).toBeNull();
		expect(pipArguments(['python', 'main.py', '-m', 'pip'])).toBeNull();
		expect(pipArguments(['python', '-c', 'print(1)'])).toBeNull();
	});

	it('reads install options', () => {
		expect(
			parsePipArgs([
				'install',
				'-U',
				'--pre',
				'greeter>=1',
				'-r',
				'req.txt',
				'--requirement=more.txt',
				'-q'
			])
		).toEqual({
			kind: 'install',
			requirements: ['greeter>=1'],
			files: ['req.txt', 'more.txt'],
			upgrade: true,
			forceReinstall: false,
			pre: true,
			noDeps: false,
			quiet: true
		});
		expect(
			parsePipArgs(['--disable-pip-version-check', 'install', '--user', '--no-deps', 'x'])
		).toMatchObject({
			kind: 'install',
			requirements: ['x'],
			noDeps: true
		});
	});

	it('knows its other commands, and says what it cannot do', () => {
		expect(parsePipArgs([])).toEqual({ kind: 'help' });
		expect(parsePipArgs(['--version'])).toEqual({ kind: 'version' });
		expect(parsePipArgs(['list'])).toEqual({ kind: 'list' });
		expect(parsePipArgs(['uninstall', '-y', 'x'])).toEqual({
			kind: 'uninstall',
			names: ['x'],
			files: [],
			quiet: false
		});
		expect(parsePipArgs(['show', 'x'])).toMatchObject({ kind: 'unsupported' });
		expect(parsePipArgs(['install', '-e', '.'])).toEqual({
			kind: 'unsupported',
			message:
				'ERROR: -e is not available here: editable installs need a build step, which the browser cannot run.\n'
		});
		expect(parsePipArgs(['install', '--frobnicate'])).toMatchObject({
			kind: 'usage-error',
			message: expect.stringMatching(/no such option: --frobnicate\n$/)
		});
		expect(parsePipArgs(['instal', 'x'])).toMatchObject({
			kind: 'usage-error',
			message: expect.stringContaining('unknown command "instal"')
		});
	});
});

describe('requirements files', () => {
	it('reads requirements, comments, continuations, includes and hashes', () => {
		const file = readRequirementsFile(
			[
				'# pinned for the course',
				'greeter==1.0  # the main one',
				'shouter \\',
				'  >=0.2',
				'',
				'-r more.txt',
				'--index-url https://example.org/simple',
				'colorama; sys_platform == "win32"',
				'tiny==1.0 --hash=sha256:abc'
			].join('\n')
		);
		expect(file).toEqual({
			requirements: [
				'greeter==1.0',
				'shouter    >=0.2',
				'colorama; sys_platform == "win32"',
				'tiny==1.0'
			],
			included: ['more.txt'],
			ignored: ['--index-url https://example.org/simple'],
			unsupported: null
		});
	});

	it('refuses editable lines', () => {
		expect(readRequirementsFile('-e .\n').unsupported).toBe(
			'ERROR: -e .: editable installs need a build step, which the browser cannot run.\n'
		);
	});
});
