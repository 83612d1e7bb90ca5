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

/** Replaces a file's content as a user would (see files.ts). */
const writeFile = (path: string, source: string) =>
	writeFileAsUser(page, path, source, 'README.md');

/** Opens `path` in the editor and runs it with Ctrl+Enter, on a clear terminal. */
async function runFile(path: string): Promise<void> {
	await terminal.clear();
	await row(path).click();
	await page.getByRole('textbox', { name: `Editor: ${path}` }).click();
	await page.keyboard.press('Control+Enter');
}

describe('JavaScript in the offline runtime', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await page.evaluate(() =>
			localStorage.setItem('bytestorm:layout', JSON.stringify({ sidebar: 240, panel: 420 }))
		);
		await createWorkspaceAsUser(page, 'JavaScript');
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'jsworker');

	it('runs the template (an ES module) with Ctrl+Enter and prints like Node', async () => {
		await runFile('index.js');
		await waitForOutput(
			/node index\.js[\s\S]*Hello, Bytestorm![\s\S]*The first five squares are \[ 1, 4, 9, 16, 25 \]/
		);
		await expect
			.poll(() => page.getByTestId('javascript-status').innerText())
			.toMatch(/JS: offline runtime/);
		await screenshot(page, 'jsworker-01-run');
	});

	it('requires a local module and a JSON file, and imports an ES module', async () => {
		await writeFile('package.json', '{ "name": "demo" }\n');
		await writeFile('lib/math.js', 'exports.double = (n) => n * 2;\n');
		await writeFile('data.json', '{ "a": 1, "b": [1, 2] }\n');
		await writeFile(
			'app.js',
			"const { double } = require('./lib/math');\nconst data = require('./data.json');\nconsole.log('double', double(21));\nconsole.log(data);\nconsole.log(process.argv.slice(2));\n"
		);
		await terminal.clear();
		await typeCommand('node app.js one two');
		await waitForOutput(/double 42\s+\{ a: 1, b: \[ 1, 2 \] \}\s+\[ 'one', 'two' \]/);
		await writeFile('shapes.mjs', 'export const area = (r) => Math.round(Math.PI * r * r);\n');
		await writeFile(
			'main.mjs',
			"import { area } from './shapes.mjs';\nimport path from 'node:path';\nconsole.log('area', area(2), path.basename(import.meta.url));\n"
		);
		await runFile('main.mjs');
		await waitForOutput(/area 13 main\.mjs/);
	});

	it('writes files that appear in the tree at once, sync and async', async () => {
		await writeFile(
			'write.js',
			"const fs = require('fs');\nfs.mkdirSync('out', { recursive: true });\nfs.writeFileSync('out/sync.txt', 'written synchronously');\nrequire('fs/promises').writeFile('out/async.txt', 'written later').then(() => console.log('both written', fs.readdirSync('out')));\n"
		);
		await runFile('write.js');
		await waitForOutput(/both written \[ 'async\.txt', 'sync\.txt' \]/);
		await row('out').click();
		await row('sync.txt').click();
		await expect
			.poll(() => page.getByRole('textbox', { name: 'Editor: out/sync.txt' }).innerText())
			.toBe('written synchronously');
		await screenshot(page, 'jsworker-02-files');
	});

	it('exits with the code given to process.exit', async () => {
		await writeFile(
			'quit.js',
			"console.log('leaving');\nprocess.exit(3);\nconsole.log('never');\n"
		);
		await runFile('quit.js');
		await waitForOutput(/leaving[\s\S]*Exit code 3/);
		expect(await terminal.text()).not.toMatch(/never/);
	});

	it('reads stdin as data events and as a blocking read', async () => {
		await writeFile(
			'echo.js',
			"process.stdout.write('Name? ');\nprocess.stdin.setEncoding('utf8');\nprocess.stdin.once('data', (line) => {\n  console.log('Hi ' + line.trim());\n  process.stdin.pause();\n});\n"
		);
		await terminal.clear();
		// Typed at the prompt, so that the keyboard stays in the terminal.
		await typeCommand('node echo.js');
		await waitForOutput(/Name\?\s*$/);
		await page.keyboard.type('Ada');
		await page.keyboard.press('Enter');
		await waitForOutput(/Hi Ada/);
		await writeFile(
			'sum.js',
			"const input = require('fs').readFileSync(0, 'utf8');\nconsole.log('sum', input.split(/\\s+/).filter(Boolean).map(Number).reduce((a, b) => a + b, 0));\n"
		);
		await terminal.clear();
		await typeCommand('node sum.js');
		await page.keyboard.type('1 2');
		await page.keyboard.press('Enter');
		await page.keyboard.type('3');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Control+d');
		await waitForOutput(/sum 6/);
	});

	it('stops while(true){} at once with Ctrl+C, and runs again after', async () => {
		await writeFile('spin.js', "console.log('spinning');\nwhile (true) {}\n");
		await runFile('spin.js');
		await waitForOutput(/spinning/);
		const started = Date.now();
		await page.getByRole('button', { name: 'Stop' }).click();
		await waitForOutput(/Interrupted[\s\S]*130/);
		expect(Date.now() - started).toBeLessThan(1000);
		await page.getByRole('button', { name: /Run/ }).waitFor();
		await runFile('quit.js');
		await waitForOutput(/leaving/);
	});

	it('names a missing module, and the modules the offline runtime leaves out', async () => {
		await writeFile('missing.js', "require('./nope');\n");
		await runFile('missing.js');
		await waitForOutput(/Cannot find module '\.\/nope'[\s\S]*Exit code 1/);
		await writeFile(
			'spawn.js',
			"const { execSync } = require('child_process');\nexecSync('ls');\n"
		);
		await runFile('spawn.js');
		await waitForOutput(
			/The offline JavaScript runtime does not provide the 'child_process' module/,
			{
				joinRows: true
			}
		);
		await waitForOutput(/online runtime \(WebContainers\) or in a cloud sandbox/, {
			joinRows: true
		});
		await screenshot(page, 'jsworker-03-unsupported');
	});

	it('reports a syntax error with its file and line, linked to the editor', async () => {
		await writeFile('bad.js', 'const ok = 1;\nconst broken = ;\n');
		await runFile('bad.js');
		await waitForOutput(/\/workspace\/bad\.js:2[\s\S]*SyntaxError[\s\S]*Exit code 1/);
		await screenshot(page, 'jsworker-04-syntax');
		const location = page.locator('.xterm-rows > div', { hasText: '/workspace/bad.js:2' }).first();
		const box = (await location.boundingBox())!;
		await row('quit.js').click();
		await page.mouse.move(box.x + 20, box.y + box.height / 2);
		await page.mouse.click(box.x + 20, box.y + box.height / 2);
		await page.getByRole('textbox', { name: 'Editor: bad.js' }).waitFor();
		await expect.poll(() => page.getByText(/^Ln 2, Col/).count()).toBe(1);
	});

	it('explains a program that ran out of memory, with the files intact', async () => {
		await writeFile(
			'hog.js',
			"require('fs').writeFileSync('before-oom.txt', 'kept');\nconsole.log('eating memory');\nconst all = [];\nwhile (true) all.push(new Array(1e7).fill(Math.random()));\n"
		);
		const workspaceUrl = page.url();
		// Chromium's workers share the page's process: running out of memory takes the page down
		// (a worker that dies alone is reported in the terminal instead, by the runtime).
		const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
		await runFile('hog.js');
		await waitForOutput(/eating memory/);
		await crashed;
		page = await browser.context.newPage();
		await page.goto(workspaceUrl);
		await page
			.getByText(
				/"node hog\.js" stopped this page while it ran, most likely by running out of memory/
			)
			.waitFor();
		await row('before-oom.txt').waitFor();
		await screenshot(page, 'jsworker-05-oom');
		await page.locator('.xterm-rows').waitFor();
		await typeCommand('node quit.js');
		await waitForOutput(/leaving/);
	}, 180_000);
});
