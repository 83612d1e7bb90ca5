// The shell's lexer: turns a command line into words (with their quoting kept as parts) and
// operators, one token at a time, so the parser reports the first error in reading order. It
// walks the line once and never recurses; errors are thrown as LineSyntaxError and turned into a
// ParseResult by `parse`.
import type { Span, SyntaxErrorInfo, Word, WordPart } from './ast.ts';
import { ShellError } from './errors.ts';

/** The syntax error that stops a parse; `parse` catches it and returns its `info`. */
export class LineSyntaxError extends ShellError {
	override name = 'LineSyntaxError';
	readonly info: SyntaxErrorInfo;
	constructor(message: string, offset: number, incomplete = false) {
		super(message);
		this.info = { message, column: offset + 1, incomplete };
	}
}

/** An operator that separates or joins commands. */
type ControlOperator = ';' | ';;' | '&' | '&&' | '|' | '||';

/** A redirection operator, without the descriptor number written before it. */
type RedirectOperator = '<' | '>' | '>>' | '>|' | '>&' | '<&' | '&>' | '&>>';

/** One token of a command line; `end` comes once, at the line's length. */
export type Token =
	| { kind: 'word'; word: Word; assignment?: { name: string; value: Word }; span: Span }
	| { kind: 'operator'; op: ControlOperator; span: Span }
	| { kind: 'redirect'; op: RedirectOperator; fd?: number; span: Span }
	| { kind: 'newline'; span: Span }
	| { kind: 'end'; span: Span };

/** `syntax error near unexpected token 'x'` for the token at `offset`. */
export function unexpectedToken(text: string, offset: number, hint = ''): LineSyntaxError {
	return new LineSyntaxError(`syntax error near unexpected token '${text}'${hint}`, offset);
}

/** A short rendering of source text for an error message, with control characters made visible. */
export function excerpt(text: string): string {
	const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
	// A raw newline, carriage return or escape sequence would garble the terminal line.
	return Array.from(shown, (char) => {
		const code = char.charCodeAt(0);
		if (code >= 0x20 && (code < 0x7f || code >= 0xa0)) return char;
		if (char === '\n') return '\\n';
		if (char === '\t') return '\\t';
		if (char === '\r') return '\\r';
		return `\\u${code.toString(16).padStart(4, '0')}`;
	}).join('');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SPECIAL_PARAMETERS = '?$#0123456789';
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['"', '\\', '$', '`']);

// What an ASCII character does in a word, by char code; every other character is plain text.
const PLAIN = 0;
const ENDS_WORD = 1;
const STARTS_PIECE = 2;
const CHAR_CLASS = new Uint8Array(128);
for (const c of ' \t\n|&;()<>') CHAR_CLASS[c.charCodeAt(0)] = ENDS_WORD;
for (const c of '\\\'"$`') CHAR_CLASS[c.charCodeAt(0)] = STARTS_PIECE;

function charClass(code: number): number {
	return code < 128 ? (CHAR_CLASS[code] as number) : PLAIN;
}

function isNameChar(code: number): boolean {
	return (
		(code >= 97 && code <= 122) ||
		(code >= 65 && code <= 90) ||
		(code >= 48 && code <= 57) ||
		code === 95
	);
}

/** Appends literal text to `parts`, merged into the last part when its quoting is the same. */
function pushLiteral(parts: WordPart[], text: string, quoted: boolean): void {
	const last = parts[parts.length - 1];
	if (last?.type === 'literal' && last.quoted === quoted) last.text += text;
	// An empty unquoted piece means nothing; an empty quoted one still makes a (possibly empty) word.
	else if (text !== '' || quoted) parts.push({ type: 'literal', text, quoted });
}

/** Splits a leading unquoted `~` (alone, or before `/`) into a tilde part. */
function withTilde(parts: WordPart[]): WordPart[] {
	const head = parts[0];
	if (head?.type !== 'literal' || head.quoted || head.text[0] !== '~') return parts;
	if (head.text === '~' && parts.length === 1) return [{ type: 'tilde' }];
	if (head.text[1] !== '/') return parts;
	parts[0] = { type: 'literal', text: head.text.slice(1), quoted: false };
	parts.unshift({ type: 'tilde' });
	return parts;
}

/** Reads tokens from one command line, left to right. */
export class Lexer {
	private pos = 0;
	private readonly src: string;

	constructor(src: string) {
		this.src = src;
	}

