// Jobs and process ids. A job is one command line (`sleep 9 &`, or the foreground line); each
// command running in it (a builtin or a program) has a pid, so `ps` and `kill` can name it.
import type { Signal } from '../runtimes/types.ts';
import type { JobInfo, ProcessInfo } from './types.ts';

/** A command running inside a job, as the job sees it. */
export interface RunningCommand {
	command: string;
	/** 'shell' for builtins, else the runtime's id. */
	where: string;
	kill(signal: Signal): void;
	/** Whether the command received the last SIGINT and may go on (Python's prompt does). */
	interruptTaken?(): boolean;
}

interface Entry extends RunningCommand {
	pid: number;
	startedAt: number;
}

/** One command line being run. */
export class Job {
	/** `[N]` for background jobs; 0 for the foreground line. */
	readonly id: number;
	readonly pid: number;
	readonly command: string;
	readonly done: Promise<number>;
	exitCode: number | undefined;
	/** Set once the job was sent a signal that ends it; later commands of the line do not start. */
	killed = false;
	readonly #table: JobTable;
	readonly #running = new Map<number, Entry>();
	#first = true;

	constructor(table: JobTable, id: number, command: string, body: (job: Job) => Promise<number>) {
		this.#table = table;
		this.id = id;
		this.pid = table.allocatePid();
		this.command = command;
		this.done = Promise.resolve()
			.then(() => body(this))
			.then(
				(code) => code,
				() => 1
			)
			.then((code) => {
				this.exitCode = code;
				return code;
			});
	}

	/** Registers a running command; returns the function that unregisters it when it ends. */
	add(command: RunningCommand): () => void {
		const pid = this.#first ? this.pid : this.#table.allocatePid();
		this.#first = false;
		this.#running.set(pid, { ...command, pid, startedAt: Date.now() });
		return () => this.#running.delete(pid);
	}

	/** Sends `signal` to every command running in the job. */
	kill(signal: Signal): void {
		this.killed = true;
		for (const entry of [...this.#running.values()]) entry.kill(signal);
	}

	/** Whether every running command took the last SIGINT: nothing is stuck, so none needs SIGKILL. */
	tookInterrupt(): boolean {
		const running = [...this.#running.values()];
		return running.length > 0 && running.every((entry) => entry.interruptTaken?.() ?? false);
	}

	/** Sends `signal` to one of the job's commands; false when it is not in this job. */
	killPid(pid: number, signal: Signal): boolean {
		const entry = this.#running.get(pid);
		if (!entry) return false;
		entry.kill(signal);
		return true;
	}

	/** The job's running commands, for `ps`. */
	processes(): ProcessInfo[] {
		return [...this.#running.values()].map(({ pid, command, where, startedAt }) => ({
			pid,
			command,
			where,
			startedAt
		}));
	}

	get info(): JobInfo {
		return {
			id: this.id,
			pid: this.pid,
			command: this.command,
			state: this.exitCode === undefined ? 'running' : 'done',
			exitCode: this.exitCode
		};
	}
}

/** The jobs of one shell. */
export class JobTable {
	#nextPid = 100;
	readonly #background = new Map<number, Job>();
	readonly #finished: Job[] = [];
	#foreground = new Set<Job>();

	/** A new process id, increasing like a real system's. */
	allocatePid(): number {
		return this.#nextPid++;
	}

	/** Starts a background job, numbered with the lowest free job number. */
	start(command: string, body: (job: Job) => Promise<number>): Job {
		let id = 1;
		while (this.#background.has(id)) id++;
		const job = new Job(this, id, command, body);
		this.#background.set(id, job);
		void job.done.then(() => this.#finished.push(job));
		return job;
	}

	/** Starts the foreground line. */
	foreground(command: string, body: (job: Job) => Promise<number>): Job {
		const job = new Job(this, 0, command, body);
		this.#foreground.add(job);
		void job.done.then(() => this.#foreground.delete(job));
		return job;
	}

	/** A background job by number. */
	get(id: number): Job | undefined {
		return this.#background.get(id);
	}

	/** Background jobs, running and done-but-not-yet-reported, by number. */
	list(): JobInfo[] {
		return [...this.#background.values()].sort((a, b) => a.id - b.id).map((job) => job.info);
	}

	/** Every running command of every job, by pid. */
	processes(): ProcessInfo[] {
		return [...this.#foreground, ...this.#background.values()]
			.flatMap((job) => job.processes())
			.sort((a, b) => a.pid - b.pid);
	}

	/** `kill %N` or `kill PID`; false when there is no such job or process. */
	kill(target: string, signal: Signal): boolean {
		const jobMatch = /^%(\d+)$/.exec(target);
		if (jobMatch) {
			const job = this.#background.get(Number(jobMatch[1]));
			if (!job || job.exitCode !== undefined) return false;
			job.kill(signal);
			return true;
		}
		const pid = Number(target);
		if (!Number.isInteger(pid)) return false;
		for (const job of [...this.#foreground, ...this.#background.values()]) {
			if (job.killPid(pid, signal)) return true;
		}
		return false;
	}

	/** Background jobs that ended since the last call; they leave the table. */
	takeFinished(): Job[] {
		const finished = this.#finished.splice(0);
		for (const job of finished) this.#background.delete(job.id);
		return finished.sort((a, b) => a.id - b.id);
	}

	/** Kills everything (the terminal closes). */
	killAll(): void {
		for (const job of [...this.#foreground, ...this.#background.values()]) job.kill('SIGKILL');
	}
}
