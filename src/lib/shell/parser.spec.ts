import { describe, expect, it } from 'vitest';
import type { Redirect, Script, SimpleCommand, SyntaxErrorInfo, WordPart } from './ast.ts';
import { parse } from './parser.ts';

function scriptOf(line: string): Script {
	const result = parse(line);
	if (!result.ok) throw new Error(`${JSON.stringify(line)} did not parse: ${result.error.message}`);
	return result.script;
}

function errorOf(line: string): SyntaxErrorInfo {
	const result = parse(line);
	if (result.ok) throw new Error(`${JSON.stringify(line)} parsed, but should not have`);
	return result.error;
}

/** The only command of a one-command line. */
function commandOf(line: string): SimpleCommand {
	const { items } = scriptOf(line);
	expect(items).toHaveLength(1);
	const pipeline = items[0]?.list.first;
	expect(items[0]?.list.rest).toEqual([]);
	expect(pipeline?.commands).toHaveLength(1);
	return pipeline?.commands[0] as SimpleCommand;
}

/** The parts of each word of a one-command line. */
function partsOf(line: string): WordPart[][] {
	return commandOf(line).words.map((word) => word.parts);
}

/** The words of each command of each item, as literal text (`$NAME` for variables). */
function shape(line: string): string[][][] {
	return scriptOf(line).items.map((item) =>
		[item.list.first, ...item.list.rest.map((entry) => entry.pipeline)].map((pipeline) =>
			pipeline.commands.flatMap((command) => command.words.map(wordText))
		)
	);
}

function wordText(word: { parts: WordPart[] }): string {
	return word.parts
		.map((part) =>
			part.type === 'literal' ? part.text : part.type === 'variable' ? `$${part.name}` : '~'
		)
		.join('');
}

const lit = (text: string, quoted = false): WordPart => ({ type: 'literal', text, quoted });
const variable = (name: string, quoted = false): WordPart => ({ type: 'variable', name, quoted });
const tilde: WordPart = { type: 'tilde' };
const word = (text: string, start: number) => ({
	type: 'word',
	parts: [lit(text)],
	span: { start, end: start + text.length }
});

