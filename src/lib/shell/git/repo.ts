// What every subcommand needs: the repository around the current folder, pathspecs turned into
// repository paths, revisions into commits, who the author is, and git-like output helpers.
import * as git from 'isomorphic-git';
import { UsageError } from '../errors.ts';
import { parseOptions, type OptionSpec, type ParsedOptions } from '../builtins/options.ts';
import type { OutputStream } from '../io.ts';
import { absolutePath, resolvePath } from '../paths.ts';
import type { CommandContext } from '../types.ts';
import { FatalError, GitUsageError, NotARepositoryError } from './errors.ts';
import { createGitFs, type GitFs } from './fs-adapter.ts';

/** One run of a subcommand: the shell's context, the folder git runs in, the arguments. */
export interface GitRun {
	readonly ctx: CommandContext;
	/** The folder git runs in (the shell's, or `-C`'s), as a workspace path. */
	readonly cwd: string;
	/** The arguments after the subcommand's name. */
	readonly args: readonly string[];
}

/** The repository a subcommand works on. */
export interface Repo {
	readonly run: GitRun;
	/** The workspace path of the working tree ('' when the repository is the whole workspace). */
	readonly root: string;
	/** What every isomorphic-git call takes: its fs, dir, gitdir and a cache for this run. */
	readonly base: { fs: GitFs; dir: string; gitdir: string; cache: object };
}

/** The `dir` and `gitdir` isomorphic-git takes for a working tree at workspace path `root`. */
export function gitLocation(root: string): { dir: string; gitdir: string } {
	return { dir: `/${root}`, gitdir: root ? `/${root}/.git` : '/.git' };
}

/** The nearest repository at or above the run's folder, or git's "not a git repository". */
export async function openRepo(run: GitRun): Promise<Repo> {
	const fs = createGitFs(run.ctx.fs);
	let dir: string;
	try {
		dir = await git.findRoot({ fs, filepath: `/${run.cwd}` });
	} catch (error) {
		if ((error as { code?: string }).code === 'NotFoundError') throw new NotARepositoryError();
		throw error;
	}
	const root = dir.replace(/^\/+/, '');
	return { run, root, base: { fs, ...gitLocation(root), cache: {} } };
}

/** The repository path ('' for its root) of a path argument, which must lie inside it. */
export function repoPath(repo: Repo, input: string): string {
	const path = resolvePath(repo.run.cwd, input);
	if (repo.root === '') return path;
	if (path === repo.root) return '';
	if (path.startsWith(`${repo.root}/`)) return path.slice(repo.root.length + 1);
	throw new FatalError(
		`${input}: '${input}' is outside repository at '${absolutePath(repo.root)}'`
	);
}

/** The workspace path of a repository path. */
export function workspacePath(repo: Repo, filepath: string): string {
	return [repo.root, filepath].filter(Boolean).join('/');
}

/** How git shows a repository path: relative to the folder git runs in (`../a.txt`). */
export function displayPath(repo: Repo, filepath: string): string {
	const target = workspacePath(repo, filepath);
	const from = repo.run.cwd ? repo.run.cwd.split('/') : [];
	const to = target ? target.split('/') : [];
	let common = 0;
	while (common < from.length && common < to.length && from[common] === to[common]) common++;
	const parts = [...from.slice(common).map(() => '..'), ...to.slice(common)];
	return parts.join('/') || '.';
}

/** The commit HEAD points to, or undefined on a branch with no commits yet. */
export async function headOid(repo: Repo): Promise<string | undefined> {
	try {
		return await git.resolveRef({ ...repo.base, ref: 'HEAD' });
	} catch {
		return undefined;
	}
}

/** The checked-out branch's short name, or undefined when HEAD is detached. */
export async function currentBranch(repo: Repo): Promise<string | undefined> {
	return (await git.currentBranch({ ...repo.base, fullname: false })) ?? undefined;
}

/** The commit HEAD is on, as `git status` and commit messages name it. */
export async function headLabel(repo: Repo): Promise<{ branch?: string; oid?: string }> {
	return { branch: await currentBranch(repo), oid: await headOid(repo) };
}

/** The branch names of the repository, sorted. */
export async function branchNames(repo: Repo): Promise<string[]> {
	return (await git.listBranches({ ...repo.base })).sort();
}

/** True when `name` is a local branch. */
export async function isBranch(repo: Repo, name: string): Promise<boolean> {
	return (await branchNames(repo)).includes(name);
}

/**
 * The commit a revision names: `HEAD`, a branch, a (short) commit id, each optionally followed by
 * `~N` and `^` (first parents). Throws git's "unknown revision" otherwise.
 */
export async function resolveRevision(repo: Repo, revision: string): Promise<string> {
	const oid = await tryRevision(repo, revision);
	if (oid === undefined) {
		throw new FatalError(
			`ambiguous argument '${revision}': unknown revision or path not in the working tree.`
		);
	}
	return oid;
}

