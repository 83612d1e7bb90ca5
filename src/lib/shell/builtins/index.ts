// Every builtin of the shell, in one list. git is loaded on first use: isomorphic-git is the
// largest part of the shell and most sessions never run it.
import type { Builtin } from '../types.ts';
import { defineBuiltin } from './define.ts';
import { fileBuiltins } from './files.ts';
import { sessionBuiltins } from './session.ts';
import { textBuiltins } from './text.ts';

const git = defineBuiltin(
	'git',
	'version control on the workspace (isomorphic-git, offline)',
	'git <command> [<args>]',
	async (ctx) => (await import('../git/index.ts')).gitBuiltin.run(ctx)
);

/** The builtins a new shell starts with. */
export function createBuiltins(): Builtin[] {
	return [...fileBuiltins, ...textBuiltins, ...sessionBuiltins, git];
}
