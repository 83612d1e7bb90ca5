import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as historyStore from '#lib/shell/history-store.ts';
import { TerminalInput } from '#lib/shell/terminal-input.ts';
import type { PromptCompletion } from '#lib/runtimes/types.ts';
import { ProgramInput, type PromptCompleter } from './program-input.ts';

const up = '\x1b[A';
const down = '\x1b[B';

function setup(workspaceId = 'ws') {
	const input = new TerminalInput();
	const stdin = input.open();
	let shown = '';
	let interrupts = 0;
	const program = new ProgramInput({
		input,
		workspaceId,
		columns: 80,
		onWrite: (data) => (shown += data),
		interrupt: () => interrupts++
	});
	const decoder = new TextDecoder();
	const read = async () => {
		const chunk = await stdin.read();
		return chunk && decoder.decode(chunk);
	};
	return { program, read, shown: () => shown, interrupts: () => interrupts };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => historyStore.close());

describe("a running command's input", () => {
	it('sends each edited line to stdin, and Ctrl+D as end of input', async () => {
		const { program, read } = setup();
		program.begin();
		program.output('Name? ');
		program.feed('Aa\x1b[Dd\r');
		expect(await read()).toBe('Ada\n');
		program.feed('\x04');
		expect(await read()).toBe(null);
	});

	it('recalls the lines typed to this command line only', async () => {
		const { program, read } = setup();
		program.begin();
		program.feed('first\rsecond\r');
		await read();
		await read();
		program.feed(`${up}${up}!\r`);
		expect(await read()).toBe('first!\n');
		program.end();
		program.begin();
		program.feed(`${up}${down}x\r`);
		expect(await read()).toBe('x\n');
	});

	it("keeps Python's prompt history per workspace, apart from the shell's", async () => {
		const first = setup('py-ws');
		first.program.begin();
		first.program.usePythonHistory();
		first.program.feed('x = 6 * 7\r');
		expect(await first.read()).toBe('x = 6 * 7\n');
		await settle();
		expect(await historyStore.load('py-ws')).toEqual([]);

		const second = setup('py-ws');
		second.program.begin();
		second.program.usePythonHistory();
		await settle();
		second.program.feed(`${up}\r`);
		expect(await second.read()).toBe('x = 6 * 7\n');
	});

	it('passes Ctrl+C on and hands back what was typed but not sent', () => {
		const { program, interrupts, shown } = setup();
		program.begin();
		program.interrupt();
		expect(interrupts()).toBe(1);
		expect(shown()).toContain('^C');
		program.feed('ls -l');
		expect(program.end()).toBe('ls -l');
	});

	it('reads a pasted line after the prompt the program shows for it', async () => {
		const { program, read, shown } = setup();
		program.begin();
		program.output('>>> ');
		program.feed('\x1b[200~if x:\r    y()\r\r\x1b[201~');
		expect(await read()).toBe('if x:\n');
		program.output('... ');
		expect(await read()).toBe('    y()\n');
		program.output('... ');
		expect(await read()).toBe('\n');
		expect(shown()).toBe('>>> if x:\r\n...     y()\r\n... \r\n');
	});

	it('reads on after a moment when the program reads without a prompt', async () => {
		const { program, read } = setup();
		program.begin();
		program.feed('one\rtwo\r');
		expect(await read()).toBe('one\n');
		expect(await read()).toBe('two\n');
	});
});

describe("Tab at Python's prompt", () => {
	const attributes = ['os.pardir', 'os.path', 'os.pathconf(', 'os.pathsep'];

	/** A stand-in for the running Python: completes the last word against `names`. */
	function python(names: string[]) {
		const asked: string[] = [];
		const process: PromptCompleter = {
			complete: (line, cursor) => {
				asked.push(line.slice(0, cursor));
				const from = line.slice(0, cursor).search(/[\w.]*$/);
				const word = line.slice(from, cursor);
				const candidates = names.filter((name) => name.startsWith(word));
				return Promise.resolve({ from, to: cursor, candidates });
			}
		};
		return { process, asked };
	}

	function atPrompt(names = attributes) {
		const session = setup();
		const fake = python(names);
		session.program.begin();
		session.program.usePythonHistory();
		session.program.completeFrom(fake.process);
		session.program.output('>>> ');
		return { ...session, asked: fake.asked };
	}

	it('completes a lone candidate as Python gives it, with no space after', async () => {
		const { program, read, shown } = atPrompt(['print(', 'property(']);
		program.feed('pri\t');
		await settle();
		program.feed('"hi")\r');
		expect(await read()).toBe('print("hi")\n');
		expect(shown()).toBe('>>> pri\r\x1b[J>>> print("hi")\r\n');
	});

	it('completes what the candidates share, and lists them all on a second Tab', async () => {
		const { program, read, shown } = atPrompt();
		program.feed('os.pat\t');
		await settle();
		program.feed('\t');
		await settle();
		expect(shown()).toContain('\r\nos.path       os.pathconf(  os.pathsep\r\n>>> os.path');
		program.feed('s\t\r');
		expect(await read()).toBe('os.pathsep\n');
	});

	it('lists on the second Tab when the first has nothing to add', async () => {
		const { program, shown } = atPrompt();
		program.feed('x = os.pa\t');
		await settle();
		expect(shown()).toBe('>>> x = os.pa');
		program.feed('\t');
		await settle();
		expect(shown()).toBe(
			'>>> x = os.pa\r\nos.pardir     os.path       os.pathconf(  os.pathsep\r\n>>> x = os.pa'
		);
	});

	it("indents a blank line, a program's input(), and where the prompt offers nothing", async () => {
		const { program, read, asked } = atPrompt();
		program.feed('\tpass\r');
		expect(await read()).toBe('    pass\n');
		expect(asked).toEqual([]);
		// A program's input(): the command line runs no Python prompt.
		const input = setup();
		input.program.begin();
		input.program.output('Name? ');
		input.program.feed('a\tb\r');
		expect(await input.read()).toBe('a    b\n');
		// A Python prompt that is not waiting for a line: a statement runs, say.
		const busy = setup();
		busy.program.begin();
		busy.program.completeFrom({ complete: () => Promise.resolve(null) });
		busy.program.feed('x\t1\r');
		expect(await busy.read()).toBe('x    1\n');
	});

	it('drops an answer that comes after the Tab was given up on', async () => {
		const { program, read, shown, interrupts } = setup();
		let answer: (found: PromptCompletion) => void = () => {};
		program.begin();
		program.completeFrom({ complete: () => new Promise((resolve) => (answer = resolve)) });
		program.output('>>> ');
		program.feed('pri\t');
		program.feed('\x03');
		expect(interrupts()).toBe(1);
		const before = shown();
		answer({ from: 0, to: 3, candidates: ['print('] });
		await settle();
		expect(shown()).toBe(before);
		program.feed('x\r');
		expect(await read()).toBe('x\n');
	});
});
