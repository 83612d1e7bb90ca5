// Job control and processes: jobs, fg, kill and ps, thin over the shell's job table.
import { UsageError } from '../errors.ts';
import type { JobInfo } from '../types.ts';
import { defineBuiltin } from './define.ts';
import { parseOptions } from './options.ts';
import { complain, print } from './print.ts';

type Signal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';
const SIGNALS: Record<Signal, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** The current job (`+`, what `fg` takes) and the previous one (`-`): the latest running ones. */
function currentJobs(jobs: JobInfo[]): [JobInfo | undefined, JobInfo | undefined] {
	const running = jobs.filter((job) => job.state === 'running');
	const pool = running.length ? running : jobs;
	return [pool.at(-1), pool.at(-2)];
}

/** The job a spec names: `%N` or `N`, `%%` or `%+` (current), `%-` (previous). */
function findJob(jobs: JobInfo[], spec: string): JobInfo | undefined {
	const [current, previous] = currentJobs(jobs);
	if (spec === '%%' || spec === '%+') return current;
	if (spec === '%-') return previous;
	const number = /^%?(\d+)$/.exec(spec)?.[1];
	return number === undefined ? undefined : jobs.find((job) => job.id === Number(number));
}

/** A job's command line without its trailing `&`. */
const bare = (job: JobInfo) => job.command.replace(/\s*&\s*$/, '');

/** `jobs [-l | -p]`: the background jobs like bash, `+` the current one and `-` the previous. */
export const jobs = defineBuiltin('jobs', 'list background jobs', 'jobs [-l | -p]', async (ctx) => {
	const { flags } = parseOptions(ctx.argv.slice(1), [{ short: 'l' }, { short: 'p' }]);
	const list = ctx.shell.jobs();
	const [current, previous] = currentJobs(list);
	const lines = list.map((job) => {
		if (flags.p) return `${job.pid}\n`;
		const mark = job === current ? '+' : job === previous ? '-' : ' ';
		const state =
			job.state === 'running' ? 'Running' : job.exitCode ? `Exit ${job.exitCode}` : 'Done';
		const command = job.state === 'running' ? `${bare(job)} &` : bare(job);
		return `[${job.id}]${mark}${flags.l ? ` ${job.pid} ` : '  '}${state.padEnd(24)}${command}\n`;
	});
	await print(ctx, lines.join(''));
	return 0;
});

/** `fg [%N]`: waits for a job in the foreground and returns its status. */
export const fg = defineBuiltin(
	'fg',
	'bring a background job to the foreground',
	'fg [%N]',
	async (ctx) => {
		const { operands } = parseOptions(ctx.argv.slice(1), []);
		const spec = operands[0];
		const list = ctx.shell.jobs();
		const job = spec === undefined ? currentJobs(list)[0] : findJob(list, spec);
		if (!job) return complain(ctx, `${spec ?? 'current'}: no such job`);
		if (job.state === 'done') return complain(ctx, 'job has terminated');
		await print(ctx, bare(job));
		return ctx.shell.foreground(job.id);
	}
);

function signalOf(spec: string): Signal | undefined {
	const name = spec.toUpperCase().replace(/^SIG/, '');
	return (Object.keys(SIGNALS) as Signal[]).find(
		(s) => s === `SIG${name}` || String(SIGNALS[s]) === name
	);
}

/** `kill [-SIGNAL] PID | %JOB...`: sends SIGTERM, SIGINT or SIGKILL; `kill -l` lists them. */
export const kill = defineBuiltin(
	'kill',
	'stop a process or a job',
	'kill [-s SIGNAL | -SIGNAL] PID | %JOB... or kill -l',
	async (ctx) => {
		const args = ctx.argv.slice(1);
		if (args[0] === '-l' || args[0] === '-L') {
			await print(
				ctx,
				Object.entries(SIGNALS)
					.map(([name, n]) => `${String(n).padStart(2)}) ${name}`)
					.join('\t')
			);
			return 0;
		}
		let signal: Signal | undefined = 'SIGTERM';
		if (args[0] === '-s' || args[0] === '-n') {
			const option = args.shift()!;
			const spec = args.shift();
			if (spec === undefined) throw new UsageError(`${option}: option requires an argument`);
			signal = signalOf(spec);
			if (!signal) return complain(ctx, `${spec}: invalid signal specification`);
		} else if (args[0] && args[0] !== '--' && /^-./.test(args[0])) {
			const spec = args.shift()!.slice(1);
			signal = signalOf(spec);
			if (!signal) return complain(ctx, `${spec}: invalid signal specification`);
		}
		if (args[0] === '--') args.shift();
		if (!args.length) throw new UsageError('no process or job given');
		let status = 0;
		for (const target of args) {
			if (/^\d+$/.test(target)) {
				if (!ctx.shell.kill(target, signal))
					status = await complain(ctx, `(${target}) - No such process`);
			} else if (target.startsWith('%')) {
				const job = findJob(ctx.shell.jobs(), target);
				if (!job || !ctx.shell.kill(`%${job.id}`, signal))
					status = await complain(ctx, `${target}: no such job`);
			} else status = await complain(ctx, `${target}: arguments must be process or job IDs`);
		}
		return status;
	}
);

/** Elapsed time like ps's ETIME: `mm:ss`, `hh:mm:ss`, `d-hh:mm:ss`. */
function elapsed(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	const two = (n: number) => String(n).padStart(2, '0');
	const [d, h, m, s] = [
		Math.floor(seconds / 86400),
		Math.floor(seconds / 3600) % 24,
		Math.floor(seconds / 60) % 60,
		seconds % 60
	];
	const clock = `${two(m)}:${two(s)}`;
	if (d) return `${d}-${two(h)}:${clock}`;
	return h ? `${two(h)}:${clock}` : clock;
}

/** `ps`: the running commands, where each runs (shell, runtime) and for how long. */
export const ps = defineBuiltin('ps', 'list running commands', 'ps', async (ctx) => {
	// Options (`ps aux`, `ps -ef`) are accepted and ignored: there is one user and one terminal.
	const now = Date.now();
	const list = [...ctx.shell.processes()].sort((a, b) => a.pid - b.pid);
	const width = Math.max(5, ...list.map((p) => p.where.length));
	const row = (pid: string, where: string, time: string, command: string) =>
		`${pid.padStart(5)} ${where.padEnd(width)} ${time.padStart(8)} ${command}\n`;
	const rows = list.map((p) => row(String(p.pid), p.where, elapsed(now - p.startedAt), p.command));
	await print(ctx, row('PID', 'WHERE', 'TIME', 'CMD') + rows.join(''));
	return 0;
});
