import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { writeVersion1Database } from '../support/snapshots-v1.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

/** Polls for what a user would see; the shared machine is slow, so allow it time. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

let browser: BrowserSession;
let page: Page;

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const editor = (path: string) => page.getByRole('textbox', { name: `Editor: ${path}` });
const pane = () => page.getByRole('dialog', { name: 'Snapshots' });
const snapshot = (name: string) =>
	pane().getByRole('list', { name: 'Snapshot list' }).getByRole('listitem', { name, exact: true });

async function typeAtEnd(path: string, text: string): Promise<void> {
	await editor(path).click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.type(text);
}

const snapshotCount = () =>
	pane().getByRole('list', { name: 'Snapshot list' }).getByRole('listitem').count();

/** Contents in the snapshot store (the entries of its packs), read from IndexedDB in the page. */
function blobCount(): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('bytestorm-snapshots');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('packs').objectStore('packs').getAll();
					request.onsuccess = () => {
						open.result.close();
						const packs = request.result as { hashes: string[] }[];
						resolve(packs.reduce((sum, pack) => sum + pack.hashes.length, 0));
					};
				};
			})
	);
}

describe('snapshots, as a user takes and restores them', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await createWorkspaceAsUser(page, 'Python', { name: 'Snapshot homework' });
		await editor('main.py').getByText('print(').first().waitFor();
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'snapshots');

	it('takes a named snapshot from Ctrl+S', async () => {
		await typeAtEnd('main.py', '\n# first version');
		await page.keyboard.press('ControlOrMeta+s');
		const name = pane().getByRole('textbox', { name: 'Take snapshot' });
		await poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await name.inputValue()).toMatch(/^Snapshot /);
		await name.fill('First version');
		await name.press('Enter');
		await snapshot('First version').waitFor();
		expect(await snapshot('First version').textContent()).toMatch(/files? · .+ · \d+ changed/);
		await poll(() => pane().getByTestId('snapshot-usage').textContent()).toMatch(
			/Snapshots use \d/
		);
		await screenshot(page, 'snapshots-01-taken');
	});

	it('refuses an empty name with a sentence', async () => {
		const name = pane().getByRole('textbox', { name: 'Take snapshot' });
		await name.fill('   ');
		await name.press('Enter');
		await poll(() => pane().getByRole('alert').textContent()).toBe('Give the snapshot a name.');
		expect(
			await pane().getByRole('list', { name: 'Snapshot list' }).getByRole('listitem').count()
		).toBe(1);
	});

	it('shows an edit in the side-by-side diff against the current files', async () => {
		await page.keyboard.press('Escape');
		await poll(() => pane().isHidden()).toBe(true);
		await typeAtEnd('main.py', '\n# edited after the snapshot');
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('First version').getByRole('button', { name: 'Compare' }).click();
		const changes = pane().getByRole('list', { name: 'Changed files' });
		await poll(() => changes.textContent()).toContain('main.py');
		const table = pane().getByRole('table', { name: 'Differences in main.py' });
		await poll(() => table.locator('td.new').allTextContents()).toContain(
			'# edited after the snapshot'
		);
		await screenshot(page, 'snapshots-02-diff');
	});

	it('restores one file from the diff, after an automatic snapshot', async () => {
		await pane().getByRole('button', { name: 'Restore this file from “First version”' }).click();
		await poll(() => editor('main.py').textContent()).not.toContain('edited after the snapshot');
		expect(await editor('main.py').textContent()).toContain('# first version');
		await snapshot('Before restoring main.py from “First version”').waitFor();
		expect(await snapshot('Before restoring main.py from “First version”').textContent()).toContain(
			'auto'
		);
		await poll(() => pane().getByRole('region', { name: 'Comparison' }).textContent()).toContain(
			'No differences'
		);
	});

	it('restores the whole snapshot: a new file goes, an edit is undone', async () => {
		await page.keyboard.press('Escape'); // closes the comparison
		await page.keyboard.press('Escape'); // closes the pane
		await page.getByRole('button', { name: 'New file', exact: true }).click();
		const input = page.getByRole('textbox', { name: 'New file name' });
		await input.fill('scratch.txt');
		await input.press('Enter');
		await typeAtEnd('scratch.txt', 'thrown away');
		await page.getByRole('tab', { name: 'main.py' }).click();
		await typeAtEnd('main.py', '\n# second edit');
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('First version').getByRole('button', { name: 'Restore' }).click();
		await poll(() => row('scratch.txt').count()).toBe(0);
		await poll(() => editor('main.py').textContent()).not.toContain('second edit');
		await snapshot('Before restoring “First version”').waitFor();
		await screenshot(page, 'snapshots-03-restored');
	});

	it('keeps the snapshots across a reload', async () => {
		await page.reload();
		await row('main.py').waitFor();
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('First version').waitFor();
		await snapshot('Before restoring “First version”').waitFor();
		// The automatic snapshot still has the file the restore removed.
		await snapshot('Before restoring “First version”')
			.getByRole('button', { name: 'Compare' })
			.click();
		await poll(() => pane().getByRole('list', { name: 'Changed files' }).textContent()).toContain(
			'scratch.txt'
		);
	});

	it('deletes a snapshot after asking, freeing the content only it had', async () => {
		const before = await blobCount();
		const doomed = snapshot('Before restoring “First version”');
		await doomed.getByRole('button', { name: 'Delete' }).click();
		await doomed.getByRole('button', { name: 'Delete for good' }).click();
		await poll(() => doomed.count()).toBe(0);
		// scratch.txt and the second edit of main.py were in that snapshot only.
		expect(await blobCount()).toBe(before - 2);
		await page.reload();
		await row('main.py').waitFor();
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('First version').waitFor();
		expect(await doomed.count()).toBe(0);
		await screenshot(page, 'snapshots-04-after-delete');
	});

	it('takes snapshots in two tabs at the same moment: both are kept whole', async () => {
		const other = await browser.context.newPage();
		const otherErrors: string[] = [];
		other.on('pageerror', (error) => otherErrors.push(error.message));
		try {
			await other.goto(page.url());
			await other.getByRole('treeitem', { name: 'main.py', exact: true }).waitFor();
			const names = [page, other].map((tab) => {
				const name = tab
					.getByRole('dialog', { name: 'Snapshots' })
					.getByRole('textbox', { name: 'Take snapshot' });
				return { tab, name };
			});
			for (const { tab, name } of names) {
				if (await name.isHidden())
					await tab.getByRole('button', { name: 'Snapshots', exact: true }).click();
				await name.fill(tab === page ? 'From tab 1' : 'From tab 2');
			}
			await Promise.all(names.map(({ name }) => name.press('Enter')));
			await snapshot('From tab 1').waitFor();
			await page.reload();
			await row('main.py').waitFor();
			await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
			for (const name of ['From tab 1', 'From tab 2']) {
				await snapshot(name).getByRole('button', { name: 'Compare' }).click();
				await poll(() =>
					pane().getByRole('region', { name: 'Comparison' }).textContent()
				).toContain('No differences');
				await page.keyboard.press('Escape'); // closes the comparison
			}
			expect(otherErrors).toEqual([]);
		} finally {
			await other.close();
		}
	});

	it('says the storage is full when a snapshot does not fit, and keeps everything saved', async () => {
		const terminal = terminalOn(() => page);
		await page.keyboard.press('Escape');
		await terminal.clear();
		await terminal.typeCommand(
			`python -c "import os; open('big.bin', 'wb').write(os.urandom(6_000_000))"`
		);
		// The prompt is back: the program is done and its file is in the workspace.
		await terminal.waitForOutput(/\$ python -c[^]*\n\s*~\S* \$\s*$/);
		await row('big.bin').waitFor();
		// The site may now store 2 MB more than it does: the snapshot needs 6 MB. Chromium's
		// IndexedDB asks for the quota once per open database set, so the page is left and, once
		// its databases have closed (a 2 s grace period), opened again under the smaller quota.
		let listed: number | undefined;
		const cdp = await browser.context.newCDPSession(page);
		const origin = new URL(baseUrl).origin;
		const { usage } = await page.evaluate(() => navigator.storage.estimate());
		const workspaceUrl = page.url();
		// The program's 6 MB file is in this browser's storage before the page is left.
		await poll(() => page.getByTestId('storage-status').getAttribute('data-state')).toBe('saved');
		await page.goto('about:blank');
		await new Promise((resolve) => setTimeout(resolve, 3000));
		await cdp.send('Storage.overrideQuotaForOrigin', {
			origin,
			quotaSize: (usage ?? 0) + 2_000_000
		});
		try {
			await page.goto(workspaceUrl);
			await row('big.bin').waitFor();
			await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
			await snapshot('From tab 2').waitFor();
			listed = await snapshotCount();
			const name = pane().getByRole('textbox', { name: 'Take snapshot' });
			await name.fill('Too big for the disk');
			await name.press('Enter');
			await poll(() => pane().getByRole('alert').textContent()).toMatch(
				/storage for this site is full/
			);
			await screenshot(page, 'snapshots-05-storage-full');
			expect(await snapshot('Too big for the disk').count()).toBe(0);
		} finally {
			await cdp.send('Storage.overrideQuotaForOrigin', { origin });
			await cdp.detach();
		}
		// Nothing saved before is touched, and with room again the same snapshot goes through.
		await page.reload();
		await row('big.bin').waitFor();
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('From tab 2').waitFor();
		expect(await snapshotCount()).toBe(listed);
		const name = pane().getByRole('textbox', { name: 'Take snapshot' });
		await name.fill('Fits now');
		await name.press('Enter');
		await snapshot('Fits now').waitFor();
		expect(await snapshot('Fits now').textContent()).toMatch(/ 1 changed/);
	});

	it('deletes the snapshots with their workspace', async () => {
		expect(await blobCount()).toBeGreaterThan(0);
		await page.goto(baseUrl);
		let question = '';
		page.once('dialog', (dialog) => {
			question = dialog.message();
			void dialog.accept();
		});
		await page
			.getByRole('listitem')
			.filter({ hasText: 'Snapshot homework' })
			.getByRole('button', { name: 'Delete' })
			.click();
		await page.getByText('Deleted "Snapshot homework".').waitFor();
		expect(question).toContain('its snapshots');
		// It was the only workspace with snapshots: nothing of them is left.
		await poll(blobCount).toBe(0);
	});

	it('opens snapshots stored by the version before packs, and restores one', async () => {
		await page.goto(baseUrl);
		const url = await createWorkspaceAsUser(page, 'Python', { name: 'From an older version' });
		const workspaceId = url.slice(url.lastIndexOf('/') + 1);
		// A page of the same origin without the app, so that no connection holds the database.
		await page.goto(new URL('/favicon.svg', baseUrl).href);
		await page.evaluate(writeVersion1Database, {
			id: 'v1-snapshot',
			workspaceId,
			name: 'Saved by version 1',
			files: { 'main.py': "print('kept by version 1')\n" }
		});

		await page.goto(url);
		await row('main.py').waitFor();
		await page.getByRole('button', { name: 'Snapshots', exact: true }).click();
		await snapshot('Saved by version 1').getByRole('button', { name: 'Restore' }).click();
		await poll(() => editor('main.py').innerText()).toContain("print('kept by version 1')");
		await snapshot('Before restoring “Saved by version 1”').waitFor();
		// The old content now lives in a pack, next to the template's two files that the automatic
		// snapshot kept; the old store is gone.
		expect(await blobCount()).toBe(3);
		const stores = await page.evaluate(
			() =>
				new Promise<string[]>((resolve) => {
					const open = indexedDB.open('bytestorm-snapshots');
					open.onsuccess = () => {
						resolve([...open.result.objectStoreNames]);
						open.result.close();
					};
				})
		);
		expect(stores).not.toContain('blobs');
	});
});
