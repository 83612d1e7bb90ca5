// pip in the browser, against a PyPI stand-in on a local port (the test builds its wheels and
// points the app at it through localStorage, as a self-hosted mirror would be configured).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FakeIndex } from '../support/package-index.ts';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
const index = new FakeIndex();

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const terminal = terminalOn(() => page);
const { typeCommand } = terminal;
const screenText = terminal.joinedText;
const clearTerminal = terminal.clear;
/** Waits until the screen, rows joined, shows `pattern`. */
const waitForOutput = (pattern: RegExp) => terminal.waitForOutput(pattern, { joinRows: true });

describe('pip in the browser', () => {
	beforeAll(async () => {
		index.addWheel({
			name: 'greeter',
			version: '1.0',
			files: {
				'greeter/__init__.py':
					'from shouter import shout\n\ndef hello():\n    return shout("hello from greeter")\n'
			},
			requires: ['shouter>=0.2', 'colorama; sys_platform == "win32"']
		});
		index.addWheel({ name: 'shouter', version: '0.1' });
		index.addWheel({
			name: 'shouter',
			version: '0.3',
			files: { 'shouter.py': 'def shout(text):\n    return text.upper() + "!"\n' }
		});
		index.addFile('numpy-stl', '3.2.0', {
			fileName: 'numpy_stl-3.2.0-cp314-cp314-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
			data: new Uint8Array(64)
		});
		const indexBase = await index.listen();
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await page.evaluate(
			([indexUrl]) => {
				localStorage.setItem('bytestorm:package-index', indexUrl!);
				localStorage.setItem('bytestorm:layout', JSON.stringify({ sidebar: 240, panel: 420 }));
			},
			[FakeIndex.indexUrl(indexBase)]
		);
		await createWorkspaceAsUser(page, 'Python');
	});
	afterAll(async () => {
		await browser?.close();
		await index.close();
	});
	checkEachTest(() => browser, 'pip');

	it('installs a package and its dependency, with pip-like output', async () => {
		await clearTerminal();
		await typeCommand('pip install greeter');
		await waitForOutput(/Successfully installed greeter-1\.0 shouter-0\.3/);
		const text = await screenText();
		expect(text).toMatch(
			/Collecting greeter\s*Downloading greeter-1\.0-py3-none-any\.whl \(\d+ bytes\)\s*Collecting shouter>=0\.2 \(from greeter\)\s*Downloading shouter-0\.3-py3-none-any\.whl/
		);
		expect(text).toContain(
			`Ignoring colorama: markers 'sys_platform == "win32"' don't match your environment`
		);
		expect(text).toContain('Installing collected packages: shouter, greeter');
		expect(text).not.toMatch(/Exit code/);
		await screenshot(page, 'pip-01-install');
		await clearTerminal();
		await typeCommand(`python -c "import greeter; print(greeter.hello())"`);
		await waitForOutput(/HELLO FROM GREETER!/);
	});

	it('keeps the packages for the workspace: after a reload they come back from the cache', async () => {
		const downloads = () => index.requests.filter((path) => path.startsWith('/files/')).length;
		const before = downloads();
		await page.reload();
		await row('main.py').waitFor();
		await page.locator('.xterm-rows').waitFor();
		await clearTerminal();
		await typeCommand(`python -c "import greeter; print(greeter.hello())"`);
		await waitForOutput(/HELLO FROM GREETER!/);
		expect(downloads()).toBe(before);
	});

	it('says when a package does not exist (exit code 1)', async () => {
		await clearTerminal();
		await typeCommand('pip install does-not-exist');
		await waitForOutput(
			/ERROR: No package named 'does-not-exist' on the package index at http:\/\/127\.0\.0\.1:\d+\.\s*Exit code 1/
		);
	});

	it('explains a package with only compiled wheels', async () => {
		await clearTerminal();
		await typeCommand('pip install numpy-stl');
		await waitForOutput(
			/ERROR: numpy-stl has no build that runs in the browser \(it needs compiled code: only manylinux wheels exist\)\. It will be able to run in a cloud sandbox\.\s*Exit code 1/
		);
		await screenshot(page, 'pip-02-no-browser-build');
	});
});
