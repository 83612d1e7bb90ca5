// `git init` and `git config`: creating a repository, and reading or setting its .git/config or
// the global settings, which are the shell user's name and email kept in this browser.
import * as git from 'isomorphic-git';
import { absolutePath, resolvePath } from '../paths.ts';
import { saveShellUser, shellUser } from '../user.ts';
import type { GitCommand } from './command.ts';
import { CommandError, FatalError, GitUsageError } from './errors.ts';
import { createGitFs } from './fs-adapter.ts';
import {
	gitLocation,
	openRepo,
	parseGitOptions,
	writeLines,
	type GitRun,
	type Repo
} from './repo.ts';

/** The branch a new repository starts on. */
const DEFAULT_BRANCH = 'main';

const initUsage = 'git init [-q | --quiet] [-b <branch-name>] [<directory>]';

/** `git init`. */
export const initCommand: GitCommand = {
	name: 'init',
	summary: 'Create an empty Git repository or reinitialize an existing one',
	usage: initUsage,
	async run(run) {
		const { flags, values, operands } = parseGitOptions(
			run.args,
			[
				{ short: 'q', long: 'quiet' },
				{ short: 'b', long: 'initial-branch', value: true }
			],
			initUsage
		);
		if (operands.length > 1) throw new GitUsageError('too many arguments', initUsage);
		const { ctx } = run;
		const root = resolvePath(run.cwd, operands[0] ?? '.');
		if (ctx.fs.exists(root) && ctx.fs.stat(root).type === 'file') {
			throw new FatalError(`cannot mkdir ${operands[0]}: File exists`);
		}
		if (root !== '') ctx.fs.mkdir(root, { recursive: true, origin: 'shell' });
		const location = gitLocation(root);
		const fs = createGitFs(ctx.fs);
		const existed = ctx.fs.exists(`${location.gitdir.slice(1)}/config`);
		const branch = values['initial-branch'] ?? DEFAULT_BRANCH;
		if (!existed) await git.init({ fs, ...location, defaultBranch: branch });
		if (!flags.quiet) {
			const where = `${absolutePath(location.gitdir.slice(1))}/`;
			await ctx.stdout.write(
				`${existed ? 'Reinitialized existing' : 'Initialized empty'} Git repository in ${where}\n`
			);
		}
		return 0;
	}
};

const configUsage =
	'git config [--local | --global] [--get] <name> [<value>] | git config [--global] --unset <name> | git config [--global] (-l | --list)';

/** What `git config` was asked: list, unset, get or set one key. */
interface ConfigRequest {
	list: boolean;
	unset: boolean;
	name?: string;
	value?: string;
}

/** `git config`: the repository's .git/config; `--global` is the user's name and email. */
export const configCommand: GitCommand = {
	name: 'config',
	summary: 'Get and set options: user.name and user.email, globally or per repository',
	usage: configUsage,
	async run(run) {
		const { flags, operands } = parseGitOptions(
			run.args,
			[
				{ long: 'local' },
				{ long: 'global' },
				{ long: 'get' },
				{ long: 'unset' },
				{ short: 'l', long: 'list' }
			],
			configUsage
		);
		const [name, value, ...extra] = operands;
		const badCount = flags.list
			? operands.length > 0
			: name === undefined ||
				extra.length > 0 ||
				(value !== undefined && (flags.get || flags.unset));
		if (badCount) {
			throw new GitUsageError(name === undefined ? '' : 'wrong number of arguments', configUsage);
		}
		if (name !== undefined) checkKey(name);
		const request = { list: flags.list === true, unset: flags.unset === true, name, value };
		if (flags.global) return globalConfig(run, request);
		return repositoryConfig(await openRepo(run), request);
	}
};

async function repositoryConfig(repo: Repo, { list, unset, name, value }: ConfigRequest) {
	const { stdout } = repo.run.ctx;
	if (list) {
		await writeLines(stdout, listConfig(repo));
		return 0;
	}
	const current = (await git.getConfig({ ...repo.base, path: name! })) as unknown;
	if (unset) {
		// git's status for unsetting a key that is not set.
		if (current === undefined) return 5;
		await git.setConfig({ ...repo.base, path: name!, value: undefined });
		return 0;
	}
	if (value !== undefined) {
		await git.setConfig({ ...repo.base, path: name!, value });
		return 0;
	}
	if (current === undefined || current === null) return 1;
	await stdout.write(`${String(current)}\n`);
	return 0;
}

/**
 * The global settings are the user's name and email, kept in this browser (the shell's user,
 * also `whoami`): set here, they apply at once to this terminal and to every new one.
 */
async function globalConfig(run: GitRun, { list, unset, name, value }: ConfigRequest) {
	const { user } = run.ctx.shell;
	if (list) {
		await writeLines(run.ctx.stdout, [`user.name=${user.name}`, `user.email=${user.email}`]);
		return 0;
	}
	const key = name!.toLowerCase();
	if (key !== 'user.name' && key !== 'user.email') {
		throw new CommandError(
			`Bytestorm keeps only user.name and user.email globally: set '${name}' in a repository with git config ${name} <value>`
		);
	}
	const field = key === 'user.name' ? 'name' : 'email';
	if (!unset && value === undefined) {
		await run.ctx.stdout.write(`${user[field]}\n`);
		return 0;
	}
	// An empty setting falls back to the default name or email.
	const saved = saveShellUser(field, unset ? '' : value!);
	user[field] = unset ? shellUser()[field] : value!;
	if (!saved) {
		await run.ctx.stderr.write(
			`warning: this browser is not keeping settings: ${key} applies to this terminal only\n`
		);
	}
	return 0;
}

function checkKey(name: string): void {
	const dot = name.indexOf('.');
	if (dot < 0) throw new CommandError(`key does not contain a section: ${name}`);
	if (
		dot === 0 ||
		name.endsWith('.') ||
		!/^[A-Za-z][A-Za-z0-9-]*$/.test(name.slice(name.lastIndexOf('.') + 1))
	) {
		throw new CommandError(`invalid key: ${name}`);
	}
}

/** `section.sub.key=value` lines of the repository's config, as `git config --list` prints. */
function listConfig(repo: Repo): string[] {
	const path = `${repo.base.gitdir.slice(1)}/config`;
	const fs = repo.run.ctx.fs;
	if (!fs.exists(path)) return [];
	const lines: string[] = [];
	let section = '';
	for (const raw of fs.readText(path).split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
		const header = /^\[\s*([^\s"\]]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]$/.exec(line);
		if (header) {
			const subsection = header[2]?.replace(/\\(.)/g, '$1');
			section = header[1]!.toLowerCase() + (subsection === undefined ? '' : `.${subsection}`);
			continue;
		}
		const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
		if (!entry || !section) continue;
		const value = entry[2] === undefined ? 'true' : unquote(entry[2]);
		lines.push(`${section}.${entry[1]!.toLowerCase()}=${value}`);
	}
	return lines;
}

function unquote(value: string): string {
	const trimmed = value.replace(/\s+[#;].*$/, '').trim();
	return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2
		? trimmed.slice(1, -1).replace(/\\(.)/g, '$1')
		: trimmed;
}
