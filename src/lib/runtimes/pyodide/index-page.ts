// A project's page in PyPI's JSON API (`/pypi/NAME/json`), read defensively: a mirror or a
// proxy may answer with less, and an old release may have a version that is not PEP 440.
import { PackageDownloadError } from '../errors.ts';
import { compareVersions, parseVersion, type Version } from './versions.ts';

/** A file on a PyPI JSON page (the fields pip's choice depends on). */
export interface IndexFile {
	filename: string;
	url: string;
	size?: number;
	yanked?: boolean;
	requires_python?: string | null;
	packagetype?: string;
}

/** One release: its version and the files it publishes. */
export interface IndexRelease {
	version: Version;
	files: IndexFile[];
}

/** Reads a PyPI JSON page: every release with its files, newest first. */
export function readIndexPage(
	page: unknown,
	url: string,
	fallbackName: string
): { name: string; releases: IndexRelease[] } {
	const data = page as {
		info?: { name?: unknown; version?: unknown };
		releases?: unknown;
		urls?: unknown;
	};
	const releases =
		data && typeof data.releases === 'object' && data.releases !== null
			? (data.releases as Record<string, unknown>)
			: data && Array.isArray(data.urls) && typeof data.info?.version === 'string'
				? { [data.info.version]: data.urls }
				: null;
	if (!releases) throw new PackageDownloadError(`${url} is not a PyPI JSON page.`);
	const parsed: IndexRelease[] = [];
	for (const [text, files] of Object.entries(releases)) {
		const version = parseVersion(text);
		if (!version || !Array.isArray(files)) continue;
		parsed.push({
			version,
			files: files.filter(
				(file): file is IndexFile =>
					typeof file?.filename === 'string' && typeof file?.url === 'string'
			)
		});
	}
	parsed.sort((a, b) => compareVersions(b.version, a.version));
	const name = typeof data.info?.name === 'string' ? data.info.name : fallbackName;
	return { name, releases: parsed };
}
