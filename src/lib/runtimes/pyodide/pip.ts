// The `pip` command in the Python worker: reads its command line (pip-args.ts), resolves
// (packages.ts), installs (Pyodide's loadPackage for Pyodide's builds, pip.py unpacking the
// wheel for the others), and reports what the workspace should remember; on the next boot,
// restore() installs the same files again, from the browser's cache when offline.
import type { PyodideAPI } from 'pyodide';
import { PackageError, PackageNetworkError, PackageOfflineError } from '../errors.ts';
import type { InstalledPackage, PackageChange, StreamKind } from './api.ts';
import { pyodideVersion } from './assets.ts';
import {
	createDownloader,
	isAbort,
	withPackageDownloads,
	type Downloader
} from './package-cache.ts';
import type { PackageSources } from './package-sources.ts';
import { parseUserRequirement, resolve, type Lockfile, type PlannedPackage } from './packages.ts';
import { PIP_HELP, parsePipArgs, readRequirementsFile, type PipCommand } from './pip-args.ts';
import pipSource from './pip.py?raw';
import { normalizeName, type MarkerEnvironment, type Requirement } from './requirements.ts';

/** Where pip.py is written, outside the workspace. */
const HELPER_FILE = '/opt/bytestorm/_bytestorm_pip.py';
/** Where a downloaded wheel waits to be unpacked. */
const DOWNLOAD_DIR = '/tmp/bytestorm-pip';
/** Exit code of a command stopped with Ctrl+C. */
const INTERRUPTED = 130;

/** What a PackageManager needs from the worker around it. */
export interface PackageManagerOptions {
	sources: PackageSources;
	/** Python's file-system path of the workspace root (requirements files are read from it). */
	workspaceRoot: string;
	/** Reports what a pip command changed, for the workspace to remember. */
	changed(change: PackageChange): void;
	/** Takes a pending Ctrl+C (true once per press). */
	interrupted(): boolean;
}

/** Output of one pip command. */
export interface PipOutput {
	write(kind: StreamKind, text: string): void;
}

/** pip.py's functions, as Pyodide hands them to JavaScript. */
interface Helpers {
	site_packages(): string;
	marker_environment(): string;
	installed_versions(): string;
	installed_list(): string;
	install_wheel(path: string): string;
	uninstall(name: string): string | undefined;
}

/** pip for one booted Pyodide. */
export class PackageManager {
	readonly #pyodide: PyodideAPI;
	readonly #options: PackageManagerOptions;
	#helpers: Helpers | null = null;
	#environment: MarkerEnvironment | null = null;

	constructor(pyodide: PyodideAPI, options: PackageManagerOptions) {
		this.#pyodide = pyodide;
		this.#options = options;
	}

