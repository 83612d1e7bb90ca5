import { describe, expect, it } from 'vitest';
import type { Process, ProcessOutput, RunRequest } from '../runtimes/types.ts';
import { Workspace } from '../workspace/workspace.ts';
import { defineBuiltin } from './builtins/define.ts';
import { Shell, type ProgramLauncher } from './interpreter.ts';
import { bufferOutput, readLines } from './io.ts';
import { parse } from './parser.ts';
import { TerminalInput } from './terminal-input.ts';

// Small builtins of our own, so these tests exercise the interpreter alone.
const echo = defineBuiltin('echo', 'print', 'echo ARG...', async (ctx) => {
	await ctx.stdout.write(ctx.argv.slice(1).join(' ') + '\n');
	return 0;
});
const cat = defineBuiltin('cat', 'copy stdin', 'cat', async (ctx) => {
	for (let chunk = await ctx.stdin.read(); chunk; chunk = await ctx.stdin.read()) {
		await ctx.stdout.write(chunk);
	}
	return 0;
});
const yes = defineBuiltin('yes', 'forever', 'yes', async (ctx) => {
	for (;;) await ctx.stdout.write('y\n'.repeat(1000));
});
const head1 = defineBuiltin('head1', 'first line', 'head1', async (ctx) => {
	for await (const line of readLines(ctx.stdin)) {
		await ctx.stdout.write(line);
		break;
	}
	return 0;
});
const fail = defineBuiltin('fail', 'exit N', 'fail N', async (ctx) => Number(ctx.argv[1] ?? 1));
const warn = defineBuiltin('warn', 'to stderr', 'warn', async (ctx) => {
	await ctx.stdout.write('out\n');
	await ctx.stderr.write('err\n');
	return 0;
});
const wait = defineBuiltin('wait-abort', 'until aborted', 'wait-abort', async (ctx) => {
	await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
	return 130;
});
const cd = defineBuiltin('cd', 'cd', 'cd DIR', async (ctx) => {
	ctx.shell.cwd = ctx.shell.resolve(ctx.argv[1] ?? '~');
	return 0;
});

