import { describe, expect, test } from 'vitest';
import { committedSession, gitSession } from './testing.ts';

const sha = '[0-9a-f]{7}';

describe('git status', () => {
	test('all three sections, with the hints git gives', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
		fs.writeFile('a.txt', 'A\n');
		await git('add', 'a.txt');
		fs.remove('b.txt');
		fs.writeFile('c.txt', 'C\n');
		fs.writeFile('d.txt', 'd\n');
		expect((await git('status')).stdout).toBe(
			[
				'On branch main',
				'Changes to be committed:',
				'  (use "git restore --staged <file>..." to unstage)',
				'\tmodified:   a.txt',
				'',
				'Changes not staged for commit:',
				'  (use "git add/rm <file>..." to update what will be committed)',
				'  (use "git restore <file>..." to discard changes in working directory)',
				'\tdeleted:    b.txt',
				'\tmodified:   c.txt',
				'',
				'Untracked files:',
				'  (use "git add <file>..." to include in what will be committed)',
				'\td.txt',
				'',
				''
			].join('\n')
		);
		expect((await git('status', '-sb')).stdout).toBe(
			'## main\nM  a.txt\n D b.txt\n M c.txt\n?? d.txt\n'
		);
	});

	test('colours only on a terminal', async () => {
		const { fs, git, gitOnTerminal } = await committedSession({ 'a.txt': 'a\n' });
		fs.writeFile('a.txt', 'b\n');
		expect((await git('status', '-s')).stdout).toBe(' M a.txt\n');
		expect((await gitOnTerminal('status', '-s')).stdout).toBe(' \x1b[31mM\x1b[m a.txt\n');
		expect((await gitOnTerminal('status', '--porcelain')).stdout).toBe(' M a.txt\n');
		expect((await gitOnTerminal('status')).stdout).toContain('\t\x1b[31mmodified:   a.txt\x1b[m\n');
		expect((await gitOnTerminal('diff')).stdout).toContain('\x1b[31m-a\x1b[m\n\x1b[32m+b\x1b[m\n');
		expect((await git('diff')).stdout).not.toContain('\x1b');
	});

	test('ignored files are left out, and added only with -f', async () => {
		const { fs, git } = await committedSession({ '.gitignore': 'build/\n*.log\n' });
		fs.writeFile('build/out.js', 'x');
		fs.writeFile('debug.log', 'x');
		fs.writeFile('keep.txt', 'x');
		expect((await git('status', '-s')).stdout).toBe('?? keep.txt\n');
		expect(await git('add', 'debug.log')).toMatchObject({
			status: 1,
			stderr:
				'The following paths are ignored by one of your .gitignore files:\ndebug.log\nhint: Use -f if you really want to add them.\n'
		});
		await git('add', '-f', 'debug.log');
		expect((await git('status', '-s')).stdout).toBe('A  debug.log\n?? keep.txt\n');
	});
});

