// The syntax tree of one command line. Every node keeps its place in the line (0-based offsets,
// `end` exclusive) so that errors can point at a column.

/** Where a node sits in the line it was parsed from: `start` inclusive, `end` exclusive. */
export interface Span {
	start: number;
	end: number;
}

/**
 * One piece of a word. `quoted` marks text that came from quotes or a backslash escape: it is
 * never split into fields and never used as a glob pattern.
 */
export type WordPart =
	| { type: 'literal'; text: string; quoted: boolean }
	/** `$NAME`, `${NAME}` and the special parameters `$?`, `$$`, `$#`, `$0`..`$9`. */
	| { type: 'variable'; name: string; quoted: boolean }
	/** A `~` (or `~/...`) at the start of a word, unquoted: the home folder. */
	| { type: 'tilde' };

/** A word as written: its parts in order, expanded into zero or more fields at run time. */
export interface Word {
	type: 'word';
	parts: WordPart[];
	span: Span;
}

/**
 * A redirection. `fd` is the descriptor redirected (0 stdin, 1 stdout, 2 stderr).
 * - file: `< f` (read), `> f` (write), `>> f` (append); `&> f` is two: 1 to f, then 2 to 1.
 * - dup: `2>&1` makes fd 2 a copy of fd 1 as it is at that point.
 */
export type Redirect =
	| { type: 'file'; fd: number; mode: 'read' | 'write' | 'append'; target: Word; span: Span }
	| { type: 'dup'; fd: number; to: number; span: Span };

/** `NAME=value` before a command (or alone, to set a shell variable). */
export interface Assignment {
	type: 'assignment';
	name: string;
	value: Word;
	span: Span;
}

/** One command: assignments, words (the first is the command name) and redirections. */
export interface SimpleCommand {
	type: 'command';
	assignments: Assignment[];
	words: Word[];
	redirects: Redirect[];
	span: Span;
}

/** Commands joined by `|`; `negated` for a leading `!`. */
export interface Pipeline {
	type: 'pipeline';
	negated: boolean;
	commands: SimpleCommand[];
	span: Span;
}

/** Pipelines joined by `&&` and `||`, run left to right. */
export interface AndOrList {
	type: 'and-or';
	first: Pipeline;
	rest: { op: '&&' | '||'; pipeline: Pipeline }[];
	span: Span;
}

/** One entry of a command line: an and-or list, run in the background when it ended with `&`. */
export interface ListItem {
	type: 'item';
	list: AndOrList;
	background: boolean;
	span: Span;
}

/** A whole command line: its items in order (`a; b & c`). Empty for a blank or comment line. */
export interface Script {
	type: 'script';
	items: ListItem[];
	span: Span;
}

/** Why a line could not be parsed; `column` is 1-based. */
export interface SyntaxErrorInfo {
	message: string;
	/** 1-based column of the offending character (line length + 1 for "unexpected end"). */
	column: number;
	/**
	 * True when more input could complete the line (an open quote, a trailing `|`, `&&` or `\`):
	 * the terminal then asks for a continuation line, as bash does with `> `.
	 */
	incomplete: boolean;
}

/** The result of parsing a line. */
export type ParseResult = { ok: true; script: Script } | { ok: false; error: SyntaxErrorInfo };
