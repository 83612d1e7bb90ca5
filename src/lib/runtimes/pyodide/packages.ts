// pip's resolver: from requirements to the list of wheels to install, dependencies first.
// A package Pyodide builds (it is in pyodide-lock.json) comes from the package base URL; any
// other must have a pure-Python wheel on the index, whose METADATA names its dependencies,
// resolved the same way. The choice is greedy, like micropip's: the newest release that fits.
import {
	InvalidRequirementError,
	NoBrowserBuildError,
	NoMatchingVersionError,
	PackageDownloadError,
	PackageError,
	PackageNetworkError,
	PackageNotFoundError,
	PackageOfflineError
} from '../errors.ts';
import type { Downloader } from './package-cache.ts';
import { readIndexPage, type IndexFile } from './index-page.ts';
import { indexName, type PackageSources } from './package-sources.ts';
import {
	evaluateMarker,
	markerVariables,
	normalizeName,
	parseRequirement,
	type MarkerEnvironment,
	type Requirement
} from './requirements.ts';
import {
	isPrerelease,
	mentionsPrerelease,
	parseSpecifiers,
	parseVersion,
	satisfies,
	type Specifier
} from './versions.ts';
import {
	formatSize,
	isPurePythonWheel,
	parseWheelName,
	platformFamily,
	readWheelMetadata,
	requiresDist
} from './wheel.ts';

/** The parts of pyodide-lock.json the resolver reads. */
export interface Lockfile {
	info: { python: string };
	packages: Record<string, { name: string; version: string; file_name: string; depends: string[] }>;
}

/** One package to install. */
export interface PlannedPackage {
	/** The project's name as its index or the lockfile spells it. */
	name: string;
	version: string;
	/** 'pyodide': a build from pyodide-lock.json, loaded by Pyodide; 'index': a pure-Python wheel. */
	source: 'pyodide' | 'index';
	fileName: string;
	url: string;
	/** The wheel, for index packages (downloaded while resolving, to read its METADATA). */
	data?: Uint8Array;
}

/** What the resolver needs from its surroundings. */
export interface ResolveOptions {
	sources: PackageSources;
	lockfile: Lockfile;
	/** The values environment markers are tested against (Python's own, in the worker). */
	environment: MarkerEnvironment;
	/** Versions already installed, by normalised name. */
	installed: ReadonlyMap<string, string>;
	/** Where installed packages live, for "Requirement already satisfied" lines. */
	sitePackages: string;
	downloader: Downloader;
	/** Prints one line of progress, pip's way ("Collecting greeter"). */
	say(line: string): void;
	/** Newest versions of the named packages even when installed (`-U`). */
	upgrade?: boolean;
	/** Reinstall the named packages even when up to date. */
	forceReinstall?: boolean;
	/** Pre-releases are eligible (`--pre`). */
	pre?: boolean;
	/** Skip dependencies of index packages (`--no-deps`). */
	noDeps?: boolean;
}

/** Resolves requirements into packages to install, dependencies before their dependents. */
export function resolve(
	requirements: readonly Requirement[],
	options: ResolveOptions
): Promise<PlannedPackage[]> {
	return new Resolver(options).resolve(requirements);
}

/** The URL of a file named in pyodide-lock.json (absolute names stay as they are). */
export function pyodidePackageUrl(fileName: string, packageBaseUrl: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\//i.test(fileName) || fileName.startsWith('/')
		? fileName
		: packageBaseUrl + fileName;
}

class Resolver {
	readonly #options: ResolveOptions;
	readonly #python: string;
	/** Chosen (or already installed) versions by normalised name, and who asked first. */
	readonly #chosen = new Map<string, { version: string; by: string }>();
	readonly #plan: PlannedPackage[] = [];

	constructor(options: ResolveOptions) {
		this.#options = options;
		this.#python = options.environment.python_full_version ?? options.lockfile.info.python;
	}

	async resolve(requirements: readonly Requirement[]): Promise<PlannedPackage[]> {
		for (const requirement of requirements) await this.#visit(requirement, null, []);
		return this.#plan;
	}

