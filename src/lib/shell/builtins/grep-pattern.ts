// grep's patterns: POSIX basic (BRE) and extended (ERE) regular expressions translated to JS
// RegExps, with GNU's wording for the patterns that cannot be compiled.

const POSIX_CLASSES: Record<string, string> = {
	alpha: 'a-zA-Z',
	digit: '0-9',
	alnum: '0-9A-Za-z',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	xdigit: '0-9A-Fa-f',
	cntrl: '\\x00-\\x1f\\x7f',
	print: ' -~',
	graph: '!-~'
};

const UNMATCHED_BRACKET = 'Unmatched [, [^, [:, [., or [=';

/** A POSIX bracket expression at `start` as a JS class, and the index of its `]`. */
function bracket(pattern: string, start: number): [string, number] {
	let i = start + 1;
	let out = '[';
	if (pattern[i] === '^') out += pattern[i++];
	if (pattern[i] === ']') {
		out += '\\]';
		i++;
	}
	for (; i < pattern.length; i++) {
		const c = pattern[i]!;
		if (c === ']') return [`${out}]`, i];
		const kind = pattern[i + 1];
		if (c === '[' && (kind === ':' || kind === '=' || kind === '.')) {
			const close = pattern.indexOf(`${kind}]`, i + 2);
			if (close < 0) throw new Error(UNMATCHED_BRACKET);
			const name = pattern.slice(i + 2, close);
			if (kind !== ':') out += name.replace(/[\\\]^-]/g, '\\$&');
			else if (Object.hasOwn(POSIX_CLASSES, name)) out += POSIX_CLASSES[name];
			else throw new Error('Invalid character class name');
			i = close + 1;
		} else out += c === '\\' || c === '[' ? `\\${c}` : c; // a backslash is literal in POSIX brackets
	}
	throw new Error(UNMATCHED_BRACKET);
}

const GROUPING = '(){}|+?';

/**
 * A POSIX pattern as JS RegExp source. BRE (grep's default) makes `( ) { } | + ?` literal and
 * their backslashed forms operators; ERE (-E) the other way round. `\<` and `\>` are word
 * edges, other backslash escapes keep their JS meaning (`\d`, `\t`, `\1`).
 */
function translate(pattern: string, extended: boolean): string {
	let out = '';
	// Where a repetition has nothing to repeat, so it is literal, as in GNU grep.
	let atStart = true;
	for (let i = 0; i < pattern.length; i++) {
		let c = pattern[i]!;
		let operator = extended && GROUPING.includes(c);
		if (c === '\\') {
			const next = pattern[++i];
			if (next === undefined) throw new Error('Trailing backslash');
			if (!extended && GROUPING.includes(next)) {
				c = next;
				operator = true;
			} else {
				out += next === '<' ? '\\b(?=\\w)' : next === '>' ? '\\b(?<=\\w)' : `\\${next}`;
				atStart = false;
				continue;
			}
		} else if (c === '[') {
			const [set, end] = bracket(pattern, i);
			out += set;
			i = end;
			atStart = false;
			continue;
		}
		const anchor: boolean =
			c === '^'
				? extended || atStart
				: c === '$' &&
					(extended || i === pattern.length - 1 || /^\\[)|]/.test(pattern.slice(i + 1)));
		if (c === '^' && anchor) {
			out += c;
			continue;
		}
		const literal: boolean =
			(GROUPING.includes(c) && !operator) ||
			('^$'.includes(c) && !anchor) ||
			('*+?{'.includes(c) && atStart);
		out += literal ? `\\${c}` : c;
		atStart = !literal && (c === '(' || c === '|');
	}
	return out;
}

/** GNU's wording for a pattern JS refuses. */
function regexProblem(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/Unterminated group/.test(message)) return 'Unmatched ( or \\(';
	if (/Unmatched '\)'/.test(message)) return 'Unmatched ) or \\)';
	if (/Unterminated character class/.test(message)) return UNMATCHED_BRACKET;
	if (/Nothing to repeat/.test(message)) return 'Invalid preceding regular expression';
	if (/out of order in \{\}/.test(message)) return 'Invalid content of \\{\\}';
	if (/out of order in character class/.test(message)) return 'Invalid range end';
	return message.replace(
		/^Invalid regular expression: \/.*\/\w*: /s,
		'Invalid regular expression: '
	);
}

/** grep's parsed flags, by long name. */
export type Flags = Record<string, true | undefined>;

/** The three forms of the pattern: per line, every match (highlighting), and whole texts. */
export interface Pattern {
	line: RegExp;
	every: RegExp;
	whole: RegExp;
}

/** Compiles grep's patterns (one per `-e` or line) with its flags; throws with GNU's wording. */
export function compile(patterns: string[], flags: Flags): Pattern {
	const sources = patterns.map((p) =>
		flags['fixed-strings']
			? p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
			: translate(p, !!flags['extended-regexp'])
	);
	let source = sources.length === 1 ? sources[0]! : sources.map((s) => `(?:${s})`).join('|');
	if (flags['line-regexp']) source = `^(?:${source})$`;
	else if (flags['word-regexp']) source = `(?<!\\w)(?:${source})(?!\\w)`;
	const i = flags['ignore-case'] ? 'i' : '';
	try {
		// Any line that matches makes the whole text match in multiline mode (the translation
		// has no lookbehind but `\w` tests, and a line edge is a newline there), so `whole`
		// skips files with no match without splitting them.
		return {
			line: new RegExp(source, i),
			every: new RegExp(source, `${i}g`),
			whole: new RegExp(source, `${i}m`)
		};
	} catch (error) {
		throw new Error(regexProblem(error), { cause: error });
	}
}
