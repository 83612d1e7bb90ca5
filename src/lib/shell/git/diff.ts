// `git diff`: the working tree against the index, `--staged` the index against HEAD, a commit
// against the working tree or the index, or two commits; as unified diffs, names or statuses.
import type { OutputStream } from '../io.ts';
import type { GitCommand } from './command.ts';
import { FatalError } from './errors.ts';
import { formatPatch, type FileChange } from './patch.ts';
import {
	headOid,
	openRepo,
	parseGitArgs,
	repoPath,
	tryRevision,
	workspacePath,
	writeLines,
	type Repo
} from './repo.ts';
import { blobEntries, commitChanges, commitEntries, withContent, worktreeBlob } from './trees.ts';
import { fileStates } from './worktree.ts';

const usage =
	'git diff [--staged | --cached] [--name-only | --name-status] [--exit-code | --quiet] [<commit> [<commit>]] [--] [<path>...]';

/** `git diff`. */
export const diffCommand: GitCommand = {
	name: 'diff',
	summary: 'Show changes between the working tree, the index and commits',
	usage,
	async run(run) {
		const { flags, operands, pathspecs } = parseGitArgs(
			run.args,
			[
				{ long: 'staged', key: 'cached' },
				{ long: 'cached' },
				{ long: 'name-only' },
				{ long: 'name-status' },
				{ long: 'exit-code' },
				{ long: 'quiet' }
			],
			usage
		);
		const repo = await openRepo(run);
		const { revisions, paths } = await splitOperands(repo, operands);
		if (pathspecs) paths.push(...pathspecs.map((arg) => repoPath(repo, arg)));
		if (revisions.length > 2) throw new FatalError('too many revisions: give at most two');
		const changes = await collectChanges(repo, revisions, paths, flags.cached === true);
		if (!flags.quiet) await printChanges(run.ctx.stdout, changes, flags);
		return (flags['exit-code'] || flags.quiet) && changes.length > 0 ? 1 : 0;
	}
};

/** Operands before `--`: revisions first (`A..B` too), then paths that must exist. */
async function splitOperands(
	repo: Repo,
	operands: readonly string[]
): Promise<{ revisions: string[]; paths: string[] }> {
	const revisions: string[] = [];
	const paths: string[] = [];
	for (const operand of operands) {
		if (paths.length === 0) {
			const range = /^(.+)\.\.(.+)$/.exec(operand);
			const names = range ? [range[1]!, range[2]!] : [operand];
			const oids = await Promise.all(names.map((name) => tryRevision(repo, name)));
			if (oids.every((oid) => oid !== undefined)) {
				revisions.push(...(oids as string[]));
				continue;
			}
		}
		const path = repoPath(repo, operand);
		if (!repo.run.ctx.fs.exists(workspacePath(repo, path))) {
			throw new FatalError(
				`ambiguous argument '${operand}': unknown revision or path not in the working tree.\nUse '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'`
			);
		}
		paths.push(path);
	}
	return { revisions, paths };
}

/** The file changes one form of `git diff` shows. */
async function collectChanges(
	repo: Repo,
	revisions: readonly string[],
	paths: readonly string[],
	cached: boolean
): Promise<FileChange[]> {
	if (revisions.length === 2) return commitChanges(repo, revisions[0], revisions[1]!, paths);
	const base = revisions[0] ?? (cached ? await headOid(repo) : undefined);
	const baseEntries = await commitEntries(repo, base);
	const states = await fileStates(repo, paths, base);
	if (cached) {
		const index = await blobEntries(repo, 'index');
		const staged = states.filter((state) => (base ? state.staged : state.inIndex));
		return withContent(
			repo,
			staged.map((state) => ({
				path: state.path,
				before: baseEntries.get(state.path),
				after: index.get(state.path)
			}))
		);
	}
	const changed = base
		? states.filter(
				(state) =>
					(state.inHead || state.inIndex) &&
					!state.worktreeSameAsHead &&
					(state.inHead || state.inWorktree)
			)
		: states.filter((state) => state.unstaged);
	const sides = base ? baseEntries : await blobEntries(repo, 'index');
	const result = await withContent(
		repo,
		changed.map((state) => ({ path: state.path, before: sides.get(state.path) }))
	);
	for (const change of result) {
		change.after = await worktreeBlob(repo, change.path, change.before?.mode);
	}
	return result.filter((change) => change.before?.oid !== change.after?.oid);
}

async function printChanges(
	out: OutputStream,
	changes: readonly FileChange[],
	flags: Record<string, true | undefined>
): Promise<void> {
	if (flags['name-only'])
		return writeLines(
			out,
			changes.map((change) => change.path)
		);
	if (flags['name-status']) {
		return writeLines(
			out,
			changes.map(({ path, before, after }) => `${!before ? 'A' : !after ? 'D' : 'M'}\t${path}`)
		);
	}
	await printPatches(out, changes);
}

/** Writes the unified diffs of `changes`, one file at a time. */
export async function printPatches(
	out: OutputStream,
	changes: readonly FileChange[]
): Promise<void> {
	for (const change of changes) {
		const patch = formatPatch(change, out);
		if (patch) await out.write(patch);
	}
}
