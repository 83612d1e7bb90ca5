// Making and reading history: `git commit`, `git log` and `git show`.
import * as git from 'isomorphic-git';
import type { GitCommand } from './command.ts';
import { CommandError, FatalError, GitError, GitUsageError } from './errors.ts';
import { printPatches } from './diff.ts';
import { summaryLine } from './patch.ts';
import {
	authorOf,
	branchNames,
	currentBranch,
	headLabel,
	headOid,
	openRepo,
	paint,
	parseGitOptions,
	repoPath,
	resolveRevision,
	shortOid,
	splitAtDashes,
	tryRevision,
	workspacePath,
	writeLines,
	type Colouring,
	type Repo
} from './repo.ts';
import { stageChanges } from './staging.ts';
import { longStatus } from './status.ts';
import { commitChanges } from './trees.ts';
import { fileStates } from './worktree.ts';

const commitUsage = 'git commit [-a | --all] [--amend] [--allow-empty] [-q] -m <msg>...';

/** `git commit`. */
export const commitCommand: GitCommand = {
	name: 'commit',
	summary: 'Record changes to the repository',
	usage: commitUsage,
	async run(run) {
		const { messages, rest } = takeMessages(run.args, commitUsage);
		const { flags, operands } = parseGitOptions(
			rest,
			[
				{ short: 'a', long: 'all' },
				{ long: 'amend' },
				{ long: 'allow-empty' },
				{ short: 'q', long: 'quiet' }
			],
			commitUsage
		);
		if (operands.length > 0) {
			throw new GitUsageError(
				'committing only some paths is not supported: use git add first',
				commitUsage
			);
		}
		const repo = await openRepo(run);
		const parentOid = await headOid(repo);
		if (flags.amend && !parentOid) {
			throw new FatalError('You have nothing to amend.');
		}
		if (flags.all) {
			await stageChanges(
				repo,
				(await fileStates(repo)).filter((state) => state.unstaged)
			);
		}
		const staged = (await fileStates(repo)).some((state) => state.staged);
		if (!staged && !flags.amend && !flags['allow-empty']) {
			await run.ctx.stdout.write(await longStatus(repo, run.ctx.stdout));
			return 1;
		}
		const message = messages.length > 0 ? cleanMessage(messages.join('\n\n')) : undefined;
		if (message === undefined && !flags.amend) {
			throw new CommandError(
				'no commit message given: write it with -m, like git commit -m "Add the parser" (there is no editor here)'
			);
		}
		if (message === '') throw new GitError('Aborting commit due to empty commit message.', 1);
		const person = await authorOf(repo);
		const previous = flags.amend
			? await git.readCommit({ ...repo.base, oid: parentOid! })
			: undefined;
		const oid = await git.commit({
			...repo.base,
			...(message === undefined ? {} : { message: `${message}\n` }),
			...(flags.amend ? { amend: true } : { author: person }),
			committer: person
		});
		if (flags.quiet) return 0;
		const parent = previous ? previous.commit.parent[0] : parentOid;
		const subject = (message ?? previous?.commit.message ?? '').split('\n')[0]!;
		await writeLines(run.ctx.stdout, await commitSummary(repo, oid, parent, subject));
		return 0;
	}
};

/** `[main (root-commit) abc1234] subject`, the counts, and the created and deleted files. */
async function commitSummary(
	repo: Repo,
	oid: string,
	parent: string | undefined,
	subject: string
): Promise<string[]> {
	const branch = (await currentBranch(repo)) ?? 'detached HEAD';
	const changes = await commitChanges(repo, parent, oid);
	return [
		`[${branch}${parent ? '' : ' (root-commit)'} ${shortOid(oid)}] ${subject}`,
		summaryLine(changes),
		...changes.flatMap((change) => {
			if (!change.before) return [` create mode ${change.after!.mode} ${change.path}`];
			if (!change.after) return [` delete mode ${change.before.mode} ${change.path}`];
			return [];
		})
	];
}

/** Every `-m MSG` (also `-mMSG`, `-am MSG`, `--message=MSG`) and the other arguments. */
function takeMessages(
	args: readonly string[],
	usage: string
): { messages: string[]; rest: string[] } {
	const messages: string[] = [];
	const rest: string[] = [];
	const value = (i: number, option: string) => {
		const next = args[i];
		if (next === undefined) throw new GitUsageError(`switch \`${option}' requires a value`, usage);
		return next;
	};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') {
			rest.push(...args.slice(i));
			break;
		}
		if (arg === '--message' || arg.startsWith('--message=')) {
			messages.push(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : value(++i, 'message'));
			continue;
		}
		const cluster = /^-([A-Za-z]*?)m(.*)$/.exec(arg);
		if (cluster && !arg.startsWith('--')) {
			if (cluster[1]) rest.push(`-${cluster[1]}`);
			messages.push(cluster[2] ? cluster[2] : value(++i, 'm'));
			continue;
		}
		rest.push(arg);
	}
	return { messages, rest };
}

