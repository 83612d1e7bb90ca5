import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as historyStore from '#lib/shell/history-store.ts';
import { TerminalInput } from '#lib/shell/terminal-input.ts';
import { ProgramInput } from './program-input.ts';

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