describe('parse: scripts and lists', () => {
	it('gives no items for an empty, blank or comment-only line', () => {
		for (const line of [
			'',
			'   ',
			'\t \t',
			'# just a comment',
			'   # indented',
			'\n\n',
			' \\\n '
		]) {
			expect(parse(line)).toEqual({
				ok: true,
				script: { type: 'script', items: [], span: { start: 0, end: line.length } }
			});
		}
	});

	it('builds the whole tree with spans', () => {
		const line = 'A=1 ls -l >out | wc && ! false &';
		expect(parse(line)).toEqual({
			ok: true,
			script: {
				type: 'script',
				span: { start: 0, end: 32 },
				items: [
					{
						type: 'item',
						background: true,
						span: { start: 0, end: 32 },
						list: {
							type: 'and-or',
							span: { start: 0, end: 30 },
							first: {
								type: 'pipeline',
								negated: false,
								span: { start: 0, end: 19 },
								commands: [
									{
										type: 'command',
										span: { start: 0, end: 14 },
										assignments: [
											{
												type: 'assignment',
												name: 'A',
												value: word('1', 2),
												span: { start: 0, end: 3 }
											}
										],
										words: [word('ls', 4), word('-l', 7)],
										redirects: [
											{
												type: 'file',
												fd: 1,
												mode: 'write',
												target: word('out', 11),
												span: { start: 10, end: 14 }
											}
										]
									},
									{
										type: 'command',
										span: { start: 17, end: 19 },
										assignments: [],
										words: [word('wc', 17)],
										redirects: []
									}
								]
							},
							rest: [
								{
									op: '&&',
									pipeline: {
										type: 'pipeline',
										negated: true,
										span: { start: 23, end: 30 },
										commands: [
											{
												type: 'command',
												span: { start: 25, end: 30 },
												assignments: [],
												words: [word('false', 25)],
												redirects: []
											}
										]
									}
								}
							]
						}
					}
				]
			}
		});
	});

	it('separates items with ;, & and newlines, and marks the ones ending with &', () => {
		const { items } = scriptOf('a; b & c');
		expect(items.map((item) => [item.background, item.span])).toEqual([
			[false, { start: 0, end: 1 }],
			[true, { start: 3, end: 6 }],
			[false, { start: 7, end: 8 }]
		]);
		expect(shape('a;')).toEqual([[['a']]]);
		expect(shape('a ; ')).toEqual([[['a']]]);
		expect(shape('a&b')).toEqual([[['a']], [['b']]]);
		expect(scriptOf('sleep 5 &').items[0]?.background).toBe(true);
	});

	it('joins pipelines with && and ||, in order', () => {
		const list = scriptOf('a && b || c').items[0]?.list;
		expect(list?.rest.map((entry) => entry.op)).toEqual(['&&', '||']);
		expect(shape('a && b || c')).toEqual([[['a'], ['b'], ['c']]]);
		expect(shape('a|b|c')).toEqual([[['a', 'b', 'c']]]);
	});

	it('reads several lines: newlines end items, except after |, && and ||', () => {
		expect(shape('a\nb')).toEqual([[['a']], [['b']]]);
		expect(shape('a\n\n\nb\n')).toEqual([[['a']], [['b']]]);
		expect(shape('a;\nb &\nc')).toEqual([[['a']], [['b']], [['c']]]);
		expect(shape('a |\n  b')).toEqual([[['a', 'b']]]);
		expect(shape('a &&\n\n b ||\n c')).toEqual([[['a'], ['b'], ['c']]]);
		expect(shape('a # note\nb')).toEqual([[['a']], [['b']]]);
	});

	it('negates a pipeline with a leading !', () => {
		const negated = (line: string) => scriptOf(line).items[0]?.list.first.negated;
		expect(negated('! grep x f')).toBe(true);
		expect(negated('! ! grep x f')).toBe(false);
		expect(negated('grep x f')).toBe(false);
		expect(shape('!x')).toEqual([[['!x']]]);
		expect(negated('"!" x')).toBe(false);
		expect(scriptOf('! a | b').items[0]?.list.first.commands).toHaveLength(2);
		expect(scriptOf('a && ! b').items[0]?.list.rest[0]?.pipeline.negated).toBe(true);
	});

	it('reports a misplaced operator with the token and its column, as bash does', () => {
		const cases: [string, string, number][] = [
			[';', ';', 1],
			['  ; a', ';', 3],
			['a;;', ';;', 2],
			['a ; ; b', ';', 5],
			['a &;', ';', 4],
			['a & & b', '&', 5],
			['&& a', '&&', 1],
			['|| a', '||', 1],
			['| a', '|', 1],
			['& a', '&', 1],
			['a && ; b', ';', 6],
			['a | ;', ';', 5],
			['a |\n;', ';', 5],
			['a\n;b', ';', 3],
			['a | ! b', '!', 5],
			['! ;', ';', 3],
			['!', 'newline', 2],
			['! | a', '|', 3],
			['a |& b', '&', 4]
		];
		for (const [line, token, column] of cases) {
			expect(errorOf(line), line).toEqual({
				message: `syntax error near unexpected token '${token}'`,
				column,
				incomplete: false
			});
		}
	});

	it('asks for more input after a trailing |, && or ||', () => {
		const cases: [string, string][] = [
			['a |', '|'],
			['a | ', '|'],
			['a &&', '&&'],
			['a ||', '||'],
			['a |\n', '|'],
			['a &&\n\n', '&&'],
			['a | # then what', '|'],
			['a | b && c |', '|']
		];
		for (const [line, op] of cases) {
			expect(errorOf(line), line).toEqual({
				message: `syntax error: unexpected end of line after '${op}'`,
				column: line.length + 1,
				incomplete: true
			});
		}
	});

	it('reports the first error in reading order', () => {
		expect(errorOf("; echo 'open").message).toBe("syntax error near unexpected token ';'");
		expect(errorOf("echo 'open ;").incomplete).toBe(true);
		expect(errorOf('echo $(x) ${').column).toBe(6);
	});
});