/** git's `whitespace` cleanup: no trailing spaces, no leading, trailing or repeated blank lines. */
function cleanMessage(message: string): string {
	const lines = message.split('\n').map((line) => line.trimEnd());
	const kept: string[] = [];
	for (const line of lines) {
		if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
		kept.push(line);
	}
	while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
	return kept.join('\n');
}

const logUsage = 'git log [--oneline] [-n <number> | -<number>] [<revision>] [[--] <path>]';

/** `git log`. */
export const logCommand: GitCommand = {
	name: 'log',
	summary: 'Show commit logs',
	usage: logUsage,
	async run(run) {
		const { before, after } = splitAtDashes(run.args);
		// `-5` is `--max-count=5`, but only among the options.
		const args = before.map((arg) => (/^-\d+$/.test(arg) ? `--max-count=${arg.slice(1)}` : arg));
		const { flags, values, operands } = parseGitOptions(
			args,
			[{ long: 'oneline' }, { short: 'n', long: 'max-count', value: true }],
			logUsage
		);
		const count = values['max-count'] === undefined ? undefined : Number(values['max-count']);
		if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
			throw new FatalError(`'${values['max-count']}': not an integer`);
		}
		const repo = await openRepo(run);
		const paths = after ?? [];
		let revision: string | undefined;
		for (const operand of operands) {
			if (revision === undefined && paths.length === 0 && (await tryRevision(repo, operand))) {
				revision = operand;
				continue;
			}
			const path = repoPath(repo, operand);
			// Neither a revision nor a file: git's "unknown revision" error.
			if (!run.ctx.fs.exists(workspacePath(repo, path))) await resolveRevision(repo, operand);
			paths.push(operand);
		}
		const oid = await startOf(repo, revision);
		if (paths.length > 1) throw new FatalError('git log here follows at most one path');
		if (count === 0) return 0;
		const commits = await git.log({
			...repo.base,
			ref: oid,
			...(count ? { depth: count } : {}),
			...(paths[0] === undefined ? {} : { filepath: repoPath(repo, paths[0]) })
		});
		const out = run.ctx.stdout;
		const decorations = out.isTerminal ? await decorationsOf(repo, out) : new Map<string, string>();
		const entries = commits.map((entry) =>
			flags.oneline ? onelineEntry(entry, decorations, out) : fullEntry(entry, decorations, out)
		);
		await out.write(entries.map((entry) => `${entry}\n`).join(flags.oneline ? '' : '\n'));
		return 0;
	}
};

async function startOf(repo: Repo, revision: string | undefined): Promise<string> {
	if (revision !== undefined) return resolveRevision(repo, revision);
	const oid = await headOid(repo);
	if (oid === undefined) {
		const branch = (await currentBranch(repo)) ?? 'HEAD';
		throw new FatalError(`your current branch '${branch}' does not have any commits yet`);
	}
	return oid;
}

type LogEntry = Awaited<ReturnType<typeof git.log>>[number];

function onelineEntry(entry: LogEntry, decorations: Map<string, string>, out: Colouring): string {
	const decoration = decorations.get(entry.oid);
	const subject = entry.commit.message.split('\n')[0];
	return `${paint(out, 'yellow', shortOid(entry.oid))}${decoration ? ` ${decoration}` : ''} ${subject}`;
}

/** The default (`medium`) format of git log and git show, without the final newline. */
function fullEntry(entry: LogEntry, decorations: Map<string, string>, out: Colouring): string {
	const { commit } = entry;
	const decoration = decorations.get(entry.oid);
	const lines = [
		paint(out, 'yellow', `commit ${entry.oid}`) + (decoration ? ` ${decoration}` : '')
	];
	if (commit.parent.length > 1) lines.push(`Merge: ${commit.parent.map(shortOid).join(' ')}`);
	lines.push(
		`Author: ${commit.author.name} <${commit.author.email}>`,
		`Date:   ${gitDate(commit.author.timestamp, commit.author.timezoneOffset)}`,
		''
	);
	const message = commit.message.replace(/\n+$/, '');
	lines.push(...message.split('\n').map((line) => `    ${line}`));
	return lines.join('\n');
}

