// After one visit online, Bytestorm works with the network off; a new build is offered, applied
// on Reload, and the old caches go. Each suite runs its own server so that "offline" can be made
// real: the server is stopped, as well as the browser told it is offline.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { makeTempDir, startServer, type RunningServer } from '../support/server.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const buildDir = fileURLToPath(new URL('../../build', import.meta.url));
const offlineLine = 'Offline: everything here works; pip downloads and sharing need the network.';

let browser: BrowserSession;
let page: Page;
let server: RunningServer;

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const editor = (path: string) => page.getByRole('textbox', { name: `Editor: ${path}` });
const terminal = terminalOn(() => page);

/** The names of the Cache API caches of the page's origin. */
function cacheNames(): Promise<string[]> {
	return page.evaluate(() => caches.keys());
}

/** The state of the active service worker, once one is active. */
function activeWorkerState(): Promise<string | null> {
	return page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		return registration?.active?.state ?? null;
	});
}

/**
 * Chromium 150 does not keep Playwright's offline emulation on the document a navigation made
 * (the page served by the service worker says navigator.onLine is true, and setOffline(true) a
 * second time changes nothing), so it is switched off and on again for the new document. A real
 * browser with no network reports it offline by itself.
 */
async function emulateOfflineAgain(): Promise<void> {
	await page.context().setOffline(false);
	await page.context().setOffline(true);
	await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
}

async function stopServer(): Promise<void> {
	server.child.kill('SIGKILL');
	await server.exited;
}

describe('offline after one visit', () => {
	let workspaceUrl = '';

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: await makeTempDir('offline-data') });
		browser = await launch();
		page = browser.page;
	});
	afterAll(async () => {
		await browser?.close();
		if (server.child.exitCode === null) await stopServer();
	});
	checkEachTest(() => browser, 'offline');

	it('keeps the app and Python in the browser on the first visit', async () => {
		await page.goto(server.url);
		workspaceUrl = await createWorkspaceAsUser(page, 'Python', { name: 'Field trip' });
		// Runs Python once, so the worker and its files have been loaded online.
		await editor('main.py').click();
		await page.keyboard.press('Control+Enter');
		await terminal.waitForOutput(/Hello, Bytestorm!/);
		await expect.poll(activeWorkerState, { timeout: 60_000 }).toBe('activated');
		const names = await cacheNames();
		expect(names.some((name) => name.startsWith('bytestorm-app-'))).toBe(true);
		expect(names.some((name) => name.startsWith('bytestorm-pyodide-'))).toBe(true);
		const status = page.getByTestId('network-status');
		await expect.poll(() => status.textContent()).toBe('Online');
		await expect
			.poll(() => status.getAttribute('title'))
			.toBe('Bytestorm is saved in this browser: it also works with the network off.');
	});

	it('opens the workspace list with the network off, cross-origin isolated', async () => {
		await page.context().setOffline(true);
		await stopServer();
		await page.goto(server.url);
		await page.getByRole('heading', { name: 'Bytestorm' }).waitFor();
		await emulateOfflineAgain();
		await expect.poll(() => page.getByTestId('network-status').textContent()).toBe(offlineLine);
		await page.getByRole('link', { name: 'Field trip' }).waitFor();
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
		await screenshot(page, 'offline-01-home');
	});

	it('opens the workspace, edits a file and runs Python offline', async () => {
		await page.getByRole('link', { name: 'Field trip' }).click();
		await page.waitForURL(workspaceUrl);
		await row('main.py').waitFor();
		await expect.poll(() => page.getByTestId('network-status').textContent()).toBe('⚡ Offline');
		await editor('main.py').click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.insertText('\nprint("written offline", 6 * 7)\n');
		await page.keyboard.press('Control+Enter');
		await terminal.waitForOutput(/written offline 42/);
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
		// Blocking input() needs SharedArrayBuffer, which needs the isolation headers kept in the cache.
		await terminal.clear();
		await terminal.typeCommand(`python -c "print('Hi', input('Name? '))"`);
		await terminal.waitForOutput(/\nName\? /);
		await terminal.typeCommand('Ada');
		await terminal.waitForOutput(/Hi Ada/);
		await screenshot(page, 'offline-02-workspace');
	});

	it('says in one line that pip needs the network for a package it has not cached', async () => {
		await terminal.clear();
		await terminal.typeCommand('pip install six');
		await terminal.waitForOutput(
			/pip install needs the network: six is not installed or cached\./,
			{
				joinRows: true
			}
		);
	});

	it('runs a Node program with the offline JavaScript runtime', async () => {
		await terminal.clear();
		await terminal.typeCommand(`node -e "console.log('node offline', 6 * 7)"`);
		// No network: StackBlitz's runtime cannot start, so this is the offline one.
		await terminal.waitForOutput(/node offline 42/);
	});

	it('keeps the offline edit across an offline reload (a page served by the cache)', async () => {
		await expect
			.poll(() => page.getByTestId('storage-status').getAttribute('data-state'))
			.toBe('saved');
		await page.reload();
		await row('main.py').waitFor();
		await expect.poll(() => editor('main.py').innerText()).toContain('print("written offline"');
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	});

	it('takes a snapshot and restores it with the network off', async () => {
		const pane = page.getByRole('dialog', { name: 'Snapshots' });
		const snapshot = (name: string) =>
			pane
				.getByRole('list', { name: 'Snapshot list' })
				.getByRole('listitem', { name, exact: true });
		await editor('main.py').click();
		await page.keyboard.press('ControlOrMeta+s');
		const name = pane.getByRole('textbox', { name: 'Take snapshot' });
		await name.fill('Offline version');
		await name.press('Enter');
		await snapshot('Offline version').waitFor();
		await page.keyboard.press('Escape');
		await terminal.clear();
		await terminal.typeCommand('echo "print(0)" > main.py');
		await expect.poll(() => editor('main.py').innerText()).toContain('print(0)');
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('Offline version').getByRole('button', { name: 'Restore' }).click();
		await expect
			.poll(() => editor('main.py').innerText(), { timeout: 15_000 })
			.toContain('print("written offline"');
		await screenshot(page, 'offline-03-snapshot-restored');
	});

	it('exports the workspace as a zip and imports it back with the network off', async () => {
		await page.keyboard.press('Escape');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Export .zip' }).click()
		]);
		const zip = await readFile(await download.path());
		await page.goto(page.url().replace(/\/w\/.*$/, '/'));
		await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
		await page.getByLabel('Zip file to import').setInputFiles({
			name: 'Offline copy.zip',
			mimeType: 'application/zip',
			buffer: zip
		});
		await page.getByRole('heading', { name: 'Offline copy' }).waitFor();
		await expect.poll(() => editor('main.py').innerText()).toContain('print("written offline"');
	});
});