describe('parse: words and quoting', () => {
	it('splits words on blanks and joins adjacent pieces into one word', () => {
		expect(partsOf(`echo a"b c"'d'  e\tf`)).toEqual([
			[lit('echo')],
			[lit('a'), lit('b cd', true)],
			[lit('e')],
			[lit('f')]
		]);
		expect(commandOf(`x a"b c"'d'`).words[1]?.span).toEqual({ start: 2, end: 11 });
	});

	it('keeps single-quoted text literal', () => {
		expect(partsOf(`echo '$HOME \\n "x" ~ # *'`)[1]).toEqual([lit('$HOME \\n "x" ~ # *', true)]);
		expect(partsOf(`echo 'a\nb'`)[1]).toEqual([lit('a\nb', true)]);
	});

	it('reads escapes in double quotes and keeps other backslashes', () => {
		expect(partsOf('echo "\\" \\\\ \\$ \\` x"')[1]).toEqual([lit('" \\ $ ` x', true)]);
		expect(partsOf('echo "a\\b\\n"')[1]).toEqual([lit('a\\b\\n', true)]);
		expect(partsOf('echo "a\\\nb"')[1]).toEqual([lit('ab', true)]);
		expect(partsOf('echo "a\nb" \'\'')[1]).toEqual([lit('a\nb', true)]);
		expect(partsOf('echo "it\'s # ~"')[1]).toEqual([lit("it's # ~", true)]);
	});

	it('escapes one character with a backslash outside quotes', () => {
		expect(partsOf('echo a\\ b \\* \\\\ \\"')).toEqual([
			[lit('echo')],
			[lit('a'), lit(' ', true), lit('b')],
			[lit('*', true)],
			[lit('\\', true)],
			[lit('"', true)]
		]);
		expect(partsOf('echo \\😀x')[1]).toEqual([lit('😀', true), lit('x')]);
		expect(partsOf('echo \\;\\|\\&\\>')[1]).toEqual([lit(';|&>', true)]);
	});

	it('continues a line after a backslash-newline', () => {
		expect(partsOf('ec\\\nho a \\\n b')).toEqual([[lit('echo')], [lit('a')], [lit('b')]]);
		expect(commandOf('ec\\\nho').words[0]?.span).toEqual({ start: 0, end: 6 });
		expect(shape('a |\\\n b')).toEqual([[['a', 'b']]]);
	});

	it('asks for more input after a backslash at the end of the line', () => {
		for (const line of ['echo \\', 'echo a\\', '\\']) {
			expect(errorOf(line)).toEqual({
				message: "syntax error: unexpected end of line after '\\'",
				column: line.length + 1,
				incomplete: true
			});
		}
	});

	it('merges literal pieces that have the same quoting', () => {
		expect(partsOf(`x "a"'b'\\cd"e"f`)[1]).toEqual([
			lit('abc', true),
			lit('d'),
			lit('e', true),
			lit('f')
		]);
	});

	it('makes a word of an empty quoted string', () => {
		expect(partsOf(`say '' "" a''`)).toEqual([
			[lit('say')],
			[lit('', true)],
			[lit('', true)],
			[lit('a'), lit('', true)]
		]);
		expect(partsOf(`x $E''`)[1]).toEqual([variable('E'), lit('', true)]);
		expect(commandOf(`x ''`).words[1]?.span).toEqual({ start: 2, end: 4 });
	});

	it('marks quoted glob characters so they are not patterns', () => {
		expect(partsOf(`ls *.ts "*.ts" \\*.ts '?'`).slice(1)).toEqual([
			[lit('*.ts')],
			[lit('*.ts', true)],
			[lit('*', true), lit('.ts')],
			[lit('?', true)]
		]);
	});

	it('passes unicode and control characters through as word text', () => {
		expect(partsOf('echo héllo 😀 \u0007\r {a,b} }')).toEqual([
			[lit('echo')],
			[lit('héllo')],
			[lit('😀')],
			[lit('\u0007\r')],
			[lit('{a,b}')],
			[lit('}')]
		]);
	});

	it('treats keywords as ordinary words', () => {
		expect(shape('if true then fi; for x in a')).toEqual([
			[['if', 'true', 'then', 'fi']],
			[['for', 'x', 'in', 'a']]
		]);
	});

	it('asks for more input in an open quote, pointing at the quote', () => {
		expect(errorOf('echo "abc')).toEqual({
			message: `unexpected EOF while looking for matching '"'`,
			column: 6,
			incomplete: true
		});
		expect(errorOf("echo it's")).toEqual({
			message: `unexpected EOF while looking for matching "'"`,
			column: 8,
			incomplete: true
		});
		expect(errorOf('echo "a\\"')).toMatchObject({ column: 6, incomplete: true });
		expect(errorOf('echo "a\\')).toMatchObject({ column: 6, incomplete: true });
		// A continuation line completes it; the newline is part of the text.
		expect(partsOf('echo "abc\ndef"')[1]).toEqual([lit('abc\ndef', true)]);
	});
});

