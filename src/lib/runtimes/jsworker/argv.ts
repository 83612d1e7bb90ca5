// `node`'s command line, as far as the offline runtime runs it.

/** What `node ...` asks for. */
export type NodeCommand =
	| { kind: 'file'; path: string; args: string[] }
	| { kind: 'eval'; code: string; print: boolean; args: string[] }
	| { kind: 'version' }
	| { kind: 'help' }
	| { kind: 'repl' }
	| { kind: 'usage-error'; message: string };

/** The programs this backend runs. */
export const JSWORKER_COMMANDS = ['node'] as const;

/** `node --help`, for what the offline runtime supports. */
export const NODE_HELP = `Usage: node [options] [ script.js ] [arguments]

Options (the offline JavaScript runtime):
  -e, --eval "script"   evaluate the script
  -p, --print "script"  evaluate the script and print the result
  -v, --version         print the Node.js version
  -h, --help            print this help
`;

/** Parses `node`'s arguments (without the program name). */
export function parseNodeArgs(args: readonly string[]): NodeCommand {
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '-v' || arg === '--version') return { kind: 'version' };
		if (arg === '-h' || arg === '--help') return { kind: 'help' };
		if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
			const code = args[i + 1];
			if (code === undefined)
				return { kind: 'usage-error', message: `node: ${arg} requires an argument\n` };
			return {
				kind: 'eval',
				code,
				print: arg === '-p' || arg === '--print',
				args: args.slice(i + 2)
			};
		}
		if (arg === '--') {
			const path = args[i + 1];
			return path === undefined
				? { kind: 'repl' }
				: { kind: 'file', path, args: args.slice(i + 2) };
		}
		// Flags that change nothing here (warnings, experimental features) are accepted.
		if (
			/^--(no-)?(warnings|deprecation|experimental-[\w-]+|enable-source-maps|trace-uncaught|stack-trace-limit=\d+)$/.test(
				arg
			)
		)
			continue;
		if (arg.startsWith('-') && arg !== '-')
			return { kind: 'usage-error', message: `node: bad option: ${arg}\n` };
		return { kind: 'file', path: arg, args: args.slice(i + 1) };
	}
	return { kind: 'repl' };
}
