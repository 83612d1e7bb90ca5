// Python's interactive prompt and the line editing of a program's input, as a user sees them
// in the terminal of a real workspace page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;

const terminal = terminalOn(() => page);
const { typeCommand, waitForOutput, clear } = terminal;

async function press(...keys: string[]): Promise<void> {
	for (const key of keys) await page.keyboard.press(key);
}

/** The last row with something on it. */
async function lastRow(): Promise<string> {
	const rows = (await terminal.text()).split('\n').map((row) => row.trimEnd());
	return rows.filter((row) => row !== '').at(-1) ?? '';
}

/** Clears the screen at Python's prompt (Ctrl+L), which shows the prompt again at the top. */
async function clearPrompt(): Promise<void> {
	await press('Control+l');
	await expect.poll(terminal.text).toMatch(/^\s*>>>\s*$/);
}

/** Types a line at Python's prompt once it shows, and presses Enter. */
async function enter(line: string, prompt: '>>>' | '...' = '>>>'): Promise<void> {
	await expect.poll(lastRow, { timeout: 30_000 }).toMatch(new RegExp(`^\\${prompt[0]}{3}$`));
	await typeCommand(line);
}

// One page and workspace for both suites, as one user's session.
beforeAll(async () => {
	browser = await launch();
	page = browser.page;
	await page.goto(baseUrl);
	// A tall terminal, so that a whole session stays on screen.
	await page.evaluate(() =>
		localStorage.setItem('bytestorm:layout', JSON.stringify({ sidebar: 240, panel: 420 }))
	);
	await createWorkspaceAsUser(page, 'Python', { name: 'REPL' });
});
afterAll(async () => {
	await browser?.close();
});
checkEachTest(() => browser, 'python-repl');

