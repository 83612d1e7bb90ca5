// The names `git` accepts after it, for tab completion: kept free of dependencies so the shell
// can complete them without loading isomorphic-git.

/** Every git subcommand Bytestorm implements, in the order `git help` lists them. */
export const gitSubcommands: readonly string[] = [
	'init',
	'status',
	'add',
	'commit',
	'log',
	'diff',
	'show',
	'branch',
	'checkout',
	'switch',
	'restore',
	'reset',
	'rm',
	'mv',
	'config',
	'help'
];