/** Like resolveRevision, but undefined for a name that is not a revision. */
export async function tryRevision(repo: Repo, revision: string): Promise<string | undefined> {
	const match = /^(.*?)((?:[~^]\d*)*)$/.exec(revision);
	const name = match?.[1] || 'HEAD';
	let oid = await baseRevision(repo, name === '@' ? 'HEAD' : name);
	if (oid === undefined) return undefined;
	for (const [, kind, digits] of (match?.[2] ?? '').matchAll(/([~^])(\d*)/g)) {
		const count = digits === '' ? 1 : Number(digits);
		if (kind === '~') {
			for (let i = 0; i < count && oid !== undefined; i++) oid = await parent(repo, oid, 0);
		} else if (count > 0) {
			oid = await parent(repo, oid, count - 1);
		}
		if (oid === undefined) return undefined;
	}
	return oid;
}

async function parent(repo: Repo, oid: string, index: number): Promise<string | undefined> {
	const { commit } = await git.readCommit({ ...repo.base, oid });
	return commit.parent[index];
}

async function baseRevision(repo: Repo, name: string): Promise<string | undefined> {
	try {
		const oid = await git.resolveRef({ ...repo.base, ref: name });
		return await peelToCommit(repo, oid);
	} catch {
		// not a ref: maybe a commit id
	}
	if (!/^[0-9a-f]{4,40}$/i.test(name)) return undefined;
	try {
		return await git.expandOid({ ...repo.base, oid: name.toLowerCase() });
	} catch (error) {
		if ((error as { code?: string }).code === 'AmbiguousError') throw error;
		return undefined;
	}
}

async function peelToCommit(repo: Repo, oid: string): Promise<string> {
	const object = await git.readObject({ ...repo.base, oid });
	if (object.type === 'tag') {
		const { tag } = await git.readTag({ ...repo.base, oid });
		return peelToCommit(repo, tag.object);
	}
	return oid;
}

/** The author of new commits: `git config user.name/user.email`, else the shell's user. */
export async function authorOf(repo: Repo): Promise<{ name: string; email: string }> {
	const name = (await git.getConfig({ ...repo.base, path: 'user.name' })) as unknown;
	const email = (await git.getConfig({ ...repo.base, path: 'user.email' })) as unknown;
	const { user } = repo.run.ctx.shell;
	return {
		name: typeof name === 'string' && name.trim() ? name : user.name,
		email: typeof email === 'string' && email.trim() ? email : user.email
	};
}

/** A commit id as git abbreviates it. */
export function shortOid(oid: string): string {
	return oid.slice(0, 7);
}

/** Parses a subcommand's options; bad ones become git's `error: unknown option` and usage. */
export function parseGitOptions(
	args: readonly string[],
	specs: readonly OptionSpec[],
	usage: string
): ParsedOptions {
	try {
		return parseOptions(args, specs);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		const message = error.message
			.replace(/^unrecognized option '--(.*)'$/, "unknown option `$1'")
			.replace(/^invalid option -- '(.*)'$/, "unknown switch `$1'");
		throw new GitUsageError(message, usage);
	}
}

/** The arguments before the first `--`, and those after it (undefined when there is none). */
export function splitAtDashes(args: readonly string[]): {
	before: readonly string[];
	after: string[] | undefined;
} {
	const split = args.indexOf('--');
	if (split < 0) return { before: args, after: undefined };
	return { before: args.slice(0, split), after: args.slice(split + 1) };
}

/** parseGitOptions on the arguments before `--`; `pathspecs` are the ones after it, if any. */
export function parseGitArgs(
	args: readonly string[],
	specs: readonly OptionSpec[],
	usage: string
): ParsedOptions & { pathspecs: string[] | undefined } {
	const { before, after } = splitAtDashes(args);
	return { ...parseGitOptions(before, specs, usage), pathspecs: after };
}

/** SGR colours git uses. */
export const colours = {
	red: '31',
	green: '32',
	yellow: '33',
	cyan: '36',
	bold: '1',
	boldCyan: '1;36',
	boldGreen: '1;32'
} as const;

/** Where colours go: a stream, or `{ isTerminal: false }` for plain text. */
export type Colouring = { readonly isTerminal: boolean };

/** `text` in `colour` when `stream` is a terminal, plain otherwise. */
export function paint(stream: Colouring, colour: keyof typeof colours, text: string): string {
	return stream.isTerminal && text !== '' ? `\x1b[${colours[colour]}m${text}\x1b[m` : text;
}

/** Writes lines (each ended with a newline) to a stream; nothing for no lines. */
export async function writeLines(stream: OutputStream, lines: readonly string[]): Promise<void> {
	if (lines.length > 0) await stream.write(`${lines.join('\n')}\n`);
}
