// Changing what the next commit holds: `git add`, `git rm` and `git mv`.
import * as git from 'isomorphic-git';
import { basename, dirname } from '../../workspace/paths.ts';
import type { GitCommand } from './command.ts';
import { CommandError, FatalError, GitError, GitUsageError } from './errors.ts';
import {
	displayPath,
	openRepo,
	parseGitOptions,
	repoPath,
	workspacePath,
	writeLines,
	type Repo
} from './repo.ts';
import { blobEntries } from './trees.ts';
import { fileStates, isUnder, type FileState } from './worktree.ts';

/** Stages the working tree's version of each file: new and modified files added, deleted removed. */
export async function stageChanges(repo: Repo, states: readonly FileState[]): Promise<void> {
	const additions = states
		.filter((state) => state.inWorktree && (state.untracked || state.unstaged))
		.map((state) => state.path);
	const removals = states
		.filter((state) => state.unstaged === 'deleted')
		.map((state) => state.path);
	if (additions.length > 0) await git.add({ ...repo.base, filepath: additions });
	if (removals.length > 0) await git.remove({ ...repo.base, filepath: removals });
}

const addUsage = 'git add [-A | --all] [-u | --update] [-f | --force] [--] <pathspec>...';

/** `git add`. */
export const addCommand: GitCommand = {
	name: 'add',
	summary: 'Add file contents to the index',
	usage: addUsage,
	async run(run) {
		const { flags, operands } = parseGitOptions(
			run.args,
			[
				{ short: 'A', long: 'all' },
				{ short: 'u', long: 'update' },
				{ short: 'f', long: 'force' }
			],
			addUsage
		);
		const repo = await openRepo(run);
		if (operands.length === 0 && !flags.all && !flags.update) {
			await run.ctx.stderr.write(
				"Nothing specified, nothing added.\nhint: Maybe you wanted to say 'git add .'?\n"
			);
			return 0;
		}
		const paths = operands.length > 0 ? operands.map((operand) => repoPath(repo, operand)) : [''];
		const states = await fileStates(repo, paths);
		const ignored: string[] = [];
		for (const [i, path] of paths.entries()) {
			if (states.some((state) => isUnder(state.path, path))) continue;
			const exists = run.ctx.fs.exists(workspacePath(repo, path));
			if (exists && path !== '' && (await git.isIgnored({ ...repo.base, filepath: path }))) {
				if (flags.force) await git.add({ ...repo.base, filepath: path, force: true });
				else ignored.push(displayPath(repo, path));
			} else if (!exists) {
				throw new FatalError(`pathspec '${operands[i]}' did not match any files`);
			}
		}
		await stageChanges(repo, flags.update ? states.filter((state) => !state.untracked) : states);
		if (ignored.length > 0) {
			throw new GitError(
				[
					'The following paths are ignored by one of your .gitignore files:',
					...ignored,
					'hint: Use -f if you really want to add them.'
				].join('\n')
			);
		}
		return 0;
	}
};

const rmUsage = 'git rm [-f | --force] [-r] [--cached] [-q | --quiet] [--] <pathspec>...';

/** `git rm`. */
export const rmCommand: GitCommand = {
	name: 'rm',
	summary: 'Remove files from the working tree and from the index',
	usage: rmUsage,
	async run(run) {
		const { flags, operands } = parseGitOptions(
			run.args,
			[
				{ short: 'f', long: 'force' },
				{ short: 'r', key: 'recursive' },
				{ long: 'cached' },
				{ short: 'q', long: 'quiet' }
			],
			rmUsage
		);
		if (operands.length === 0)
			throw new FatalError('No pathspec was given. Which files should I remove?');
		const repo = await openRepo(run);
		const paths = operands.map((operand) => repoPath(repo, operand));
		// One status walk for every pathspec, not one per pathspec.
		const tracked = (await fileStates(repo, paths)).filter((state) => state.inIndex);
		const chosen = new Map<string, FileState>();
		for (const [i, operand] of operands.entries()) {
			const path = paths[i]!;
			const matched = tracked.filter((state) => isUnder(state.path, path));
			if (matched.length === 0)
				throw new FatalError(`pathspec '${operand}' did not match any files`);
			if (!flags.recursive && matched.some((state) => state.path !== path)) {
				throw new FatalError(`not removing '${operand}' recursively without -r`);
			}
			for (const state of matched) chosen.set(state.path, state);
		}
		const states = [...chosen.values()];
		if (!flags.force) refuseLosingChanges(repo, states, flags.cached === true);
		await git.remove({ ...repo.base, filepath: states.map((state) => state.path) });
		if (!flags.cached) {
			for (const state of states) removeFromWorktree(repo, state.path);
		}
		if (!flags.quiet)
			await writeLines(
				run.ctx.stdout,
				states.map((state) => `rm '${state.path}'`)
			);
		return 0;
	}
};

