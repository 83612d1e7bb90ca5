// Errors of the runtimes seam. Each message is a sentence a user can act on.

/** Base of every error a runtime or the router raises. */
export class BackendError extends Error {
	override name = 'BackendError';
}

/** No backend provides the command (the shell shows the message as is). */
export class CommandNotFoundError extends BackendError {
	override name = 'CommandNotFoundError';
	readonly command: string;

	constructor(command: string, available: readonly string[]) {
		super(
			command.trim() === ''
				? `Type a command to run, for example: python main.py`
				: `${command}: command not found. Programs that run here: ${available.join(', ')}.`
		);
		this.command = command;
	}
}

/** A backend could not start (its files did not load, or it crashed while starting). */
export class RuntimeStartError extends BackendError {
	override name = 'RuntimeStartError';
}

/** npm or npx was asked for where no WebContainer runs; `reason` says why none does. */
export class NeedsWebContainerError extends BackendError {
	override name = 'NeedsWebContainerError';

	constructor(command: string, reason: string) {
		super(
			`${command} needs the network and a WebContainer, which this page does not have: ${reason}. node runs your own files offline.`
		);
	}
}

/** pip could not install a package; the message is the sentence pip prints after "ERROR: ". */
export class PackageError extends BackendError {
	override name = 'PackageError';
}

/** The package index has no project by that name. */
export class PackageNotFoundError extends PackageError {
	override name = 'PackageNotFoundError';

	constructor(packageName: string, indexName: string) {
		super(`No package named '${packageName}' on ${indexName}.`);
	}
}

/** The project exists, but nothing it publishes runs in the browser; `reason` says why. */
export class NoBrowserBuildError extends PackageError {
	override name = 'NoBrowserBuildError';

	constructor(packageName: string, reason: string) {
		super(
			`${packageName} has no build that runs in the browser (${reason}). It will be able to run in a cloud sandbox.`
		);
	}
}

/** No release matches the versions asked for. */
export class NoMatchingVersionError extends PackageError {
	override name = 'NoMatchingVersionError';
}

/** Installing needs the network, and the files are not in the browser's cache. */
export class PackageOfflineError extends PackageError {
	override name = 'PackageOfflineError';

	constructor(packageName: string) {
		super(`pip install needs the network: ${packageName} is not installed or cached.`);
	}
}

/** A package server could not be reached (no network, or it refused the request). */
export class PackageNetworkError extends PackageError {
	override name = 'PackageNetworkError';
	readonly url: string;

	constructor(url: string, options?: ErrorOptions) {
		super(`Could not reach ${url}: check the connection and try again.`, options);
		this.url = url;
	}
}

/** A package server answered, but not with what pip asked for (an HTTP error, a broken file). */
export class PackageDownloadError extends PackageError {
	override name = 'PackageDownloadError';
}

/** A requirement pip cannot read, e.g. `pip install 'greeter>>1'`. */
export class InvalidRequirementError extends PackageError {
	override name = 'InvalidRequirementError';

	constructor(requirement: string, problem: string) {
		super(`Invalid requirement: '${requirement}': ${problem}.`);
	}
}