describe('parse: variables', () => {
	it('reads $NAME, ${NAME} and the special parameters', () => {
		expect(partsOf('echo $HOME ${HOME} $_a1 $? $$ $# $0 $9 ${10} ${?}')).toEqual([
			[lit('echo')],
			[variable('HOME')],
			[variable('HOME')],
			[variable('_a1')],
			[variable('?')],
			[variable('$')],
			[variable('#')],
			[variable('0')],
			[variable('9')],
			[variable('10')],
			[variable('?')]
		]);
	});

	it('ends a name at the first character that cannot be in it', () => {
		expect(partsOf('echo $1x $A-$B ${A}b $A.txt')).toEqual([
			[lit('echo')],
			[variable('1'), lit('x')],
			[variable('A'), lit('-'), variable('B')],
			[variable('A'), lit('b')],
			[variable('A'), lit('.txt')]
		]);
	});

	it('marks variables in double quotes as quoted', () => {
		expect(partsOf('echo "$A and ${B}!"')[1]).toEqual([
			variable('A', true),
			lit(' and ', true),
			variable('B', true),
			lit('!', true)
		]);
		expect(partsOf(`echo '$A' \\$A`)).toEqual([
			[lit('echo')],
			[lit('$A', true)],
			[lit('$', true), lit('A')]
		]);
	});

	it('keeps a $ that starts no variable', () => {
		expect(partsOf(`echo $ a$ $/ "$" $'x' $"y" $@ $- "a $"`)).toEqual([
			[lit('echo')],
			[lit('$')],
			[lit('a$')],
			[lit('$/')],
			[lit('$', true)],
			[lit('$'), lit('x', true)],
			[lit('$'), lit('y', true)],
			[lit('$@')],
			[lit('$-')],
			[lit('a $', true)]
		]);
	});

	it('asks for more input after an open ${', () => {
		expect(errorOf('echo ${HOME')).toEqual({
			message: "unexpected EOF while looking for matching '}'",
			column: 6,
			incomplete: true
		});
		expect(errorOf('echo "${HOME"')).toMatchObject({ column: 7, incomplete: true });
	});

	it('rejects the other ${...} forms as a bad substitution', () => {
		const cases: [string, string, number][] = [
			['echo ${x:-a}', '${x:-a}', 6],
			['echo ${}', '${}', 6],
			['echo ${#x}', '${#x}', 6],
			['echo ${1a}', '${1a}', 6],
			['echo "a${x y}"', '${x y}', 8],
			['echo ${x\u001b[31m\r\n}', '${x\\u001b[31m\\r\\n}', 6],
			[`echo \${${'x'.repeat(50)}-}`, `\${${'x'.repeat(38)}...`, 6]
		];
		for (const [line, shown, column] of cases) {
			expect(errorOf(line), line).toEqual({
				message: `${shown}: bad substitution (this shell supports only $NAME and \${NAME})`,
				column,
				incomplete: false
			});
		}
	});

	it('says command substitution and arithmetic are not supported', () => {
		const substitution = 'command substitution $(...) is not supported in this shell';
		expect(errorOf('echo $(ls)')).toEqual({ message: substitution, column: 6, incomplete: false });
		expect(errorOf('echo "a $(ls"')).toEqual({
			message: substitution,
			column: 9,
			incomplete: false
		});
		expect(errorOf('echo $((1 + 2))')).toEqual({
			message: 'arithmetic expansion $((...)) is not supported in this shell',
			column: 6,
			incomplete: false
		});
		const backtick = 'command substitution `...` is not supported in this shell';
		expect(errorOf('echo `ls`')).toEqual({ message: backtick, column: 6, incomplete: false });
		expect(errorOf('echo "`ls`"')).toEqual({ message: backtick, column: 7, incomplete: false });
		expect(partsOf("echo '$(ls) `ls`' \\`")).toEqual([
			[lit('echo')],
			[lit('$(ls) `ls`', true)],
			[lit('`', true)]
		]);
	});
});

