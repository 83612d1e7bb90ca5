// Branches: `git branch` (list, create, delete, rename), `git checkout` and `git switch`.
import * as git from 'isomorphic-git';
import { absolutePath } from '../paths.ts';
import type { GitCommand } from './command.ts';
import { CommandError, FatalError, GitUsageError } from './errors.ts';
import {
	branchNames,
	currentBranch,
	displayPath,
	headOid,
	isBranch,
	openRepo,
	paint,
	parseGitArgs,
	parseGitOptions,
	resolveRevision,
	shortOid,
	tryRevision,
	writeLines,
	type Repo
} from './repo.ts';
import { checkoutFiles } from './undo.ts';
import { fileStates } from './worktree.ts';

const branchUsage =
	'git branch [--list] | git branch <name> [<start-point>] | git branch (-d | -D) <name>... | git branch -m [<old>] <new> | git branch --show-current';

/** `git branch`. */
export const branchCommand: GitCommand = {
	name: 'branch',
	summary: 'List, create, rename or delete branches',
	usage: branchUsage,
	async run(run) {
		const { flags, operands } = parseGitOptions(
			run.args,
			[
				{ short: 'd', long: 'delete' },
				{ short: 'D', key: 'forceDelete' },
				{ short: 'm', long: 'move' },
				{ short: 'f', long: 'force' },
				{ short: 'l', long: 'list' },
				{ long: 'show-current' }
			],
			branchUsage
		);
		const repo = await openRepo(run);
		if (flags['show-current']) {
			const branch = await currentBranch(repo);
			if (branch) await run.ctx.stdout.write(`${branch}\n`);
			return 0;
		}
		if (flags.delete || flags.forceDelete) {
			if (operands.length === 0) throw new FatalError('branch name required');
			return deleteBranches(repo, operands, flags.forceDelete === true || flags.force === true);
		}
		if (flags.move) return renameBranch(repo, operands);
		if (operands.length === 0 || flags.list) return listBranches(repo);
		if (operands.length > 2) throw new GitUsageError('too many arguments', branchUsage);
		await createBranch(repo, operands[0]!, operands[1], flags.force === true);
		return 0;
	}
};

async function listBranches(repo: Repo): Promise<number> {
	const out = repo.run.ctx.stdout;
	const branch = await currentBranch(repo);
	const head = await headOid(repo);
	const lines = (await branchNames(repo)).map((name) =>
		name === branch ? `* ${paint(out, 'green', name)}` : `  ${name}`
	);
	if (!branch && head)
		lines.unshift(`* ${paint(out, 'green', `(HEAD detached at ${shortOid(head)})`)}`);
	await writeLines(out, lines);
	return 0;
}

async function createBranch(
	repo: Repo,
	name: string,
	start: string | undefined,
	force: boolean
): Promise<void> {
	const oid = start === undefined ? await headOid(repo) : await tryRevision(repo, start);
	if (oid === undefined) {
		throw new FatalError(
			`not a valid object name: '${start ?? (await currentBranch(repo)) ?? 'HEAD'}'`
		);
	}
	if (force && name === (await currentBranch(repo))) {
		throw new FatalError(
			`cannot force update the branch '${name}' used by worktree at '${absolutePath(repo.root)}'`
		);
	}
	await git.branch({ ...repo.base, ref: name, object: oid, force });
}

async function deleteBranches(
	repo: Repo,
	names: readonly string[],
	force: boolean
): Promise<number> {
	const branch = await currentBranch(repo);
	const head = await headOid(repo);
	let status = 0;
	for (const name of names) {
		const problem = await deleteProblem(repo, name, branch, head, force);
		if (problem) {
			await repo.run.ctx.stderr.write(`${problem}\n`);
			status = 1;
			continue;
		}
		const oid = await git.resolveRef({ ...repo.base, ref: `refs/heads/${name}` });
		await git.deleteBranch({ ...repo.base, ref: name });
		await repo.run.ctx.stdout.write(`Deleted branch ${name} (was ${shortOid(oid)}).\n`);
	}
	return status;
}