/** git rm refuses to drop content that exists nowhere else, unless forced. */
function refuseLosingChanges(repo: Repo, states: readonly FileState[], cached: boolean): void {
	const both = states.filter(
		(state) => state.staged && state.unstaged === 'modified' && state.inHead
	);
	const staged = cached ? [] : states.filter((state) => state.staged && !both.includes(state));
	const local = cached
		? []
		: states.filter((state) => state.unstaged === 'modified' && !both.includes(state));
	const problems: string[] = [];
	const list = (files: FileState[], one: string, many: string, hint: string) => {
		if (files.length === 0) return;
		problems.push(
			`${files.length === 1 ? one : many}`,
			...files.map((state) => `    ${displayPath(repo, state.path)}`),
			hint
		);
	};
	list(
		both,
		'the following file has staged content different from both the\nfile and the HEAD:',
		'the following files have staged content different from both the\nfile and the HEAD:',
		'(use -f to force removal)'
	);
	list(
		staged,
		'the following file has changes staged in the index:',
		'the following files have changes staged in the index:',
		'(use --cached to keep the file, or -f to force removal)'
	);
	list(
		local,
		'the following file has local modifications:',
		'the following files have local modifications:',
		'(use --cached to keep the file, or -f to force removal)'
	);
	if (problems.length > 0) throw new CommandError(problems.join('\n'));
}

/** Deletes a file and then the folders it leaves empty, as git does (never the repository root). */
export function removeFromWorktree(repo: Repo, filepath: string): void {
	const fs = repo.run.ctx.fs;
	const path = workspacePath(repo, filepath);
	if (fs.exists(path)) fs.remove(path, { origin: 'shell' });
	for (let dir = dirname(filepath); dir !== ''; dir = dirname(dir)) {
		const folder = workspacePath(repo, dir);
		if (!fs.exists(folder) || fs.list(folder).length > 0) break;
		fs.remove(folder, { origin: 'shell' });
	}
}

const mvUsage = 'git mv <source>... <destination>';

/** `git mv`. */
export const mvCommand: GitCommand = {
	name: 'mv',
	summary: 'Move or rename a file or a folder',
	usage: mvUsage,
	async run(run) {
		const { operands } = parseGitOptions(run.args, [], mvUsage);
		if (operands.length < 2) throw new GitUsageError('', mvUsage);
		const repo = await openRepo(run);
		const fs = run.ctx.fs;
		const target = operands[operands.length - 1]!;
		const targetPath = repoPath(repo, target);
		const targetIsDir =
			fs.exists(workspacePath(repo, targetPath)) &&
			fs.stat(workspacePath(repo, targetPath)).type === 'dir';
		if (operands.length > 2 && !targetIsDir) {
			throw new FatalError(`destination '${target}' is not a directory`);
		}
		const index = await blobEntries(repo, 'index');
		for (const source of operands.slice(0, -1)) {
			const from = repoPath(repo, source);
			const to = targetIsDir ? [targetPath, basename(from)].filter(Boolean).join('/') : targetPath;
			const where = `source=${source}, destination=${targetIsDir ? `${target}/${basename(from)}` : target}`;
			if (!fs.exists(workspacePath(repo, from))) throw new FatalError(`bad source, ${where}`);
			const moved = [...index.keys()].filter((path) => isUnder(path, from));
			if (moved.length === 0) throw new FatalError(`not under version control, ${where}`);
			if (isUnder(to, from)) throw new FatalError(`can not move directory into itself, ${where}`);
			if (fs.exists(workspacePath(repo, to))) throw new FatalError(`destination exists, ${where}`);
			const parent = dirname(to);
			if (parent !== '' && !fs.exists(workspacePath(repo, parent))) {
				throw new FatalError(`destination directory does not exist, ${where}`);
			}
			fs.rename(workspacePath(repo, from), workspacePath(repo, to), { origin: 'shell' });
			for (const path of moved) {
				const entry = index.get(path)!;
				const next = to + path.slice(from.length);
				await git.updateIndex({
					...repo.base,
					filepath: next,
					oid: entry.oid,
					mode: parseInt(entry.mode, 8),
					add: true
				});
				await git.updateIndex({ ...repo.base, filepath: path, remove: true, force: true });
			}
		}
		return 0;
	}
};
