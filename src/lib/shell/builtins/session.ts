// Builtins about the shell itself: the current folder, the environment, history, exiting, and
// what each command is; jobs and processes are in job-control.ts. They are thin over
// `ctx.shell`.
import { ShellPathError, UsageError, reason } from '../errors.ts';
import { absolutePath } from '../paths.ts';
import type { Builtin, CommandInfo, ShellContext } from '../types.ts';
import { INTERRUPTED, defineBuiltin } from './define.ts';
import { compareNames } from '../paths.ts';
import { fg, jobs, kill, ps } from './job-control.ts';
import { parseOptions } from './options.ts';
import { complain, print } from './print.ts';

/** How `which` and `type` describe a program: it has no file, a runtime runs it. */
const PROGRAM_WORDING = "program, run by the workspace's runtime";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const pwd = defineBuiltin('pwd', 'print the current folder', 'pwd', async (ctx) => {
	parseOptions(ctx.argv.slice(1), [{ short: 'L' }, { short: 'P' }]);
	await print(ctx, absolutePath(ctx.shell.cwd));
	return 0;
});

const cd = defineBuiltin('cd', 'change the current folder', 'cd [DIR | - | ~]', async (ctx) => {
	const { shell } = ctx;
	const { operands } = parseOptions(ctx.argv.slice(1), [{ short: 'L' }, { short: 'P' }]);
	if (operands.length > 1) return complain(ctx, 'too many arguments');
	let target = operands[0] ?? '~';
	const back = target === '-';
	if (back) {
		const previous = shell.env.get('OLDPWD');
		if (previous === undefined) return complain(ctx, 'OLDPWD not set');
		target = previous;
	}
	let path: string;
	try {
		path = shell.resolve(target || '.');
		const stat = ctx.fs.stat(path);
		if (stat.type !== 'dir') return complain(ctx, `${target}: Not a directory`);
	} catch (error) {
		return complain(
			ctx,
			error instanceof ShellPathError ? error.message : `${target}: ${reason(error)}`
		);
	}
	shell.env.set('OLDPWD', absolutePath(shell.cwd));
	shell.cwd = path;
	shell.env.set('PWD', absolutePath(path));
	if (back) await print(ctx, absolutePath(path));
	return 0;
});

const whoami = defineBuiltin('whoami', 'print your user name', 'whoami', async (ctx) => {
	await print(ctx, ctx.shell.user.name);
	return 0;
});

const sortedEnv = (shell: ShellContext) => [...shell.env].sort(([a], [b]) => compareNames(a, b));

const env = defineBuiltin('env', 'print the environment', 'env', async (ctx) => {
	const { operands } = parseOptions(ctx.argv.slice(1), []);
	if (operands.length) {
		throw new UsageError('running a command through env is not supported: run it directly', 125);
	}
	await print(
		ctx,
		sortedEnv(ctx.shell)
			.map(([name, value]) => `${name}=${value}\n`)
			.join('')
	);
	return 0;
});

const exportBuiltin = defineBuiltin(
	'export',
	'set environment variables, or list them',
	'export [-p] [NAME[=VALUE]]...',
	async (ctx) => {
		const { operands } = parseOptions(ctx.argv.slice(1), [{ short: 'p' }]);
		if (!operands.length) {
			const quoted = (value: string) => value.replace(/["\\$`]/g, '\\$&');
			const lines = sortedEnv(ctx.shell).map(
				([name, value]) => `declare -x ${name}="${quoted(value)}"\n`
			);
			await print(ctx, lines.join(''));
			return 0;
		}
		let status = 0;
		for (const arg of operands) {
			const equals = arg.indexOf('=');
			const name = equals < 0 ? arg : arg.slice(0, equals);
			// Every variable the shell shows builtins is exported already, so `export NAME` alone has nothing to do.
			if (!IDENTIFIER.test(name)) status = await complain(ctx, `'${arg}': not a valid identifier`);
			else if (equals >= 0) ctx.shell.env.set(name, arg.slice(equals + 1));
		}
		return status;
	}
);

const unset = defineBuiltin(
	'unset',
	'remove environment variables',
	'unset [-v] NAME...',
	async (ctx) => {
		const { operands } = parseOptions(ctx.argv.slice(1), [{ short: 'v' }]);
		let status = 0;
		for (const name of operands) {
			if (!IDENTIFIER.test(name)) status = await complain(ctx, `'${name}': not a valid identifier`);
			else ctx.shell.env.delete(name);
		}
		return status;
	}
);

const clear = defineBuiltin('clear', 'clear the terminal', 'clear', async (ctx) => {
	ctx.shell.clear();
	return 0;
});

const history = defineBuiltin(
	'history',
	'list the commands entered',
	'history [N]',
	async (ctx) => {
		const { operands } = parseOptions(ctx.argv.slice(1), []);
		if (operands.length > 1) return complain(ctx, 'too many arguments');
		const count = operands[0];
		if (count !== undefined && !/^\d+$/.test(count))
			return complain(ctx, `${count}: numeric argument required`);
		const lines = ctx.shell.history.map((line, i) => `${String(i + 1).padStart(5)}  ${line}\n`);
		await print(
			ctx,
			lines.slice(count === undefined ? 0 : Math.max(0, lines.length - Number(count))).join('')
		);
		return 0;
	}
);

const exit = defineBuiltin('exit', 'close this terminal', 'exit [N]', async (ctx) => {
	const args = ctx.argv.slice(1);
	if (args.length > 1) return complain(ctx, 'too many arguments');
	const arg = args[0];
	let code = 0;
	if (arg !== undefined && /^[+-]?\d+$/.test(arg)) code = ((Number(arg) % 256) + 256) % 256;
	else if (arg !== undefined) {
		await complain(ctx, `${arg}: numeric argument required`);
		code = 2;
	}
	ctx.shell.exit(code);
	return code;
});

const trueBuiltin = defineBuiltin('true', 'do nothing, successfully', 'true', async () => 0);
const falseBuiltin = defineBuiltin('false', 'do nothing, unsuccessfully', 'false', async () => 1);

const UNITS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** setTimeout's longest delay; longer sleeps wait in steps. */
const MAX_TIMER = 2 ** 31 - 1;

/** Waits `ms`, resolving true, or false as soon as `signal` aborts. */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve(false);
		const deadline = Date.now() + ms;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const finish = (completed: boolean) => {
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			resolve(completed);
		};
		const onAbort = () => finish(false);
		const arm = () => {
			const left = deadline - Date.now();
			if (left <= 0) finish(true);
			else timer = setTimeout(arm, Math.min(left, MAX_TIMER));
		};
		signal.addEventListener('abort', onAbort, { once: true });
		arm();
	});
}

