import { describe, expect, test } from 'vitest';
import { gitSubcommands } from './index.ts';
import { committedSession, gitSession } from './testing.ts';

const sha = '[0-9a-f]{7}';

describe('a first session with git', () => {
	test('init, status, add, commit, edit, diff, commit again, log', async () => {
		const { fs, git } = gitSession();
		expect(await git('init')).toMatchObject({
			status: 0,
			stdout: 'Initialized empty Git repository in /workspace/.git/\n'
		});
		expect(fs.readText('.git/HEAD')).toBe('ref: refs/heads/main\n');
		fs.writeFile('main.py', 'print("hi")\n');
		fs.writeFile('lib/util.py', 'x = 1\n');

		expect((await git('status')).stdout).toBe(
			[
				'On branch main',
				'',
				'No commits yet',
				'',
				'Untracked files:',
				'  (use "git add <file>..." to include in what will be committed)',
				'\tlib/',
				'\tmain.py',
				'',
				'nothing added to commit but untracked files present (use "git add" to track)',
				''
			].join('\n')
		);

		expect(await git('add', '.')).toMatchObject({ status: 0, stdout: '', stderr: '' });
		expect((await git('status')).stdout).toBe(
			[
				'On branch main',
				'',
				'No commits yet',
				'',
				'Changes to be committed:',
				'  (use "git rm --cached <file>..." to unstage)',
				'\tnew file:   lib/util.py',
				'\tnew file:   main.py',
				'',
				''
			].join('\n')
		);

		const first = await git('commit', '-m', 'First commit');
		expect(first.status).toBe(0);
		expect(first.stdout).toMatch(
			new RegExp(
				`^\\[main \\(root-commit\\) ${sha}\\] First commit\\n 2 files changed, 2 insertions\\(\\+\\)\\n create mode 100644 lib/util.py\\n create mode 100644 main.py\\n$`
			)
		);
		expect((await git('status')).stdout).toBe(
			'On branch main\nnothing to commit, working tree clean\n'
		);

		// The same number of bytes: only a content-derived stat can tell it changed.
		fs.writeFile('main.py', 'print("ho")\n');
		expect((await git('status', '--short')).stdout).toBe(' M main.py\n');
		expect((await git('status')).stdout).toBe(
			[
				'On branch main',
				'Changes not staged for commit:',
				'  (use "git add <file>..." to update what will be committed)',
				'  (use "git restore <file>..." to discard changes in working directory)',
				'\tmodified:   main.py',
				'',
				'no changes added to commit (use "git add" and/or "git commit -a")',
				''
			].join('\n')
		);

		const diff = await git('diff');
		expect(diff.stdout).toMatch(
			new RegExp(
				`^diff --git a/main.py b/main.py\\nindex ${sha}\\.\\.${sha} 100644\\n--- a/main.py\\n\\+\\+\\+ b/main.py\\n@@ -1 \\+1 @@\\n-print\\("hi"\\)\\n\\+print\\("ho"\\)\\n$`
			)
		);

		await git('add', 'main.py');
		expect((await git('diff')).stdout).toBe('');
		const staged = await git('diff', '--staged');
		expect(staged.stdout).toBe(diff.stdout);
		expect((await git('diff', '--cached')).stdout).toBe(diff.stdout);

		const second = await git('commit', '-m', 'Say ho', '-m', 'A longer explanation.');
		expect(second.stdout).toMatch(
			new RegExp(
				`^\\[main ${sha}\\] Say ho\\n 1 file changed, 1 insertion\\(\\+\\), 1 deletion\\(-\\)\\n$`
			)
		);

		const oneline = await git('log', '--oneline');
		expect(oneline.stdout).toMatch(new RegExp(`^${sha} Say ho\\n${sha} First commit\\n$`));
		const log = await git('log', '-n', '1');
		expect(log.stdout).toMatch(
			new RegExp(
				'^commit [0-9a-f]{40}\\nAuthor: tester <tester@example.com>\\nDate: {3}\\w{3} \\w{3} \\d{1,2} \\d\\d:\\d\\d:\\d\\d \\d{4} [+-]\\d{4}\\n\\n {4}Say ho\\n {4}\\n {4}A longer explanation.\\n$'
			)
		);
		expect((await git('log', '-1', '--oneline')).stdout.split('\n')).toHaveLength(2);
	});

	test('branches: a commit on a new branch, then checkout main puts the old content back', async () => {
		const { fs, git } = await committedSession({ 'notes.txt': 'on main\n' });
		expect(await git('checkout', '-b', 'idea')).toMatchObject({
			status: 0,
			stderr: "Switched to a new branch 'idea'\n"
		});
		fs.writeFile('notes.txt', 'on idea\n');
		fs.writeFile('idea.txt', 'only here\n');
		await git('add', '-A');
		expect((await git('commit', '-m', 'Try an idea')).status).toBe(0);
		expect((await git('branch')).stdout).toBe('* idea\n  main\n');

		expect(await git('checkout', 'main')).toMatchObject({
			status: 0,
			stderr: "Switched to branch 'main'\n"
		});
		expect(fs.readText('notes.txt')).toBe('on main\n');
		expect(fs.exists('idea.txt')).toBe(false);
		expect((await git('status')).stdout).toBe(
			'On branch main\nnothing to commit, working tree clean\n'
		);
		expect((await git('checkout', 'main')).stderr).toBe("Already on 'main'\n");

		await git('switch', 'idea');
		expect(fs.readText('notes.txt')).toBe('on idea\n');
		expect(fs.readText('idea.txt')).toBe('only here\n');
		await git('switch', 'main');
		expect((await git('branch', '-d', 'idea')).stderr).toBe(
			"error: the branch 'idea' is not fully merged\nhint: If you are sure you want to delete it, run 'git branch -D idea'\n"
		);
		expect((await git('branch', '-D', 'idea')).stdout).toMatch(
			new RegExp(`^Deleted branch idea \\(was ${sha}\\)\\.\\n$`)
		);
		expect((await git('branch')).stdout).toBe('* main\n');
	});

	test('restore, reset, rm and mv', async () => {
		const { fs, git } = await committedSession({
			'a.txt': 'alpha\n',
			'b.txt': 'beta\n',
			'docs/c.md': '# c\n'
		});
		fs.writeFile('a.txt', 'ALPHA\n');
		expect(await git('restore', 'a.txt')).toMatchObject({ status: 0, stdout: '', stderr: '' });
		expect(fs.readText('a.txt')).toBe('alpha\n');

		fs.writeFile('b.txt', 'BETA\n');
		await git('add', 'b.txt');
		expect((await git('status', '-s')).stdout).toBe('M  b.txt\n');
		expect(await git('reset', 'b.txt')).toMatchObject({
			status: 0,
			stdout: 'Unstaged changes after reset:\nM\tb.txt\n'
		});
		expect((await git('status', '-s')).stdout).toBe(' M b.txt\n');
		await git('add', 'b.txt');
		await git('restore', '--staged', 'b.txt');
		expect((await git('status', '-s')).stdout).toBe(' M b.txt\n');
		expect(fs.readText('b.txt')).toBe('BETA\n');
		await git('checkout', '--', 'b.txt');
		expect(fs.readText('b.txt')).toBe('beta\n');

		expect(await git('rm', 'docs/c.md')).toMatchObject({ status: 0, stdout: "rm 'docs/c.md'\n" });
		expect(fs.exists('docs')).toBe(false);
		expect((await git('status', '-s')).stdout).toBe('D  docs/c.md\n');

		expect(await git('mv', 'a.txt', 'z.txt')).toMatchObject({ status: 0, stdout: '', stderr: '' });
		expect(fs.exists('a.txt')).toBe(false);
		expect(fs.readText('z.txt')).toBe('alpha\n');
		expect((await git('status', '-s')).stdout).toBe('D  a.txt\nD  docs/c.md\nA  z.txt\n');
		const commit = await git('commit', '-m', 'Tidy up');
		expect(commit.stdout).toContain(' delete mode 100644 docs/c.md\n');
		expect((await git('status', '-s')).stdout).toBe('');
	});

	test('show prints the commit and its diff against the parent', async () => {
		const { fs, git } = await committedSession({ 'poem.txt': 'roses\n' });
		fs.writeFile('poem.txt', 'roses\nviolets\n');
		await git('commit', '-am', 'Second line');
		const show = await git('show');
		expect(show.status).toBe(0);
		expect(show.stdout).toMatch(
			new RegExp(
				`^commit [0-9a-f]{40}\\nAuthor: tester <tester@example.com>\\nDate: .*\\n\\n    Second line\\n\\ndiff --git a/poem.txt b/poem.txt\\nindex ${sha}\\.\\.${sha} 100644\\n--- a/poem.txt\\n\\+\\+\\+ b/poem.txt\\n@@ -1 \\+1,2 @@\\n roses\\n\\+violets\\n$`
			)
		);
		const root = await git('show', 'HEAD~1');
		expect(root.stdout).toContain('new file mode 100644\n');
		expect(root.stdout).toContain('--- /dev/null\n+++ b/poem.txt\n@@ -0,0 +1 @@\n+roses\n');
		expect((await git('show', 'HEAD~1:poem.txt')).stdout).toBe('roses\n');
	});
});

