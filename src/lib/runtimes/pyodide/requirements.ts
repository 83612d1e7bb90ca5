// PEP 508 requirements (`name[extra]>=1.0; sys_platform != "win32"`), as typed after
// `pip install`, written in requirements.txt and listed as Requires-Dist in a wheel's METADATA,
// with a small evaluator for their environment markers.
import { parseSpecifiers, parseVersion, satisfies, type Specifier } from './versions.ts';

/** One parsed requirement. */
export interface Requirement {
	/** The project name as written. */
	readonly name: string;
	/** Requested extras, normalised. */
	readonly extras: readonly string[];
	readonly specifiers: readonly Specifier[];
	/** The environment marker after `;`, or null. */
	readonly marker: string | null;
	/** The URL of a `name @ URL` requirement, or null. */
	readonly url: string | null;
	/** The text before the marker, for messages (`greeter>=1.0`). */
	readonly text: string;
}

/** The values markers test, as `packaging.markers.default_environment()` gives them. */
export type MarkerEnvironment = Readonly<Record<string, string>>;

/** PEP 503's normal form: `Foo_Bar.baz` and `foo-bar-baz` name the same project. */
export function normalizeName(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME_PATTERN = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*/;

/** Parses one requirement; throws a SyntaxError whose message says what is wrong. */
export function parseRequirement(input: string): Requirement {
	const source = input.trim();
	const match = NAME_PATTERN.exec(source);
	if (!match) throw new SyntaxError('it does not start with a package name');
	const name = match[1]!;
	const extras = (match[2] ?? '')
		.split(',')
		.map((extra) => extra.trim())
		.filter((extra) => extra !== '')
		.map(normalizeName);
	const offset = match[0].length;
	let rest = source.slice(offset);
	let end = source.length;
	let marker: string | null = null;
	let url: string | null = null;
	if (rest.startsWith('@')) {
		// A URL may contain ';': its marker must follow a space.
		const split = /\s;/.exec(rest);
		if (split) end = offset + split.index;
		url = source.slice(offset + 1, end).trim();
		rest = '';
	} else {
		const semicolon = rest.indexOf(';');
		if (semicolon >= 0) {
			end = offset + semicolon;
			rest = rest.slice(0, semicolon);
		}
	}
	if (end < source.length) {
		marker = source.slice(source.indexOf(';', end) + 1).trim();
		if (marker === '') throw new SyntaxError('the marker after ";" is empty');
		parseMarker(marker);
	}
	return {
		name,
		extras,
		specifiers: parseSpecifiers(rest),
		marker,
		url,
		text: source.slice(0, end).trim()
	};
}

/** Pyodide's values for every marker variable, for when Python cannot be asked. */
export function pyodideMarkerEnvironment(pythonVersion: string): MarkerEnvironment {
	const [major = '3', minor = '0'] = pythonVersion.split('.');
	return {
		implementation_name: 'cpython',
		implementation_version: pythonVersion,
		os_name: 'posix',
		platform_machine: 'wasm32',
		platform_python_implementation: 'CPython',
		platform_release: '',
		platform_system: 'Emscripten',
		platform_version: '',
		python_full_version: pythonVersion,
		python_version: `${major}.${minor}`,
		sys_platform: 'emscripten'
	};
}

/**
 * Evaluates a marker for this environment. With extras, it holds if it holds for any one of
 * them (as pip evaluates `extra == "socks"`); without, `extra` is ''. Throws a SyntaxError for a
 * marker it cannot read.
 */
export function evaluateMarker(
	marker: string,
	environment: MarkerEnvironment,
	extras: readonly string[] = []
): boolean {
	const tree = parseMarker(marker);
	return (extras.length > 0 ? extras : ['']).some((extra) =>
		evaluate(tree, { ...environment, extra })
	);
}

/** The variables a marker tests (so that a marker about extras only can be skipped quietly). */
export function markerVariables(marker: string): Set<string> {
	const names = new Set<string>();
	const visit = (node: MarkerNode): void => {
		if (node.kind === 'compare') {
			for (const side of [node.left, node.right])
				if (side.kind === 'variable') names.add(side.name);
		} else {
			for (const item of node.items) visit(item);
		}
	};
	visit(parseMarker(marker));
	return names;
}

type Operand = { kind: 'variable'; name: string } | { kind: 'string'; value: string };
type MarkerNode =
	| { kind: 'and' | 'or'; items: MarkerNode[] }
	| { kind: 'compare'; left: Operand; operator: string; right: Operand };

// Old spellings that still appear in METADATA written by old tools.
const LEGACY_NAMES: Record<string, string> = {
	'os.name': 'os_name',
	'sys.platform': 'sys_platform',
	'platform.version': 'platform_version',
	'platform.machine': 'platform_machine',
	'platform.python_implementation': 'platform_python_implementation',
	python_implementation: 'platform_python_implementation'
};

const TOKEN =
	/\s*(?:(\()|(\))|('[^']*'|"[^"]*")|(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b)|([A-Za-z_][A-Za-z0-9_.]*))/y;

function parseMarker(text: string): MarkerNode {
	const tokens: string[] = [];
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < text.length && text.slice(TOKEN.lastIndex).trim() !== '') {
		const match = TOKEN.exec(text);
		if (!match) throw new SyntaxError(`cannot read the marker '${text}'`);
		tokens.push(match[0].trim().replace(/\s+/g, ' '));
	}
	let position = 0;
	const peek = () => tokens[position];
	const next = () => tokens[position++];
	const fail = (): never => {
		throw new SyntaxError(`cannot read the marker '${text}'`);
	};
	const operand = (): Operand => {
		const token = next() ?? fail();
		if (/^['"]/.test(token)) return { kind: 'string', value: token.slice(1, -1) };
		if (/^[A-Za-z_]/.test(token) && !['and', 'or', 'in'].includes(token)) {
			return { kind: 'variable', name: LEGACY_NAMES[token] ?? token };
		}
		return fail();
	};
	const atom = (): MarkerNode => {
		if (peek() === '(') {
			next();
			const inner = disjunction();
			if (next() !== ')') fail();
			return inner;
		}
		const left = operand();
		const operator = next() ?? fail();
		if (!/^(===|==|!=|<=|>=|~=|<|>|not in|in)$/.test(operator)) fail();
		return { kind: 'compare', left, operator, right: operand() };
	};
	const series = (kind: 'and' | 'or', item: () => MarkerNode): MarkerNode => {
		const items = [item()];
		while (peek() === kind) {
			next();
			items.push(item());
		}
		return items.length === 1 ? items[0]! : { kind, items };
	};
	const conjunction = () => series('and', atom);
	const disjunction = () => series('or', conjunction);
	const tree = disjunction();
	if (position !== tokens.length) fail();
	return tree;
}

function evaluate(node: MarkerNode, environment: MarkerEnvironment): boolean {
	if (node.kind !== 'compare') {
		const holds = (item: MarkerNode) => evaluate(item, environment);
		return node.kind === 'and' ? node.items.every(holds) : node.items.some(holds);
	}
	const value = (operand: Operand): string => {
		if (operand.kind === 'string') return operand.value;
		const found = environment[operand.name];
		if (found === undefined) throw new SyntaxError(`unknown marker variable '${operand.name}'`);
		return found;
	};
	let left = value(node.left);
	let right = value(node.right);
	const isExtra = [node.left, node.right].some(
		(side) => side.kind === 'variable' && side.name === 'extra'
	);
	if (isExtra) {
		left = normalizeName(left);
		right = normalizeName(right);
	}
	switch (node.operator) {
		case 'in':
			return right.includes(left);
		case 'not in':
			return !right.includes(left);
	}
	const version = isExtra ? null : parseVersion(left);
	if (version && parseVersion(right.replace(/\.\*$/, ''))) {
		return satisfies(version, [
			{ operator: node.operator as Specifier['operator'], version: right }
		]);
	}
	switch (node.operator) {
		case '==':
		case '===':
			return left === right;
		case '!=':
			return left !== right;
		case '<':
			return left < right;
		case '<=':
			return left <= right;
		case '>':
			return left > right;
		case '>=':
			return left >= right;
		default:
			return false;
	}
}