async function deleteProblem(
	repo: Repo,
	name: string,
	branch: string | undefined,
	head: string | undefined,
	force: boolean
): Promise<string | undefined> {
	if (!(await isBranch(repo, name))) return `error: branch '${name}' not found`;
	if (name === branch) {
		return `error: cannot delete branch '${name}' used by worktree at '${absolutePath(repo.root)}'`;
	}
	if (force) return undefined;
	const tip = await git.resolveRef({ ...repo.base, ref: `refs/heads/${name}` });
	const merged =
		head !== undefined &&
		(tip === head ||
			(await git.isDescendent({ ...repo.base, oid: head, ancestor: tip, depth: -1 })));
	if (merged) return undefined;
	return `error: the branch '${name}' is not fully merged\nhint: If you are sure you want to delete it, run 'git branch -D ${name}'`;
}

async function renameBranch(repo: Repo, operands: readonly string[]): Promise<number> {
	const branch = await currentBranch(repo);
	if (operands.length === 1 && !branch) {
		throw new FatalError('cannot rename the current branch while not on any');
	}
	const [oldName, newName] = operands.length === 1 ? [branch, operands[0]] : operands;
	if (!oldName || !newName || operands.length > 2)
		throw new GitUsageError('branch name required', branchUsage);
	if (!(await isBranch(repo, oldName))) {
		if (oldName === branch && (await headOid(repo)) === undefined) {
			await pointHeadAt(repo, newName);
			return 0;
		}
		throw new FatalError(`no branch named '${oldName}'`);
	}
	await git.renameBranch({
		...repo.base,
		oldref: oldName,
		ref: newName,
		checkout: oldName === branch
	});
	return 0;
}

/** Points HEAD at branch `name` without touching the index or the working tree. */
async function pointHeadAt(repo: Repo, name: string): Promise<void> {
	await git.writeRef({
		...repo.base,
		ref: 'HEAD',
		value: `refs/heads/${name}`,
		symbolic: true,
		force: true
	});
}

/** Switches HEAD to branch `name`, updating the working tree; creates it first when `create`. */
async function switchBranch(
	repo: Repo,
	name: string,
	options: { create?: boolean; start?: string; force?: boolean }
): Promise<number> {
	const { stdout, stderr } = repo.run.ctx;
	const head = await headOid(repo);
	if (options.create) {
		if (await isBranch(repo, name)) throw new FatalError(`a branch named '${name}' already exists`);
		if (head === undefined && options.start === undefined) {
			// A branch with no commits is only a name: HEAD moves to it, nothing else changes.
			checkBranchName(name);
			await pointHeadAt(repo, name);
			await stderr.write(`Switched to a new branch '${name}'\n`);
			return 0;
		}
		await createBranch(repo, name, options.start, false);
	} else if (name === (await currentBranch(repo))) {
		await stderr.write(`Already on '${name}'\n`);
		return 0;
	}
	await git.checkout({ ...repo.base, ref: name, force: options.force === true });
	await writeLines(stdout, await localChanges(repo));
	await stderr.write(
		options.create ? `Switched to a new branch '${name}'\n` : `Switched to branch '${name}'\n`
	);
	return 0;
}

/** Moves HEAD to a commit itself (detached), updating the working tree. */
async function detach(repo: Repo, revision: string, oid: string, force: boolean): Promise<number> {
	await git.checkout({ ...repo.base, ref: oid, force });
	const { commit } = await git.readCommit({ ...repo.base, oid });
	await writeLines(repo.run.ctx.stdout, await localChanges(repo));
	await repo.run.ctx.stderr.write(
		[
			`Note: switching to '${revision}'.`,
			'',
			"You are in 'detached HEAD' state. You can look around, make experimental",
			'changes and commit them, and you can discard any commits you make in this',
			'state without impacting any branches by switching back to a branch.',
			'',
			`HEAD is now at ${shortOid(oid)} ${commit.message.split('\n')[0]}`,
			''
		].join('\n')
	);
	return 0;
}

/** `M\tfile` for each change carried over a switch, as git lists them. */
async function localChanges(repo: Repo): Promise<string[]> {
	return (await fileStates(repo))
		.filter((state) => state.staged || state.unstaged)
		.map((state) => {
			const letter =
				state.unstaged === 'deleted' || state.staged === 'deleted'
					? 'D'
					: state.staged === 'new file'
						? 'A'
						: 'M';
			return `${letter}\t${displayPath(repo, state.path)}`;
		});
}