	/** Runs `pip ARGS` in `cwd` (workspace-relative) and returns pip's exit code. */
	async pip(args: readonly string[], cwd: string, output: PipOutput): Promise<number> {
		const command = parsePipArgs(args);
		const quiet = 'quiet' in command && command.quiet;
		const say = (line: string) => {
			if (!quiet) output.write('stdout', `${line}\n`);
		};
		const abort = new AbortController();
		// Downloads are awaited, so Ctrl+C is seen by polling the shared flag meanwhile.
		const poll = setInterval(() => {
			if (this.#options.interrupted()) abort.abort();
		}, 50);
		try {
			return await this.#execute(command, cwd, say, output, abort.signal);
		} catch (error) {
			if (isAbort(error)) {
				output.write('stderr', 'ERROR: Operation cancelled by user\n');
				return INTERRUPTED;
			}
			output.write('stderr', `ERROR: ${this.#describe(error)}\n`);
			return 1;
		} finally {
			clearInterval(poll);
		}
	}

	/**
	 * Installs a workspace's packages again (after a restart or a reload), from the browser's
	 * cache when there. Returns one sentence per package that could not be installed.
	 */
	async restore(packages: readonly InstalledPackage[]): Promise<string[]> {
		const problems: string[] = [];
		const downloader = createDownloader();
		const builds: string[] = [];
		for (const record of packages) {
			if (record.source === 'pyodide') {
				if (this.#lockfile().packages[normalizeName(record.name)]) builds.push(record.name);
				else problems.push(`${record.name} is no longer built by Pyodide ${pyodideVersion}.`);
				continue;
			}
			try {
				const { data } = await downloader.file(record.url);
				this.#installWheel(fileNameOf(record.url), data);
			} catch (error) {
				problems.push(
					this.#describe(
						error instanceof PackageNetworkError ? new PackageOfflineError(record.name) : error
					)
				);
			}
		}
		if (builds.length > 0) {
			try {
				await this.#loadBuilds(builds, downloader);
			} catch (error) {
				problems.push(this.#describe(error));
			}
		}
		return problems;
	}

	async #execute(
		command: PipCommand,
		cwd: string,
		say: (line: string) => void,
		output: PipOutput,
		signal: AbortSignal
	): Promise<number> {
		switch (command.kind) {
			case 'help':
				output.write('stdout', PIP_HELP);
				return 0;
			case 'version':
				output.write(
					'stdout',
					`pip (Bytestorm, for Pyodide ${pyodideVersion}) (python ${this.#markerEnvironment().python_version})\n`
				);
				return 0;
			case 'unsupported':
				output.write('stderr', command.message);
				return 1;
			case 'usage-error':
				output.write('stderr', command.message);
				return 2;
			case 'list':
			case 'freeze':
				this.#list(command.kind, output);
				return 0;
			case 'uninstall':
				return this.#uninstall(command.names, say, output);
			case 'install':
				return this.#install(command, cwd, say, output, signal);
		}
	}

	async #install(
		command: Extract<PipCommand, { kind: 'install' }>,
		cwd: string,
		say: (line: string) => void,
		output: PipOutput,
		signal: AbortSignal
	): Promise<number> {
		const requirements = command.requirements.map(parseUserRequirement);
		for (const file of command.files) {
			const found = this.#readRequirements(file, cwd, say, new Set());
			if (typeof found === 'string') {
				output.write('stderr', found);
				return 1;
			}
			requirements.push(...found);
		}
		if (requirements.length === 0) {
			output.write(
				'stderr',
				'ERROR: You must give at least one requirement to install (see "pip help install")\n'
			);
			return 1;
		}
		const helpers = this.#load();
		const installed = new Map(
			Object.entries(JSON.parse(helpers.installed_versions()) as Record<string, string>)
		);
		const downloader = createDownloader({ signal });
		const plan = await resolve(requirements, {
			sources: this.#options.sources,
			lockfile: this.#lockfile(),
			environment: this.#markerEnvironment(),
			installed,
			sitePackages: helpers.site_packages(),
			downloader,
			say,
			upgrade: command.upgrade,
			forceReinstall: command.forceReinstall,
			pre: command.pre,
			noDeps: command.noDeps
		});
		if (plan.length === 0) return 0;
		signal.throwIfAborted();
		say(`Installing collected packages: ${plan.map((item) => item.name).join(', ')}`);
		const builds = plan.filter((item) => item.source === 'pyodide').map((item) => item.name);
		if (builds.length > 0) await this.#loadBuilds(builds, downloader);
		for (const item of plan) {
			if (item.source !== 'index') continue;
			signal.throwIfAborted();
			const previous = installed.get(normalizeName(item.name));
			if (previous !== undefined) {
				say(`  Attempting uninstall: ${item.name}`);
				say(`    Found existing installation: ${item.name} ${previous}`);
				helpers.uninstall(item.name);
				say(`    Successfully uninstalled ${item.name}-${previous}`);
			}
			this.#installWheel(item.fileName, item.data!);
		}
		const done = [...plan].sort((a, b) => a.name.localeCompare(b.name));
		say(`Successfully installed ${done.map((item) => `${item.name}-${item.version}`).join(' ')}`);
		this.#options.changed({ installed: plan.map(record), removed: [] });
		return 0;
	}

	#uninstall(names: readonly string[], say: (line: string) => void, output: PipOutput): number {
		if (names.length === 0) {
			output.write(
				'stderr',
				'ERROR: You must give at least one requirement to uninstall (see "pip help uninstall")\n'
			);
			return 1;
		}
		const helpers = this.#load();
		const removed: string[] = [];
		for (const name of names) {
			const version = helpers.uninstall(name);
			if (version === undefined || version === null) {
				output.write('stderr', `WARNING: Skipping ${name} as it is not installed.\n`);
				continue;
			}
			say(`Found existing installation: ${name} ${version}`);
			say(`Uninstalling ${name}-${version}:`);
			say(`  Successfully uninstalled ${name}-${version}`);
			// Lets Pyodide load the package again later (it skips packages it thinks are loaded).
			for (const loaded of Object.keys(this.#pyodide.loadedPackages)) {
				if (normalizeName(loaded) === normalizeName(name))
					delete this.#pyodide.loadedPackages[loaded];
			}
			removed.push(normalizeName(name));
		}
		if (removed.length > 0) this.#options.changed({ installed: [], removed });
		return 0;
	}

	#list(kind: 'list' | 'freeze', output: PipOutput): void {
		const rows = JSON.parse(this.#load().installed_list()) as Array<[string, string]>;
		if (kind === 'freeze') {
			output.write('stdout', rows.map(([name, version]) => `${name}==${version}\n`).join(''));
			return;
		}
		const table: Array<[string, string]> = [['Package', 'Version'], ...rows];
		const widths = [0, 1].map((column) => Math.max(...table.map((row) => row[column]!.length)));
		table.splice(1, 0, ['-'.repeat(widths[0]!), '-'.repeat(widths[1]!)]);
		output.write(
			'stdout',
			table.map(([name, version]) => `${name.padEnd(widths[0]!)} ${version}\n`).join('')
		);
	}

