import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell } from '../testing.ts';
import type { CommandInfo } from '../types.ts';
import { sessionBuiltins } from './session.ts';

const command = (name: string) => sessionBuiltins.find((builtin) => builtin.name === name)!;

function setup() {
	const fs = new Workspace();
	fs.writeFile('src/app/main.py', 'print(1)\n');
	fs.writeFile('notes.txt', 'hi\n');
	return { fs, shell: testShell(fs) };
}

describe('pwd and cd', () => {
	it('prints the current folder as an absolute path', async () => {
		const { fs, shell } = setup();
		expect((await runBuiltin(command('pwd'), [], { fs, shell })).stdout).toBe('/workspace\n');
		shell.cwd = 'src/app';
		expect((await runBuiltin(command('pwd'), [], { fs, shell })).stdout).toBe(
			'/workspace/src/app\n'
		);
	});

	it('changes folder and keeps PWD and OLDPWD', async () => {
		const { fs, shell } = setup();
		expect(await runBuiltin(command('cd'), ['src'], { fs, shell })).toMatchObject({
			status: 0,
			stdout: ''
		});
		await runBuiltin(command('cd'), ['app'], { fs, shell });
		expect(shell.cwd).toBe('src/app');
		expect(shell.env.get('PWD')).toBe('/workspace/src/app');
		expect(shell.env.get('OLDPWD')).toBe('/workspace/src');
		await runBuiltin(command('cd'), ['../..'], { fs, shell });
		expect(shell.cwd).toBe('');
		await runBuiltin(command('cd'), ['/workspace/src/app'], { fs, shell });
		expect(shell.cwd).toBe('src/app');
	});

	it('goes home with no argument or ~, and back with -', async () => {
		const { fs, shell } = setup();
		shell.cwd = 'src/app';
		await runBuiltin(command('cd'), [], { fs, shell });
		expect(shell.cwd).toBe('');
		shell.cwd = 'src';
		await runBuiltin(command('cd'), ['~'], { fs, shell });
		expect(shell.cwd).toBe('');
		const back = await runBuiltin(command('cd'), ['-'], { fs, shell });
		expect(back).toMatchObject({ status: 0, stdout: '/workspace/src\n' });
		expect(shell.cwd).toBe('src');
		expect(shell.env.get('OLDPWD')).toBe('/workspace');
	});

	it('explains why it cannot go somewhere', async () => {
		const { fs, shell } = setup();
		const cd = (arg: string) => runBuiltin(command('cd'), [arg], { fs, shell });
		expect(await cd('notes.txt')).toMatchObject({
			status: 1,
			stderr: 'cd: notes.txt: Not a directory\n'
		});
		expect(await cd('nowhere')).toMatchObject({
			status: 1,
			stderr: 'cd: nowhere: No such file or directory\n'
		});
		expect(await cd('/etc')).toMatchObject({
			status: 1,
			stderr: 'cd: /etc: outside the workspace (the shell sees only /workspace, also known as ~)\n'
		});
		expect((await cd('..')).stderr).toBe(
			'cd: ..: outside the workspace (the shell sees only /workspace, also known as ~)\n'
		);
		expect((await cd('-')).stderr).toBe('cd: OLDPWD not set\n');
		expect(shell.cwd).toBe('');
		expect(shell.env.get('PWD')).toBe('/workspace');
	});
});

describe('the environment', () => {
	it('prints the user and the sorted environment', async () => {
		const { fs, shell } = setup();
		shell.env.set('EDITOR', 'vim');
		expect((await runBuiltin(command('whoami'), [], { fs, shell })).stdout).toBe('tester\n');
		expect((await runBuiltin(command('env'), [], { fs, shell })).stdout).toBe(
			'EDITOR=vim\nHOME=/workspace\nPWD=/workspace\nUSER=tester\n'
		);
		expect((await runBuiltin(command('env'), ['ls'], { fs, shell })).status).toBe(125);
	});

	it('exports variables and lists them as declare -x', async () => {
		const { fs, shell } = setup();
		const result = await runBuiltin(command('export'), ['GREETING=say "hi" $x', 'EMPTY='], {
			fs,
			shell
		});
		expect(result.status).toBe(0);
		expect(shell.env.get('GREETING')).toBe('say "hi" $x');
		expect((await runBuiltin(command('export'), [], { fs, shell })).stdout).toBe(
			'declare -x EMPTY=""\ndeclare -x GREETING="say \\"hi\\" \\$x"\n' +
				'declare -x HOME="/workspace"\ndeclare -x PWD="/workspace"\ndeclare -x USER="tester"\n'
		);
	});

	it('refuses names that are not identifiers but sets the others', async () => {
		const { fs, shell } = setup();
		const result = await runBuiltin(command('export'), ['1a=5', 'OK=1', 'my-var'], { fs, shell });
		expect(result).toMatchObject({
			status: 1,
			stderr: "export: '1a=5': not a valid identifier\nexport: 'my-var': not a valid identifier\n"
		});
		expect(shell.env.get('OK')).toBe('1');
		expect(shell.env.has('1a')).toBe(false);
	});

	it('unsets variables', async () => {
		const { fs, shell } = setup();
		expect((await runBuiltin(command('unset'), ['USER', 'NOT_SET'], { fs, shell })).status).toBe(0);
		expect(shell.env.has('USER')).toBe(false);
		expect((await runBuiltin(command('unset'), ['1x'], { fs, shell })).stderr).toBe(
			"unset: '1x': not a valid identifier\n"
		);
	});
});

