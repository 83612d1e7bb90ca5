// The shell's parser: one command line (or several joined with '\n') into a Script. The grammar
// is bash's, cut down to what the shell runs: lists with `;`, `&` and newlines, `&&` and `||`,
// pipelines with `!`, simple commands with assignments and redirections. Each level is a loop,
// not a recursion, so a long line costs time in proportion to its length and no stack.
import type {
	AndOrList,
	Assignment,
	ParseResult,
	Pipeline,
	Redirect,
	Script,
	SimpleCommand,
	Word
} from './ast.ts';
import { excerpt, Lexer, LineSyntaxError, unexpectedToken, type Token } from './lexer.ts';

/** Parses a command line into a Script, or says why it cannot; never throws. */
export function parse(line: string): ParseResult {
	try {
		return { ok: true, script: new Parser(line).script() };
	} catch (error) {
		if (error instanceof LineSyntaxError) return { ok: false, error: error.info };
		// Anything else is a bug in the parser, not in the line: let it be seen as one.
		throw error;
	}
}

type RedirectToken = Extract<Token, { kind: 'redirect' }>;

class Parser {
	private readonly line: string;
	private readonly lexer: Lexer;
	private token: Token;

	constructor(line: string) {
		this.line = line;
		this.lexer = new Lexer(line);
		this.token = this.lexer.next();
	}

	script(): Script {
		const items: Script['items'] = [];
		for (;;) {
			this.skipNewlines();
			if (this.token.kind === 'end') break;
			const list = this.andOr();
			const after = this.peek();
			if (after.kind === 'operator' && (after.op === ';' || after.op === '&')) {
				const background = after.op === '&';
				const span = background ? { start: list.span.start, end: after.span.end } : list.span;
				items.push({ type: 'item', list, background, span });
				this.advance();
			} else if (after.kind === 'newline' || after.kind === 'end') {
				items.push({ type: 'item', list, background: false, span: list.span });
			} else {
				throw this.unexpected();
			}
		}
		return { type: 'script', items, span: { start: 0, end: this.line.length } };
	}

	private andOr(): AndOrList {
		const first = this.pipeline();
		const rest: AndOrList['rest'] = [];
		let end = first.span.end;
		for (;;) {
			const token = this.token;
			if (token.kind !== 'operator' || (token.op !== '&&' && token.op !== '||')) break;
			this.continueAfter(token.op);
			const pipeline = this.pipeline();
			rest.push({ op: token.op, pipeline });
			end = pipeline.span.end;
		}
		return { type: 'and-or', first, rest, span: { start: first.span.start, end } };
	}

	private pipeline(): Pipeline {
		const start = this.token.span.start;
		let negated = false;
		while (this.isBang()) {
			negated = !negated;
			this.advance();
		}
		const commands = [this.command()];
		for (;;) {
			const token = this.token;
			if (token.kind !== 'operator' || token.op !== '|') break;
			this.continueAfter('|');
			// bash takes `!` only at the start of a pipeline, not after a `|`.
			if (this.isBang()) throw this.unexpected();
			commands.push(this.command());
		}
		const end = (commands[commands.length - 1] as SimpleCommand).span.end;
		return { type: 'pipeline', negated, commands, span: { start, end } };
	}

	private command(): SimpleCommand {
		const assignments: Assignment[] = [];
		const words: Word[] = [];
		const redirects: Redirect[] = [];
		const start = this.token.span.start;
		let end = start;
		for (;;) {
			const token = this.token;
			if (token.kind === 'word') {
				if (token.assignment !== undefined && words.length === 0) {
					assignments.push({ type: 'assignment', ...token.assignment, span: token.span });
				} else {
					words.push(token.word);
				}
				end = token.span.end;
				this.advance();
			} else if (token.kind === 'redirect') {
				this.advance();
				const parsed = this.redirect(token);
				redirects.push(...parsed);
				end = parsed[0]?.span.end ?? end;
			} else {
				break;
			}
		}
		if (end === start) throw this.unexpected();
		return { type: 'command', assignments, words, redirects, span: { start, end } };
	}

	/** The redirections written by `operator` and the word after it (the current token). */
	private redirect(operator: RedirectToken): Redirect[] {
		const target = this.token;
		if (target.kind !== 'word') throw this.unexpected();
		this.advance();
		const span = { start: operator.span.start, end: target.span.end };
		const { fd, op } = operator;
		const word = target.word;
		const toFile = (mode: 'read' | 'write' | 'append', descriptor: number): Redirect => {
			return { type: 'file', fd: descriptor, mode, target: word, span };
		};
		const bothToFile = (mode: 'write' | 'append'): Redirect[] => {
			return [toFile(mode, 1), { type: 'dup', fd: 2, to: 1, span }];
		};
		switch (op) {
			case '<':
				return [toFile('read', fd ?? 0)];
			case '>':
			case '>|':
				return [toFile('write', fd ?? 1)];
			case '>>':
				return [toFile('append', fd ?? 1)];
			case '&>':
				return bothToFile('write');
			case '&>>':
				return bothToFile('append');
		}
		const text = literalText(word);
		if (text !== undefined && /^[0-9]$/.test(text)) {
			return [{ type: 'dup', fd: fd ?? (op === '<&' ? 0 : 1), to: Number(text), span }];
		}
		if (text === '-') {
			throw new LineSyntaxError(
				`closing a file descriptor (${op}-) is not supported in this shell`,
				operator.span.start
			);
		}
		// As in bash, `>& file` without a number before it sends both outputs to the file.
		if (op === '>&' && fd === undefined) return bothToFile('write');
		const written = excerpt(this.line.slice(span.start, span.end));
		throw new LineSyntaxError(
			`${written}: ambiguous redirect (a file descriptor number 0-9 must follow '${op}')`,
			target.span.start
		);
	}

	/** Moves past `op`, and past newlines, which may follow it; the line must go on. */
	private continueAfter(op: '|' | '&&' | '||'): void {
		this.advance();
		this.skipNewlines();
		if (this.token.kind === 'end') {
			throw new LineSyntaxError(
				`syntax error: unexpected end of line after '${op}'`,
				this.line.length,
				true
			);
		}
	}

	private isBang(): boolean {
		const token = this.token;
		if (token.kind !== 'word' || token.word.parts.length !== 1) return false;
		const part = token.word.parts[0];
		return part?.type === 'literal' && !part.quoted && part.text === '!';
	}

	private skipNewlines(): void {
		while (this.token.kind === 'newline') this.advance();
	}

	/** The current token, read through a call so that no narrowing from before a move sticks. */
	private peek(): Token {
		return this.token;
	}

	private advance(): void {
		this.token = this.lexer.next();
	}

	/** The bash error for a token that cannot stand where it is. */
	private unexpected(): LineSyntaxError {
		const token = this.token;
		const { start, end } = token.span;
		const text =
			token.kind === 'end' || token.kind === 'newline'
				? 'newline'
				: excerpt(this.line.slice(start, end));
		return unexpectedToken(text, start);
	}
}

/** The text of a word made only of literal parts, or undefined when it has others. */
function literalText(word: Word): string | undefined {
	let text = '';
	for (const part of word.parts) {
		if (part.type !== 'literal') return undefined;
		text += part.text;
	}
	return text;
}
