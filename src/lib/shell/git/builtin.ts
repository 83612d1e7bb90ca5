// The `git` builtin: global options, dispatch to a subcommand, and the boundary where every
// failure becomes git-like output and an exit status.
import './buffer-global.ts';
import * as git from 'isomorphic-git';
import { defineBuiltin } from '../builtins/define.ts';
import { BrokenPipeError } from '../io.ts';
import { resolvePath } from '../paths.ts';
import type { Builtin, CommandContext } from '../types.ts';
import { branchCommand, checkoutCommand, switchCommand } from './branches.ts';
import type { GitCommand } from './command.ts';
import { diffCommand } from './diff.ts';
import { FatalError, formatUsage, toGitFailure } from './errors.ts';
import { commitCommand, logCommand, showCommand } from './history.ts';
import { configCommand, initCommand } from './setup.ts';
import { addCommand, mvCommand, rmCommand } from './staging.ts';
import { statusCommand } from './status.ts';
import { resetCommand, restoreCommand } from './undo.ts';

const usage = 'git [-C <path>] [--version] [--help] <command> [<args>]';

const helpCommand: GitCommand = {
	name: 'help',
	summary: 'Show the commands, or the usage of one',
	usage: 'git help [<command>]',
	async run(run) {
		const name = run.args[0];
		const command = name === undefined ? undefined : commands.get(name);
		if (name !== undefined && !command) {
			throw new FatalError(`no help for '${name}': it is not a git command here`);
		}
		await run.ctx.stdout.write(command ? commandHelp(command) : overview());
		return 0;
	}
};

/** Every subcommand by name. */
const commands = new Map<string, GitCommand>(
	[
		initCommand,
		statusCommand,
		addCommand,
		commitCommand,
		logCommand,
		diffCommand,
		showCommand,
		branchCommand,
		checkoutCommand,
		switchCommand,
		restoreCommand,
		resetCommand,
		rmCommand,
		mvCommand,
		configCommand,
		helpCommand
	].map((command) => [command.name, command])
);

function overview(): string {
	const width = Math.max(...[...commands.keys()].map((name) => name.length)) + 3;
	return [
		formatUsage(usage),
		'',
		'Git in Bytestorm runs in the page on the workspace (isomorphic-git, offline). Commands:',
		'',
		...[...commands.values()].map(
			(command) => `   ${command.name.padEnd(width)}${command.summary}`
		),
		'',
		"See 'git help <command>' for the usage of a command.",
		''
	].join('\n');
}

function commandHelp(command: GitCommand): string {
	return `${formatUsage(command.usage)}\n\n${command.summary}\n`;
}

/** Runs the subcommand `argv` names, in the folder `-C` gives (the shell's by default). */
async function dispatch(ctx: CommandContext, current: { usage: string }): Promise<number> {
	const args = ctx.argv.slice(1);
	let cwd = ctx.shell.cwd;
	while (args[0] === '-C') {
		const path = args[1];
		if (path === undefined) throw new FatalError('no directory given for -C');
		cwd = resolvePath(cwd, path);
		if (!ctx.fs.exists(cwd) || ctx.fs.stat(cwd).type !== 'dir') {
			throw new FatalError(`cannot change to '${path}': No such file or directory`);
		}
		args.splice(0, 2);
	}
	const [name, ...rest] = args;
	if (name === '--version' || name === 'version') {
		await ctx.stdout.write(`git version ${git.version()} (isomorphic-git)\n`);
		return 0;
	}
	if (name === undefined || name === '--help' || name === '-h') {
		await ctx.stdout.write(overview());
		return name === undefined ? 1 : 0;
	}
	const command = commands.get(name);
	if (!command) {
		await ctx.stderr.write(`git: '${name}' is not a git command. See 'git --help'.\n`);
		return 1;
	}
	current.usage = command.usage;
	if (rest.length === 1 && (rest[0] === '-h' || rest[0] === '--help')) {
		await ctx.stdout.write(commandHelp(command));
		return 129;
	}
	return command.run({ ctx, cwd, args: rest });
}

/** The `git` builtin: isomorphic-git on the workspace, with git's messages and exit statuses. */
export const gitBuiltin: Builtin = defineBuiltin(
	'git',
	'Track versions of files with git (offline, in the page)',
	usage,
	async (ctx) => {
		const current = { usage };
		try {
			return await dispatch(ctx, current);
		} catch (error) {
			// Ctrl+C and a closed pipe end the command the way every builtin ends.
			if (ctx.signal.aborted || error instanceof BrokenPipeError) throw error;
			const failure = toGitFailure(error, current.usage);
			await ctx.stderr.write(`${failure.message}\n`);
			return failure.status;
		}
	}
);
