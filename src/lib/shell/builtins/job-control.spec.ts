import { describe, expect, it } from 'vitest';
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell } from '../testing.ts';
import type { JobInfo } from '../types.ts';
import { fg, jobs, kill as killBuiltin, ps } from './job-control.ts';

const jobList: JobInfo[] = [
	{ id: 1, pid: 101, command: 'sleep 100 &', state: 'running' },
	{ id: 2, pid: 102, command: 'false &', state: 'done', exitCode: 1 },
	{ id: 3, pid: 103, command: 'python serve.py', state: 'running' },
	{ id: 4, pid: 104, command: 'echo hi &', state: 'done', exitCode: 0 }
];

describe('jobs, fg and kill', () => {
	it('lists jobs like bash', async () => {
		const fs = new Workspace();
		const shell = testShell(fs, { jobList });
		expect((await runBuiltin(jobs, [], { fs, shell })).stdout).toBe(
			'[1]-  Running                 sleep 100 &\n' +
				'[2]   Exit 1                  false\n' +
				'[3]+  Running                 python serve.py &\n' +
				'[4]   Done                    echo hi\n'
		);
		expect((await runBuiltin(jobs, ['-l'], { fs, shell })).stdout).toContain(
			'[3]+ 103 Running                 python serve.py &\n'
		);
		expect((await runBuiltin(jobs, ['-p'], { fs, shell })).stdout).toBe('101\n102\n103\n104\n');
	});

	it('brings the current or a named job to the foreground', async () => {
		const fs = new Workspace();
		const foregrounded: number[] = [];
		const shell = testShell(fs, {
			jobList,
			async foreground(id) {
				foregrounded.push(id);
				return 7;
			}
		});
		expect(await runBuiltin(fg, [], { fs, shell })).toMatchObject({
			status: 7,
			stdout: 'python serve.py\n'
		});
		expect((await runBuiltin(fg, ['%1'], { fs, shell })).stdout).toBe('sleep 100\n');
		expect(foregrounded).toEqual([3, 1]);
		expect(await runBuiltin(fg, ['%9'], { fs, shell })).toMatchObject({
			status: 1,
			stderr: 'fg: %9: no such job\n'
		});
		expect((await runBuiltin(fg, ['%4'], { fs, shell })).stderr).toBe('fg: job has terminated\n');
	});

	it('says when there is no job to bring back', async () => {
		expect(await runBuiltin(fg, [])).toMatchObject({
			status: 1,
			stderr: 'fg: current: no such job\n'
		});
	});

	it('sends signals to processes and jobs', async () => {
		const fs = new Workspace();
		const shell = testShell(fs, { jobList });
		const kill = (...args: string[]) => runBuiltin(killBuiltin, args, { fs, shell });
		expect((await kill('123')).status).toBe(0);
		await kill('-9', '%1');
		await kill('-INT', '%%');
		await kill('-s', 'term', '104');
		await kill('-SIGKILL', '--', '%-');
		expect(shell.killed).toEqual([
			{ target: '123', signal: 'SIGTERM' },
			{ target: '%1', signal: 'SIGKILL' },
			{ target: '%3', signal: 'SIGINT' },
			{ target: '104', signal: 'SIGTERM' },
			{ target: '%1', signal: 'SIGKILL' }
		]);
		expect((await kill('-l')).stdout).toBe(' 2) SIGINT\t 9) SIGKILL\t15) SIGTERM\n');
	});

	it('reports unknown targets and signals', async () => {
		const fs = new Workspace();
		const shell = testShell(fs, { jobList, kill: (target) => target === '%1' });
		const kill = (...args: string[]) => runBuiltin(killBuiltin, args, { fs, shell });
		expect(await kill('123', '%1')).toMatchObject({
			status: 1,
			stderr: 'kill: (123) - No such process\n'
		});
		expect((await kill('%9')).stderr).toBe('kill: %9: no such job\n');
		expect((await kill('-HUP', '%1')).stderr).toBe('kill: HUP: invalid signal specification\n');
		expect(await kill('-s')).toMatchObject({
			status: 2,
			stderr: expect.stringMatching(/^kill: -s: option requires an argument\n/)
		});
		expect((await kill('firefox')).stderr).toBe(
			'kill: firefox: arguments must be process or job IDs\n'
		);
		expect((await kill()).status).toBe(2);
	});
});

describe('ps', () => {
	it('prints a table of running commands with where they run and for how long', async () => {
		const fs = new Workspace();
		const now = Date.now();
		const shell = testShell(fs, {
			processes: () => [
				{ pid: 12, command: 'python serve.py', where: 'pyodide', startedAt: now - 3_725_500 },
				{ pid: 7, command: 'ps', where: 'shell', startedAt: now - 200 }
			]
		});
		expect((await runBuiltin(ps, ['aux'], { fs, shell })).stdout).toBe(
			'  PID WHERE       TIME CMD\n' +
				'    7 shell      00:00 ps\n' +
				'   12 pyodide 01:02:05 python serve.py\n'
		);
	});
});
