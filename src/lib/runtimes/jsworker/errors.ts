// Errors the offline JavaScript runtime raises inside the program, shaped like Node's own (a
// `code`, Node's wording) so that programs which test `err.code` behave as they would in Node,
// and each message says what happened and, where the runtime is the limit, what to do instead.

const fsMessages: Readonly<Record<string, string>> = {
	ENOENT: 'no such file or directory',
	EEXIST: 'file already exists',
	EISDIR: 'illegal operation on a directory',
	ENOTDIR: 'not a directory',
	ENOTEMPTY: 'directory not empty',
	EBUSY: 'resource busy or locked',
	EINVAL: 'invalid argument',
	EBADF: 'bad file descriptor',
	ERR_FS_EISDIR: 'Path is a directory'
};

const errnos: Readonly<Record<string, number>> = {
	ENOENT: -2,
	EEXIST: -17,
	EISDIR: -21,
	ENOTDIR: -20,
	ENOTEMPTY: -39,
	EBUSY: -16,
	EINVAL: -22,
	EBADF: -9
};

/** A file-system error as Node reports it: `ENOENT: no such file or directory, open 'x'`. */
export class FsError extends Error {
	override name = 'Error';
	readonly code: string;
	readonly errno: number | undefined;
	readonly syscall: string;
	readonly path: string;
	readonly dest: string | undefined;

	constructor(code: string, syscall: string, path: string, dest?: string) {
		const target = dest === undefined ? `'${path}'` : `'${path}' -> '${dest}'`;
		super(`${code}: ${fsMessages[code] ?? 'error'}, ${syscall} ${target}`);
		this.code = code;
		this.errno = errnos[code];
		this.syscall = syscall;
		this.path = path;
		this.dest = dest;
	}
}

/** `require`/`import` found no such file or package (Node's MODULE_NOT_FOUND). */
export class ModuleNotFoundError extends Error {
	override name = 'Error';
	readonly code = 'MODULE_NOT_FOUND';
	readonly requireStack: string[];

	constructor(specifier: string, from: string) {
		super(
			`Cannot find module '${specifier}'\nRequire stack:\n- ${from}` +
				(isBare(specifier)
					? `\nThe offline runtime only loads packages already in node_modules; installing them (npm install) needs the online runtime (WebContainers).`
					: '')
		);
		this.requireStack = [from];
	}
}

/** A Node module the offline runtime does not provide: it names the module and the way out. */
export class UnsupportedModuleError extends Error {
	override name = 'Error';
	readonly code = 'ERR_BYTESTORM_UNSUPPORTED_MODULE';

	constructor(module: string, what = `the '${module}' module`) {
		super(
			`The offline JavaScript runtime does not provide ${what}. Run this program with the online runtime (WebContainers) or in a cloud sandbox.`
		);
	}
}

/** A Node API the offline runtime leaves out, e.g. a native addon or synchronous require of ESM. */
export class UnsupportedFeatureError extends Error {
	override name = 'Error';
	readonly code = 'ERR_BYTESTORM_UNSUPPORTED';
}

/** Thrown to unwind the program after process.exit() where the worker cannot simply block. */
export class ProcessExit extends Error {
	override name = 'ProcessExit';
	readonly exitCode: number;

	constructor(code: number) {
		super(`process.exit(${code})`);
		this.exitCode = code;
	}
}

function isBare(specifier: string): boolean {
	return !/^(\.{0,2}\/|\/)/.test(specifier) && specifier !== '.' && specifier !== '..';
}

// inspect() prints `Name [error.name]` when a class's name differs from its errors' name (and
// minified builds rename classes): these print as Node's own errors do, `Error: ...`.
for (const type of [
	FsError,
	ModuleNotFoundError,
	UnsupportedModuleError,
	UnsupportedFeatureError
]) {
	Object.defineProperty(type, 'name', { value: 'Error' });
}