/** The rules of `git check-ref-format --branch`, for a name isomorphic-git does not check itself. */
function checkBranchName(name: string): void {
	// eslint-disable-next-line no-control-regex
	const bad = /(^[-/.])|([/.]$)|(\.\.)|(\/\/)|(@\{)|(\.lock$)|([\s~^:?*[\\\u0000-\u001f\u007f])/;
	if (bad.test(name) || name === '@') throw new FatalError(`'${name}' is not a valid branch name`);
}

const checkoutUsage =
	'git checkout [-f] <branch> | git checkout -b <new-branch> [<start-point>] | git checkout [<tree-ish>] [--] <pathspec>...';

/** `git checkout`. */
export const checkoutCommand: GitCommand = {
	name: 'checkout',
	summary: 'Switch branches or restore working tree files',
	usage: checkoutUsage,
	async run(run) {
		const { flags, values, operands, pathspecs } = parseGitArgs(
			run.args,
			[
				{ short: 'b', value: true, key: 'create' },
				{ short: 'f', long: 'force' },
				{ long: 'detach' }
			],
			checkoutUsage
		);
		const repo = await openRepo(run);
		const force = flags.force === true;
		if (values.create !== undefined) {
			if (operands.length > 1 || pathspecs)
				throw new GitUsageError('too many arguments', checkoutUsage);
			return switchBranch(repo, values.create, { create: true, start: operands[0], force });
		}
		if (pathspecs) {
			if (operands.length > 1) throw new GitUsageError('give one commit before --', checkoutUsage);
			return checkoutFiles(repo, operands[0], pathspecs);
		}
		const [first, ...rest] = operands;
		if (first === undefined) throw new GitUsageError('', checkoutUsage);
		if ((first === 'HEAD' || first === '@') && rest.length === 0 && !flags.detach) {
			// Checking out where HEAD already is changes nothing; git lists the local changes.
			await writeLines(run.ctx.stdout, await localChanges(repo));
			return 0;
		}
		if (rest.length === 0 && !flags.detach && (await isBranch(repo, first))) {
			return switchBranch(repo, first, { force });
		}
		const oid = await tryRevision(repo, first);
		if (oid !== undefined && rest.length > 0) return checkoutFiles(repo, first, rest);
		if (oid !== undefined) return detach(repo, first, oid, force);
		try {
			return await checkoutFiles(repo, undefined, operands);
		} catch (error) {
			if (error instanceof CommandError || error instanceof GitUsageError) {
				throw new CommandError(`pathspec '${first}' did not match any file(s) known to git`);
			}
			throw error;
		}
	}
};

const switchUsage =
	'git switch [-f] <branch> | git switch -c <new-branch> [<start-point>] | git switch --detach <commit>';

/** `git switch`. */
export const switchCommand: GitCommand = {
	name: 'switch',
	summary: 'Switch branches',
	usage: switchUsage,
	async run(run) {
		const { flags, values, operands } = parseGitOptions(
			run.args,
			[
				{ short: 'c', long: 'create', value: true },
				{ short: 'f', long: 'force', key: 'force' },
				{ long: 'discard-changes', key: 'force' },
				{ short: 'd', long: 'detach' }
			],
			switchUsage
		);
		const repo = await openRepo(run);
		const force = flags.force === true;
		if (values.create !== undefined) {
			if (operands.length > 1) throw new GitUsageError('too many arguments', switchUsage);
			return switchBranch(repo, values.create, { create: true, start: operands[0], force });
		}
		const [name, ...rest] = operands;
		if (name === undefined || rest.length > 0) throw new GitUsageError('', switchUsage);
		if (flags.detach) return detach(repo, name, await resolveRevision(repo, name), force);
		if (!(await isBranch(repo, name))) {
			if ((await tryRevision(repo, name)) !== undefined) {
				throw new FatalError(
					`a branch is expected, got commit '${name}'\nhint: If you want to detach HEAD at the commit, try again with the --detach option.`
				);
			}
			throw new FatalError(`invalid reference: ${name}`);
		}
		return switchBranch(repo, name, { force });
	}
};
