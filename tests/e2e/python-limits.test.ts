// Python programs that push the limits (issue 3's bad input): a flood of output, thousands of
// files, runaway recursion, memory exhaustion. Each ends with a clear message, the page stays
// responsive, and the workspace's files are intact.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, expectErrors, launch, screenshot, type BrowserSession } from './browser.ts';
import { writeFileAsUser } from './files.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const editor = (path: string) => page.getByRole('textbox', { name: `Editor: ${path}` });
const terminal = terminalOn(() => page);

/** Replaces a file's content as a user would (see files.ts). */
const writeFile = (path: string, source: string) => writeFileAsUser(page, path, source, 'main.py');

/** How long the page's main thread takes to answer, in ms: a frozen page answers late. */
async function responsiveness(): Promise<number> {
	const start = Date.now();
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
	return Date.now() - start;
}

describe('Python at its limits', () => {
	let original = '';

	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await createWorkspaceAsUser(page, 'Python');
		original = await editor('main.py').innerText();
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'python-limits');

	it(
		'prints 50 MB without freezing the page, and the run ends with its exit code',
		{ timeout: 180_000 },
		async () => {
			await writeFile(
				'flood.py',
				'line = "x" * 99\nfor i in range(500_000):\n    print(line)\nprint("done flooding")\n'
			);
			await terminal.clear();
			await terminal.typeCommand('python flood.py');
			const slowest: number[] = [];
			const started = Date.now();
			while (!/done flooding/.test(await terminal.text())) {
				slowest.push(await responsiveness());
				if (Date.now() - started > 120_000) throw new Error('the flood did not end in 2 minutes');
			}
			await terminal.waitForOutput(/done flooding[\s\S]*\$\s*$/);
			// The page keeps painting: typical frames are quick, and none stalls for seconds (the
			// bound allows for this shared machine's load).
			slowest.sort((a, b) => a - b);
			expect(slowest[Math.floor(slowest.length / 2)]).toBeLessThan(250);
			expect(slowest.at(-1)).toBeLessThan(2500);
			await screenshot(page, 'python-limits-01-flood');
		}
	);

	it('writes 10,000 files that all reach the workspace', { timeout: 180_000 }, async () => {
		await writeFile(
			'many.py',
			'import os\nos.makedirs("out", exist_ok=True)\nfor i in range(10_000):\n    with open(f"out/f{i}.txt", "w") as f:\n        f.write(str(i))\nprint("wrote", len(os.listdir("out")))\n'
		);
		await terminal.clear();
		await terminal.typeCommand('python many.py');
		await expect.poll(terminal.text, { timeout: 90_000 }).toMatch(/wrote 10000/);
		await row('out').waitFor();
		await terminal.typeCommand('ls out | wc -l && cat out/f9999.txt');
		await terminal.waitForOutput(/10000\s+9999/);
		expect(await responsiveness()).toBeLessThan(1000);
	});

	it('reports runaway recursion as a RecursionError and runs the next program', async () => {
		await writeFile('deep.py', 'def down(n):\n    return down(n + 1)\n\ndown(0)\n');
		await terminal.clear();
		await terminal.typeCommand('python deep.py');
		await terminal.waitForOutput(/RecursionError: maximum recursion depth exceeded/);
		await terminal.typeCommand('python -c "print(40 + 2)"');
		await terminal.waitForOutput(/^42$/m);
	});

	it('keeps Python running when a raised recursion limit is reached, and says where it was raised', async () => {
		// Freed whole, a traceback this deep overflowed the browser's stack and killed Python.
		await writeFile(
			'deeper.py',
			'import sys\nsys.setrecursionlimit(100_000)\n\ndef down(n):\n    if n == 50_000:\n        return 1 / 0\n    return down(n + 1)\n\ndown(0)\n'
		);
		const runs = [
			[
				'python deeper.py',
				/ZeroDivisionError: division by zero\(Only the outermost frames of this traceback are kept.*It was raised at File "deeper\.py", line 6, in down\.\)Exit code 1~ \$\s*$/
			],
			[
				'python -c "import sys; sys.setrecursionlimit(10**6); f = lambda n: f(n + 1); f(0)"',
				/RecursionError: maximum recursion depth exceeded\(Only the outermost frames of this traceback are kept.*\)Exit code 1~ \$\s*$/
			],
			// Each run starts with Python's own limit, as a new process would.
			['python -c "import sys; print(sys.getrecursionlimit())"', /\n?1000~ \$\s*$/]
		] as const;
		for (const [command, shown] of runs) {
			await terminal.clear();
			await terminal.typeCommand(command);
			await terminal.waitForOutput(shown, { joinRows: true });
			expect(await terminal.joinedText()).not.toContain('Python stopped working');
			if (command.includes('deeper')) await screenshot(page, 'python-limits-03-deep-traceback');
		}
	});

	it('says why when C code nested too deeply takes Python down, and Python runs again', async () => {
		// json's C decoder recurses per bracket; the browser's stack ends before CPython's guard.
		await terminal.clear();
		await terminal.typeCommand(`python -c "import json; json.loads('[' * 100_000)"`);
		await terminal.waitForOutput(
			/Python stopped working \(it nested calls too deeply for the browser's stack: RangeError: Maximum call stack size exceeded\) and was restarted; your files are safe\./,
			{ joinRows: true }
		);
		await terminal.typeCommand('python -c "print(6 * 7)"');
		await terminal.waitForOutput(/^42$/m);
		// Pyodide reports its fatal error in the console, with the cause on lines of its own.
		expectErrors(browser, /fatal error|Maximum call stack size exceeded/);
	});

	it(
		'reports memory exhaustion clearly, keeps the files, and Python runs again',
		{ timeout: 180_000 },
		async () => {
			await writeFile('hog.py', 'hoard = []\nwhile True:\n    hoard.append(bytearray(1 << 30))\n');
			await terminal.clear();
			await terminal.typeCommand('python hog.py');
			// A gigabyte at a time, until WebAssembly's 4 GB are used up.
			await expect
				.poll(terminal.joinedText, { timeout: 120_000 })
				.toMatch(/MemoryError[\s\S]*Exit code 1/);
			await screenshot(page, 'python-limits-02-memory');
			await terminal.typeCommand('python -c "print(6 * 7)"');
			await terminal.waitForOutput(/^42$/m);
			await row('main.py').click();
			expect(await editor('main.py').innerText()).toBe(original);
		}
	);
});