describe("Python's interactive prompt in the terminal", () => {
	it('opens with a banner, echoes results and keeps variables from line to line', async () => {
		await clear();
		await typeCommand('python');
		await waitForOutput(
			/Python 3\.\d+\.\d+ \(Pyodide [^)]+\) on emscripten\nType "help", "copyright", "credits" or "license" for more information\.\n>>>\s*$/
		);
		await enter('6 * 7');
		await waitForOutput(/^>>> 6 \* 7\n42\n>>>\s*$/m);
		await enter('x = 20');
		await enter('x + 1');
		await waitForOutput(/^>>> x = 20\n>>> x \+ 1\n21\n>>>\s*$/m);
	});

	it('continues a def and a for block with ... until a blank line; Tab indents', async () => {
		await clearPrompt();
		await enter('def square(n):');
		await page.keyboard.press('Tab');
		await enter('return n * n', '...');
		await enter('', '...');
		await enter('for i in range(3):');
		await page.keyboard.press('Tab');
		await enter('print(square(i))', '...');
		await enter('', '...');
		await waitForOutput(
			/^>>> def square\(n\):\n\.\.\. {5}return n \* n\n\.\.\.\s*\n>>> for i in range\(3\):\n\.\.\. {5}print\(square\(i\)\)\n\.\.\.\s*\n0\n1\n4\n>>>\s*$/m
		);
		await screenshot(page, 'python-repl-01-blocks');
	});

	it('completes on Tab as CPython does: a name, and several candidates listed on a second Tab', async () => {
		await clearPrompt();
		await enter('import os');
		await expect.poll(lastRow).toBe('>>>');
		await page.keyboard.type('os.pa');
		// Nothing to add to what the candidates share: the second Tab lists them.
		await press('Tab', 'Tab');
		await waitForOutput(/^>>> import os\n>>> os\.pa\n(os\.pa\S*\s+)+>>> os\.pa\s*$/m);
		const listed = (await terminal.text()).split(/\s+/);
		expect(listed).toEqual(expect.arrayContaining(['os.pardir', 'os.path', 'os.pathsep']));
		await screenshot(page, 'python-repl-05-tab-completion');
		await press('Control+u');
		await page.keyboard.type('pri');
		await press('Tab');
		await expect.poll(lastRow).toBe('>>> print(');
		await page.keyboard.type('os.sep)');
		await press('Enter');
		await waitForOutput(/^>>> print\(os\.sep\)\n\/\n>>>\s*$/m);
	});

	it('runs a pasted block line by line, each after its prompt', async () => {
		await clearPrompt();
		// A real paste event, as the browser sends for Ctrl+V: xterm.js takes it from there.
		await page
			.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea')
			.evaluate((textarea) => {
				const data = new DataTransfer();
				data.setData('text/plain', 'def cube(n):\n    return n ** 3\n\ncube(3)\n');
				textarea.dispatchEvent(
					new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
				);
			});
		await waitForOutput(
			/^>>> def cube\(n\):\n\.\.\. {5}return n \*\* 3\n\.\.\.\s*\n>>> cube\(3\)\n27\n>>>\s*$/m
		);
	});

	it('prints a traceback in the stderr colour and goes on', async () => {
		await clearPrompt();
		await enter('1 / 0');
		await waitForOutput(
			/^>>> 1 \/ 0\nTraceback \(most recent call last\):\n {2}File "<stdin>", line 1, in <module>\n[\s\S]*ZeroDivisionError: division by zero\n>>>\s*$/m
		);
		const colour = await page
			.locator('.xterm-rows span', { hasText: 'ZeroDivisionError' })
			.first()
			.evaluate((span) => getComputedStyle(span).color);
		const prompt = await page
			.locator('.xterm-rows span', { hasText: '>>>' })
			.first()
			.evaluate((span) => getComputedStyle(span).color);
		expect(colour).not.toBe(prompt);
		await enter('x');
		await waitForOutput(/^>>> x\n20\n>>>\s*$/m);
		await screenshot(page, 'python-repl-02-traceback');
	});

	it('stops a busy loop, a sleep and input() on Ctrl+C, keeping the session and its variables', async () => {
		for (const statement of ['while True: pass', 'import time; time.sleep(60)', 'input()']) {
			await clearPrompt();
			await enter(statement);
			if (statement.startsWith('while')) await enter('', '...');
			// Running, not at the prompt yet.
			await new Promise((resolve) => setTimeout(resolve, 500));
			await page.keyboard.press('Control+c');
			await waitForOutput(/\^C\n(Traceback[\s\S]*)?KeyboardInterrupt\n>>>\s*$/);
		}
		// Longer than the watchdog's grace: Python took the interrupt, so it was not restarted.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await enter('x');
		await waitForOutput(/^>>> x\n20\n>>>\s*$/m);
		expect(await terminal.text()).not.toContain('restarted');
	});

	it('drops the line typed at the prompt on Ctrl+C', async () => {
		await clearPrompt();
		await page.keyboard.type('not this');
		await page.keyboard.press('Control+c');
		await waitForOutput(/^>>> not this\^C\nKeyboardInterrupt\n>>>\s*$/m);
	});

	it('edits the line and recalls earlier ones with Up', async () => {
		await clearPrompt();
		await page.keyboard.type('x + 2');
		await press('Home', 'ArrowRight');
		await page.keyboard.type(' * 10');
		await press('Enter');
		await waitForOutput(/^>>> x \* 10 \+ 2\n202\n>>>\s*$/m);
		await press('ArrowUp', 'ArrowUp', 'Enter');
		await waitForOutput(/^>>> x\n20\n>>>\s*$/m);
		await press('Control+r');
		await page.keyboard.type('* 10');
		await press('Enter');
		await waitForOutput(/^>>> x \* 10 \+ 2\n202\n>>>\s*$/m);
	});

	it('ends on exit() with its exit code, back at the shell prompt', async () => {
		await clearPrompt();
		await enter('exit(3)');
		await waitForOutput(/^>>> exit\(3\)\nExit code 3\n~ \$\s*$/m);
		await clear();
		await typeCommand('echo $?');
		await waitForOutput(/^3$/m);
	});

	it('keeps its history apart from the shell, across sessions; Ctrl+D ends it', async () => {
		await clear();
		await typeCommand('python -q');
		await expect.poll(lastRow, { timeout: 30_000 }).toMatch(/^>>>$/);
		// The newest Python line, not `echo $?` from the shell.
		await press('ArrowUp');
		await expect.poll(lastRow).toBe('>>> exit(3)');
		await press('Control+u', 'Control+d');
		await waitForOutput(/^>>>\s*\n~ \$\s*$/m);
		await press('ArrowUp');
		await expect.poll(lastRow).toBe('~ $ python -q');
		await press('Control+u');
	});

	it('raises EOFError in an input() on Ctrl+D and keeps the prompt', async () => {
		await clear();
		await typeCommand('python -q');
		await enter('x = 20');
		await enter('input()');
		// input() waits: no prompt of its own, the cursor on an empty row.
		await expect.poll(lastRow).toBe('>>> input()');
		// As in CPython at a terminal: Ctrl+D shows nothing, the traceback follows.
		await press('Control+d');
		await waitForOutput(
			/^>>> input\(\)\nTraceback \(most recent call last\):\n {2}File "<stdin>", line 1, in <module>\n[\s\S]*EOFError: EOF when reading a line\n>>>\s*$/m
		);
		await enter('x + 1');
		await waitForOutput(/^>>> x \+ 1\n21\n>>>\s*$/m);
		await screenshot(page, 'python-repl-04-eof-in-input');
		await press('Control+d');
		await waitForOutput(/^>>>\s*\n~ \$\s*$/m);
	});

	it('runs piped text as a script, with no banner and no prompt, as CPython does', async () => {
		await clear();
		await typeCommand(`echo 'print(1+1)' | python`);
		await waitForOutput(/^~ \$ echo 'print\(1\+1\)' \| python\n2\n~ \$\s*$/m);
		await clear();
		await typeCommand(`echo -e 'import sys\\nprint(sys.argv, 6 * 7)' | python - a`);
		await waitForOutput(/^\['-', 'a'\] 42\n~ \$\s*$/m);
	});

	it('runs a file first with python -i, then prompts in its namespace', async () => {
		await clear();
		await typeCommand('echo "answer = 42" > setup.py && python -i setup.py');
		await enter('answer / 2');
		await waitForOutput(/^>>> answer \/ 2\n21\.0\n>>>\s*$/m);
		await enter('quit()');
		await waitForOutput(/^>>> quit\(\)\n~ \$\s*$/m);
	});
});