/** A program that upper-cases its stdin, as a runtime's process would. */
class UpperProcess implements Process {
	readonly pid = 7;
	readonly backend = 'pyodide' as const;
	readonly exit: Promise<number>;
	readonly request: RunRequest;
	#listeners = new Set<(output: ProcessOutput) => void>();
	#end: (code: number) => void = () => {};
	readonly pty: boolean;
	constructor(request: RunRequest) {
		this.request = request;
		this.pty = request.argv[1] === '--pty';
		this.exit = new Promise((resolve) => (this.#end = resolve));
	}
	onOutput(listener: (output: ProcessOutput) => void) {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
	write(data: string) {
		for (const listener of this.#listeners) listener({ kind: 'stdout', text: data.toUpperCase() });
	}
	closeStdin() {
		queueMicrotask(() => this.#end(0));
	}
	readonly sizes: Array<[number, number]> = [];
	resize(columns: number, rows: number) {
		this.sizes.push([columns, rows]);
	}
	/** `upper --prompt` takes SIGINT and goes on, as Python's prompt; `upper --stuck` ignores it. */
	interruptTaken = false;
	readonly signals: string[] = [];
	kill(signal = 'SIGINT') {
		this.signals.push(signal);
		const mode = this.request.argv[1];
		if (signal === 'SIGINT' && mode === '--prompt') this.interruptTaken = true;
		else if (signal !== 'SIGINT' || mode !== '--stuck') this.#end(signal === 'SIGKILL' ? 137 : 130);
	}
}

function setup() {
	const fs = new Workspace();
	const stdout = bufferOutput({ isTerminal: true });
	const stderr = bufferOutput({ isTerminal: true });
	const input = new TerminalInput();
	const launched: RunRequest[] = [];
	const processes: UpperProcess[] = [];
	const hints: string[] = [];
	const resizeListeners = new Set<(size: { columns: number; rows: number }) => void>();
	const raw: { receiver: ((data: string) => void) | null } = { receiver: null };
	const launcher: ProgramLauncher = {
		programs: () => [{ name: 'upper', summary: 'upper-case', kind: 'program' }],
		async launch(request, notes) {
			if (request.argv[1] === '--slow-start') notes?.note('Starting upper…');
			launched.push(request);
			const process = new UpperProcess(request);
			processes.push(process);
			return process;
		},
		explainMissing: (name) => (name === 'gcc' ? 'it needs a full Linux machine' : undefined)
	};
	const shell = new Shell({
		fs,
		launcher,
		builtins: [echo, cat, yes, head1, fail, warn, wait, cd],
		user: { name: 'ada', email: 'ada@example.com' },
		history: [],
		terminal: {
			openInput: () => input.open(),
			stdout,
			stderr,
			notice: () => {},
			clear: () => {},
			size: () => ({ columns: 80, rows: 24 }),
			hint: (text) => hints.push(text),
			rawInput: (receiver) => {
				raw.receiver = receiver;
				return () => (raw.receiver = null);
			},
			onResize: (listener) => {
				resizeListeners.add(listener);
				return () => resizeListeners.delete(listener);
			}
		}
	});
	const resize = (columns: number, rows: number) => {
		for (const listener of [...resizeListeners]) listener({ columns, rows });
	};
	const run = async (line: string) => {
		const parsed = parse(line);
		if (!parsed.ok) throw new Error(parsed.error.message);
		return shell.run(parsed.script, line);
	};
	return {
		fs,
		shell,
		stdout,
		stderr,
		input,
		launched,
		processes,
		run,
		hints,
		resize,
		resizeListeners,
		raw
	};
}

describe('the interpreter', () => {
	it('gives a program on a PTY the keys as typed while it runs in the foreground', async () => {
		const { run, input, raw, stdout } = setup();
		const running = run('upper --pty');
		await expect.poll(() => raw.receiver).not.toBeNull();
		raw.receiver!('a');
		raw.receiver!('b\r');
		input.end();
		expect(await running).toBe(0);
		expect(stdout.text()).toBe('AB\r');
		expect(raw.receiver).toBeNull();
		// A program that is not on a PTY reads lines through the line editor, as before.
		const plain = run('upper');
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(raw.receiver).toBeNull();
		input.end();
		expect(await plain).toBe(0);
	});

	it('shows the launcher’s start notes dim, and passes terminal resizes to the running program', async () => {
		const { run, input, hints, processes, resize, resizeListeners } = setup();
		const running = run('upper --slow-start');
		await expect.poll(() => processes.length).toBe(1);
		resize(100, 30);
		input.end();
		expect(await running).toBe(0);
		expect(hints).toEqual(['Starting upper…']);
		expect(processes[0]!.sizes).toEqual([[100, 30]]);
		// The program has ended: it hears no more resizes.
		expect(resizeListeners.size).toBe(0);
	});

	it('expands variables, quotes, ~ and $?', async () => {
		const { run, stdout } = setup();
		await run('X="two  words"; echo $X "$X" ~ \'$X\'');
		await run('fail 3; echo $?');
		expect(stdout.text()).toBe('two words two  words /workspace $X\n3\n');
	});

	it('runs && and || by exit status, and ! negates', async () => {
		const { run, stdout } = setup();
		expect(await run('fail && echo no || echo yes')).toBe(0);
		expect(await run('! fail')).toBe(0);
		expect(await run('echo a && fail 4')).toBe(4);
		expect(stdout.text()).toBe('yes\na\n');
	});

	it('globs against the workspace, sorted, hidden files only when asked', async () => {
		const { run, stdout, fs } = setup();
		for (const path of ['b.py', 'a.py', '.hidden.py', 'src/c.py', 'src/deep/d.py', 'x.txt']) {
			fs.writeFile(path, '');
		}
		await run('echo *.py; echo .*.py; echo src/*; echo **/*.py; echo "*.py" nomatch*; echo ../*');
		expect(stdout.text().split('\n')).toEqual([
			'a.py b.py',
			'.hidden.py',
			'src/c.py src/deep',
			'a.py b.py src/c.py src/deep/d.py',
			'*.py nomatch*',
			// Above the root there is nothing to match: the pattern stays as typed.
			'../*',
			''
		]);
	});

	it('refuses a glob matching too many names, running nothing', async () => {
		const { run, stderr, stdout, fs } = setup();
		fs.doc.transact(() => {
			for (let i = 0; i < 10_001; i++) fs.writeFile(`many/f${i}`, '');
		});
		expect(await run('echo many/*')).toBe(1);
		expect(stdout.text()).toBe('');
		expect(stderr.text()).toMatch(/many\/\*: matches more than 10,000 names/);
	});

	it('redirects to, from and after files, and 2>&1', async () => {
		const { run, fs, stdout } = setup();
		await run('echo one > out.txt; echo two >> out.txt; cat < out.txt');
		expect(stdout.text()).toBe('one\ntwo\n');
		await run('warn > both.txt 2>&1; warn 2> err.txt > /dev/null/x || echo failed');
		expect(fs.readText('both.txt')).toBe('out\nerr\n');
		expect(stdout.text()).toContain('failed');
	});

	it('truncates a redirect target at once and reports a folder or missing parent', async () => {
		const { run, fs, stderr } = setup();
		fs.writeFile('src/a.py', 'x');
		expect(await run('echo hi > src')).toBe(1);
		expect(await run('echo hi > nope/out.txt')).toBe(1);
		expect(stderr.text()).toMatch(/src: Is a directory/);
		expect(stderr.text()).toMatch(/nope\/out\.txt: No such file or directory/);
		expect(fs.readText('src/a.py')).toBe('x');
	});

	it('ends a pipeline whose reader exits early', async () => {
		const { run, stdout } = setup();
		const status = await run('yes | head1');
		expect(stdout.text()).toBe('y\n');
		expect(status).toBe(0);
	});

	it('pipes a builtin into a program and the program into a file', async () => {
		const { run, fs, launched } = setup();
		await run('cd src; echo hello | upper > ../shout.txt');
		expect(fs.readText('shout.txt')).toBe('HELLO\n');
		expect(launched[0]?.cwd).toBe('src');
		expect(launched[0]?.env?.PWD).toBe('/workspace/src');
	});

	it('tells a program which of its streams are the terminal (isatty)', async () => {
		const { run, launched } = setup();
		await run('echo hi | upper');
		await run('echo hi | upper > out.txt 2> err.txt');
		await run('echo hi | upper | cat');
		const streams = launched.map((request) => [
			request.stdinIsTerminal,
			request.stdoutIsTerminal,
			request.stderrIsTerminal
		]);
		expect(streams).toEqual([
			[false, true, true],
			[false, false, false],
			[false, false, true]
		]);
	});

	it('says command not found with status 127, and why when it knows', async () => {
		const { run, stderr } = setup();
		expect(await run('frobnicate')).toBe(127);
		expect(await run('gcc main.c')).toBe(127);
		expect(stderr.text()).toBe(
			'bytestorm: frobnicate: command not found\n' +
				'bytestorm: gcc: command not found: it needs a full Linux machine\n'
		);
	});

	it('reads the terminal as stdin until Ctrl+D, leaving later input for the next reader', async () => {
		const { run, stdout, input } = setup();
		const done = run('cat');
		input.push('line 1\n');
		input.end();
		input.push('typed ahead\n');
		await done;
		expect(stdout.text()).toBe('line 1\n');
		expect(input.drain()).toBe('typed ahead\n');
	});

	it('interrupts the foreground line with Ctrl+C, and later commands do not run', async () => {
		const { run, shell, stdout } = setup();
		const done = run('wait-abort; echo after');
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(shell.busy).toBe(true);
		expect(shell.interrupt()).toBe(true);
		expect(await done).toBe(130);
		expect(stdout.text()).toBe('');
		expect(shell.interrupt()).toBe(false);
	});

	it('kills on a second Ctrl+C within two seconds, unless the program took the first', async () => {
		const { run, shell, processes, input } = setup();
		const stuck = run('upper --stuck');
		await new Promise((resolve) => setTimeout(resolve, 10));
		shell.interrupt();
		shell.interrupt();
		expect(await stuck).toBe(137);
		expect(processes[0]!.signals).toEqual(['SIGINT', 'SIGKILL']);
		await new Promise((resolve) => setTimeout(resolve, 10));

		const prompt = run('upper --prompt');
		await new Promise((resolve) => setTimeout(resolve, 10));
		shell.interrupt();
		shell.interrupt();
		expect(processes[1]!.signals).toEqual(['SIGINT', 'SIGINT']);
		input.end();
		expect(await prompt).toBe(0);
	});

	it('runs background jobs, lists them and reports them when done', async () => {
		const { run, shell, stdout } = setup();
		await run('wait-abort &');
		expect(stdout.text()).toMatch(/^\[1\] \d+\n$/);
		expect(shell.context.jobs()).toMatchObject([
			{ id: 1, state: 'running', command: 'wait-abort' }
		]);
		expect(shell.context.processes()).toMatchObject([{ command: 'wait-abort', where: 'shell' }]);
		expect(shell.context.kill('%1', 'SIGTERM')).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(shell.finishedJobs().map((job) => job.exitCode)).toEqual([130]);
		expect(shell.context.jobs()).toEqual([]);
		expect(shell.context.kill('%1', 'SIGTERM')).toBe(false);
	});

	it('streams a large file through a pipe without holding it twice', async () => {
		const { run, fs, stdout } = setup();
		fs.writeFile('big.bin', new Uint8Array(5 * 1024 * 1024).fill(7));
		const started = performance.now();
		await run('cat < big.bin | cat > copy.bin');
		expect(performance.now() - started).toBeLessThan(5000);
		expect(fs.stat('copy.bin').size).toBe(5 * 1024 * 1024);
		expect(fs.readBytes('copy.bin').every((byte) => byte === 7)).toBe(true);
		expect(stdout.text()).toBe('');
	});
});