	/** The next token; throws LineSyntaxError at the first malformed construct. */
	next(): Token {
		const src = this.src;
		for (;;) {
			this.skipBlanks();
			const start = this.pos;
			const c = src[start];
			const after = src[start + 1];
			switch (c) {
				case undefined:
					return { kind: 'end', span: { start, end: start } };
				case '#':
					// A comment runs to the end of the line; the newline still ends the command.
					this.pos = src.indexOf('\n', start);
					if (this.pos < 0) this.pos = src.length;
					continue;
				case '\n':
					this.pos++;
					return { kind: 'newline', span: { start, end: start + 1 } };
				case ';':
					return this.operator(after === ';' ? ';;' : ';');
				case '|':
					return this.operator(after === '|' ? '||' : '|');
				case '&':
					if (after === '>') {
						const op = src[start + 2] === '>' ? '&>>' : '&>';
						this.pos += op.length;
						return { kind: 'redirect', op, span: { start, end: this.pos } };
					}
					return this.operator(after === '&' ? '&&' : '&');
				case '<':
				case '>':
					return this.redirect(start, start, undefined);
				case '(':
				case ')':
					throw unexpectedToken(c, start, ' (subshells are not supported)');
			}
			if (c >= '0' && c <= '9' && (after === '<' || after === '>')) {
				return this.redirect(start, start + 1, Number(c));
			}
			return this.word();
		}
	}

	private skipBlanks(): void {
		const src = this.src;
		for (;;) {
			const c = src[this.pos];
			if (c === ' ' || c === '\t') this.pos++;
			else if (c === '\\' && src[this.pos + 1] === '\n') this.pos += 2;
			else return;
		}
	}

	private operator(op: ControlOperator): Token {
		const start = this.pos;
		this.pos += op.length;
		return { kind: 'operator', op, span: { start, end: this.pos } };
	}

	private redirect(start: number, at: number, fd: number | undefined): Token {
		const src = this.src;
		if (src.startsWith('<<<', at)) {
			throw new LineSyntaxError('here-strings (<<<) are not supported in this shell', start);
		}
		if (src.startsWith('<<', at)) {
			throw new LineSyntaxError('here-documents (<<) are not supported in this shell', start);
		}
		if (src.startsWith('<>', at)) {
			throw new LineSyntaxError(
				'the read-write redirection <> is not supported in this shell',
				start
			);
		}
		const two = src.slice(at, at + 2);
		let op: RedirectOperator = src[at] === '<' ? '<' : '>';
		if (two === '>>' || two === '>|' || two === '>&' || two === '<&') op = two;
		this.pos = at + op.length;
		const span = { start, end: this.pos };
		return fd === undefined ? { kind: 'redirect', op, span } : { kind: 'redirect', op, fd, span };
	}

	private word(): Token {
		const src = this.src;
		const start = this.pos;
		let parts: WordPart[] = [];
		// Set once the word turns out to start with `NAME=`; `parts` then holds only the value.
		let assignment: { name: string; valueStart: number } | undefined;
		// True while the word so far is plain unquoted text without '=', so it may become one.
		let mayAssign = true;
		while (this.pos < src.length) {
			if (charClass(src.charCodeAt(this.pos)) === ENDS_WORD) break;
			const c = src[this.pos];
			if (c === '\\' && src[this.pos + 1] === '\n') {
				// A line continuation: the backslash and the newline vanish.
				this.pos += 2;
			} else if (c === '\\') {
				this.escape(parts);
				mayAssign = false;
			} else if (c === "'") {
				const close = src.indexOf("'", this.pos + 1);
				if (close < 0) throw unterminated("'", this.pos);
				pushLiteral(parts, src.slice(this.pos + 1, close), true);
				this.pos = close + 1;
				mayAssign = false;
			} else if (c === '"') {
				this.doubleQuoted(parts);
				mayAssign = false;
			} else if (c === '$') {
				this.dollar(parts, false);
				mayAssign = false;
			} else if (c === '`') {
				throw backtick(this.pos);
			} else {
				let end = this.pos + 1;
				while (end < src.length && charClass(src.charCodeAt(end)) === PLAIN) end++;
				let text = src.slice(this.pos, end);
				const eq = mayAssign ? text.indexOf('=') : -1;
				if (eq >= 0) {
					mayAssign = false;
					const head = parts[0];
					const name = (head?.type === 'literal' ? head.text : '') + text.slice(0, eq);
					if (NAME.test(name)) {
						assignment = { name, valueStart: this.pos + eq + 1 };
						parts = [];
						text = text.slice(eq + 1);
					}
				}
				pushLiteral(parts, text, false);
				this.pos = end;
			}
		}
		const span = { start, end: this.pos };
		if (assignment === undefined) {
			return { kind: 'word', word: { type: 'word', parts: withTilde(parts), span }, span };
		}
		const { name, valueStart } = assignment;
		const whole: WordPart[] = [{ type: 'literal', text: `${name}=`, quoted: false }];
		for (const part of parts) {
			if (part.type === 'literal') pushLiteral(whole, part.text, part.quoted);
			else whole.push(part);
		}
		const value: Word = {
			type: 'word',
			parts: withTilde(parts.map((part) => ({ ...part }))),
			span: { start: valueStart, end: this.pos }
		};
		return {
			kind: 'word',
			word: { type: 'word', parts: whole, span },
			assignment: { name, value },
			span
		};
	}

