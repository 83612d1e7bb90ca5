// The `pip` command line, read the way pip reads it, for the commands Bytestorm's pip has.

/** What a `pip ...` command line asks for. */
export type PipCommand =
	| {
			kind: 'install';
			/** Requirements as typed (`greeter>=1.0`). */
			requirements: string[];
			/** Requirements files given with -r. */
			files: string[];
			upgrade: boolean;
			forceReinstall: boolean;
			pre: boolean;
			noDeps: boolean;
			quiet: boolean;
	  }
	| { kind: 'uninstall'; names: string[]; files: string[]; quiet: boolean }
	| { kind: 'list' | 'freeze' | 'version' | 'help' }
	/** Understood, but not available here: `message` says so (exit 1). */
	| { kind: 'unsupported'; message: string }
	/** A mistake in the command line (exit 2). */
	| { kind: 'usage-error'; message: string };

/** The text of `pip help`. */
export const PIP_HELP =
	'Usage:\n' +
	'  pip <command> [options]\n\n' +
	'Commands:\n' +
	'  install     Install packages (pip install NAME, pip install -r requirements.txt).\n' +
	'  uninstall   Uninstall packages.\n' +
	'  list        List installed packages.\n' +
	'  freeze      Output installed packages in requirements format.\n\n' +
	'Install options:\n' +
	'  -r, --requirement FILE  Install from the given requirements file.\n' +
	'  -U, --upgrade           Upgrade the named packages to the newest version.\n' +
	'  --force-reinstall       Reinstall the packages even if they are up to date.\n' +
	'  --pre                   Include pre-release and development versions.\n' +
	'  --no-deps               Do not install dependencies.\n' +
	'  -q, --quiet             Print only errors.\n\n' +
	"Packages Pyodide builds come from Pyodide's package server; others need a pure-Python\n" +
	'wheel on the package index. Installed packages are kept for this workspace.\n';

// Accepted and without effect here: there is no cache directory, user site or prompt to skip.
const IGNORED_FLAGS = new Set([
	'--user',
	'--no-cache-dir',
	'--disable-pip-version-check',
	'--no-input',
	'--isolated',
	'--no-color',
	'--break-system-packages',
	'--no-warn-script-location',
	'--no-build-isolation',
	'-v',
	'--verbose',
	'-y',
	'--yes'
]);

// Options that take a value and change nothing here.
const IGNORED_WITH_VALUE = new Set(['--progress-bar', '--root-user-action', '--cache-dir']);

const NOT_HERE: Record<string, string> = {
	'-i': 'the package index is set for the whole page, not per command',
	'--index-url': 'the package index is set for the whole page, not per command',
	'--extra-index-url': 'the package index is set for the whole page, not per command',
	'-e': 'editable installs need a build step, which the browser cannot run',
	'--editable': 'editable installs need a build step, which the browser cannot run',
	'-t': 'packages always go into site-packages here',
	'--target': 'packages always go into site-packages here'
};

/** Reads the arguments after `pip` (argv without argv[0]). */
export function parsePipArgs(args: readonly string[]): PipCommand {
	let index = 0;
	let quiet = false;
	// Global options come before the command.
	for (; index < args.length && args[index]!.startsWith('-'); index++) {
		const arg = args[index]!;
		if (arg === '--version' || arg === '-V') return { kind: 'version' };
		if (arg === '-h' || arg === '--help') return { kind: 'help' };
		if (arg === '-q' || arg === '--quiet') quiet = true;
		else if (!IGNORED_FLAGS.has(arg)) return usageError(`no such option: ${arg}`);
	}
	const command = args[index];
	const rest = args.slice(index + 1);
	switch (command) {
		case undefined:
		case 'help':
			return { kind: 'help' };
		case 'install':
		case 'uninstall':
			return readInstallLike(command, rest, quiet);
		case 'list':
		case 'freeze':
			return { kind: command };
		case 'download':
		case 'wheel':
		case 'show':
		case 'check':
		case 'config':
		case 'cache':
		case 'index':
		case 'inspect':
		case 'search':
		case 'hash':
		case 'debug':
		case 'completion':
			return {
				kind: 'unsupported',
				message: `ERROR: pip ${command} is not available here: use pip install, uninstall, list or freeze.\n`
			};
		default:
			return usageError(`unknown command "${command}"`);
	}
}