describe('git add and git commit', () => {
	test('add -u stages changes to tracked files only; add -A also new ones', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n' });
		fs.writeFile('a.txt', 'b\n');
		fs.writeFile('new.txt', 'n\n');
		await git('add', '-u');
		expect((await git('status', '-s')).stdout).toBe('M  a.txt\n?? new.txt\n');
		await git('add', '-A');
		expect((await git('status', '-s')).stdout).toBe('M  a.txt\nA  new.txt\n');
		expect(await git('add', 'nope')).toMatchObject({
			status: 128,
			stderr: "fatal: pathspec 'nope' did not match any files\n"
		});
	});

	test('nothing to commit exits 1 with the status', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n' });
		expect(await git('commit', '-m', 'again')).toMatchObject({
			status: 1,
			stdout: 'On branch main\nnothing to commit, working tree clean\n'
		});
		fs.writeFile('a.txt', 'b\n');
		const unstaged = await git('commit', '-m', 'again');
		expect(unstaged.status).toBe(1);
		expect(unstaged.stdout).toContain(
			'no changes added to commit (use "git add" and/or "git commit -a")\n'
		);
		expect((await git('commit', '-a', '-m', 'all')).status).toBe(0);
	});

	test('the author comes from git config, else from the shell user', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n' });
		expect((await git('log')).stdout).toContain('Author: tester <tester@example.com>\n');
		expect((await git('config', 'user.name')).status).toBe(1);
		await git('config', 'user.name', 'Ada Lovelace');
		await git('config', 'user.email', 'ada@example.com');
		expect((await git('config', 'user.name')).stdout).toBe('Ada Lovelace\n');
		const list = (await git('config', '--list')).stdout;
		expect(list).toMatch(/^core\.repositoryformatversion=0$/m);
		expect(list).toMatch(/^user\.name=Ada Lovelace$/m);
		expect(list).toMatch(/^user\.email=ada@example\.com$/m);
		fs.writeFile('a.txt', 'b\n');
		await git('commit', '-am', 'By Ada');
		expect((await git('log', '-1')).stdout).toContain('Author: Ada Lovelace <ada@example.com>\n');
		await git('config', '--unset', 'user.name');
		expect((await git('config', 'user.name')).status).toBe(1);
		expect(await git('config', 'username')).toMatchObject({
			status: 1,
			stderr: 'error: key does not contain a section: username\n'
		});
	});

	test('--global user.name and user.email are the shell user: at once, and outside a repository', async () => {
		const { fs, shell, git } = gitSession();
		expect(await git('config', '--global', 'user.name', 'Grace Hopper')).toMatchObject({
			status: 0,
			stderr: ''
		});
		await git('config', '--global', 'user.email', 'grace@example.com');
		expect(shell.user).toEqual({ name: 'Grace Hopper', email: 'grace@example.com' });
		expect((await git('config', '--global', 'user.name')).stdout).toBe('Grace Hopper\n');
		expect((await git('config', '--global', '--list')).stdout).toBe(
			'user.name=Grace Hopper\nuser.email=grace@example.com\n'
		);
		expect((await git('config', '--global', 'core.editor', 'vim')).stderr).toMatch(
			/^error: Bytestorm keeps only user.name and user.email globally/
		);
		await git('init');
		fs.writeFile('a.txt', 'a\n');
		await git('add', '.');
		await git('commit', '-m', 'By Grace');
		expect((await git('log')).stdout).toContain('Author: Grace Hopper <grace@example.com>\n');
		await git('config', 'user.name', 'Repo Name');
		expect((await git('config', 'user.name')).stdout).toBe('Repo Name\n');
		expect((await git('config', '--global', 'user.name')).stdout).toBe('Grace Hopper\n');
	});

	test('messages: -am, --message=, cleanup, empty and missing ones, --amend', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n' });
		fs.writeFile('a.txt', 'b\n');
		expect(await git('commit', '-a')).toMatchObject({ status: 1 });
		expect((await git('commit', '-a')).stderr).toMatch(/^error: no commit message given/);
		expect(await git('commit', '-am', '   ')).toMatchObject({
			status: 1,
			stderr: 'Aborting commit due to empty commit message.\n'
		});
		expect((await git('commit', '-am', '\nSubject  \n\n\n\nBody  \n\n')).status).toBe(0);
		expect((await git('log', '-1')).stdout).toMatch(/\n\n {4}Subject\n {4}\n {4}Body\n$/);
		await git('commit', '--amend', '--message=Better subject');
		expect((await git('log', '--oneline')).stdout).toMatch(
			new RegExp(`^${sha} Better subject\\n${sha} first\\n$`)
		);
	});
});

describe('git diff', () => {
	test('new and deleted files, HEAD, two commits, names', async () => {
		const { fs, git } = await committedSession({ 'old.txt': 'old\n', 'keep.txt': 'k\n' });
		fs.remove('old.txt');
		fs.writeFile('new.txt', 'new\n');
		await git('add', '-A');
		expect((await git('diff', '--staged')).stdout).toMatch(
			new RegExp(
				`^diff --git a/new.txt b/new.txt\\nnew file mode 100644\\nindex 0000000\\.\\.${sha}\\n--- /dev/null\\n\\+\\+\\+ b/new.txt\\n@@ -0,0 \\+1 @@\\n\\+new\\ndiff --git a/old.txt b/old.txt\\ndeleted file mode 100644\\nindex ${sha}\\.\\.0000000\\n--- a/old.txt\\n\\+\\+\\+ /dev/null\\n@@ -1 \\+0,0 @@\\n-old\\n$`
			)
		);
		fs.writeFile('keep.txt', 'K\n');
		expect((await git('diff', '--name-status', 'HEAD')).stdout).toBe(
			'M\tkeep.txt\nA\tnew.txt\nD\told.txt\n'
		);
		await git('commit', '-am', 'second');
		expect((await git('diff', '--name-only', 'HEAD~1', 'HEAD')).stdout).toBe(
			'keep.txt\nnew.txt\nold.txt\n'
		);
		expect((await git('diff', 'HEAD~1..HEAD', '--', 'keep.txt')).stdout).toContain('-k\n+K\n');
		expect((await git('diff', '--exit-code')).status).toBe(0);
		fs.writeFile('keep.txt', 'changed\n');
		expect((await git('diff', '--quiet')).status).toBe(1);
		expect(await git('diff', 'nosuch')).toMatchObject({ status: 128 });
	});

	test('binary files, a missing final newline and the hunk context line', async () => {
		const lines = ['def main():', ...Array.from({ length: 8 }, (_, i) => `    x${i} = ${i}`)];
		const { fs, git } = await committedSession({
			'app.py': `${lines.join('\n')}\n`,
			'logo.png': '',
			'end.txt': 'no newline'
		});
		fs.writeFile('logo.png', new Uint8Array([0x89, 0x50, 0, 1]));
		fs.writeFile('app.py', `${lines.join('\n').replace('x7 = 7', 'x7 = 70')}\n`);
		fs.writeFile('end.txt', 'no newline, still');
		const diff = (await git('diff')).stdout;
		expect(diff).toContain('@@ -6,4 +6,4 @@ def main():\n     x4 = 4\n');
		expect(diff).toContain(
			'-no newline\n\\ No newline at end of file\n+no newline, still\n\\ No newline at end of file\n'
		);
		expect(diff).toContain('Binary files a/logo.png and b/logo.png differ\n');
	});
});

