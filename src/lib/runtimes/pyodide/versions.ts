// PEP 440 versions and version specifiers, as far as choosing a release to install needs them.
// Written after `packaging.version` and `packaging.specifiers`, which pip uses.

/** A parsed PEP 440 version. */
export interface Version {
	/** The text as written, e.g. '2.0.0rc1'. */
	readonly text: string;
	readonly epoch: number;
	readonly release: readonly number[];
	/** Pre-release phase ('a', 'b' or 'rc') and number. */
	readonly pre: readonly [string, number] | null;
	readonly post: number | null;
	readonly dev: number | null;
	readonly local: string | null;
}

/** One clause of a specifier set, e.g. `>=1.2`. */
export interface Specifier {
	readonly operator: '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';
	/** The version text, possibly ending in `.*` for `==` and `!=`. */
	readonly version: string;
}

const VERSION_PATTERN =
	/^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

const PRE_PHASES: Record<string, string> = {
	a: 'a',
	alpha: 'a',
	b: 'b',
	beta: 'b',
	c: 'rc',
	rc: 'rc',
	pre: 'rc',
	preview: 'rc'
};

/** Parses a version; null when it is not PEP 440 (old releases sometimes are not). */
export function parseVersion(text: string): Version | null {
	const match = VERSION_PATTERN.exec(text.trim());
	if (!match) return null;
	const [
		,
		epoch,
		release,
		prePhase,
		preNumber,
		postImplicit,
		postPhase,
		postNumber,
		dev,
		devNumber
	] = match;
	return {
		text: text.trim(),
		epoch: Number(epoch ?? 0),
		release: release!.split('.').map(Number),
		pre: prePhase ? [PRE_PHASES[prePhase.toLowerCase()]!, Number(preNumber ?? 0)] : null,
		post:
			postImplicit !== undefined
				? Number(postImplicit)
				: postPhase
					? Number(postNumber ?? 0)
					: null,
		dev: dev ? Number(devNumber ?? 0) : null,
		local: match[11]?.toLowerCase().replace(/[-_]/g, '.') ?? null
	};
}

/** True for pre-releases and development releases, which pip skips unless asked. */
export function isPrerelease(version: Version): boolean {
	return version.pre !== null || version.dev !== null;
}

/** Orders two versions as PEP 440 does: negative when `a` comes first. */
export function compareVersions(a: Version, b: Version): number {
	return (
		a.epoch - b.epoch ||
		compareReleases(a.release, b.release) ||
		compareKeys(preKey(a), preKey(b)) ||
		(a.post ?? -1) - (b.post ?? -1) ||
		(a.dev ?? Infinity) - (b.dev ?? Infinity) ||
		compareLocal(a.local, b.local)
	);
}

/** Parses `>=1.0, <2` (parentheses allowed, as in old METADATA); throws on a malformed clause. */
export function parseSpecifiers(text: string): Specifier[] {
	const inner = text.trim().replace(/^\((.*)\)$/, '$1');
	if (inner.trim() === '') return [];
	return inner.split(',').map((clause) => {
		const match = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9][^\s,;]*)\s*$/.exec(clause);
		const valid =
			match &&
			(match[1] === '===' ||
				parseVersion(
					match[1] === '==' || match[1] === '!=' ? match[2]!.replace(/\.\*$/, '') : match[2]!
				));
		if (!valid) throw new SyntaxError(`'${clause.trim()}' is not a version specifier`);
		return { operator: match[1] as Specifier['operator'], version: match[2]! };
	});
}

/** Writes specifiers back as text, e.g. '>=1.0,<2'. */
export function formatSpecifiers(specifiers: readonly Specifier[]): string {
	return specifiers.map((specifier) => specifier.operator + specifier.version).join(',');
}

/** True when `version` meets every clause (an empty list allows anything). */
export function satisfies(version: Version, specifiers: readonly Specifier[]): boolean {
	return specifiers.every((specifier) => matches(version, specifier));
}

/** True when a clause names a pre-release, which makes pre-releases eligible (as in packaging). */
export function mentionsPrerelease(specifiers: readonly Specifier[]): boolean {
	return specifiers.some((specifier) => {
		if (!['==', '===', '>=', '<=', '~='].includes(specifier.operator)) return false;
		const version = parseVersion(specifier.version.replace(/\.\*$/, ''));
		return version !== null && isPrerelease(version);
	});
}

function matches(candidate: Version, { operator, version: text }: Specifier): boolean {
	if (operator === '===') return candidate.text.toLowerCase() === text.toLowerCase();
	if ((operator === '==' || operator === '!=') && text.endsWith('.*')) {
		const prefix = parseVersion(text.slice(0, -2));
		if (!prefix) return false;
		const equal =
			candidate.epoch === prefix.epoch &&
			prefix.release.every((part, index) => (candidate.release[index] ?? 0) === part);
		return operator === '==' ? equal : !equal;
	}
	const spec = parseVersion(text);
	if (!spec) return false;
	// A specifier without a local label matches any local label of the same version.
	const subject = spec.local === null ? { ...candidate, local: null } : candidate;
	const order = compareVersions(subject, spec);
	switch (operator) {
		case '==':
			return order === 0;
		case '!=':
			return order !== 0;
		case '<=':
			return order <= 0;
		case '>=':
			return order >= 0;
		case '<':
			// `<2.0` does not admit 2.0's own pre-releases.
			return (
				order < 0 && (isPrerelease(spec) || !sameRelease(subject, spec) || !isPrerelease(subject))
			);
		case '>':
			// `>1.0` does not admit 1.0's post-releases.
			return order > 0 && (spec.post !== null || !sameRelease(subject, spec) || !subject.post);
		case '~=': {
			if (spec.release.length < 2) return false;
			const prefix = spec.release.slice(0, -1);
			return (
				order >= 0 &&
				subject.epoch === spec.epoch &&
				prefix.every((part, index) => (subject.release[index] ?? 0) === part)
			);
		}
	}
}

function sameRelease(a: Version, b: Version): boolean {
	return a.epoch === b.epoch && compareReleases(a.release, b.release) === 0;
}

function compareReleases(a: readonly number[], b: readonly number[]): number {
	for (let index = 0; index < Math.max(a.length, b.length); index++) {
		const difference = (a[index] ?? 0) - (b[index] ?? 0);
		if (difference !== 0) return difference;
	}
	return 0;
}

// 1.0.dev0 < 1.0a1 < 1.0b1 < 1.0rc1 < 1.0 < 1.0.post1
function preKey(version: Version): readonly [number, number] {
	if (version.pre) return [['a', 'b', 'rc'].indexOf(version.pre[0]), version.pre[1]];
	if (version.post === null && version.dev !== null) return [-1, 0];
	return [3, 0];
}

function compareKeys(a: readonly [number, number], b: readonly [number, number]): number {
	return a[0] - b[0] || a[1] - b[1];
}

function compareLocal(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return -1;
	if (b === null) return 1;
	const left = a.split('.');
	const right = b.split('.');
	for (let index = 0; index < Math.max(left.length, right.length); index++) {
		const x = left[index];
		const y = right[index];
		if (x === undefined) return -1;
		if (y === undefined) return 1;
		const xNumeric = /^\d+$/.test(x);
		const yNumeric = /^\d+$/.test(y);
		// Numeric segments sort after alphanumeric ones.
		if (xNumeric !== yNumeric) return xNumeric ? 1 : -1;
		const order = xNumeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
		if (order !== 0) return order;
	}
	return 0;
}