function readInstallLike(
	command: 'install' | 'uninstall',
	args: readonly string[],
	quiet: boolean
): PipCommand {
	const found = {
		requirements: [] as string[],
		files: [] as string[],
		upgrade: false,
		forceReinstall: false,
		pre: false,
		noDeps: false,
		quiet
	};
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (!arg.startsWith('-') || arg === '-') {
			found.requirements.push(arg);
			continue;
		}
		const [flag, inline] = arg.startsWith('--')
			? splitOnce(arg, '=')
			: [arg.slice(0, 2), arg.slice(2) || undefined];
		const value = (): string | null => inline ?? args[++index] ?? null;
		if (flag === '-r' || flag === '--requirement') {
			const file = value();
			if (file === null) return usageError(`${flag} option requires 1 argument`);
			found.files.push(file);
		} else if (flag in NOT_HERE) {
			return {
				kind: 'unsupported',
				message: `ERROR: ${flag} is not available here: ${NOT_HERE[flag]}.\n`
			};
		} else if (command === 'install' && (flag === '-U' || flag === '--upgrade')) {
			found.upgrade = true;
		} else if (command === 'install' && flag === '--force-reinstall') {
			found.forceReinstall = true;
		} else if (command === 'install' && flag === '--pre') {
			found.pre = true;
		} else if (command === 'install' && flag === '--no-deps') {
			found.noDeps = true;
		} else if (flag === '-q' || flag === '--quiet') {
			found.quiet = true;
		} else if (IGNORED_WITH_VALUE.has(flag)) {
			if (inline === undefined) index++;
		} else if (!IGNORED_FLAGS.has(arg)) {
			return usageError(`no such option: ${flag}`, command);
		}
	}
	if (command === 'uninstall') {
		return {
			kind: 'uninstall',
			names: found.requirements,
			files: found.files,
			quiet: found.quiet
		};
	}
	return { kind: 'install', ...found };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function usageError(problem: string, command?: string): PipCommand {
	const usage = command
		? `Usage:\n  pip ${command} [options] <requirement specifier> ...\n  pip ${command} [options] -r <requirements file> ...\n\n`
		: 'Usage:\n  pip <command> [options]\n\n';
	return { kind: 'usage-error', message: `${usage}${problem}\n` };
}

/** What a requirements file holds, line by line. */
export interface RequirementsFile {
	/** Requirement lines (`greeter>=1.0 ; python_version >= "3.10"`). */
	requirements: string[];
	/** Files included with `-r`, relative to this one. */
	included: string[];
	/** Option lines that change nothing here, as written. */
	ignored: string[];
	/** An option that cannot work here (`-e .`): the message, or null. */
	unsupported: string | null;
}

/** Reads a requirements file: comments, continuation lines, `-r` includes, hashes. */
export function readRequirementsFile(text: string): RequirementsFile {
	const found: RequirementsFile = {
		requirements: [],
		included: [],
		ignored: [],
		unsupported: null
	};
	const lines = text.replace(/\r\n?/g, '\n').replace(/\\\n/g, ' ').split('\n');
	for (const raw of lines) {
		// A comment starts at a '#' at the line's start or after a space (URLs keep their fragments).
		const line = raw.replace(/(^|\s)#.*$/, '').trim();
		if (line === '') continue;
		if (!line.startsWith('-')) {
			// Hash-checking options are for pip's own downloads; files here come by URL and cache.
			found.requirements.push(line.replace(/\s--hash[=\s]\S+/g, '').trim());
			continue;
		}
		const [flag, value] = splitOption(line);
		if (flag === '-r' || flag === '--requirement') found.included.push(value);
		else if (flag === '-e' || flag === '--editable') {
			found.unsupported ??= `ERROR: ${line}: ${NOT_HERE[flag]}.\n`;
		} else found.ignored.push(line);
	}
	return found;
}

function splitOption(line: string): [string, string] {
	const long = /^(--[A-Za-z-]+)(?:=|\s+|$)(.*)$/.exec(line);
	if (long) return [long[1]!, long[2]!.trim()];
	return [line.slice(0, 2), line.slice(2).trim()];
}

/**
 * The arguments for pip when a command line runs it (`pip ...`, `pip3 ...`,
 * `python -m pip ...`), or null for any other command.
 */
export function pipArguments(argv: readonly string[]): string[] | null {
	const [program, ...rest] = argv;
	if (program === 'pip' || program === 'pip3') return rest;
	if (program !== 'python' && program !== 'python3') return null;
	for (let index = 0; index < rest.length; index++) {
		const arg = rest[index]!;
		if (arg === '-m') return rest[index + 1] === 'pip' ? rest.slice(index + 2) : null;
		if (arg === '-mpip') return rest.slice(index + 1);
		// Flags python accepts and ignores may come first (python -u -m pip).
		if (!/^-[uBqEsIbdOv]+$/.test(arg)) return null;
	}
	return null;
}
