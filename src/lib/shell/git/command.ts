// The seam between `git` and its subcommands: each is a name, a help line, a usage line and a
// body that resolves to an exit status and throws GitError (or anything) to fail.
import type { GitRun } from './repo.ts';

/** One git subcommand. */
export interface GitCommand {
	readonly name: string;
	/** One line for `git help`. */
	readonly summary: string;
	/** git's usage line, e.g. `git add [-A] [--] <pathspec>...`. */
	readonly usage: string;
	run(run: GitRun): Promise<number>;
}
