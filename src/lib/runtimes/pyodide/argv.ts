// The `python` command line, read the way CPython reads it, for the options Bytestorm supports.

/** What a `python ...` command line asks for. */
export type PythonCommand =
	| { kind: 'file'; path: string; args: string[]; interactive?: true }
	| { kind: 'code'; code: string; args: string[]; interactive?: true }
	/** The program is read from stdin (`python -`, or `python` alone on a pipe). */
	| { kind: 'stdin'; args: string[] }
	/** The interactive prompt; `quiet` (-q) leaves out the banner. */
	| { kind: 'repl'; quiet?: true }
	| { kind: 'version' }
	| { kind: 'help' }
	/** Understood, but Bytestorm cannot do it yet: `message` says so (exit 1). */
	| { kind: 'unsupported'; message: string }
	/** A mistake in the command line: `message` is CPython's usage error (exit 2). */
	| { kind: 'usage-error'; message: string };

/** CPython's short usage, shown after a command-line mistake. */
export const PYTHON_USAGE =
	'usage: python [option] ... [-c cmd | file] [arg] ...\n' +
	"Try `python -h' for more information.\n";

/** The text of `python -h`. */
export const PYTHON_HELP =
	'usage: python [option] ... [-c cmd | file] [arg] ...\n' +
	'Options (and corresponding environment variables):\n' +
	'-c cmd : program passed in as string (terminates option list)\n' +
	'-i     : inspect interactively after running script\n' +
	'-h     : print this help message and exit (also -? or --help)\n' +
	'-V     : print the Python version number and exit (also --version)\n' +
	"-q     : don't print version and copyright messages on interactive startup\n" +
	'-u, -B, -E, -s, -I : accepted, and change nothing here\n' +
	'file   : program read from script file\n' +
	'-      : program read from stdin (default; interactive mode if a tty)\n' +
	'(none) : the interactive prompt (>>>)\n' +
	'arg ...: arguments passed to program in sys.argv[1:]\n';

// Flags that change nothing in Bytestorm's Python (output is never block-buffered, bytecode is
// never written, there is no site directory to skip): accepted so that copied commands work.
const IGNORED_FLAGS = new Set(['u', 'B', 'E', 's', 'I', 'b', 'd', 'O', 'v']);

/** Reads the arguments after `python` (argv without argv[0]). */
export function parsePythonArgs(args: readonly string[]): PythonCommand {
	const flags = new Set<string>();
	const run = (command: PythonCommand): PythonCommand => {
		if (command.kind === 'repl') return flags.has('q') ? { kind: 'repl', quiet: true } : command;
		if ((command.kind === 'file' || command.kind === 'code') && flags.has('i'))
			return { ...command, interactive: true };
		return command;
	};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') return run(fileOrRepl(args.slice(i + 1)));
		if (arg === '--help') return { kind: 'help' };
		if (arg === '--version') return { kind: 'version' };
		if (arg === '-') return { kind: 'stdin', args: args.slice(i + 1) };
		if (arg.startsWith('--')) return usageError(`unknown option ${arg}`);
		if (!arg.startsWith('-')) return run(fileOrRepl(args.slice(i)));
		for (let j = 1; j < arg.length; j++) {
			const flag = arg[j]!;
			if (flag === 'c') {
				const rest = arg.slice(j + 1);
				if (rest !== '') return run({ kind: 'code', code: rest, args: args.slice(i + 1) });
				if (i + 1 >= args.length) return usageError('Argument expected for the -c option');
				return run({ kind: 'code', code: args[i + 1]!, args: args.slice(i + 2) });
			}
			if (flag === 'm') {
				return {
					kind: 'unsupported',
					message:
						'python: running a module (python -m) is not available yet: run its file instead.\n'
				};
			}
			if (flag === 'h' || flag === '?') return { kind: 'help' };
			if (flag === 'V') return { kind: 'version' };
			if (flag === 'i' || flag === 'q') flags.add(flag);
			else if (!IGNORED_FLAGS.has(flag)) return usageError(`unknown option -${flag}`);
		}
	}
	return run({ kind: 'repl' });
}

function fileOrRepl(rest: readonly string[]): PythonCommand {
	const [path, ...args] = rest;
	return path === undefined ? { kind: 'repl' } : { kind: 'file', path, args };
}

function usageError(problem: string): PythonCommand {
	return { kind: 'usage-error', message: `${problem}\n${PYTHON_USAGE}` };
}

/** Whether a command line (argv[0] included) opens Python's interactive prompt (`python`, `python -i x.py`). */
export function opensPythonPrompt(argv: readonly string[]): boolean {
	const [program, ...args] = argv;
	if (program !== 'python' && program !== 'python3') return false;
	const command = parsePythonArgs(args);
	return command.kind === 'repl' || ('interactive' in command && command.interactive === true);
}

/** The commands the Pyodide backend answers. */
export const PYODIDE_COMMANDS = ['python', 'python3', 'pip', 'pip3'] as const;
