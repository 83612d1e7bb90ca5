// The packages pip installed in a workspace, kept in the workspace document so that Python
// installs them again whenever it starts on that workspace (after a reload, a restart, on
// another device). They live in the doc's 'meta' map, not in a file: they are the runtime's
// record, not the user's, so they neither clutter the file tree nor clash with a
// requirements.txt of the user's own, and they are saved and synced with the files.
import type * as Y from 'yjs';
import { META_MAP } from '#lib/workspace/index.ts';
import type { InstalledPackage, PackageChange } from './api.ts';
import { normalizeName as normalize } from './requirements.ts';

/** The key in the 'meta' map: an array of InstalledPackage objects, dependencies first. */
export const INSTALLED_PACKAGES_KEY = 'pythonPackages';

/** The workspace's record of pip-installed packages. */
export class InstalledPackages {
	readonly #doc: Y.Doc;
	readonly #meta: Y.Map<unknown>;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		this.#meta = doc.getMap<unknown>(META_MAP);
	}

	/** The packages to install on boot, in install order; entries that are not well formed are skipped. */
	list(): InstalledPackage[] {
		const value = this.#meta.get(INSTALLED_PACKAGES_KEY);
		return Array.isArray(value) ? value.filter(isInstalledPackage) : [];
	}

	/** Records a pip command's changes: new versions replace old ones, removed names go. */
	apply(change: PackageChange): void {
		const replaced = new Set([
			...change.removed.map(normalize),
			...change.installed.map((entry) => normalize(entry.name))
		]);
		const next = [
			...this.list().filter((entry) => !replaced.has(normalize(entry.name))),
			...change.installed.map(({ name, version, source, url }) => ({ name, version, source, url }))
		];
		this.#doc.transact(() => {
			if (next.length > 0) this.#meta.set(INSTALLED_PACKAGES_KEY, next);
			else this.#meta.delete(INSTALLED_PACKAGES_KEY);
		}, 'runtime');
	}
}

function isInstalledPackage(value: unknown): value is InstalledPackage {
	const entry = value as Partial<InstalledPackage> | null;
	return (
		typeof entry === 'object' &&
		entry !== null &&
		typeof entry.name === 'string' &&
		typeof entry.version === 'string' &&
		(entry.source === 'pyodide' || entry.source === 'index') &&
		typeof entry.url === 'string'
	);
}