	/** The requirements of a file (and the files it includes), or pip's error message. */
	#readRequirements(
		path: string,
		cwd: string,
		say: (line: string) => void,
		seen: Set<string>
	): Requirement[] | string {
		const base = cwd === '' ? this.#options.workspaceRoot : `${this.#options.workspaceRoot}/${cwd}`;
		const absolute = path.startsWith('/') ? path : `${base}/${path}`;
		if (seen.has(absolute)) return [];
		seen.add(absolute);
		let text: string;
		try {
			text = this.#pyodide.FS.readFile(absolute, { encoding: 'utf8' }) as string;
		} catch {
			return `ERROR: Could not open requirements file: [Errno 2] No such file or directory: '${path}'\n`;
		}
		const file = readRequirementsFile(text);
		if (file.unsupported) return file.unsupported;
		for (const line of file.ignored)
			say(`Ignoring the option '${line}' in ${path}: it has no effect here`);
		const requirements = file.requirements.map(parseUserRequirement);
		const folder = absolute.slice(0, absolute.lastIndexOf('/'));
		for (const included of file.included) {
			const found = this.#readRequirements(
				included.startsWith('/') ? included : `${folder}/${included}`,
				'',
				say,
				seen
			);
			if (typeof found === 'string') return found;
			requirements.push(...found);
		}
		return requirements;
	}

	/** Loads Pyodide's builds (and their dependencies) with Pyodide's loader, through the cache. */
	async #loadBuilds(names: readonly string[], downloader: Downloader): Promise<void> {
		let offline = false;
		const tracking: Downloader = {
			indexPage: (url) => downloader.indexPage(url),
			file: (url, init) =>
				downloader.file(url, init).catch((error: unknown) => {
					if (error instanceof PackageNetworkError) offline = true;
					throw error;
				})
		};
		const errors: string[] = [];
		await withPackageDownloads(this.#options.sources.packageBaseUrl, tracking, () =>
			this.#pyodide.loadPackage([...names], {
				messageCallback: () => {},
				errorCallback: (message) => errors.push(message)
			})
		);
		const loaded = new Set(Object.keys(this.#pyodide.loadedPackages).map(normalizeName));
		const missing = names.filter((name) => !loaded.has(normalizeName(name)));
		if (missing.length === 0) return;
		if (offline) throw new PackageOfflineError(missing.join(', '));
		throw new PackageError(
			`Pyodide could not load ${missing.join(', ')}${errors.length > 0 ? `: ${errors.join(' ')}` : '.'}`
		);
	}

	#installWheel(fileName: string, data: Uint8Array): void {
		const FS = this.#pyodide.FS;
		const path = `${DOWNLOAD_DIR}/${fileName}`;
		FS.mkdirTree(DOWNLOAD_DIR);
		FS.writeFile(path, data);
		try {
			this.#load().install_wheel(path);
		} finally {
			FS.unlink(path);
		}
	}

	#lockfile(): Lockfile {
		return this.#pyodide.lockfile as unknown as Lockfile;
	}

	#markerEnvironment(): MarkerEnvironment {
		return (this.#environment ??= JSON.parse(this.#load().marker_environment()));
	}

	/** Imports pip.py once. */
	#load(): Helpers {
		if (this.#helpers) return this.#helpers;
		const FS = this.#pyodide.FS;
		FS.mkdirTree(HELPER_FILE.slice(0, HELPER_FILE.lastIndexOf('/')));
		FS.writeFile(HELPER_FILE, pipSource);
		this.#helpers = this.#pyodide.runPython(`
import importlib.util, sys
spec = importlib.util.spec_from_file_location("_bytestorm_pip", ${JSON.stringify(HELPER_FILE)})
module = importlib.util.module_from_spec(spec)
sys.modules["_bytestorm_pip"] = module
spec.loader.exec_module(module)
module
`) as Helpers;
		return this.#helpers;
	}

	/** The sentence pip prints for an error (a Python exception: its last line). */
	#describe(error: unknown): string {
		if (error instanceof PackageError) return error.message;
		if (error instanceof this.#pyodide.ffi.PythonError) {
			const lines = error.message.trim().split('\n');
			return `pip failed: ${lines[lines.length - 1]}`;
		}
		return `pip failed: ${error instanceof Error ? error.message : String(error)}`;
	}
}

/** How the workspace remembers a package. */
function record(item: PlannedPackage): InstalledPackage {
	return { name: item.name, version: item.version, source: item.source, url: item.url };
}

/** The last part of a URL's path: the wheel's file name. */
function fileNameOf(url: string): string {
	const path = new URL(url).pathname;
	return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}