describe('undoing', () => {
	test('rm refuses to lose changes unless forced, and keeps the file with --cached', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n', 'dir/b.txt': 'b\n' });
		fs.writeFile('a.txt', 'changed\n');
		expect(await git('rm', 'a.txt')).toMatchObject({
			status: 1,
			stderr:
				'error: the following file has local modifications:\n    a.txt\n(use --cached to keep the file, or -f to force removal)\n'
		});
		expect(await git('rm', 'dir')).toMatchObject({
			status: 128,
			stderr: "fatal: not removing 'dir' recursively without -r\n"
		});
		expect((await git('rm', '-r', '--cached', 'dir')).stdout).toBe("rm 'dir/b.txt'\n");
		expect(fs.readText('dir/b.txt')).toBe('b\n');
		expect((await git('status', '-s')).stdout).toBe(' M a.txt\nD  dir/b.txt\n?? dir/\n');
		expect((await git('rm', '-f', 'a.txt')).status).toBe(0);
		expect(fs.exists('a.txt')).toBe(false);
		expect(await git('rm', 'ghost.txt')).toMatchObject({
			status: 128,
			stderr: "fatal: pathspec 'ghost.txt' did not match any files\n"
		});
	});

	test('mv into a folder, and the errors git gives', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'a\n', 'lib/x.py': 'x\n' });
		fs.writeFile('untracked.txt', 'u\n');
		expect((await git('mv', 'a.txt', 'lib')).status).toBe(0);
		expect(fs.readText('lib/a.txt')).toBe('a\n');
		expect((await git('status', '-s')).stdout).toBe('D  a.txt\nA  lib/a.txt\n?? untracked.txt\n');
		expect((await git('mv', 'untracked.txt', 'u.txt')).stderr).toBe(
			'fatal: not under version control, source=untracked.txt, destination=u.txt\n'
		);
		expect((await git('mv', 'lib/x.py', 'untracked.txt')).stderr).toBe(
			'fatal: destination exists, source=lib/x.py, destination=untracked.txt\n'
		);
		expect((await git('mv', 'lib', 'src')).status).toBe(0);
		expect(fs.list('src').map((entry) => entry.name)).toEqual(['a.txt', 'x.py']);
		expect((await git('status', '-s')).stdout).toBe(
			'D  a.txt\nD  lib/x.py\nA  src/a.txt\nA  src/x.py\n?? untracked.txt\n'
		);
	});

	test('reset --soft, mixed and --hard move the branch like git', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'one\n' });
		fs.writeFile('a.txt', 'two\n');
		await git('commit', '-am', 'two');
		expect((await git('reset', '--soft', 'HEAD~1')).stdout).toBe('');
		expect((await git('status', '-s')).stdout).toBe('M  a.txt\n');
		await git('commit', '-m', 'two again');
		expect((await git('reset', 'HEAD~1')).stdout).toBe('Unstaged changes after reset:\nM\ta.txt\n');
		expect((await git('status', '-s')).stdout).toBe(' M a.txt\n');
		fs.writeFile('staged-new.txt', 'n\n');
		await git('add', '-A');
		const hard = await git('reset', '--hard');
		expect(hard.stdout).toMatch(new RegExp(`^HEAD is now at ${sha} first\\n$`));
		expect(fs.readText('a.txt')).toBe('one\n');
		expect(fs.exists('staged-new.txt')).toBe(false);
		expect((await git('status')).stdout).toBe(
			'On branch main\nnothing to commit, working tree clean\n'
		);
		expect((await git('log', '--oneline')).stdout).toMatch(new RegExp(`^${sha} first\\n$`));
	});

	test('checkout refuses to overwrite local changes; checkout FILE discards them', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'main\n' });
		await git('branch', 'other');
		await git('switch', 'other');
		fs.writeFile('a.txt', 'other\n');
		await git('commit', '-am', 'on other');
		await git('switch', 'main');
		fs.writeFile('a.txt', 'local\n');
		expect(await git('checkout', 'other')).toMatchObject({
			status: 1,
			stderr:
				'error: Your local changes to the following files would be overwritten by checkout:\n\ta.txt\nPlease commit your changes or stash them before you switch branches.\nAborting\n'
		});
		expect(fs.readText('a.txt')).toBe('local\n');
		expect((await git('checkout', 'a.txt')).status).toBe(0);
		expect(fs.readText('a.txt')).toBe('main\n');
		expect((await git('checkout', 'other', '--', 'a.txt')).status).toBe(0);
		expect(fs.readText('a.txt')).toBe('other\n');
		expect((await git('status', '-s')).stdout).toBe('M  a.txt\n');
		expect(await git('checkout', 'nowhere')).toMatchObject({
			status: 1,
			stderr: "error: pathspec 'nowhere' did not match any file(s) known to git\n"
		});
		expect(await git('branch', 'other')).toMatchObject({
			status: 128,
			stderr: "fatal: a branch named 'other' already exists\n"
		});
		expect((await git('branch', 'bad name')).stderr).toBe(
			"fatal: 'bad name' is not a valid branch name\n"
		);
		expect((await git('switch', 'nowhere')).stderr).toBe('fatal: invalid reference: nowhere\n');
	});
});

