// The JavaScript runtime choice as a user meets it on this machine, which cannot reach
// StackBlitz: the real @webcontainer/api boots (its iframe to stackblitz.com is requested and
// never answered, as with no network), the boot times out, the offline runtime runs the program,
// and the status bar says why. npm says it needs the network; the Offline setting skips the boot.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
/** Requests for StackBlitz's runtime, held unanswered. */
const bootRequests: Route[] = [];

const terminal = terminalOn(() => page);
const { typeCommand, waitForOutput } = terminal;
const status = () => page.getByTestId('javascript-status');
const unreachable =
	'StackBlitz’s WebContainer runtime did not answer (no network, or it is blocked)';

async function openJavaScriptWorkspace(): Promise<void> {
	await page.goto(baseUrl);
	await createWorkspaceAsUser(page, 'JavaScript');
}

describe('JavaScript: WebContainer unreachable, the offline runtime takes over', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		// Hang, as StackBlitz does with no network: the boot never settles, only our timeout ends it.
		await browser.context.route('https://stackblitz.com/**', (route) => {
			bootRequests.push(route);
		});
		await page.goto(baseUrl);
		await page.evaluate(() => {
			localStorage.setItem('bytestorm:layout', JSON.stringify({ sidebar: 240, panel: 420 }));
			// Long enough that the first command surely waits on the boot started at open.
			localStorage.setItem('bytestorm:webcontainer-boot-timeout-ms', '12000');
		});
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'webcontainer');

	it('attempts the boot, waits for it, then runs node offline and says why', async () => {
		await openJavaScriptWorkspace();
		// A JavaScript workspace starts the boot as it opens.
		await expect.poll(() => status().innerText()).toBe('JS: starting WebContainer…');
		await expect
			.poll(() => bootRequests.map((route) => new URL(route.request().url()).pathname))
			.toEqual(['/headless']);
		await typeCommand(`echo "console.log('from app', 6 * 7)" > app.js`);
		await typeCommand('node app.js');
		await waitForOutput(/node app\.js\nStarting WebContainer…\n/);
		await screenshot(page, 'webcontainer-01-starting');

		await waitForOutput(
			new RegExp(
				`The offline JavaScript runtime runs this: ${unreachable.replace(/[()]/g, '\\$&')}\\.`
			),
			{ joinRows: true }
		);
		await waitForOutput(/^from app 42$/m);
		await expect.poll(() => status().innerText()).toBe('JS: offline runtime');
		expect(await status().getAttribute('title')).toBe(
			`offline JS runtime: ${unreachable}. node runs in this browser with a subset of Node; npm and npx need a WebContainer.`
		);
		await screenshot(page, 'webcontainer-02-fallback');

		// The page keeps the offline runtime: no second wait, no second line, no second boot.
		await terminal.clear();
		const started = Date.now();
		await typeCommand('node app.js');
		await waitForOutput(/^from app 42$/m);
		expect(Date.now() - started).toBeLessThan(8000);
		expect(await terminal.text()).not.toMatch(
			/Starting WebContainer|offline JavaScript runtime runs/
		);
		expect(bootRequests).toHaveLength(1);
	});

	it('npm install says it needs the network and exits non-zero; the files are intact', async () => {
		await terminal.clear();
		await typeCommand('npm install left-pad');
		await waitForOutput(
			/npm needs the network and a WebContainer, which this page does not have: StackBlitz’s WebContainer runtime did not answer/,
			{ joinRows: true }
		);
		await typeCommand('echo status $?');
		await waitForOutput(/^status 127$/m);
		await typeCommand('npx cowsay hi');
		await waitForOutput(/npx needs the network and a WebContainer/, { joinRows: true });
		await typeCommand('cat app.js');
		await waitForOutput(/^console\.log\('from app', 6 \* 7\)$/m);
		await screenshot(page, 'webcontainer-03-npm');
	});

	it('the Offline setting skips the boot, and is kept across a reload', async () => {
		await page.getByRole('combobox', { name: 'JavaScript runtime' }).selectOption('offline');
		await expect
			.poll(() => status().getAttribute('title'))
			.toMatch(/^offline JS runtime: the offline runtime is preferred in the settings\./);
		const before = bootRequests.length;
		await page.reload();
		await page.locator('.xterm-rows').waitFor();
		await expect.poll(() => status().innerText()).toBe('JS: offline runtime');
		await typeCommand('node app.js');
		await waitForOutput(/^from app 42$/m);
		expect(await terminal.text()).not.toMatch(/Starting WebContainer/);
		expect(bootRequests.length).toBe(before);
		expect(await page.getByRole('combobox', { name: 'JavaScript runtime' }).inputValue()).toBe(
			'offline'
		);
		await screenshot(page, 'webcontainer-04-offline-setting');
	});

	it('back to Auto, the boot is tried again, and again when the browser comes back online', async () => {
		await page.evaluate(() =>
			localStorage.setItem('bytestorm:webcontainer-boot-timeout-ms', '2500')
		);
		const before = bootRequests.length;
		await page.getByRole('combobox', { name: 'JavaScript runtime' }).selectOption('auto');
		// Choosing Auto starts a boot at once, and it is the real API's: StackBlitz is asked again.
		await expect.poll(() => status().innerText()).toBe('JS: starting WebContainer…');
		await expect.poll(() => bootRequests.length).toBe(before + 1);
		await expect.poll(() => status().innerText(), { timeout: 15_000 }).toBe('JS: offline runtime');
		expect(await status().getAttribute('title')).toMatch(/^offline JS runtime: StackBlitz’s/);

		await browser.context.setOffline(true);
		await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
		await browser.context.setOffline(false);
		// The online event retries (the API's first boot still hangs, so no second iframe).
		await expect.poll(() => status().innerText()).toBe('JS: starting WebContainer…');
		await expect.poll(() => status().innerText(), { timeout: 15_000 }).toBe('JS: offline runtime');
		await terminal.clear();
		await typeCommand('node app.js');
		await waitForOutput(/^from app 42$/m);
	});
});
