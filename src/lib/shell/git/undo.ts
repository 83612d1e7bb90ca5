// Taking changes back: `git restore`, `git reset`, and the `git checkout -- <file>` form.
// Files are written through the workspace, so an open editor sees a minimal edit.
import * as git from 'isomorphic-git';
import { equalBytes } from '../../workspace/content.ts';
import type { GitCommand } from './command.ts';
import { CommandError, FatalError, GitUsageError } from './errors.ts';
import { storedContent } from './fs-adapter.ts';
import {
	currentBranch,
	displayPath,
	headOid,
	openRepo,
	parseGitArgs,
	parseGitOptions,
	repoPath,
	resolveRevision,
	shortOid,
	tryRevision,
	workspacePath,
	writeLines,
	type Repo
} from './repo.ts';
import { removeFromWorktree } from './staging.ts';
import { blobEntries, commitEntries, type BlobEntry } from './trees.ts';
import { fileStates, isUnder } from './worktree.ts';

/** Pathspecs as the user typed them and as repository paths. */
interface Pathspecs {
	typed: readonly string[];
	paths: readonly string[];
}

function pathspecs(repo: Repo, typed: readonly string[]): Pathspecs {
	return { typed, paths: typed.map((operand) => repoPath(repo, operand)) };
}

/** The files of `entries` under the pathspecs; git's error for a pathspec that matches none. */
function matching(entries: ReadonlyMap<string, BlobEntry>[], specs: Pathspecs): string[] {
	const matched = new Set<string>();
	for (const [i, path] of specs.paths.entries()) {
		const found = entries.flatMap((map) => [...map.keys()].filter((key) => isUnder(key, path)));
		if (found.length === 0) {
			throw new CommandError(`pathspec '${specs.typed[i]}' did not match any file(s) known to git`);
		}
		for (const key of found) matched.add(key);
	}
	return [...matched].sort();
}

/** Writes the blob of each path (or deletes the file when `entries` lacks it) into the working tree. */
async function restoreWorktree(
	repo: Repo,
	entries: ReadonlyMap<string, BlobEntry>,
	paths: readonly string[]
): Promise<void> {
	const fs = repo.run.ctx.fs;
	for (const path of paths) {
		const entry = entries.get(path);
		if (!entry) {
			removeFromWorktree(repo, path);
			continue;
		}
		const { blob } = await git.readBlob({ ...repo.base, oid: entry.oid });
		const target = workspacePath(repo, path);
		if (fs.exists(target) && fs.stat(target).type === 'dir')
			fs.remove(target, { recursive: true, origin: 'shell' });
		if (fs.exists(target) && equalBytes(fs.readBytes(target), blob)) continue;
		fs.writeFile(target, storedContent(blob), { origin: 'shell' });
	}
}

/** Sets the index entry of each path to its version in `commit` (none: HEAD), or drops it. */
async function restoreIndex(
	repo: Repo,
	commit: string | undefined,
	paths: readonly string[]
): Promise<void> {
	for (const filepath of paths) {
		await git.resetIndex({ ...repo.base, filepath, ...(commit ? { ref: commit } : {}) });
	}
}

const restoreUsage =
	'git restore [--staged] [--worktree] [-s <tree> | --source=<tree>] [--] <pathspec>...';

/** `git restore`. */
export const restoreCommand: GitCommand = {
	name: 'restore',
	summary: 'Restore working tree files, or unstage them with --staged',
	usage: restoreUsage,
	async run(run) {
		const { flags, values, operands } = parseGitOptions(
			run.args,
			[
				{ short: 'S', long: 'staged' },
				{ short: 'W', long: 'worktree' },
				{ short: 's', long: 'source', value: true }
			],
			restoreUsage
		);
		if (operands.length === 0) throw new FatalError('you must specify path(s) to restore');
		const repo = await openRepo(run);
		const specs = pathspecs(repo, operands);
		const worktree = flags.worktree === true || !flags.staged;
		// The index is restored from HEAD, the working tree from the index, unless --source says.
		const fromCommit = flags.staged === true || values.source !== undefined;
		const source =
			values.source !== undefined
				? await resolveRevision(repo, values.source)
				: await headOid(repo);
		const index = await blobEntries(repo, 'index');
		let sourceEntries = index;
		if (fromCommit) sourceEntries = await commitEntries(repo, source);
		const paths = matching([sourceEntries, index], specs);
		if (flags.staged) await restoreIndex(repo, source, paths);
		if (worktree) {
			const restorable = fromCommit ? paths : paths.filter((path) => index.has(path));
			await restoreWorktree(repo, sourceEntries, restorable);
		}
		return 0;
	}
};