describe('where git runs', () => {
	test('outside a repository every subcommand but init fails like git', async () => {
		const { git } = gitSession();
		for (const args of [['status'], ['log'], ['add', '.'], ['commit', '-m', 'x']]) {
			expect(await git(...args)).toMatchObject({
				status: 128,
				stdout: '',
				stderr: 'fatal: not a git repository (or any of the parent directories): .git\n'
			});
		}
	});

	test('from a subfolder: the repository above is found, paths are relative to the folder', async () => {
		const { fs, shell, git } = await committedSession({ 'README.md': 'hi\n', 'src/app.py': 'x\n' });
		shell.cwd = 'src';
		fs.writeFile('src/app.py', 'y\n');
		fs.writeFile('src/new.py', 'n\n');
		fs.writeFile('README.md', 'hey\n');
		expect((await git('status', '-s')).stdout).toBe(' M ../README.md\n M app.py\n?? new.py\n');
		await git('add', '.');
		expect((await git('status', '-s')).stdout).toBe(' M ../README.md\nM  app.py\nA  new.py\n');
		expect((await git('diff', '--name-only')).stdout).toBe('README.md\n');
		await git('commit', '-m', 'From src');
		expect(await git('add', '/workspace/README.md')).toMatchObject({ status: 0 });
		expect(await git('add', '/etc/passwd')).toMatchObject({
			status: 128,
			stderr: "fatal: /etc/passwd: '/etc/passwd' is outside the workspace\n"
		});
	});

	test('a repository in a subfolder is found from below it and not from beside it', async () => {
		const { fs, shell, git } = gitSession();
		fs.mkdir('other');
		expect((await git('init', 'proj')).stdout).toBe(
			'Initialized empty Git repository in /workspace/proj/.git/\n'
		);
		expect((await git('init', 'proj')).stdout).toBe(
			'Reinitialized existing Git repository in /workspace/proj/.git/\n'
		);
		fs.writeFile('proj/deep/x.txt', 'x\n');
		shell.cwd = 'proj/deep';
		expect((await git('status', '-s')).stdout).toBe('?? ./\n');
		expect((await git('-C', '..', 'status', '-s')).stdout).toBe('?? deep/\n');
		shell.cwd = 'other';
		expect((await git('status')).status).toBe(128);
		expect((await git('-C', '../proj', 'add', 'deep')).status).toBe(0);
		expect((await git('-C', '../proj', 'status', '-s')).stdout).toBe('A  deep/x.txt\n');
		expect(fs.exists('.git')).toBe(false);
	});
});

