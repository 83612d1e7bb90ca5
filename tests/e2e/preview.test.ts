// The preview pane as a user meets it: a Web page workspace shows its page next to the code,
// served from the workspace's files by the service worker, and follows every save.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import {
	allowErrors,
	checkEachTest,
	expectErrors,
	launch,
	screenshot,
	type BrowserSession
} from './browser.ts';
import { preparePreview, previewFrameLocator, waitForPreviewConsole } from './preview-driver.ts';
import { createWorkspaceAsUser } from './workspaces.ts';
import { terminalOn } from './terminal.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
let frame: FrameLocator;

const { typeCommand, waitForOutput, clear } = terminalOn(() => page);

describe('the preview of a web page', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await preparePreview(page, 260);
		await createWorkspaceAsUser(page, 'Web page', { name: 'Site' });
		frame = previewFrameLocator(page);
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'preview');

	it('opens with the page of a Web page workspace', async () => {
		await frame.getByRole('heading', { name: 'Hello, web!' }).waitFor();
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
		await screenshot(page, 'preview-01-template');
	});

	it('runs module scripts, fetches workspace files, applies CSS and shows images', async () => {
		await page.locator('.xterm-rows', { hasText: '~ $' }).waitFor();
		await clear();
		await typeCommand(
			`mkdir -p app data && echo 'export const greet = (n) => "Hi " + n;' > app/greet.js && ` +
				`echo '{"name": "Ada"}' > data/who.json && echo 'h2 { color: rgb(200, 0, 0); }' > app/site.css`
		);
		// The script first: a page saved before its script would rightly log a 404.
		await typeCommand(
			`echo 'import { greet } from "./greet.js"; const who = await (await fetch("data/who.json")).json(); ` +
				`document.getElementById("out").textContent = greet(who.name); console.log("greeted", who.name);' > app/main.js`
		);
		await typeCommand(
			`echo '<!doctype html><html><head><link rel="stylesheet" href="app/site.css"></head><body>` +
				`<h2 id="out">waiting</h2><script type="module" src="app/main.js"></script></body></html>' > index.html`
		);
		// The last command has ended when a fresh prompt follows it.
		await waitForOutput(/\n~ \$\s*$/);
		const heading = frame.locator('#out');
		await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toBe('Hi Ada');
		expect(await heading.evaluate((element) => getComputedStyle(element).color)).toBe(
			'rgb(200, 0, 0)'
		);
		await waitForPreviewConsole(page, 'greeted Ada');
		await screenshot(page, 'preview-02-module-fetch');
	});

	it('reloads when a file is saved', async () => {
		await typeCommand(`echo '{"name": "Grace"}' > data/who.json`);
		await expect
			.poll(() => frame.locator('#out').textContent(), { timeout: 15_000 })
			.toBe('Hi Grace');
	});

	it('shows a 404 page for a file that does not exist, and errors in the console', async () => {
		await typeCommand(`echo 'throw new Error("broken on purpose")' > app/bad.js`);
		const address = page.getByRole('textbox', { name: 'Page to preview' });
		await address.fill('nothing-here.html');
		await address.press('Enter');
		await frame.getByText('There is no file "nothing-here.html" in this workspace.').waitFor();
		await typeCommand(
			`echo '<!doctype html><script src="app/bad.js"></script><p>page with an error</p>' > broken.html`
		);
		await address.fill('broken.html');
		await address.press('Enter');
		await frame.getByText('page with an error').waitFor();
		await waitForPreviewConsole(page, /Uncaught Error: broken on purpose/);
		await screenshot(page, 'preview-03-errors');
		// The preview page's error is the one this test asked for; anything else still fails it.
		expectErrors(browser, /broken on purpose|status of 404/);
	});

	it('opens the page in a new tab', async () => {
		const [tab] = await Promise.all([
			page.context().waitForEvent('page'),
			page.getByRole('button', { name: 'Open the preview in a new tab' }).click()
		]);
		await tab.getByText('page with an error').waitFor();
		expect(new URL(tab.url()).pathname).toMatch(/^\/preview\/[\w-]+\/broken\.html$/);
		await tab.close();
		// The preview beside it shows broken.html too, which throws each time it is loaded again.
		allowErrors(browser, /broken on purpose/);
	});
});
