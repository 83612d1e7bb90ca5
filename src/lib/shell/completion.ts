// Tab completion for the shell: finds the word under the cursor with a small, forgiving scan
// of the line (quotes, escapes, `|`, `&&`, `;`, redirections), decides what it names (a
// command, a git subcommand or a path) and offers replacements quoted the way it was typed.
import type { FileSystem } from '../workspace/types.ts';
import { ROOT, compareNames, resolvePath } from './paths.ts';

/** What Tab can put in place of `line.slice(from, to)` (UTF-16 offsets, as `String.slice`). */
export interface Completion {
	from: number;
	to: number;
	/**
	 * Full replacements for the word, quoted or escaped as it was typed: a folder ends with `/`,
	 * a finished word inside quotes with its closing quote.
	 */
	candidates: string[];
	/** What to show when listing the candidates (a path's last part), one per candidate. */
	display?: string[];
	/**
	 * Whether a lone candidate gets a space after it, the word being done (true unless false).
	 * Python's candidates end as they should (`print(`, `import `): its prompt says false.
	 */
	spaceAfter?: boolean;
}

/**
 * A completion callback: the line and the cursor's UTF-16 offset in it. Null: Tab completes
 * nothing here and is typed as the editor's `tabText` (Python's prompt indents a blank line).
 */
export type CompletionSource = (
	line: string,
	cursor: number
) => Promise<Completion | null> | Completion | null;

/** What completion knows about the shell. */
export interface CompletionContext {
	/** Every command name: builtins and the runtimes' programs. */
	readonly commands: readonly string[];
	/** The workspace's files. */
	readonly fs: Pick<FileSystem, 'list'>;
	/** The shell's current folder, a workspace path ('' is the root). */
	readonly cwd: string;
	/** What may follow `git ` (add, commit, status, ...). */
	readonly gitSubcommands?: readonly string[];
}

type Quote = '' | "'" | '"';

/** The word the cursor is in, as far as the cursor. */
interface Word {
	/** Where the word starts in the line. */
	from: number;
	/** Its text with quotes and escapes removed. */
	value: string;
	/** The quote still open at the cursor. */
	quote: Quote;
	/** The earlier words of the same command (assignments and redirection targets left out). */
	previous: string[];
	/** Whether the word is a file name after `>` or `<`. */
	redirectTarget: boolean;
}