describe('parse: tilde and comments', () => {
	it('reads ~ and ~/ at the start of an unquoted word as the home folder', () => {
		expect(partsOf(`cd ~ ~/src a~ ~user "~" \\~ ~"/x" ~$A ~/"a b"`)).toEqual([
			[lit('cd')],
			[tilde],
			[tilde, lit('/src')],
			[lit('a~')],
			[lit('~user')],
			[lit('~', true)],
			[lit('~', true)],
			[lit('~'), lit('/x', true)],
			[lit('~'), variable('A')],
			[tilde, lit('/'), lit('a b', true)]
		]);
		expect(partsOf('cat >~/out')).toEqual([[lit('cat')]]);
		expect(commandOf('cat >~/out').redirects[0]).toMatchObject({
			target: { parts: [tilde, lit('/out')] }
		});
	});

	it('starts a comment at a # that begins a word', () => {
		expect(shape('echo a # b c')).toEqual([[['echo', 'a']]]);
		expect(shape('echo a#b')).toEqual([[['echo', 'a#b']]]);
		expect(shape('echo a;#b')).toEqual([[['echo', 'a']]]);
		expect(shape(`echo "#" \\#x '#'`)).toEqual([[['echo', '#', '#x', '#']]]);
		expect(shape('echo $# #x')).toEqual([[['echo', '$#']]]);
		expect(scriptOf('echo a # b').items[0]?.span).toEqual({ start: 0, end: 6 });
	});
});

describe('parse: assignments', () => {
	it('takes NAME=value words before the command name as assignments', () => {
		const command = commandOf(`A=1 B= C='x y' D=$E"f" cmd x=y`);
		expect(command.assignments.map((a) => [a.name, a.value.parts, a.value.span, a.span])).toEqual([
			['A', [lit('1')], { start: 2, end: 3 }, { start: 0, end: 3 }],
			['B', [], { start: 6, end: 6 }, { start: 4, end: 6 }],
			['C', [lit('x y', true)], { start: 9, end: 14 }, { start: 7, end: 14 }],
			['D', [variable('E'), lit('f', true)], { start: 17, end: 22 }, { start: 15, end: 22 }]
		]);
		expect(command.words.map(wordText)).toEqual(['cmd', 'x=y']);
	});

	it('allows a command of assignments only', () => {
		const command = commandOf('A=1 _b2=two');
		expect(command.words).toEqual([]);
		expect(command.assignments.map((a) => [a.name, wordText(a.value)])).toEqual([
			['A', '1'],
			['_b2', 'two']
		]);
	});

	it('keeps assignments across redirections, and splits at the first =', () => {
		const command = commandOf('A=1 >f B=b=c env');
		expect(command.assignments.map((a) => [a.name, wordText(a.value)])).toEqual([
			['A', '1'],
			['B', 'b=c']
		]);
		expect(command.words.map(wordText)).toEqual(['env']);
		expect(command.redirects).toHaveLength(1);
	});

	it('reads the value of an assignment as a word of its own, ~ included', () => {
		expect(commandOf('P=~/bin').assignments[0]?.value.parts).toEqual([tilde, lit('/bin')]);
		expect(commandOf('P=~').assignments[0]?.value.parts).toEqual([tilde]);
		expect(commandOf("P=''").assignments[0]?.value.parts).toEqual([lit('', true)]);
		expect(commandOf('P=a\\\n=b').assignments[0]?.value.parts).toEqual([lit('a=b')]);
	});

	it('leaves words that only look like assignments alone', () => {
		for (const line of ['1A=x', 'A-B=1', '"A"=1', 'A\\=1', '=x', '$A=1', 'A"=1"']) {
			const command = commandOf(line);
			expect(command.assignments, line).toEqual([]);
			expect(command.words, line).toHaveLength(1);
		}
		expect(partsOf('echo A=~/x')[1]).toEqual([lit('A=~/x')]);
		expect(partsOf('echo A="b c"')[1]).toEqual([lit('A='), lit('b c', true)]);
	});
});