describe('before the first commit', () => {
	test('log, branch and checkout -b behave like git on an unborn branch', async () => {
		const { fs, git } = gitSession();
		await git('init');
		expect(await git('log')).toMatchObject({
			status: 128,
			stderr: "fatal: your current branch 'main' does not have any commits yet\n"
		});
		expect((await git('branch')).stdout).toBe('');
		expect((await git('branch', 'x')).stderr).toBe("fatal: not a valid object name: 'main'\n");
		expect((await git('checkout', '-b', 'trunk')).stderr).toBe(
			"Switched to a new branch 'trunk'\n"
		);
		fs.writeFile('a.txt', 'a\n');
		await git('add', 'a.txt');
		await git('reset', 'a.txt');
		expect((await git('status', '-s')).stdout).toBe('?? a.txt\n');
		await git('add', 'a.txt');
		expect((await git('commit', '-m', 'root')).stdout).toMatch(/^\[trunk \(root-commit\) /);
		expect((await git('log', '--', 'a.txt')).stdout).toContain('    root\n');
	});
});

describe('failures inside isomorphic-git', () => {
	test('become one fatal line: no stack trace, no [object Object]', async () => {
		const lost = await committedSession({ 'a.txt': 'a\n' });
		lost.fs.remove('.git/objects', { recursive: true });
		const log = await lost.git('log');
		expect(log.status).toBe(128);
		expect(log.stderr).toMatch(/^fatal: bad object [0-9a-f]{40}\n$/);

		const corrupt = await committedSession({ 'a.txt': 'a\n' });
		corrupt.fs.writeFile('.git/index', new Uint8Array([1, 2, 3, 0]));
		const status = await corrupt.git('status');
		expect(status.status).toBe(128);
		expect(status.stderr).toMatch(/^fatal: [^\n]+\n$/);
		expect(status.stderr).not.toMatch(/\bat \S+:\d+|object Object|bug report/);
	});
});

describe('detached HEAD', () => {
	test('checkout of a commit detaches; checkout HEAD stays on the branch', async () => {
		const { fs, git } = await committedSession({ 'a.txt': 'one\n' });
		fs.writeFile('a.txt', 'two\n');
		await git('commit', '-am', 'two');
		expect((await git('checkout', 'HEAD')).stdout).toBe('');
		expect((await git('branch', '--show-current')).stdout).toBe('main\n');
		const detach = await git('checkout', 'HEAD~1');
		expect(detach.status).toBe(0);
		expect(detach.stderr).toMatch(new RegExp(`HEAD is now at ${sha} first\\n$`));
		expect(fs.readText('a.txt')).toBe('one\n');
		expect((await git('status')).stdout).toMatch(new RegExp(`^HEAD detached at ${sha}\\n`));
		expect((await git('branch')).stdout).toMatch(
			new RegExp(`^\\* \\(HEAD detached at ${sha}\\)\\n  main\\n$`)
		);
		await git('switch', 'main');
		expect(fs.readText('a.txt')).toBe('two\n');
	});
});