/** `(HEAD -> main, feature)` by commit id, as git decorates on a terminal. */
async function decorationsOf(repo: Repo, out: Colouring): Promise<Map<string, string>> {
	const { branch, oid: head } = await headLabel(repo);
	const names = new Map<string, string[]>();
	const add = (oid: string, name: string) => names.set(oid, [...(names.get(oid) ?? []), name]);
	if (head && !branch) add(head, paint(out, 'boldCyan', 'HEAD'));
	for (const name of await branchNames(repo)) {
		const oid = await git.resolveRef({ ...repo.base, ref: `refs/heads/${name}` });
		const shown = paint(out, 'boldGreen', name);
		if (name === branch)
			names.set(oid, [paint(out, 'boldCyan', 'HEAD -> ') + shown, ...(names.get(oid) ?? [])]);
		else add(oid, shown);
	}
	const result = new Map<string, string>();
	for (const [oid, list] of names) {
		result.set(
			oid,
			`${paint(out, 'yellow', '(')}${list.join(paint(out, 'yellow', ', '))}${paint(out, 'yellow', ')')}`
		);
	}
	return result;
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** git's default date: `Mon Jan 6 10:00:00 2025 +0100`, in the author's time zone. */
export function gitDate(timestamp: number, timezoneOffset: number): string {
	// isomorphic-git stores the offset as JavaScript does: minutes behind UTC (-60 for +0100).
	const local = new Date((timestamp - timezoneOffset * 60) * 1000);
	const two = (n: number) => String(n).padStart(2, '0');
	const zone = Math.abs(timezoneOffset);
	const sign = timezoneOffset <= 0 ? '+' : '-';
	return [
		days[local.getUTCDay()],
		months[local.getUTCMonth()],
		local.getUTCDate(),
		`${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`,
		local.getUTCFullYear(),
		`${sign}${two(Math.floor(zone / 60))}${two(zone % 60)}`
	].join(' ');
}

const showUsage = 'git show [<commit>] | git show <commit>:<path>';

/** `git show`. */
export const showCommand: GitCommand = {
	name: 'show',
	summary: 'Show a commit with its changes, or a file as it was in a commit',
	usage: showUsage,
	async run(run) {
		const { operands } = parseGitOptions(run.args, [], showUsage);
		if (operands.length > 1) throw new GitUsageError('show one object at a time', showUsage);
		const repo = await openRepo(run);
		const target = operands[0] ?? 'HEAD';
		const colon = target.indexOf(':');
		if (colon >= 0)
			return showPath(repo, target.slice(0, colon) || 'HEAD', target.slice(colon + 1));
		const oid = await startOf(repo, operands[0]);
		const entry = await git.readCommit({ ...repo.base, oid });
		const out = run.ctx.stdout;
		const decorations = out.isTerminal ? await decorationsOf(repo, out) : new Map<string, string>();
		await out.write(`${fullEntry(entry, decorations, out)}\n`);
		if (entry.commit.parent.length > 1) return 0;
		const changes = await commitChanges(repo, entry.commit.parent[0], oid);
		if (changes.length > 0) {
			await out.write('\n');
			await printPatches(out, changes);
		}
		return 0;
	}
};

/** `git show REV:path`: the file's content in that commit, or a folder's listing. */
async function showPath(repo: Repo, revision: string, path: string): Promise<number> {
	const oid = await resolveRevision(repo, revision);
	// `REV:path` is relative to the repository root, `REV:./path` to the current folder.
	const filepath =
		path.startsWith('./') || path.startsWith('../')
			? repoPath(repo, path)
			: path.replace(/^\/+|\/+$/g, '');
	const out = repo.run.ctx.stdout;
	const tree = async (dir: string) =>
		(await git.readTree({ ...repo.base, oid, ...(dir ? { filepath: dir } : {}) })).tree;
	const slash = filepath.lastIndexOf('/');
	const entry =
		filepath === ''
			? { type: 'tree' }
			: (await tree(filepath.slice(0, Math.max(slash, 0))).catch(() => [])).find(
					(candidate) => candidate.path === filepath.slice(slash + 1)
				);
	if (!entry) throw new FatalError(`path '${filepath}' does not exist in '${revision}'`);
	if (entry.type === 'blob') {
		await out.write((await git.readBlob({ ...repo.base, oid, filepath })).blob);
		return 0;
	}
	const names = (await tree(filepath)).map((e) => (e.type === 'tree' ? `${e.path}/` : e.path));
	await writeLines(out, [`tree ${revision}:${filepath}`, '', ...names]);
	return 0;
}
