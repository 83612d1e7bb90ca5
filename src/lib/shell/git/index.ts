// git for the shell: the builtin, and its subcommand names for tab completion.
export { gitBuiltin } from './builtin.ts';
export { gitSubcommands } from './subcommands.ts';