const sleep = defineBuiltin('sleep', 'wait for a while', 'sleep N[smhd]...', async (ctx) => {
	const args = ctx.argv.slice(1);
	if (!args.length) throw new UsageError('missing operand', 1);
	let ms = 0;
	for (const arg of args) {
		const match = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(arg) ?? /^(inf(?:inity)?)()$/i.exec(arg);
		if (!match) return complain(ctx, `invalid time interval '${arg}'`);
		ms += (/^inf/i.test(match[1]!) ? Infinity : Number(match[1])) * UNITS[match[2]!]!;
	}
	return (await wait(ms, ctx.signal)) ? 0 : INTERRUPTED;
});

/** `usage` when the shell's command list carries it (it does for builtins it knows). */
type DescribedCommand = CommandInfo & { usage?: string };

function findCommand(shell: ShellContext, name: string): DescribedCommand | undefined {
	return shell.commands().find((command) => command.name === name);
}

const which = defineBuiltin(
	'which',
	'tell what runs a command',
	'which [-a] NAME...',
	async (ctx) => {
		const { operands } = parseOptions(ctx.argv.slice(1), [{ short: 'a' }]);
		if (!operands.length) return 1;
		let status = 0;
		for (const name of operands) {
			const command = findCommand(ctx.shell, name);
			if (!command) status = 1;
			else
				await print(
					ctx,
					`${name}: ${command.kind === 'builtin' ? 'shell built-in command' : PROGRAM_WORDING}`
				);
		}
		return status;
	}
);

const type = defineBuiltin(
	'type',
	'tell what kind of command a name is',
	'type [-t] NAME...',
	async (ctx) => {
		const { flags, operands } = parseOptions(ctx.argv.slice(1), [{ short: 't' }]);
		let status = 0;
		for (const name of operands) {
			const command = findCommand(ctx.shell, name);
			if (!command) status = flags.t ? 1 : await complain(ctx, `${name}: not found`);
			else if (flags.t) await print(ctx, command.kind === 'builtin' ? 'builtin' : 'file');
			else
				await print(
					ctx,
					`${name} is a ${command.kind === 'builtin' ? 'shell builtin' : PROGRAM_WORDING}`
				);
		}
		return status;
	}
);

const help = defineBuiltin(
	'help',
	'list the commands, or explain one',
	'help [NAME]',
	async (ctx) => {
		const { operands } = parseOptions(ctx.argv.slice(1), []);
		const commands: DescribedCommand[] = ctx.shell.commands();
		if (operands.length) {
			let status = 0;
			for (const name of operands) {
				const command = commands.find((c) => c.name === name);
				if (!command) status = await complain(ctx, `no help topics match '${name}'`);
				else await print(ctx, `${name}: ${command.usage ?? name}\n    ${command.summary}`);
			}
			return status;
		}
		const width = Math.max(0, ...commands.map((c) => c.name.length)) + 2;
		const group = (title: string, kind: CommandInfo['kind']) => {
			const rows = commands
				.filter((c) => c.kind === kind)
				.sort((a, b) => compareNames(a.name, b.name))
				.map((c) => `  ${c.name.padEnd(width)}${c.summary}\n`);
			return rows.length ? `\n${title}\n${rows.join('')}` : '';
		};
		await print(
			ctx,
			"Bytestorm's shell, on the workspace's files. Type 'help NAME' for one command.\n" +
				group('Shell builtins:', 'builtin') +
				group("Programs (run by the workspace's runtime):", 'program')
		);
		return 0;
	}
);

/**
 * pwd, cd, whoami, env, export, unset, clear, history, exit, true, false, sleep, which, type,
 * help, jobs, fg, kill and ps.
 */
export const sessionBuiltins: readonly Builtin[] = [
	pwd,
	cd,
	whoami,
	env,
	exportBuiltin,
	unset,
	clear,
	history,
	exit,
	trueBuiltin,
	falseBuiltin,
	sleep,
	which,
	type,
	help,
	jobs,
	fg,
	kill,
	ps
];