const checkoutFilesUsage = 'git checkout [<tree-ish>] [--] <pathspec>...';

/** `git checkout [REV] -- FILE...`: the index's (or REV's) version back into the working tree. */
export async function checkoutFiles(
	repo: Repo,
	revision: string | undefined,
	typed: readonly string[]
): Promise<number> {
	if (typed.length === 0) throw new GitUsageError('no paths given', checkoutFilesUsage);
	const specs = pathspecs(repo, typed);
	const index = await blobEntries(repo, 'index');
	if (revision === undefined) {
		await restoreWorktree(repo, index, matching([index], specs));
		return 0;
	}
	const commit = await resolveRevision(repo, revision);
	const entries = await blobEntries(repo, { commit });
	const paths = matching([entries], specs);
	await restoreIndex(repo, commit, paths);
	await restoreWorktree(repo, entries, paths);
	return 0;
}

const resetUsage =
	'git reset [--soft | --mixed | --hard] [-q] [<commit>] | git reset [-q] [<commit>] [--] <pathspec>...';

/** `git reset`. */
export const resetCommand: GitCommand = {
	name: 'reset',
	summary: 'Unstage files, or move the current branch to another commit',
	usage: resetUsage,
	async run(run) {
		const {
			flags,
			operands,
			pathspecs: afterDashes
		} = parseGitArgs(
			run.args,
			[{ long: 'soft' }, { long: 'mixed' }, { long: 'hard' }, { short: 'q', long: 'quiet' }],
			resetUsage
		);
		const repo = await openRepo(run);
		const typed = afterDashes ?? [];
		const [first, ...others] = operands;
		let revision: string | undefined;
		if (first !== undefined) {
			const isRevision = (await tryRevision(repo, first)) !== undefined;
			const isFile = run.ctx.fs.exists(workspacePath(repo, repoPath(repo, first)));
			if (isRevision && isFile && !afterDashes) {
				throw new FatalError(
					`ambiguous argument '${first}': both revision and filename\nUse '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'`
				);
			}
			if (isRevision) revision = first;
			else typed.unshift(first);
		}
		typed.push(...others);
		if (typed.length > 0 && (flags.soft || flags.hard)) {
			throw new FatalError(`Cannot do ${flags.soft ? 'soft' : 'hard'} reset with paths.`);
		}
		const head = await headOid(repo);
		const target = revision === undefined ? head : await resolveRevision(repo, revision);
		if (typed.length > 0) {
			const specs = pathspecs(repo, typed);
			const targetEntries = await commitEntries(repo, target);
			const paths = matching([targetEntries, await blobEntries(repo, 'index')], specs);
			await restoreIndex(repo, target, paths);
			if (!flags.quiet) await printUnstaged(repo);
			return 0;
		}
		const before = await fileStates(repo, [], target);
		if (target !== undefined && target !== head) await moveBranch(repo, target);
		if (flags.soft) return 0;
		const changed = before.filter((state) => state.staged || (flags.hard && state.unstaged));
		const paths = changed.map((state) => state.path);
		await restoreIndex(repo, target, paths);
		if (flags.hard) {
			const entries = await commitEntries(repo, target);
			// Files staged as new are not in the target: git reset --hard deletes them too.
			await restoreWorktree(repo, entries, paths);
			if (!flags.quiet && target) {
				const { commit } = await git.readCommit({ ...repo.base, oid: target });
				await run.ctx.stdout.write(
					`HEAD is now at ${shortOid(target)} ${commit.message.split('\n')[0]}\n`
				);
			}
			return 0;
		}
		if (!flags.quiet) await printUnstaged(repo);
		return 0;
	}
};

/** Points the current branch (or a detached HEAD) at `oid`. */
async function moveBranch(repo: Repo, oid: string): Promise<void> {
	const branch = await currentBranch(repo);
	await git.writeRef({
		...repo.base,
		ref: branch ? `refs/heads/${branch}` : 'HEAD',
		value: oid,
		force: true
	});
}

/** `Unstaged changes after reset:` and the modified files, as git prints after a mixed reset. */
async function printUnstaged(repo: Repo): Promise<void> {
	const states = (await fileStates(repo)).filter((state) => state.unstaged);
	if (states.length === 0) return;
	await writeLines(repo.run.ctx.stdout, [
		'Unstaged changes after reset:',
		...states.map(
			(state) => `${state.unstaged === 'deleted' ? 'D' : 'M'}\t${displayPath(repo, state.path)}`
		)
	]);
}
