// Python's code that cannot load (a dropped connection, a half-deployed server): the page says
// Python could not start and why, in a notice that fits the screen however long the reason (a
// URL), and the status bar says Python failed. The next load starts Python again.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { allowErrors, checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
const pythonStatus = () => page.getByTestId('python-status');

/** The worker's script (and the offline JavaScript runtime's, which this page does not start). */
const workerScripts = '**/_app/immutable/workers/worker-*.js';
/** Pyodide's JavaScript, which the worker imports from its own URL. */
const pyodideScript = '**/pyodide/*/pyodide.asm.mjs';

/** Reloads with requests for `pattern` refused; returns the notice that says why Python did not start. */
async function reloadRefusing(pattern: string): Promise<string> {
	const refuse = (route: Route) => route.abort('connectionrefused');
	await browser.context.route(pattern, refuse);
	try {
		await page.reload();
		await page.getByText(/^Python could not start/).waitFor({ timeout: 30_000 });
	} finally {
		await browser.context.unroute(pattern, refuse);
	}
	const notice = page.getByText(/^Python could not start/);
	expect(await pythonStatus().textContent()).toBe('Python failed');
	// The whole notice is on screen, its Dismiss button too.
	const box = (await notice.boundingBox())!;
	expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
	const dismiss = (await page.getByRole('button', { name: 'Dismiss' }).last().boundingBox())!;
	expect(dismiss.x + dismiss.width).toBeLessThanOrEqual(page.viewportSize()!.width);
	allowErrors(
		browser,
		/Failed to load resource|net::ERR_CONNECTION_REFUSED|dynamically imported module/
	);
	return (await notice.textContent()) ?? '';
}

describe("Python's code that cannot load", () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		// No service worker: the worker's script comes from the network, where the test refuses it.
		await page.evaluate(async () => {
			for (const registration of await navigator.serviceWorker.getRegistrations())
				await registration.unregister();
		});
		await createWorkspaceAsUser(page, 'Python');
		await page.getByText('Python ready').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'python-worker-load');

	it("says so when the worker's script does not load", async () => {
		expect(await reloadRefusing(workerScripts)).toMatch(
			/its worker script did not load.*Check your connection and reload the page/
		);
	});

	it("says so, with the file's address, when Pyodide's JavaScript does not load", async () => {
		// A phone's width: the address is longer than a line of the notice.
		await page.setViewportSize({ width: 390, height: 800 });
		expect(await reloadRefusing(pyodideScript)).toMatch(
			/pyodide\.asm\.mjs.*Check your connection and reload the page/
		);
		await screenshot(page, 'python-worker-not-loaded');
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	it('starts again on the next load', async () => {
		await page.reload();
		await page.getByText('Python ready').waitFor({ timeout: 30_000 });
	});
});