describe("a program's input in the terminal", () => {
	it('edits the line typed for input(): the program gets the edited line', async () => {
		await clear();
		await typeCommand(`python -c "print('Got', input('Name? ')); print('Then', input('Again? '))"`);
		await waitForOutput(/^Name\?\s*$/m);
		await page.keyboard.type('Ada Lovelxce');
		await press('ArrowLeft', 'ArrowLeft', 'Backspace');
		await page.keyboard.type('a');
		await press('Home');
		await page.keyboard.type('Countess ');
		await press('End', 'Enter');
		await waitForOutput(/^Name\? Countess Ada Lovelace\nGot Countess Ada Lovelace\nAgain\?\s*$/m);
		// Up brings back the line typed to this program.
		await press('ArrowUp', 'Enter');
		await waitForOutput(/^Again\? Countess Ada Lovelace\nThen Countess Ada Lovelace\n~ \$\s*$/m);
	});

	it('keeps the line being typed whole when the program prints meanwhile', async () => {
		await clear();
		await typeCommand(
			`python -c "import time; [(print('tick', i, flush=True), time.sleep(0.8)) for i in range(3)]; print('Got', input('Name? '))"`
		);
		await waitForOutput(/^tick 0$/m);
		await page.keyboard.type('Grace');
		await waitForOutput(/^tick 2\nName\? Grace\s*$/m);
		await press('Enter');
		await waitForOutput(/^tick 0\ntick 1\ntick 2\nName\? Grace\nGot Grace\n~ \$\s*$/m);
		await screenshot(page, 'python-repl-03-input');
	});
});
