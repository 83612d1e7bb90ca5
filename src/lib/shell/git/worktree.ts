// The state of each file as `git status` sees it: what the index changes against HEAD (staged)
// and what the working tree changes against the index (unstaged, untracked), from
// isomorphic-git's status matrix. Most subcommands decide what to do from this.
import * as git from 'isomorphic-git';
import type { Repo } from './repo.ts';

/** A change between HEAD and the index, named as `git status` names it. */
export type StagedChange = 'new file' | 'modified' | 'deleted';

/** A change between the index and the working tree. */
export type UnstagedChange = 'modified' | 'deleted';

/** One path of the status matrix. */
export interface FileState {
	/** The repository path (`src/a.py`). */
	path: string;
	inHead: boolean;
	inIndex: boolean;
	inWorktree: boolean;
	/** The working tree's file is the one in HEAD (or the `ref` given). */
	worktreeSameAsHead: boolean;
	staged?: StagedChange;
	unstaged?: UnstagedChange;
	/** In the working tree, not in the index (and not ignored). */
	untracked: boolean;
}

// statusMatrix's columns: HEAD 0 absent, 1 present; WORKDIR 0 absent, 1 same as HEAD,
// 2 different from HEAD; STAGE 0 absent, 1 same as HEAD, 2 same as WORKDIR, 3 different from both.
const ABSENT = 0;
const SAME_AS_HEAD = 1;
const SAME_AS_WORKDIR = 2;

/**
 * The state of every file under `filepaths` (repository paths; '' or none for everything),
 * comparing with the commit `ref` instead of HEAD when given.
 */
export async function fileStates(
	repo: Repo,
	filepaths: readonly string[] = [],
	ref?: string
): Promise<FileState[]> {
	const limit = filepaths.includes('') ? [] : [...filepaths];
	const rows = await git.statusMatrix({
		...repo.base,
		...(limit.length > 0 ? { filepaths: limit } : {}),
		...(ref ? { ref } : {})
	});
	return rows.map(([path, head, workdir, stage]) => ({
		path,
		inHead: head !== ABSENT,
		inIndex: stage !== ABSENT,
		inWorktree: workdir !== ABSENT,
		worktreeSameAsHead: head !== ABSENT && workdir === SAME_AS_HEAD,
		staged: stagedChange(head, stage),
		unstaged: unstagedChange(workdir, stage),
		untracked: stage === ABSENT && workdir !== ABSENT
	}));
}

function stagedChange(head: number, stage: number): StagedChange | undefined {
	if (head === ABSENT) return stage === ABSENT ? undefined : 'new file';
	if (stage === ABSENT) return 'deleted';
	return stage === SAME_AS_HEAD ? undefined : 'modified';
}

function unstagedChange(workdir: number, stage: number): UnstagedChange | undefined {
	if (stage === ABSENT) return undefined;
	if (workdir === ABSENT) return 'deleted';
	if (stage === SAME_AS_WORKDIR) return undefined;
	if (stage === SAME_AS_HEAD && workdir === SAME_AS_HEAD) return undefined;
	return 'modified';
}

/** True when `path` is `filepath` or inside it ('' contains everything). */
export function isUnder(path: string, filepath: string): boolean {
	return filepath === '' || path === filepath || path.startsWith(`${filepath}/`);
}

/**
 * The untracked entries as `git status` lists them: a folder that holds no tracked file is shown
 * once as `folder/`, not file by file.
 */
export function untrackedEntries(states: readonly FileState[]): string[] {
	const trackedDirs = new Set<string>();
	for (const state of states) {
		if (!state.inIndex) continue;
		const parts = state.path.split('/');
		for (let i = 1; i < parts.length; i++) trackedDirs.add(parts.slice(0, i).join('/'));
	}
	const entries = new Set<string>();
	for (const state of states) {
		if (!state.untracked) continue;
		const parts = state.path.split('/');
		let entry = state.path;
		for (let i = 1; i < parts.length; i++) {
			const dir = parts.slice(0, i).join('/');
			if (!trackedDirs.has(dir)) {
				entry = `${dir}/`;
				break;
			}
		}
		entries.add(entry);
	}
	return [...entries];
}