	async #visit(requirement: Requirement, parent: string | null, extras: readonly string[]) {
		const { say, installed, lockfile } = this.#options;
		if (requirement.marker !== null && !this.#applies(requirement, extras)) return;
		if (requirement.url !== null) {
			throw new PackageError(
				`Installing from a URL (${requirement.name} @ ${requirement.url}) is not available yet: install ${requirement.name} by name.`
			);
		}
		const key = normalizeName(requirement.name);
		const from = parent === null ? '' : ` (from ${parent})`;
		const chosen = this.#chosen.get(key);
		if (chosen) {
			if (fits(chosen.version, requirement.specifiers)) return;
			throw new NoMatchingVersionError(
				`${parent ?? 'You'} asked for ${requirement.text}, but ${chosen.by} needs ${requirement.name} ${chosen.version}: these cannot be installed together.`
			);
		}
		const present = installed.get(key);
		const explicit = parent === null && (this.#options.upgrade || this.#options.forceReinstall);
		const alreadySatisfied = (version: string) => {
			say(
				`Requirement already satisfied: ${requirement.text}${from} in ${this.#options.sitePackages} (${version})`
			);
			this.#chosen.set(key, { version, by: parent ?? requirement.name });
		};
		if (present !== undefined && fits(present, requirement.specifiers) && !explicit) {
			return alreadySatisfied(present);
		}
		say(`Collecting ${requirement.text}${from}`);
		const build = lockfile.packages[key];
		if (build && fits(build.version, requirement.specifiers)) {
			if (present === build.version && !this.#options.forceReinstall) {
				return alreadySatisfied(present);
			}
			say(`  Using Pyodide's build ${build.file_name}`);
			this.#chosen.set(key, { version: build.version, by: parent ?? build.name });
			// Pyodide loads these itself with the package; visiting them reports and records them.
			for (const dependency of build.depends) {
				await this.#visit(parseRequirement(dependency), build.name, []);
			}
			this.#plan.push({
				name: build.name,
				version: build.version,
				source: 'pyodide',
				fileName: build.file_name,
				url: pyodidePackageUrl(build.file_name, this.#options.sources.packageBaseUrl)
			});
			return;
		}
		const { name, release, file } = await this.#choose(requirement, build);
		if (present === release.version.text && !this.#options.forceReinstall) {
			return alreadySatisfied(present);
		}
		const data = await this.#download(requirement.name, file);
		let metadata: string;
		try {
			metadata = await readWheelMetadata(data);
		} catch (error) {
			throw new PackageDownloadError(
				`${file.filename} is not a usable wheel (${error instanceof Error ? error.message : error}).`
			);
		}
		this.#chosen.set(key, { version: release.version.text, by: parent ?? name });
		if (!this.#options.noDeps) {
			for (const line of requiresDist(metadata)) {
				let dependency: Requirement;
				try {
					dependency = parseRequirement(line);
				} catch {
					say(`Ignoring a dependency of ${name} that cannot be read: '${line}'`);
					continue;
				}
				await this.#visit(dependency, name, requirement.extras);
			}
		}
		this.#plan.push({
			name,
			version: release.version.text,
			source: 'index',
			fileName: file.filename,
			url: file.url,
			data
		});
	}

	/** Evaluates the requirement's marker; says why it is skipped, as pip does, unless it is an extra. */
	#applies(requirement: Requirement, extras: readonly string[]): boolean {
		const marker = requirement.marker!;
		try {
			if (evaluateMarker(marker, this.#options.environment, extras)) return true;
			if (!markerVariables(marker).has('extra')) {
				this.#options.say(
					`Ignoring ${requirement.name}: markers '${marker}' don't match your environment`
				);
			}
		} catch {
			this.#options.say(`Ignoring ${requirement.name}: cannot read its markers '${marker}'`);
		}
		return false;
	}

	async #choose(requirement: Requirement, build: Lockfile['packages'][string] | undefined) {
		const index = indexName(this.#options.sources.indexUrl);
		const url = `${this.#options.sources.indexUrl}${normalizeName(requirement.name)}/json`;
		let page: unknown;
		try {
			page = await this.#options.downloader.indexPage(url);
		} catch (error) {
			throw offline(requirement.name, error);
		}
		if (page === null) {
			if (build) {
				throw new NoMatchingVersionError(
					`Pyodide provides ${build.name} ${build.version}, which does not match ${requirement.text}, and ${index} has no other.`
				);
			}
			throw new PackageNotFoundError(requirement.name, index);
		}
		const { name, releases } = readIndexPage(page, url, requirement.name);
		const exact = requirement.specifiers.some(
			(specifier) =>
				specifier.operator === '===' ||
				(specifier.operator === '==' && !specifier.version.endsWith('.*'))
		);
		// Yanked files are skipped, except for an exact pin (PEP 592).
		const available = releases
			.map((release) => ({ ...release, files: release.files.filter((f) => exact || !f.yanked) }))
			.filter((release) => release.files.length > 0);
		if (available.length === 0) {
			throw new PackageError(`${name} has no release with files to install on ${index}.`);
		}
		const matching = available.filter((release) =>
			satisfies(release.version, requirement.specifiers)
		);
		if (matching.length === 0) {
			const versions = available.map((release) => release.version.text).reverse();
			const shown = versions.length > 12 ? ['...', ...versions.slice(-12)] : versions;
			throw new NoMatchingVersionError(
				`No version of ${name} matches ${requirement.text} (versions on ${index}: ${shown.join(', ')}).`
			);
		}
		const finals = matching.filter((release) => !isPrerelease(release.version));
		const allowPre = this.#options.pre || mentionsPrerelease(requirement.specifiers);
		// PEP 440: pre-releases count when nothing else matches.
		const pool = allowPre || finals.length === 0 ? matching : finals;
		for (const release of pool) {
			const file = this.#bestWheel(release.files);
			if (file) return { name, release, file };
		}
		throw new NoBrowserBuildError(name, this.#whyNot(pool[0]!.files));
	}

	/** The pure-Python wheel of a release that runs here, highest build tag first. */
	#bestWheel(files: readonly IndexFile[]): IndexFile | undefined {
		return files
			.map((file) => ({ file, wheel: parseWheelName(file.filename) }))
			.filter(
				({ file, wheel }) =>
					wheel !== null &&
					isPurePythonWheel(wheel, this.#python) &&
					this.#supportsPython(file.requires_python)
			)
			.sort((a, b) => b.wheel!.build - a.wheel!.build)[0]?.file;
	}

	#supportsPython(requiresPython: string | null | undefined): boolean {
		if (!requiresPython) return true;
		const python = parseVersion(this.#python);
		try {
			return python === null || satisfies(python, parseSpecifiers(requiresPython));
		} catch {
			// An unreadable constraint does not stop the install (pip warns and goes on too).
			return true;
		}
	}

	/** Why none of a release's files runs in the browser, in the words of the error message. */
	#whyNot(files: readonly IndexFile[]): string {
		const wheels = files.flatMap((file) => {
			const wheel = parseWheelName(file.filename);
			return wheel ? [{ file, wheel }] : [];
		});
		const pure = wheels.filter(
			({ wheel }) => wheel.platformTags.includes('any') && wheel.abiTags.includes('none')
		);
		const runnable = pure.filter(({ wheel }) => isPurePythonWheel(wheel, this.#python));
		if (runnable.length > 0) {
			const needs = runnable[0]!.file.requires_python;
			return `its pure-Python wheels need Python ${needs}, and the browser has Python ${this.#python}`;
		}
		if (pure.length > 0) {
			const tags = [...new Set(pure.flatMap(({ wheel }) => wheel.pythonTags))];
			return `its pure-Python wheels are for ${tags.join(', ')} only`;
		}
		const families = [
			...new Set(
				wheels.flatMap(({ wheel }) =>
					wheel.platformTags.filter((tag) => tag !== 'any').map(platformFamily)
				)
			)
		];
		if (families.length > 0) {
			return `it needs compiled code: only ${listInWords(families)} wheels exist`;
		}
		if (
			files.some((file) => file.packagetype === 'sdist' || /\.(tar\.gz|zip)$/.test(file.filename))
		) {
			return 'only a source archive exists, and packages cannot be built in the browser';
		}
		return 'it publishes no files that pip can install';
	}

	async #download(name: string, file: IndexFile): Promise<Uint8Array> {
		try {
			const { data, cached } = await this.#options.downloader.file(file.url);
			const size = formatSize(file.size ?? data.length);
			this.#options.say(`  ${cached ? 'Using cached' : 'Downloading'} ${file.filename} (${size})`);
			return data;
		} catch (error) {
			throw offline(name, error);
		}
	}
}

function fits(version: string, specifiers: readonly Specifier[]): boolean {
	const parsed = parseVersion(version);
	return parsed === null ? specifiers.length === 0 : satisfies(parsed, specifiers);
}

/** A network failure while installing `name` becomes the offline message; others pass. */
function offline(name: string, error: unknown): unknown {
	return error instanceof PackageNetworkError ? new PackageOfflineError(name) : error;
}

/** 'a', 'a and b', 'a, b and c'. */
function listInWords(items: readonly string[]): string {
	return items.length <= 1
		? (items[0] ?? '')
		: `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Parses a requirement typed by the user, as pip reports a bad one. */
export function parseUserRequirement(text: string): Requirement {
	try {
		return parseRequirement(text);
	} catch (error) {
		throw new InvalidRequirementError(text, error instanceof Error ? error.message : String(error));
	}
}