describe('the session', () => {
	it('clears the screen and exits', async () => {
		const { fs, shell } = setup();
		await runBuiltin(command('clear'), [], { fs, shell });
		expect(shell.cleared).toBe(1);
		expect((await runBuiltin(command('exit'), ['3'], { fs, shell })).status).toBe(3);
		expect(shell.exited).toBe(3);
		await runBuiltin(command('exit'), ['300'], { fs, shell });
		expect(shell.exited).toBe(44);
		await runBuiltin(command('exit'), [], { fs, shell });
		expect(shell.exited).toBe(0);
		const bad = await runBuiltin(command('exit'), ['soon'], { fs, shell });
		expect(bad).toMatchObject({ status: 2, stderr: 'exit: soon: numeric argument required\n' });
		expect(shell.exited).toBe(2);
	});

	it('numbers the history like bash', async () => {
		const fs = new Workspace();
		const shell = testShell(fs, { history: ['ls', 'cd src', 'history'] });
		expect((await runBuiltin(command('history'), [], { fs, shell })).stdout).toBe(
			'    1  ls\n    2  cd src\n    3  history\n'
		);
		expect((await runBuiltin(command('history'), ['2'], { fs, shell })).stdout).toBe(
			'    2  cd src\n    3  history\n'
		);
		expect((await runBuiltin(command('history'), ['x'], { fs, shell })).stderr).toBe(
			'history: x: numeric argument required\n'
		);
	});

	it('has true and false', async () => {
		expect((await runBuiltin(command('true'), [])).status).toBe(0);
		expect((await runBuiltin(command('false'), [])).status).toBe(1);
	});
});

describe('sleep', () => {
	it('waits for the time given, in fractions and units', async () => {
		const started = Date.now();
		expect((await runBuiltin(command('sleep'), ['0.05', '0.0005m'])).status).toBe(0);
		expect(Date.now() - started).toBeGreaterThanOrEqual(75);
	});

	it('stops at once with 130 when interrupted', async () => {
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 20);
		const result = await runBuiltin(command('sleep'), ['10'], { signal: controller.signal });
		expect(result.status).toBe(130);
		expect(Date.now() - started).toBeLessThan(1000);
		const before = await runBuiltin(command('sleep'), ['inf'], { signal: controller.signal });
		expect(before.status).toBe(130);
	});

	it('refuses what is not a time', async () => {
		expect(await runBuiltin(command('sleep'), ['soon'])).toMatchObject({
			status: 1,
			stderr: "sleep: invalid time interval 'soon'\n"
		});
		expect((await runBuiltin(command('sleep'), [])).stderr).toMatch(/^sleep: missing operand\n/);
	});
});

const commandList: (CommandInfo & { usage?: string })[] = [
	{ name: 'ls', summary: 'List files', kind: 'builtin', usage: 'ls [-la] [FILE]...' },
	{ name: 'cd', summary: 'Change the current folder', kind: 'builtin', usage: 'cd [DIR]' },
	{ name: 'python', summary: 'Run Python 3', kind: 'program' }
];

describe('which, type and help', () => {
	const fs = new Workspace();
	const shell = testShell(fs, { commandList });

	it('says what runs a command, and nothing for an unknown one', async () => {
		expect((await runBuiltin(command('which'), ['ls', 'python'], { fs, shell })).stdout).toBe(
			"ls: shell built-in command\npython: program, run by the workspace's runtime\n"
		);
		expect(await runBuiltin(command('which'), ['nope'], { fs, shell })).toMatchObject({
			status: 1,
			stdout: '',
			stderr: ''
		});
	});

	it('tells the kind of a name like bash', async () => {
		expect((await runBuiltin(command('type'), ['ls', 'python'], { fs, shell })).stdout).toBe(
			"ls is a shell builtin\npython is a program, run by the workspace's runtime\n"
		);
		expect((await runBuiltin(command('type'), ['-t', 'cd', 'python'], { fs, shell })).stdout).toBe(
			'builtin\nfile\n'
		);
		expect(await runBuiltin(command('type'), ['nope'], { fs, shell })).toMatchObject({
			status: 1,
			stderr: 'type: nope: not found\n'
		});
	});

	it('lists every command in two aligned groups', async () => {
		const result = await runBuiltin(command('help'), [], { fs, shell });
		expect(result.stdout.split('\n').slice(1)).toEqual([
			'',
			'Shell builtins:',
			'  cd      Change the current folder',
			'  ls      List files',
			'',
			"Programs (run by the workspace's runtime):",
			'  python  Run Python 3',
			''
		]);
		expect(result.stdout.split('\n')[0]).toContain("'help NAME'");
	});

	it('explains one command, or says it has no such topic', async () => {
		expect((await runBuiltin(command('help'), ['ls'], { fs, shell })).stdout).toBe(
			'ls: ls [-la] [FILE]...\n    List files\n'
		);
		expect((await runBuiltin(command('help'), ['python'], { fs, shell })).stdout).toBe(
			'python: python\n    Run Python 3\n'
		);
		expect(await runBuiltin(command('help'), ['nope'], { fs, shell })).toMatchObject({
			status: 1,
			stderr: "help: no help topics match 'nope'\n"
		});
	});

	it('has a summary and a usage for every session builtin', () => {
		for (const builtin of sessionBuiltins) {
			expect(builtin.summary, builtin.name).toMatch(/^[a-z].+[^.]$/);
			expect(builtin.usage.startsWith(builtin.name), builtin.name).toBe(true);
		}
	});
});
