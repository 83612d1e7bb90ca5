import { describe, expect, it } from 'vitest';
import { Workspace } from '../workspace/workspace.ts';
import { complete as completePath, type Completion, type CompletionSource } from './completion.ts';
import { LineEditor, type LineEditorOptions } from './line-editor.ts';

/**
 * A tiny terminal: enough of xterm.js to show what the user sees. It prints with automatic
 * wrapping (the cursor waits at the right edge until the next character), moves the cursor
 * with \r, \n, \b and CSI A/B/C/D/H, erases with CSI J/K, ignores colours, and refuses
 * anything else so that the editor cannot emit a sequence this model does not understand.
 */
class Screen {
	readonly rows: string[][] = [[]];
	readonly wrapped: boolean[] = [false];
	readonly columns: number;
	x = 0;
	y = 0;
	constructor(columns: number) {
		this.columns = columns;
	}

	write(data: string): void {
		for (let i = 0; i < data.length;) {
			if (data[i] === '\x1b') {
				// eslint-disable-next-line no-control-regex
				const match = /^\x1b\[(\d*(?:;\d*)*)([A-Za-z])/.exec(data.slice(i));
				if (!match) throw new Error(`unexpected escape ${JSON.stringify(data.slice(i, i + 6))}`);
				this.csi(match[1]!, match[2]!);
				i += match[0].length;
				continue;
			}
			const char = String.fromCodePoint(data.codePointAt(i)!);
			i += char.length;
			if (char === '\r') this.x = 0;
			else if (char === '\n') this.moveTo(this.y + 1, this.x);
			else if (char === '\b') this.x = Math.max(0, this.col() - 1);
			else if (char === '\x07') continue;
			else if (char < ' ') throw new Error(`unexpected control ${JSON.stringify(char)}`);
			else this.print(char);
		}
	}

	/** The rows as text, trailing blanks cut; wide characters once. */
	text(): string[] {
		const rows = this.rows.map((row) => row.join('').trimEnd());
		while (rows.length > 1 && rows.at(-1) === '') rows.pop();
		return rows;
	}

	/** Rows joined where the terminal wrapped them: the lines as typed. */
	lines(): string[] {
		const lines: string[] = [];
		this.text().forEach((row, y) => {
			if (this.wrapped[y] && lines.length) lines[lines.length - 1] += row;
			else lines.push(row);
		});
		return lines.map((line) => line.trimEnd());
	}

	/** Where the cursor shows (a cursor waiting at the right edge shows on the last column). */
	get cursor(): { row: number; col: number } {
		return { row: this.y, col: this.col() };
	}

	private col(): number {
		return Math.min(this.x, this.columns - 1);
	}

	private print(char: string): void {
		const width = modelWidth(char);
		const row = this.rows[this.y]!;
		if (width === 0) {
			row[Math.max(0, this.x - 1)] += char;
			return;
		}
		if (this.x + width > this.columns) {
			this.moveTo(this.y + 1, 0);
			this.wrapped[this.y] = true;
		}
		const cells = this.rows[this.y]!;
		while (cells.length < this.x) cells.push(' ');
		cells[this.x] = char;
		if (width === 2) cells[this.x + 1] = '';
		this.x += width;
	}

	private csi(params: string, final: string): void {
		const n = Number(params) || 1;
		const row = this.rows[this.y]!;
		switch (final) {
			case 'A':
				return this.moveTo(Math.max(0, this.y - n), this.col());
			case 'B':
				return this.moveTo(this.y + n, this.col());
			case 'C':
				this.x = Math.min(this.columns - 1, this.col() + n);
				return;
			case 'D':
				this.x = Math.max(0, this.col() - n);
				return;
			case 'H':
				return this.moveTo(0, 0);
			case 'K':
				row.length = Math.min(row.length, this.x);
				return;
			case 'J':
				if (params === '2') {
					this.rows.forEach((cells, y) => ((cells.length = 0), (this.wrapped[y] = false)));
					return;
				}
				row.length = Math.min(row.length, this.x);
				this.rows.splice(this.y + 1);
				this.wrapped.splice(this.y + 1);
				return;
			case 'm':
				return;
			default:
				throw new Error(`unexpected CSI ${params}${final}`);
		}
	}

	private moveTo(y: number, x: number): void {
		while (this.rows.length <= y) {
			this.rows.push([]);
			this.wrapped.push(false);
		}
		this.y = y;
		this.x = x;
	}
}

// The model's own idea of widths, independent of the editor's: CJK is wide, accents are 0.
function modelWidth(char: string): number {
	const code = char.codePointAt(0)!;
	if (/\p{Mn}/u.test(char)) return 0;
	return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3040 && code <= 0x30ff) ? 2 : 1;
}

