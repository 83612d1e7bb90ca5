// `git status`, long and short, with git's wording and hints; colours only on a terminal.
import {
	displayPath,
	headLabel,
	openRepo,
	paint,
	parseGitOptions,
	repoPath,
	shortOid,
	type Colouring,
	type Repo
} from './repo.ts';
import type { GitCommand } from './command.ts';
import { fileStates, untrackedEntries, type FileState } from './worktree.ts';

const usage = 'git status [-s | --short] [-b | --branch] [--porcelain] [--] [<pathspec>...]';

/** `git status`. */
export const statusCommand: GitCommand = {
	name: 'status',
	summary: 'Show the working tree status',
	usage,
	async run(run) {
		const { flags, operands } = parseGitOptions(
			run.args,
			[
				{ short: 's', long: 'short' },
				{ short: 'b', long: 'branch' },
				{ long: 'porcelain' },
				{ long: 'long' }
			],
			usage
		);
		const repo = await openRepo(run);
		const paths = operands.map((operand) => repoPath(repo, operand));
		const out = run.ctx.stdout;
		if (flags.short || flags.porcelain) {
			const colour = flags.porcelain ? { isTerminal: false } : out;
			await out.write(await shortStatus(repo, colour, paths, flags.branch === true));
		} else {
			await out.write(await longStatus(repo, out, paths));
		}
		return 0;
	}
};

const label = (change: string) => `${change}:`.padEnd(12);

/** The long `git status` text, hints included; also what `git commit` prints with nothing staged. */
export async function longStatus(
	repo: Repo,
	out: Colouring,
	paths: readonly string[] = []
): Promise<string> {
	const { branch, oid } = await headLabel(repo);
	const states = await fileStates(repo, paths);
	const show = (path: string) => displayPath(repo, path);
	const staged = states.filter((state) => state.staged);
	const unstaged = states.filter((state) => state.unstaged);
	const untracked = untrackedEntries(states);
	const lines = [branch ? `On branch ${branch}` : `HEAD detached at ${shortOid(oid ?? '')}`];
	if (!oid) lines.push('', 'No commits yet', '');
	if (staged.length > 0) {
		lines.push(
			'Changes to be committed:',
			oid
				? '  (use "git restore --staged <file>..." to unstage)'
				: '  (use "git rm --cached <file>..." to unstage)',
			...staged.map((s) => `\t${paint(out, 'green', label(s.staged!) + show(s.path))}`),
			''
		);
	}
	if (unstaged.length > 0) {
		const deletes = unstaged.some((state) => state.unstaged === 'deleted');
		lines.push(
			'Changes not staged for commit:',
			`  (use "git ${deletes ? 'add/rm' : 'add'} <file>..." to update what will be committed)`,
			'  (use "git restore <file>..." to discard changes in working directory)',
			...unstaged.map((s) => `\t${paint(out, 'red', label(s.unstaged!) + show(s.path))}`),
			''
		);
	}
	if (untracked.length > 0) {
		lines.push(
			'Untracked files:',
			'  (use "git add <file>..." to include in what will be committed)',
			...untracked.map((entry) => `\t${paint(out, 'red', untrackedPath(repo, entry))}`),
			''
		);
	}
	if (staged.length === 0) lines.push(ending(unstaged.length > 0, untracked.length > 0, !oid));
	return `${lines.join('\n')}\n`;
}

function ending(unstaged: boolean, untracked: boolean, unborn: boolean): string {
	if (unstaged) return 'no changes added to commit (use "git add" and/or "git commit -a")';
	if (untracked) {
		return 'nothing added to commit but untracked files present (use "git add" to track)';
	}
	if (unborn) return 'nothing to commit (create/copy files and use "git add" to track)';
	return 'nothing to commit, working tree clean';
}

/** A folder entry keeps its trailing slash when shown relative to the current folder. */
function untrackedPath(repo: Repo, entry: string): string {
	const folder = entry.endsWith('/');
	const shown = displayPath(repo, folder ? entry.slice(0, -1) : entry);
	return folder ? `${shown}/` : shown;
}

const stagedLetter = { 'new file': 'A', modified: 'M', deleted: 'D' } as const;
const unstagedLetter = { modified: 'M', deleted: 'D' } as const;

/** `git status --short`: `XY path`, X for the index, Y for the working tree, `??` untracked. */
async function shortStatus(
	repo: Repo,
	out: Colouring,
	paths: readonly string[],
	withBranch: boolean
): Promise<string> {
	const lines: string[] = [];
	if (withBranch) {
		const { branch, oid } = await headLabel(repo);
		const name = branch ?? 'HEAD (no branch)';
		lines.push(`${paint(out, 'green', '##')} ${oid ? name : `No commits yet on ${name}`}`);
	}
	const states = await fileStates(repo, paths);
	for (const state of states.filter((s: FileState) => s.staged || s.unstaged)) {
		const x = state.staged ? paint(out, 'green', stagedLetter[state.staged]) : ' ';
		const y = state.unstaged ? paint(out, 'red', unstagedLetter[state.unstaged]) : ' ';
		lines.push(`${x}${y} ${displayPath(repo, state.path)}`);
	}
	for (const entry of untrackedEntries(states)) {
		lines.push(`${paint(out, 'red', '??')} ${untrackedPath(repo, entry)}`);
	}
	return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