describe('parse: redirections', () => {
	const redirectsOf = (line: string): Redirect[] => commandOf(line).redirects;
	const file = (fd: number, mode: 'read' | 'write' | 'append', target: string) => ({
		type: 'file',
		fd,
		mode,
		target: { parts: [lit(target)] }
	});

	it('reads <, >, >>, >| and descriptor numbers before them', () => {
		const cases: [string, ReturnType<typeof file>][] = [
			['cat <in', file(0, 'read', 'in')],
			['cat >out', file(1, 'write', 'out')],
			['cat >>log', file(1, 'append', 'log')],
			['cat >|out', file(1, 'write', 'out')],
			['cat 2>err', file(2, 'write', 'err')],
			['cat 2>>err', file(2, 'append', 'err')],
			['cat 0< in', file(0, 'read', 'in')],
			['cat 3> x', file(3, 'write', 'x')]
		];
		for (const [line, redirect] of cases) {
			expect(redirectsOf(line), line).toMatchObject([redirect]);
			expect(commandOf(line).words.map(wordText), line).toEqual(['cat']);
		}
		expect(redirectsOf('cat 2>err')[0]?.span).toEqual({ start: 4, end: 9 });
		expect(redirectsOf('cat > "my file"')[0]).toMatchObject({
			target: { parts: [lit('my file', true)], span: { start: 6, end: 15 } },
			span: { start: 4, end: 15 }
		});
	});

	it('takes a digit as a descriptor only right before the operator', () => {
		const command = commandOf('echo a2>f 2 >g');
		expect(command.words.map(wordText)).toEqual(['echo', 'a2', '2']);
		expect(command.redirects).toMatchObject([file(1, 'write', 'f'), file(1, 'write', 'g')]);
	});

	it('reads descriptor copies', () => {
		expect(redirectsOf('cmd 2>&1')).toEqual([
			{ type: 'dup', fd: 2, to: 1, span: { start: 4, end: 8 } }
		]);
		expect(redirectsOf('cmd >&2')).toMatchObject([{ type: 'dup', fd: 1, to: 2 }]);
		expect(redirectsOf('cmd 2>& 1')).toMatchObject([{ type: 'dup', fd: 2, to: 1 }]);
		expect(redirectsOf('cmd <&3')).toMatchObject([{ type: 'dup', fd: 0, to: 3 }]);
		expect(redirectsOf('cmd >out 2>&1')).toMatchObject([
			file(1, 'write', 'out'),
			{ type: 'dup', fd: 2, to: 1 }
		]);
	});

	it('sends both outputs to a file with &>, &>> and >& file', () => {
		const both = (mode: 'write' | 'append', span: { start: number; end: number }) => [
			{ ...file(1, mode, 'f'), span },
			{ type: 'dup', fd: 2, to: 1, span }
		];
		expect(redirectsOf('cmd &>f')).toMatchObject(both('write', { start: 4, end: 7 }));
		expect(redirectsOf('cmd &>> f')).toMatchObject(both('append', { start: 4, end: 9 }));
		expect(redirectsOf('cmd >&f')).toMatchObject(both('write', { start: 4, end: 7 }));
	});

	it('takes redirections anywhere among the words, or alone', () => {
		const command = commandOf('>out echo <in hi 2>>err there');
		expect(command.words.map(wordText)).toEqual(['echo', 'hi', 'there']);
		expect(command.redirects.map((r) => r.type === 'file' && [r.fd, wordText(r.target)])).toEqual([
			[1, 'out'],
			[0, 'in'],
			[2, 'err']
		]);
		expect(command.span).toEqual({ start: 0, end: 29 });
		const alone = commandOf('> empty.txt');
		expect([alone.words, alone.assignments, alone.redirects.length]).toEqual([[], [], 1]);
		expect(shape('a >f | b <g')).toEqual([[['a', 'b']]]);
	});

	it('reports a missing target, without asking for more', () => {
		const cases: [string, string, number][] = [
			['echo >', 'newline', 7],
			['echo >> ', 'newline', 9],
			['echo 2>&', 'newline', 9],
			['echo >\nx', 'newline', 7],
			['echo > # comment', 'newline', 17],
			['echo > ; x', ';', 8],
			['echo > | x', '|', 8],
			['echo > && x', '&&', 8],
			['echo < >f', '>', 8],
			['echo > 2>f', '2>', 8],
			['echo &> &', '&', 9]
		];
		for (const [line, token, column] of cases) {
			expect(errorOf(line), line).toEqual({
				message: `syntax error near unexpected token '${token}'`,
				column,
				incomplete: false
			});
		}
	});

	it('rejects a copy to something that is not a descriptor number', () => {
		expect(errorOf('cmd 2>&x')).toEqual({
			message: "2>&x: ambiguous redirect (a file descriptor number 0-9 must follow '>&')",
			column: 8,
			incomplete: false
		});
		expect(errorOf('cmd 2>&$fd').column).toBe(8);
		expect(errorOf('cmd <&f').message).toBe(
			"<&f: ambiguous redirect (a file descriptor number 0-9 must follow '<&')"
		);
		expect(errorOf('cmd >&-')).toEqual({
			message: 'closing a file descriptor (>&-) is not supported in this shell',
			column: 5,
			incomplete: false
		});
	});

	it('says here-documents, here-strings and <> are not supported', () => {
		expect(errorOf('cat <<EOF')).toEqual({
			message: 'here-documents (<<) are not supported in this shell',
			column: 5,
			incomplete: false
		});
		expect(errorOf('cat 0<<-EOF').column).toBe(5);
		expect(errorOf('cat <<< "text"')).toEqual({
			message: 'here-strings (<<<) are not supported in this shell',
			column: 5,
			incomplete: false
		});
		expect(errorOf('cat <>f').message).toBe(
			'the read-write redirection <> is not supported in this shell'
		);
	});
});