const keys = {
	enter: '\r',
	backspace: '\x7f',
	delete: '\x1b[3~',
	left: '\x1b[D',
	right: '\x1b[C',
	up: '\x1b[A',
	down: '\x1b[B',
	home: '\x1b[H',
	end: '\x1b[F',
	tab: '\t',
	escape: '\x1b'
};
const ctrl = (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64);
const alt = (letter: string) => `\x1b${letter}`;

function setup(options: Partial<LineEditorOptions> = {}, start = true) {
	const screen = new Screen(options.columns ?? 80);
	const written: string[] = [];
	const submitted: string[] = [];
	const events: string[] = [];
	const editor = new LineEditor({
		prompt: '$ ',
		onWrite: (data) => {
			written.push(data);
			screen.write(data);
		},
		...options
	});
	editor.on('submit', (line) => submitted.push(line));
	for (const event of ['interrupt', 'eof', 'clear'] as const)
		editor.on(event, () => events.push(event));
	if (start) editor.start();
	return { editor, screen, written, submitted, events, output: () => written.join('') };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('line editor: editing', () => {
	it('inserts at the cursor and deletes with Backspace and Delete', () => {
		const { editor, screen } = setup();
		editor.feed('helo');
		editor.feed(keys.left + 'l');
		expect(editor.line).toBe('hello');
		expect(editor.cursor).toBe(4);
		expect(screen.text()).toEqual(['$ hello']);
		expect(screen.cursor).toEqual({ row: 0, col: 6 });
		editor.feed(keys.end + keys.backspace);
		editor.feed(keys.home + keys.delete);
		expect(editor.line).toBe('ell');
		expect(screen.text()).toEqual(['$ ell']);
		expect(screen.cursor).toEqual({ row: 0, col: 2 });
	});

	it('knows every Home and End sequence and Ctrl+A/E/B/F', () => {
		const { editor, screen } = setup();
		editor.feed('abc');
		for (const home of ['\x1b[H', '\x1bOH', '\x1b[1~', ctrl('a')]) {
			editor.feed(keys.end + home);
			expect(editor.cursor).toBe(0);
		}
		for (const end of ['\x1b[F', '\x1bOF', '\x1b[4~', ctrl('e')]) {
			editor.feed(keys.home + end);
			expect(editor.cursor).toBe(3);
		}
		editor.feed(ctrl('b') + ctrl('b') + ctrl('f'));
		expect(editor.cursor).toBe(2);
		expect(screen.cursor).toEqual({ row: 0, col: 4 });
	});

	it('kills to the start, to the end and the previous word, and yanks them back', () => {
		const { editor, screen } = setup();
		editor.feed('echo hello world');
		editor.feed(ctrl('w'));
		expect(editor.line).toBe('echo hello ');
		editor.feed(ctrl('w'));
		expect(editor.line).toBe('echo ');
		// Kills in a row add up.
		editor.feed(ctrl('y'));
		expect(editor.line).toBe('echo hello world');
		editor.feed(keys.home + alt('f') + ctrl('k'));
		expect(editor.line).toBe('echo');
		editor.feed(ctrl('u'));
		expect(editor.line).toBe('');
		// Ctrl+K then Ctrl+U: one kill of the whole line.
		editor.feed(ctrl('y'));
		expect(editor.line).toBe('echo hello world');
		editor.feed(ctrl('a') + 'x' + ctrl('e') + ctrl('w') + ctrl('a') + ctrl('y'));
		expect(editor.line).toBe('worldxecho hello ');
		expect(screen.text()).toEqual(['$ worldxecho hello']);
		expect(screen.cursor).toEqual({ row: 0, col: 7 });
	});

	it('moves by words with Alt+B/F and Ctrl+Left/Right', () => {
		const { editor, screen } = setup();
		editor.feed('git commit -m message');
		editor.feed(alt('b'));
		expect(editor.cursor).toBe(14);
		editor.feed('\x1b[1;5D');
		expect(editor.cursor).toBe(12);
		editor.feed(alt('b') + alt('b'));
		expect(editor.cursor).toBe(0);
		editor.feed('\x1b[1;5C');
		expect(editor.cursor).toBe(3);
		editor.feed(alt('f'));
		expect(editor.cursor).toBe(10);
		expect(screen.cursor).toEqual({ row: 0, col: 12 });
	});

	it('ignores keys it does not know instead of typing them', () => {
		const { editor, screen } = setup();
		editor.feed('a\x1b[15~\x1b[I\x1bOP\x1b[Zb\x00');
		expect(editor.line).toBe('ab');
		expect(screen.text()).toEqual(['$ ab']);
	});

	it('treats a base character and its combining marks as one on Backspace', () => {
		const { editor, screen } = setup();
		editor.feed('cafe\u0301');
		expect(screen.cursor).toEqual({ row: 0, col: 6 });
		editor.feed(keys.left);
		expect(editor.cursor).toBe(3);
		editor.feed(keys.end + keys.backspace);
		expect(editor.line).toBe('caf');
		expect(screen.text()).toEqual(['$ caf']);
	});
});

describe('line editor: lines and events', () => {
	it('submits on Enter and stops echoing until the next start', () => {
		const { editor, screen, submitted } = setup();
		editor.feed('ls -la' + keys.enter);
		expect(submitted).toEqual(['ls -la']);
		expect(editor.reading).toBe(false);
		expect(screen.cursor).toEqual({ row: 1, col: 0 });
		editor.feed('pwd');
		expect(screen.text()).toEqual(['$ ls -la']);
	});

	it('replays type-ahead into the next line once started', () => {
		const { editor, screen, submitted } = setup();
		editor.feed('sleep 5\r');
		// Typed while the command runs: not shown yet.
		editor.feed('ls\rcat');
		expect(submitted).toEqual(['sleep 5']);
		screen.write('output\r\n');
		editor.start();
		expect(submitted).toEqual(['sleep 5', 'ls']);
		editor.start();
		expect(editor.line).toBe('cat');
		expect(screen.text()).toEqual(['$ sleep 5', 'output', '$ ls', '$ cat']);
	});

	it('interrupts the running command on Ctrl+C between lines and drops the type-ahead', () => {
		const { editor, screen, events } = setup();
		editor.feed('sleep 5\r');
		editor.feed('oops');
		editor.feed(ctrl('c'));
		expect(events).toEqual(['interrupt']);
		expect(screen.text()).toEqual(['$ sleep 5', '^C']);
		screen.write('\r\n');
		editor.start();
		expect(editor.line).toBe('');
	});

	it('prints ^C and a fresh prompt on Ctrl+C', () => {
		const { editor, screen, events, submitted } = setup();
		editor.feed('abc' + keys.home + ctrl('c'));
		expect(events).toEqual(['interrupt']);
		expect(submitted).toEqual([]);
		expect(editor.line).toBe('');
		expect(editor.reading).toBe(true);
		expect(screen.text()).toEqual(['$ abc^C', '$']);
		expect(screen.cursor).toEqual({ row: 1, col: 2 });
	});

	it('ends input on Ctrl+D only when the line is empty', () => {
		const { editor, events } = setup();
		editor.feed('ab' + keys.home + ctrl('d'));
		expect(editor.line).toBe('b');
		expect(events).toEqual([]);
		editor.feed(ctrl('d') + ctrl('d'));
		expect(events).toEqual(['eof']);
		expect(editor.reading).toBe(false);
	});

	it('clears the screen on Ctrl+L and redraws the line at the top', () => {
		const { editor, screen, events } = setup();
		editor.feed('one\r');
		editor.start();
		editor.feed('two' + keys.left + ctrl('l'));
		expect(events).toEqual(['clear']);
		expect(screen.text()).toEqual(['$ two']);
		expect(screen.cursor).toEqual({ row: 0, col: 4 });
		expect(editor.line).toBe('two');
	});

	it('reads a continuation with its own prompt and returns to the main one after Ctrl+C', () => {
		const { editor, screen, submitted } = setup();
		editor.feed('echo "a\r');
		editor.start('> ');
		editor.feed('b"\r');
		expect(submitted).toEqual(['echo "a', 'b"']);
		editor.start('> ');
		editor.feed('x' + ctrl('c'));
		expect(screen.text()).toEqual(['$ echo "a', '> b"', '> x^C', '$']);
		expect(screen.cursor).toEqual({ row: 3, col: 2 });
	});

	it('shows a new prompt at once and prints notices above the line', () => {
		const { editor, screen } = setup();
		editor.feed('make' + keys.left);
		editor.setPrompt('\x1b[32msrc\x1b[0m $ ');
		expect(screen.text()).toEqual(['src $ make']);
		expect(screen.cursor).toEqual({ row: 0, col: 9 });
		editor.printAbove('[1]+ Done  sleep 1');
		expect(screen.text()).toEqual(['[1]+ Done  sleep 1', 'src $ make']);
		expect(screen.cursor).toEqual({ row: 1, col: 9 });
	});

	it('submits each line of a multi-line paste in turn and keeps the rest', async () => {
		const { editor, screen, submitted } = setup();
		// A shell that starts the next line once the command is done, a moment later.
		editor.on('submit', () => void flush().then(() => editor.start()));
		editor.feed('echo one\recho two\r\necho three\necho fo');
		await flush();
		await flush();
		await flush();
		expect(submitted).toEqual(['echo one', 'echo two', 'echo three']);
		expect(editor.line).toBe('echo fo');
		expect(screen.text()).toEqual(['$ echo one', '$ echo two', '$ echo three', '$ echo fo']);
	});

	it('takes a bracketed paste as text: a Tab in it is a space, not a completion', () => {
		let asked = 0;
		const { editor } = setup({ complete: () => (asked++, { from: 0, to: 0, candidates: ['x'] }) });
		editor.feed('\x1b[200~a\tb\x1b[201~');
		expect(editor.line).toBe('a b');
		expect(asked).toBe(0);
	});
});

describe('line editor: history', () => {
	it('walks history with Up/Down and Ctrl+P/N and keeps the edited line', () => {
		const history = ['ls', 'cat a.txt'];
		const { editor, screen } = setup({ history });
		editor.feed('ech');
		editor.feed(keys.up);
		expect(editor.line).toBe('cat a.txt');
		editor.feed(ctrl('p'));
		expect(editor.line).toBe('ls');
		editor.feed(keys.up);
		expect(editor.line).toBe('ls');
		editor.feed(keys.down);
		expect(editor.line).toBe('cat a.txt');
		editor.feed(ctrl('n'));
		expect(editor.line).toBe('ech');
		expect(screen.text()).toEqual(['$ ech']);
		expect(screen.cursor).toEqual({ row: 0, col: 5 });
	});

	it('reads the history live, so lines the shell records show up', () => {
		const history: string[] = [];
		const { editor, submitted } = setup({ history });
		editor.on('submit', (line) => history.push(line));
		editor.feed('first\r');
		editor.start();
		editor.feed(keys.up + keys.enter);
		expect(submitted).toEqual(['first', 'first']);
	});

	it('keeps its place when older lines arrive at the front (the stored history loading)', () => {
		const history: string[] = ['typed before it loaded'];
		const { editor } = setup({ history });
		history.unshift('oldest', 'older');
		editor.feed(keys.up);
		expect(editor.line).toBe('typed before it loaded');
		history.unshift('even older');
		editor.feed(keys.up);
		expect(editor.line).toBe('older');
		editor.feed(keys.down + keys.down);
		expect(editor.line).toBe('');
	});

	it('searches backwards with Ctrl+R like bash and submits the match on Enter', () => {
		const history = ['git status', 'ls -la', 'git commit -m x', 'cat notes'];
		const { editor, screen, submitted } = setup({ history });
		editor.feed(ctrl('r') + 'git');
		expect(screen.text()).toEqual(["(reverse-i-search)'git': git commit -m x"]);
		expect(screen.cursor.col).toBe("(reverse-i-search)'git': ".length);
		editor.feed(ctrl('r'));
		expect(screen.text()).toEqual(["(reverse-i-search)'git': git status"]);
		editor.feed(ctrl('r'));
		expect(screen.text()).toEqual(["(failed reverse-i-search)'git': git status"]);
		editor.feed(keys.enter);
		expect(submitted).toEqual(['git status']);
		expect(screen.text()).toEqual(['$ git status']);
	});

	it('takes the match for editing on Esc or an arrow, and gives up on Ctrl+G', () => {
		const history = ['python main.py', 'ls'];
		const { editor, screen } = setup({ history });
		editor.feed('draft' + ctrl('r') + 'main' + keys.escape);
		expect(editor.line).toBe('python main.py');
		expect(editor.cursor).toBe(7);
		expect(screen.text()).toEqual(['$ python main.py']);
		expect(screen.cursor).toEqual({ row: 0, col: 9 });
		editor.feed(keys.down);
		expect(editor.line).toBe('ls');
		editor.feed(keys.down);
		expect(editor.line).toBe('draft');

		editor.feed(ctrl('r') + 'ls' + keys.right);
		expect(editor.line).toBe('ls');
		expect(editor.cursor).toBe(1);

		editor.feed(ctrl('r') + 'py' + ctrl('g'));
		expect(editor.line).toBe('ls');
		expect(screen.text()).toEqual(['$ ls']);
	});

	it('goes back to the previous match on Backspace and drops the line on Ctrl+C', () => {
		const history = ['make test', 'make'];
		const { editor, screen, events } = setup({ history });
		editor.feed(ctrl('r') + 'make ');
		expect(screen.text()).toEqual(["(reverse-i-search)'make ': make test"]);
		editor.feed(keys.backspace);
		expect(screen.text()).toEqual(["(reverse-i-search)'make': make"]);
		editor.feed(ctrl('c'));
		expect(events).toEqual(['interrupt']);
		expect(editor.line).toBe('');
		expect(screen.text()).toEqual(["(reverse-i-search)'make': make^C", '$']);
		expect(screen.cursor).toEqual({ row: 1, col: 2 });
	});
});

describe('line editor: Tab completion', () => {
	const files = ['main.py', 'notes.txt', 'notebook.py', 'src/'];
	// Completes the last word against `files`, as the shell's completion would.
	const fromList =
		(names: string[]): CompletionSource =>
		(line, cursor) => {
			const from = line.lastIndexOf(' ', cursor - 1) + 1;
			const word = line.slice(from, cursor);
			return { from, to: cursor, candidates: names.filter((name) => name.startsWith(word)) };
		};

	it('inserts a single candidate with a space, or a folder with no space', () => {
		const { editor, screen } = setup({ complete: fromList(files) });
		editor.feed('cat ma\t');
		expect(editor.line).toBe('cat main.py ');
		editor.feed(ctrl('u') + 'cd s\t');
		expect(editor.line).toBe('cd src/');
		expect(screen.text()).toEqual(['$ cd src/']);
	});

	it('inserts the common prefix, then lists candidates in columns on the second Tab', () => {
		const { editor, screen } = setup({ complete: fromList(files) });
		editor.feed('cat no\t');
		expect(editor.line).toBe('cat note');
		editor.feed('\t');
		expect(screen.text()).toEqual(['$ cat note', 'notes.txt    notebook.py', '$ cat note']);
		expect(screen.cursor).toEqual({ row: 2, col: 10 });
		editor.feed('b\t');
		expect(editor.line).toBe('cat notebook.py ');
	});

	it('lists down the columns within the terminal width', () => {
		const names = Array.from({ length: 7 }, (_, i) => `file${i}.txt`);
		const { editor, screen } = setup({ complete: fromList(names), columns: 40 });
		editor.feed('cat f\t\t');
		expect(screen.text()).toEqual([
			'$ cat file',
			'file0.txt  file3.txt  file6.txt',
			'file1.txt  file4.txt',
			'file2.txt  file5.txt',
			'$ cat file'
		]);
	});

	it('asks before listing more than 100 candidates', () => {
		const names = Array.from({ length: 150 }, (_, i) => `n${String(i).padStart(3, '0')}`);
		const { editor, screen } = setup({ complete: fromList(names), columns: 60 });
		editor.feed('x n\t\t');
		expect(screen.text()).toEqual(['$ x n', 'Display all 150 possibilities? (y or n)']);
		editor.feed('n');
		expect(screen.text()).toEqual(['$ x n', 'Display all 150 possibilities? (y or n)', '$ x n']);
		expect(editor.line).toBe('x n');
		editor.feed('\t\ty');
		const rows = screen.text();
		expect(rows).toContain('$ x n');
		expect(rows.filter((row) => row.startsWith('n000'))).toHaveLength(1);
		expect(rows.join(' ')).toContain('n149');
		expect(rows.at(-1)).toBe('$ x n');
		// 150 names of 4 characters in cells of 6 across 60 columns: 10 per row.
		expect(rows.filter((row) => /^n\d{3}/.test(row))).toHaveLength(15);
	});

	it('survives a completion that rejects or throws, inserting nothing', async () => {
		const rejecting = setup({ complete: () => Promise.reject(new Error('disk on fire')) });
		rejecting.editor.feed('cat ma\t');
		await flush();
		rejecting.editor.feed('x');
		expect(rejecting.editor.line).toBe('cat max');
		const throwing = setup({
			complete: () => {
				throw new Error('no');
			}
		});
		throwing.editor.feed('cat ma\tx');
		expect(throwing.editor.line).toBe('cat max');
	});

	it('keeps keys typed while an asynchronous completion runs for after it', async () => {
		let answer: (completion: Completion) => void = () => {};
		const { editor, screen } = setup({
			complete: () => new Promise<Completion>((resolve) => (answer = resolve))
		});
		editor.feed('cat ma\t');
		editor.feed('-v');
		expect(editor.line).toBe('cat ma');
		answer({ from: 4, to: 6, candidates: ['main.py'] });
		await flush();
		expect(editor.line).toBe('cat main.py -v');
		expect(screen.text()).toEqual(['$ cat main.py -v']);
	});

	it('types tabText when the completer answers null, at once or later; none is added after a spaceAfter: false candidate', async () => {
		let answer: (completion: Completion | null) => void = () => {};
		const { editor } = setup({
			tabText: '    ',
			complete: (line) =>
				line.endsWith('pri')
					? { from: 0, to: 3, candidates: ['print('], spaceAfter: false }
					: line.trim()
						? new Promise<Completion | null>((resolve) => (answer = resolve))
						: null
		});
		editor.feed('\t');
		expect(editor.line).toBe('    ');
		editor.feed(ctrl('u') + 'x\t1');
		answer(null);
		await flush();
		expect(editor.line).toBe('x    1');
		editor.feed(ctrl('u') + 'pri\t');
		expect(editor.line).toBe('print(');
	});

	it('completes paths from the workspace through the shell completion', () => {
		const fs = new Workspace();
		fs.writeFile('src/app.py', '');
		fs.writeFile('my notes.txt', '');
		const { editor } = setup({
			complete: (line, cursor) => completePath(line, cursor, { commands: ['cat'], fs, cwd: '' })
		});
		editor.feed('ca\tsr\t');
		expect(editor.line).toBe('cat src/');
		editor.feed('\t');
		expect(editor.line).toBe('cat src/app.py ');
		editor.feed('my\t');
		expect(editor.line).toBe('cat src/app.py my\\ notes.txt ');
	});

	it('passes and takes UTF-16 offsets when the line has characters beyond the BMP', () => {
		const { editor } = setup({ complete: fromList(['😀x.txt']) });
		editor.feed('cat 😀\t');
		expect(editor.line).toBe('cat 😀x.txt ');
		expect(editor.cursor).toBe([...'cat 😀x.txt '].length);
	});
});

describe('line editor: wrapped lines', () => {
	it('keeps the cursor right across the wrap boundary', () => {
		const { editor, screen } = setup({ columns: 10 });
		editor.feed('abcdefgh');
		// The row is full: the cursor belongs at the start of the next one.
		expect(screen.cursor).toEqual({ row: 1, col: 0 });
		editor.feed('i');
		expect(screen.cursor).toEqual({ row: 1, col: 1 });
		editor.feed(keys.left + keys.left);
		expect(screen.cursor).toEqual({ row: 0, col: 9 });
		editor.feed('X');
		expect(screen.lines()).toEqual(['$ abcdefgXhi']);
		expect(screen.text()).toEqual(['$ abcdefgX', 'hi']);
		expect(screen.cursor).toEqual({ row: 1, col: 0 });
		editor.feed(keys.home);
		expect(screen.cursor).toEqual({ row: 0, col: 2 });
		editor.feed(keys.end);
		expect(screen.cursor).toEqual({ row: 1, col: 2 });
		editor.feed(keys.backspace + keys.backspace + keys.backspace);
		expect(screen.text()).toEqual(['$ abcdefg']);
		expect(screen.cursor).toEqual({ row: 0, col: 9 });
	});

	it('redraws a line of several rows from its first row', () => {
		const { editor, screen } = setup({ columns: 10 });
		editor.feed('0123456789abcdefghijklmnop');
		expect(screen.text()).toEqual(['$ 01234567', '89abcdefgh', 'ijklmnop']);
		editor.feed(keys.home + keys.delete + ctrl('e') + alt('b'));
		expect(screen.text()).toEqual(['$ 12345678', '9abcdefghi', 'jklmnop']);
		expect(screen.cursor).toEqual({ row: 0, col: 2 });
		editor.feed(ctrl('e') + ctrl('w') + 'x');
		expect(screen.text()).toEqual(['$ x']);
		expect(screen.cursor).toEqual({ row: 0, col: 3 });
	});

	it('moves a wide character that does not fit to the next row', () => {
		const { editor, screen } = setup({ columns: 10 });
		editor.feed('abcdefg日本');
		expect(screen.text()).toEqual(['$ abcdefg', '日本']);
		expect(screen.cursor).toEqual({ row: 1, col: 4 });
		editor.feed(keys.left);
		expect(screen.cursor).toEqual({ row: 1, col: 2 });
		editor.feed(keys.left);
		expect(screen.cursor).toEqual({ row: 0, col: 9 });
		editor.feed('h');
		expect(screen.text()).toEqual(['$ abcdefgh', '日本']);
		expect(screen.cursor).toEqual({ row: 1, col: 0 });
	});

	it('measures a coloured prompt by what shows', () => {
		const { editor, screen } = setup({ columns: 10, prompt: '\x1b[1;34m~\x1b[0m $ ' });
		editor.feed('abcdefghij');
		expect(screen.text()).toEqual(['~ $ abcdef', 'ghij']);
		editor.feed(keys.home);
		expect(screen.cursor).toEqual({ row: 0, col: 4 });
		editor.feed(keys.end);
		expect(screen.cursor).toEqual({ row: 1, col: 4 });
	});

	it('wraps at the new width after a resize', () => {
		const { editor, screen } = setup({ columns: 8 }, false);
		// The screen is 8 wide; the editor learns it from resize, not from its options.
		const wide = new LineEditor({ prompt: '$ ', columns: 80, onWrite: (d) => screen.write(d) });
		wide.resize(8);
		wide.start();
		wide.feed('abcdefghij');
		expect(screen.text()).toEqual(['$ abcdef', 'ghij']);
		wide.feed(keys.home);
		expect(screen.cursor).toEqual({ row: 0, col: 2 });
		expect(editor.reading).toBe(false);
	});
});

describe("line editor: a running program's input", () => {
	function program(columns = 80) {
		const session = setup({ prompt: '', columns, tabText: '    ' }, false);
		session.editor.start('', { shown: true });
		return session;
	}

	it("edits after the program's own prompt, which it leaves alone", () => {
		const { editor, screen, submitted } = program();
		editor.output('Name? ');
		editor.feed('Aa' + keys.left + 'd' + keys.home + ctrl('k') + 'Ada' + keys.left + keys.left);
		editor.feed(keys.backspace + 'A');
		expect(screen.text()).toEqual(['Name? Ada']);
		expect(screen.cursor).toEqual({ row: 0, col: 7 });
		editor.feed(keys.enter);
		expect(submitted).toEqual(['Ada']);
		expect(editor.reading).toBe(false);
	});

	it('moves the line being typed after output that arrives meanwhile', () => {
		const { editor, screen } = program();
		editor.output('Name? ');
		editor.feed('abc' + keys.left);
		editor.output('tick\n');
		expect(screen.text()).toEqual(['Name? tick', 'abc']);
		editor.output('More? ');
		expect(screen.text()).toEqual(['Name? tick', 'More? abc']);
		expect(screen.cursor).toEqual({ row: 1, col: 8 });
		expect(editor.promptText).toBe('More? ');
		editor.feed('d');
		expect(editor.line).toBe('abdc');
	});

	it('writes output straight through while nothing is typed', () => {
		const { editor, written } = program();
		editor.output('line 1\nline 2\n>>> ');
		expect(written).toEqual(['line 1\nline 2\n>>> ']);
		expect(editor.promptText).toBe('>>> ');
	});

	it('keeps a prompt that wraps over rows', () => {
		const { editor, screen } = program(10);
		editor.output('0123456789abc');
		editor.feed('xz' + keys.left + 'y' + keys.home);
		expect(screen.text()).toEqual(['0123456789', 'abcxyz']);
		expect(screen.cursor).toEqual({ row: 1, col: 3 });
	});

	it('inserts tabText on Tab when there is nothing to complete', () => {
		const { editor } = program();
		editor.feed('if x:' + keys.tab);
		expect(editor.line).toBe('if x:    ');
	});

	it('takes the typed line off the screen when abandoned, and hands it back', () => {
		const { editor, screen } = program();
		editor.output('$ ');
		editor.feed('ls' + keys.enter);
		editor.start('', { shown: true });
		editor.output('done\n');
		editor.feed('nex');
		expect(editor.abandon()).toBe('nex');
		expect(screen.text()).toEqual(['$ ls', 'done']);
		expect(editor.reading).toBe(false);
	});
});