describe('an update of the app', () => {
	let served = '';

	beforeAll(async () => {
		// A copy of the build, so that the test can publish a "new version" by editing it.
		served = join(await makeTempDir('update-build'), 'build');
		await cp(buildDir, served, { recursive: true });
		server = await startServer({
			DATA_DIR: await makeTempDir('update-data'),
			BUILD_DIR: served
		});
		browser = await launch();
		page = browser.page;
	});
	afterAll(async () => {
		await browser?.close();
		if (server.child.exitCode === null) await stopServer();
	});
	checkEachTest(() => browser, 'update');

	it('offers a new version, applies it on Reload and removes the old cache', async () => {
		await page.goto(server.url);
		await page.getByRole('heading', { name: 'Bytestorm' }).waitFor();
		await expect.poll(activeWorkerState, { timeout: 60_000 }).toBe('activated');
		const before = (await cacheNames()).filter((name) => name.startsWith('bytestorm-app-'));
		expect(before).toHaveLength(1);
		const oldVersion = before[0]!.slice('bytestorm-app-'.length);
		// Somebody else's cache (pip's packages live in one) must survive the update.
		await page.evaluate(async () => {
			const cache = await caches.open('bytestorm-packages-v1');
			await cache.put('/.bytestorm/test-entry', new Response('kept'));
		});
		expect(await page.getByTestId('update-banner').count()).toBe(0);

		// Publishes a new version: the same build under another version string.
		const scriptPath = join(served, 'service-worker.js');
		const script = await readFile(scriptPath, 'utf8');
		expect(script).toContain(oldVersion);
		const newVersion = `${oldVersion}9`;
		await writeFile(scriptPath, script.replaceAll(oldVersion, newVersion));

		// The browser looks for a new worker on every page load.
		await page.reload();
		const banner = page.getByTestId('update-banner');
		await banner.waitFor({ timeout: 60_000 });
		expect(await banner.textContent()).toContain('A new version of Bytestorm is ready');
		await screenshot(page, 'update-01-banner');
		// Until the user chooses, the old version keeps serving.
		expect(await cacheNames()).toContain(`bytestorm-app-${oldVersion}`);

		await page.evaluate(() => ((window as { beforeReload?: boolean }).beforeReload = true));
		await banner.getByRole('button', { name: 'Reload' }).click();
		await expect
			.poll(
				() => page.evaluate(() => (window as { beforeReload?: boolean }).beforeReload ?? false),
				{ timeout: 30_000 }
			)
			.toBe(false);
		await expect
			.poll(async () => (await cacheNames()).filter((name) => name.startsWith('bytestorm-app-')), {
				timeout: 30_000
			})
			.toEqual([`bytestorm-app-${newVersion}`]);
		await page.getByRole('heading', { name: 'Bytestorm' }).waitFor();
		expect(await page.getByTestId('update-banner').count()).toBe(0);
		expect(await cacheNames()).toContain('bytestorm-packages-v1');
		expect(
			await page.evaluate(() =>
				navigator.serviceWorker.controller?.scriptURL.endsWith('/service-worker.js')
			)
		).toBe(true);
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	});
});