describe('parse: subshells', () => {
	it('rejects unquoted parentheses', () => {
		const cases: [string, string, number][] = [
			['(cd src)', '(', 1],
			['echo a(b', '(', 7],
			['echo )', ')', 6],
			['a | (b)', '(', 5]
		];
		for (const [line, token, column] of cases) {
			expect(errorOf(line), line).toEqual({
				message: `syntax error near unexpected token '${token}' (subshells are not supported)`,
				column,
				incomplete: false
			});
		}
		expect(shape(`echo "(a)" '(' \\)`)).toEqual([[['echo', '(a)', '(', ')']]]);
	});
});

describe('parse: long input', () => {
	const megabyteOf = (unit: string) => unit.repeat(Math.ceil(1_000_000 / unit.length));
	// CPU time, not wall time: other work on a shared machine must not fail the test.
	const timed = (line: string) => {
		const before = process.cpuUsage();
		const result = parse(line);
		const { user, system } = process.cpuUsage(before);
		return { ok: result.ok, elapsed: (user + system) / 1000 };
	};
	// A megabyte takes a few hundred milliseconds; the bound leaves room for a slow machine, but
	// not for work that grows faster than the line (that would take minutes).
	const bound = 2000;

	it('parses a megabyte in time proportional to its length, without deep recursion', () => {
		// Warm the parser up first, so the first line does not pay for compiling it.
		timed(megabyteOf('echo a | b && c; ').slice(0, 100_000));
		const lines = [
			megabyteOf('ls -l ~/src/*.ts 2>&1 | grep -v "a $b" && X=1 wc >out; '),
			`echo "${megabyteOf('a\\"$b ')}"`,
			megabyteOf('\\a')
		];
		for (const line of lines) {
			const { ok, elapsed } = timed(line);
			expect(ok, line.slice(0, 30)).toBe(true);
			expect(elapsed, line.slice(0, 30)).toBeLessThan(bound);
		}
	}, 20_000);

	it('fails fast on a long malformed line', () => {
		const lines = [`echo '${megabyteOf('x')}`, megabyteOf('${'), `echo "${megabyteOf('$x ')}`];
		for (const line of lines) {
			const { ok, elapsed } = timed(line);
			expect(ok, line.slice(0, 30)).toBe(false);
			expect(elapsed, line.slice(0, 30)).toBeLessThan(bound);
		}
	});
});