// Words after which the next word is again a command name.
const commandPrefixes = new Set([
	'if',
	'then',
	'else',
	'elif',
	'do',
	'while',
	'until',
	'!',
	'time'
]);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;
// Characters that end a command and start another one.
const separators = new Set(['|', '&', ';', '(', ')', '\n']);
// Characters that need a backslash in an unquoted word.
const special = /[\s'"\\$`|&;()<>*?[\]!{}]/g;

/**
 * Completes the word before `cursor` in `line`: a command name at the start of a command
 * (line start, after `|`, `&&`, `||`, `;`, `&`), a git subcommand after `git `, and otherwise a
 * path. Never throws: anything it cannot make sense of completes to nothing.
 */
export function complete(line: string, cursor: number, context: CompletionContext): Completion {
	const end = Number.isFinite(cursor) ? Math.max(0, Math.min(line.length, Math.floor(cursor))) : 0;
	const none: Completion = { from: end, to: end, candidates: [] };
	try {
		const word = wordBefore(line, end);
		if (!word) return none;
		const options = candidatesFor(word, context);
		const typed = line.slice(word.from, end);
		return {
			from: word.from,
			to: end,
			candidates: options.map(({ value }) => {
				const rest = quoteText(value.slice(word.value.length), word.quote, typed === '');
				const close = word.quote && !value.endsWith('/') ? word.quote : '';
				return typed + rest + close;
			}),
			display: options.map(({ label }) => label)
		};
	} catch {
		return none;
	}
}

/** Scans `line` up to `end`; null when the cursor is in a comment or just after a lone `\`. */
function wordBefore(line: string, end: number): Word | null {
	let previous: string[] = [];
	let inWord = false;
	let from = end;
	let value = '';
	let quoted = false;
	let quote: Quote = '';
	let expectTarget = false;
	let target = false;

	const finishWord = () => {
		if (!inWord) return;
		const commandPosition = previous.length === 0;
		if (!target && !(commandPosition && (assignment.test(value) || commandPrefixes.has(value))))
			previous.push(value);
		inWord = false;
	};
	const startWord = (at: number) => {
		if (inWord) return;
		inWord = true;
		from = at;
		value = '';
		quoted = false;
		target = expectTarget;
		expectTarget = false;
	};

	for (let i = 0; i < end; i++) {
		const c = line[i]!;
		if (quote === "'") {
			if (c === "'") quote = '';
			else value += c;
			continue;
		}
		if (quote === '"') {
			if (c === '"') quote = '';
			else if (c === '\\' && i + 1 < end && '"\\$`'.includes(line[i + 1]!)) value += line[++i];
			else value += c;
			continue;
		}
		if (c === ' ' || c === '\t') {
			finishWord();
		} else if (
			c === '<' ||
			c === '>' ||
			(c === '&' && (line[i + 1] === '>' || line[i - 1] === '>'))
		) {
			// `2>` names a file descriptor, not an argument.
			if (inWord && !quoted && /^\d+$/.test(value)) inWord = false;
			else finishWord();
			expectTarget = true;
		} else if (separators.has(c)) {
			finishWord();
			previous = [];
			expectTarget = false;
		} else if (c === '#' && !inWord) {
			return null;
		} else {
			startWord(i);
			if (c === '\\') {
				if (i + 1 >= end) return null;
				value += line[++i];
			} else if (c === "'" || c === '"') {
				quote = c;
				quoted = true;
			} else value += c;
		}
	}
	if (!inWord) return { from: end, value: '', quote: '', previous, redirectTarget: expectTarget };
	return { from, value, quote, previous, redirectTarget: target };
}

interface Option {
	/** The unquoted replacement for the whole word. */
	value: string;
	label: string;
}

function candidatesFor(word: Word, context: CompletionContext): Option[] {
	const { value, previous } = word;
	const pathLike = /^[.~]/.test(value) || value.includes('/');
	if (!word.redirectTarget && previous.length === 0 && !pathLike)
		return named(context.commands, value);
	if (!word.redirectTarget && previous.length === 1 && previous[0] === 'git' && !/^-/.test(value))
		return named(context.gitSubcommands ?? [], value);
	return paths(value, context);
}

function named(names: readonly string[], prefix: string): Option[] {
	return [...new Set(names)]
		.filter((name) => name.startsWith(prefix))
		.sort(compareNames)
		.map((name) => ({ value: name, label: name }));
}

function paths(value: string, context: CompletionContext): Option[] {
	if (value === '~') return [{ value: '~/', label: '~/' }];
	const slash = value.lastIndexOf('/');
	const folder = value.slice(0, slash + 1);
	const prefix = value.slice(slash + 1);
	// Outside the workspace there is nothing but the way in.
	if (folder.startsWith('/') && !folder.startsWith(`${ROOT}/`)) {
		return `${ROOT}/`.startsWith(value) ? [{ value: `${ROOT}/`, label: `${ROOT.slice(1)}/` }] : [];
	}
	let entries: ReturnType<FileSystem['list']>;
	try {
		entries = context.fs.list(resolvePath(context.cwd, folder || '.'));
	} catch {
		return [];
	}
	const hidden = prefix.startsWith('.');
	return entries
		.filter(({ name }) => name.startsWith(prefix) && (hidden || !name.startsWith('.')))
		.map(({ name, type }) => {
			const label = type === 'dir' ? `${name}/` : name;
			return { value: folder + label, label };
		})
		.sort((a, b) => compareNames(a.value, b.value));
}

/** `text` as it must be typed inside `quote`; `wordStart` when it begins the word. */
function quoteText(text: string, quote: Quote, wordStart: boolean): string {
	if (quote === "'") return text.replaceAll("'", `'\\''`);
	if (quote === '"') return text.replace(/["\\$`]/g, '\\$&');
	const escaped = text.replace(special, '\\$&');
	return wordStart && /^[~#]/.test(escaped) ? `\\${escaped}` : escaped;
}