describe('the git command itself', () => {
	test('an unknown subcommand is refused like git', async () => {
		const { git } = gitSession();
		expect(await git('frobnicate')).toMatchObject({
			status: 1,
			stderr: "git: 'frobnicate' is not a git command. See 'git --help'.\n"
		});
	});

	test('no arguments and help list every subcommand', async () => {
		const { git } = gitSession();
		const bare = await git();
		expect(bare.status).toBe(1);
		const help = await git('help');
		expect(help.status).toBe(0);
		const listed = [...help.stdout.matchAll(/^ {3}(\S+) +\S/gm)].map((match) => match[1]);
		expect(listed).toEqual([...gitSubcommands]);
		expect(bare.stdout).toBe(help.stdout);
		expect((await git('help', 'commit')).stdout).toMatch(/^usage: git commit /);
	});

	test('a bad option prints the usage with status 129', async () => {
		const { git } = await committedSession({ 'a.txt': 'a\n' });
		expect(await git('status', '--frob')).toMatchObject({
			status: 129,
			stderr:
				"error: unknown option `frob'\nusage: git status [-s | --short] [-b | --branch] [--porcelain] [--] [<pathspec>...]\n"
		});
		expect((await git('log', '-Q')).stderr).toMatch(/^error: unknown switch `Q'\nusage: git log /);
	});
});
