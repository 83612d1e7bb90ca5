// Test helpers for git: a fresh workspace, a shell on it, and `git(...)` that runs the builtin
// there as a user would type it.
import { Workspace } from '../../workspace/workspace.ts';
import { runBuiltin, testShell, type BuiltinResult, type TestShell } from '../testing.ts';
import { gitBuiltin } from './index.ts';

/** A workspace with a shell on it; `git()` runs `git ARGS` in the shell's current folder. */
export interface GitSession {
	readonly fs: Workspace;
	readonly shell: TestShell;
	git(...args: string[]): Promise<BuiltinResult>;
	/** Runs git with stdout and stderr as a terminal (colours on). */
	gitOnTerminal(...args: string[]): Promise<BuiltinResult>;
}

/** A new, empty workspace and a shell at its root. */
export function gitSession(): GitSession {
	const fs = new Workspace();
	const shell = testShell(fs);
	return {
		fs,
		shell,
		git: (...args) => runBuiltin(gitBuiltin, args, { fs, shell }),
		gitOnTerminal: (...args) => runBuiltin(gitBuiltin, args, { fs, shell, terminal: true })
	};
}

/** A session with a repository at the root holding one commit of `files`. */
export async function committedSession(files: Record<string, string>): Promise<GitSession> {
	const session = gitSession();
	await session.git('init');
	for (const [path, content] of Object.entries(files)) session.fs.writeFile(path, content);
	await session.git('add', '-A');
	const commit = await session.git('commit', '-m', 'first');
	if (commit.status !== 0) throw new Error(`setup commit failed: ${commit.stderr}`);
	return session;
}
