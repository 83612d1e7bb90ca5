import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { writeFileAsUser } from './files.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const terminal = terminalOn(() => page);
const { typeCommand, waitForOutput } = terminal;
const terminalText = terminal.text;
const clearTerminal = terminal.clear;

/** Replaces a file's content as a user would (see files.ts). */
const writeFile = (path: string, source: string) => writeFileAsUser(page, path, source, 'main.py');

describe('Python in the browser', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		// A tall terminal, so that a whole traceback stays on screen.
		await page.evaluate(() =>
			localStorage.setItem('bytestorm:layout', JSON.stringify({ sidebar: 240, panel: 420 }))
		);
		await createWorkspaceAsUser(page, 'Python');
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'python');

	it('runs the open file with Ctrl+Enter and streams its output', async () => {
		const editor = page.getByRole('textbox', { name: 'Editor: main.py' });
		const source = await editor.innerText();
		// On a line, as a user clicks: the content's centre, where Playwright would click, is
		// below the pane (the editor scrolls past the end), and scrolling to it hides every line.
		await editor.locator('.cm-line').first().click();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(
			/python main\.py[\s\S]*Hello, Bytestorm![\s\S]*The first five squares are \[1, 4, 9, 16, 25\]/
		);
		// Run is handled once, and the editor does not also insert a line.
		expect((await terminalText()).match(/\$ python main\.py/g)).toHaveLength(1);
		expect(await editor.innerText()).toBe(source);
		await screenshot(page, 'python-01-run');
	});

	it('runs python -c from the terminal', async () => {
		await clearTerminal();
		await typeCommand(`python -c "import sys; print(6 * 7); print('to stderr', file=sys.stderr)"`);
		await waitForOutput(/42\s+to stderr/);
	});

	it('reads input() typed in the terminal, and Ctrl+D gives EOFError', async () => {
		await writeFile(
			'ask.py',
			'name = input("Name? ")\nprint("Hi", name)\nagain = input("More? ")\n'
		);
		await clearTerminal();
		await typeCommand('python ask.py');
		await waitForOutput(/Name\?\s*$/);
		await page.keyboard.type('Ada');
		await page.keyboard.press('Enter');
		await waitForOutput(/Hi Ada\s+More\? /);
		await page.keyboard.press('Control+d');
		await waitForOutput(/EOFError[\s\S]*Exit code 1/);
	});

	it('stops a busy loop and a long sleep within a second', async () => {
		for (const [file, source] of [
			['spin.py', 'print("spinning", flush=True)\nwhile True:\n    pass\n'],
			['nap.py', 'import time\nprint("napping", flush=True)\ntime.sleep(60)\n']
		]) {
			await writeFile(file!, source!);
			await clearTerminal();
			await page.keyboard.press('Control+Enter');
			await waitForOutput(/(spinning|napping)/);
			const started = Date.now();
			await page.getByRole('button', { name: 'Stop' }).click();
			await waitForOutput(/KeyboardInterrupt[\s\S]*Interrupted \(exit code 130\)/);
			expect(Date.now() - started).toBeLessThan(1500);
			await page.getByRole('button', { name: /Run/ }).waitFor();
		}
	});

	it('shows files the program writes in the tree at once, and reads workspace files', async () => {
		await writeFile('data.csv', 'a,b\n1,2\n3,4\n');
		await writeFile(
			'total.py',
			'import csv\nrows = list(csv.DictReader(open("data.csv")))\ntotal = sum(int(r["b"]) for r in rows)\nimport os\nos.makedirs("out", exist_ok=True)\nopen("out/total.txt", "w").write(str(total))\nprint("total", total)\n'
		);
		await clearTerminal();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(/total 6/);
		await row('out').click();
		await row('total.txt').click();
		await expect
			.poll(() => page.getByRole('textbox', { name: 'Editor: out/total.txt' }).innerText())
			.toBe('6');
	});

	it("imports the user's own modules, fresh after an edit", async () => {
		await writeFile('helper.py', 'VALUE = 1\n');
		await writeFile('use.py', 'import helper\nprint("value", helper.VALUE)\n');
		await clearTerminal();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(/value 1/);
		await writeFile('helper.py', 'VALUE = 2\n');
		await row('use.py').click();
		await clearTerminal();
		await page.getByRole('textbox', { name: 'Editor: use.py' }).click();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(/value 2/);
	});

	it('links a traceback to the line in the editor', async () => {
		await writeFile('broken.py', 'def f():\n    return 1 / 0\n\nf()\n');
		await clearTerminal();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(/ZeroDivisionError[\s\S]*Exit code 1/);
		await screenshot(page, 'python-02-traceback');
		// Click the `File "broken.py", line 2` location in the terminal.
		const location = page
			.locator('.xterm-rows > div', { hasText: 'File "broken.py", line 2' })
			.last();
		const box = (await location.boundingBox())!;
		await page.mouse.move(box.x + 20, box.y + box.height / 2);
		await page.mouse.click(box.x + 20, box.y + box.height / 2);
		await expect.poll(() => page.getByText(/^Ln 2, Col/).count()).toBe(1);
	});

	it('reports a syntax error clearly', async () => {
		await writeFile('bad.py', 'print("unclosed"\n');
		await clearTerminal();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(/SyntaxError[\s\S]*Exit code 1/);
	});

	it('shows images sent through the display protocol in the Output pane', async () => {
		// A 3x2 PNG built with the standard library, as a plotting library would produce one.
		await writeFile(
			'picture.py',
			[
				'import bytestorm, struct, zlib',
				'def chunk(kind, data):',
				'    body = kind + data',
				'    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))',
				'rows = b"".join(b"\\x00" + b"\\xff\\x00\\x00" * 3 for _ in range(2))',
				'png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")',
				'print("drawing")',
				'bytestorm.display(png, "image/png")',
				''
			].join('\n')
		);
		await clearTerminal();
		await page.keyboard.press('Control+Enter');
		const image = page.getByRole('img', { name: 'Output of python picture.py' });
		await image.waitFor({ timeout: 30_000 });
		expect(
			await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])
		).toEqual([3, 2]);
		await screenshot(page, 'python-03-display');
		await page.getByRole('tab', { name: 'Terminal' }).click();
		await waitForOutput(/drawing/);
	});

	it('keeps a history of runs with their output and exit codes, across a reload', async () => {
		await page.getByRole('tab', { name: 'Runs' }).click();
		const broken = page.getByRole('group').filter({ hasText: 'python broken.py' }).first();
		await expect.poll(() => broken.textContent()).toMatch(/exit 1/);
		await broken.locator('summary').click();
		await expect.poll(() => broken.textContent()).toMatch(/ZeroDivisionError/);
		await screenshot(page, 'python-04-runs');
		await page.reload();
		await page.getByRole('tab', { name: 'Runs' }).click();
		await expect
			.poll(() => page.getByRole('group').filter({ hasText: 'python picture.py' }).count())
			.toBeGreaterThan(0);
		await page.getByRole('tab', { name: 'Terminal' }).click();
		await page.locator('.xterm-rows').waitFor();
	});
});