	/** A backslash outside quotes: the next character (a whole code point), quoted. */
	private escape(parts: WordPart[]): void {
		const src = this.src;
		const next = src.codePointAt(this.pos + 1);
		if (next === undefined) {
			throw new LineSyntaxError(
				"syntax error: unexpected end of line after '\\'",
				src.length,
				true
			);
		}
		const width = next > 0xffff ? 2 : 1;
		pushLiteral(parts, src.slice(this.pos + 1, this.pos + 1 + width), true);
		this.pos += 1 + width;
	}

	private doubleQuoted(parts: WordPart[]): void {
		const src = this.src;
		const open = this.pos;
		const before = parts.length;
		let run = ++this.pos;
		const flush = (): void => {
			if (this.pos > run) pushLiteral(parts, src.slice(run, this.pos), true);
		};
		for (;;) {
			const c = src[this.pos];
			if (c === undefined) throw unterminated('"', open);
			if (c === '"') break;
			if (c === '\\') {
				const next = src[this.pos + 1];
				if (next === undefined) throw unterminated('"', open);
				if (next === '\n' || ESCAPABLE_IN_DOUBLE_QUOTES.has(next)) {
					flush();
					if (next !== '\n') pushLiteral(parts, next, true);
					this.pos += 2;
					run = this.pos;
				} else {
					// Any other backslash is kept, and the character after it read as usual.
					this.pos++;
				}
			} else if (c === '$') {
				flush();
				this.dollar(parts, true);
				run = this.pos;
			} else if (c === '`') {
				throw backtick(this.pos);
			} else {
				this.pos++;
			}
		}
		flush();
		if (parts.length === before) pushLiteral(parts, '', true);
		this.pos++;
	}

	/** `$NAME`, `${NAME}`, a special parameter, or a plain `$`. */
	private dollar(parts: WordPart[], quoted: boolean): void {
		const src = this.src;
		const start = this.pos;
		const next = src[start + 1];
		if (next === '{') {
			this.braced(parts, quoted);
		} else if (next === '(') {
			throw src[start + 2] === '('
				? new LineSyntaxError('arithmetic expansion $((...)) is not supported in this shell', start)
				: new LineSyntaxError('command substitution $(...) is not supported in this shell', start);
		} else if (next !== undefined && /[A-Za-z_]/.test(next)) {
			let end = start + 2;
			while (isNameChar(src.charCodeAt(end))) end++;
			parts.push({ type: 'variable', name: src.slice(start + 1, end), quoted });
			this.pos = end;
		} else if (next !== undefined && SPECIAL_PARAMETERS.includes(next)) {
			parts.push({ type: 'variable', name: next, quoted });
			this.pos += 2;
		} else {
			pushLiteral(parts, '$', quoted);
			this.pos++;
		}
	}

	private braced(parts: WordPart[], quoted: boolean): void {
		const src = this.src;
		const start = this.pos;
		let end = start + 2;
		while (isNameChar(src.charCodeAt(end))) end++;
		const first = src[end];
		if (end === start + 2 && (first === '?' || first === '$' || first === '#')) end++;
		const name = src.slice(start + 2, end);
		if (src[end] === '}' && (NAME.test(name) || /^([0-9]+|[?$#])$/.test(name))) {
			parts.push({ type: 'variable', name, quoted });
			this.pos = end + 1;
			return;
		}
		const close = src.indexOf('}', start + 2);
		if (close < 0) {
			throw new LineSyntaxError("unexpected EOF while looking for matching '}'", start, true);
		}
		throw new LineSyntaxError(
			`${excerpt(src.slice(start, close + 1))}: bad substitution (this shell supports only $NAME and \${NAME})`,
			start
		);
	}
}

function unterminated(quote: "'" | '"', offset: number): LineSyntaxError {
	const shown = quote === '"' ? `'"'` : `"'"`;
	return new LineSyntaxError(`unexpected EOF while looking for matching ${shown}`, offset, true);
}

function backtick(offset: number): LineSyntaxError {
	return new LineSyntaxError('command substitution `...` is not supported in this shell', offset);
}
