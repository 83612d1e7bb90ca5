import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
const terminal = terminalOn(() => page);

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const editor = (path: string) => page.getByRole('textbox', { name: `Editor: ${path}` });
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff]);

/** A GitHub-style archive: everything inside one top-level folder. */
const archive = zipSync({
	'project-main/': new Uint8Array(0),
	'project-main/main.py': strToU8('print("from the zip")\n'),
	'project-main/src/util.py': strToU8('def helper():\n    return 42\n'),
	'project-main/assets/logo.png': png,
	'project-main/data/': new Uint8Array(0)
});

async function home(): Promise<void> {
	await page.goto(baseUrl);
	await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
}

async function workspaceNames(): Promise<string[]> {
	await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
	await expect.poll(() => page.getByText('Loading…').count()).toBe(0);
	return page.locator('.workspaces li strong').allInnerTexts();
}

async function importZip(name: string, bytes: Uint8Array): Promise<void> {
	await page
		.getByLabel('Zip file to import')
		.setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
}

/** The entries of a downloaded zip, as text (or bytes for binary files). */
async function downloaded(click: () => Promise<void>) {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	const path = await download.path();
	return { name: download.suggestedFilename(), entries: unzipSync(await readFile(path)) };
}

describe('export and import as .zip, duplicate and reset', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'zip');

	it('shows whether storage is persistent', async () => {
		await home();
		await expect
			.poll(() => page.getByTestId('persistent-storage').innerText())
			.toMatch(/^Storage: (persistent|may be cleared by the browser)$/);
		expect(await page.getByTestId('persistent-storage').getAttribute('title')).toMatch(
			/used of .* available\.$/
		);
	});

	it('warns with a notice when storage passes 80% of the quota', async () => {
		// The only stand-in in this file: filling a real quota of gigabytes is not practical, so a
		// second page is told by the browser API that 90% is used.
		const full = await browser.context.newPage();
		await full.addInitScript(() => {
			navigator.storage.estimate = async () => ({
				usage: 900 * 1024 * 1024,
				quota: 1000 * 1024 * 1024
			});
		});
		await full.goto(baseUrl);
		await full
			.getByText(
				'Browser storage is 90% full (900 MB of 1000 MB): new edits may soon fail to save. Export workspaces you need as .zip files and delete those you do not.'
			)
			.waitFor();
		await full.close();
		expect(await page.getByText('Browser storage is').count()).toBe(0);
	});

	it('imports a zip as a new workspace named after it, top folder stripped, and opens it', async () => {
		await importZip('project-main.zip', archive);
		await page.waitForURL(/\/w\/[\w-]+$/);
		await page.getByRole('heading', { name: 'project-main' }).waitFor();
		for (const name of ['main.py', 'src', 'assets', 'data']) await row(name).waitFor();
		await expect.poll(() => editor('main.py').textContent()).toContain('from the zip');
		await terminal.typeCommand('ls -R');
		await terminal.waitForOutput(/util\.py/);
		await terminal.typeCommand('wc -c assets/logo.png');
		await terminal.waitForOutput(/13 assets\/logo\.png/);
		await screenshot(page, 'zip-01-imported');
	});

	it('exports the workspace as a zip whose entries match its files', async () => {
		await terminal.typeCommand('mkdir notes && echo "added in the browser" > notes.txt');
		await row('notes').waitFor();
		const { name, entries } = await downloaded(() =>
			page.getByRole('button', { name: 'Export .zip' }).click()
		);
		expect(name).toBe('project-main.zip');
		expect(Object.keys(entries).sort()).toEqual([
			'assets/logo.png',
			'data/',
			'main.py',
			'notes.txt',
			'notes/',
			'src/util.py'
		]);
		expect(strFromU8(entries['main.py']!)).toBe('print("from the zip")\n');
		expect(strFromU8(entries['notes.txt']!)).toBe('added in the browser\n');
		expect(entries['assets/logo.png']).toEqual(png);
	});

	it('exports a snapshot as a zip of the files as they were then', async () => {
		await page.keyboard.press('Escape');
		await page.keyboard.press('ControlOrMeta+s');
		const snapshots = page.getByRole('dialog', { name: 'Snapshots' });
		const name = snapshots.getByRole('textbox', { name: 'Take snapshot' });
		await name.fill('Before the change');
		await name.press('Enter');
		await snapshots.getByRole('listitem', { name: 'Before the change', exact: true }).waitFor();
		await page.getByRole('button', { name: 'Close snapshots' }).click();
		await terminal.typeCommand('echo "changed later" > notes.txt && rm -r data');
		await expect.poll(() => row('data').count()).toBe(0);
		await page.keyboard.press('ControlOrMeta+s');
		const { name: fileName, entries } = await downloaded(() =>
			snapshots.getByRole('button', { name: 'Export Before the change as .zip' }).click()
		);
		expect(fileName).toBe('project-main - Before the change.zip');
		expect(Object.keys(entries)).toContain('data/');
		expect(strFromU8(entries['notes.txt']!)).toBe('added in the browser\n');
		expect(entries['assets/logo.png']).toEqual(png);
		await screenshot(page, 'zip-05-snapshot-export');
		await page.getByRole('button', { name: 'Close snapshots' }).click();
		// The later tests expect the workspace as it was.
		await terminal.typeCommand('mkdir data');
		await row('data').waitFor();
	});

	it('refuses a zip-slip zip with its reason and creates nothing', async () => {
		await home();
		const before = await workspaceNames();
		await importZip(
			'evil.zip',
			zipSync({ 'fine.txt': strToU8('ok'), '../../outside.txt': strToU8('x') })
		);
		await expect
			.poll(() => page.getByTestId('import-error').innerText())
			.toBe(
				'The zip contains "../../outside.txt", a path with "..", which could write outside the workspace. Nothing was imported.'
			);
		await screenshot(page, 'zip-02-refused');
		expect(await workspaceNames()).toEqual(before);
		await page.reload();
		expect(await workspaceNames()).toEqual(before);
	});

	it('refuses a file that is not a zip, dropped onto the list, and creates nothing', async () => {
		const before = await workspaceNames();
		await page.evaluate(() => {
			const transfer = new DataTransfer();
			transfer.items.add(
				new File(['this is a text file that was renamed to .zip'], 'broken.zip', {
					type: 'application/zip'
				})
			);
			const zone = document.querySelector('[aria-label^="Workspaces (drop"]')!;
			zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true }));
			zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
		});
		await expect
			.poll(() => page.getByTestId('import-error').innerText())
			.toBe(
				'This file is not a readable .zip (its list of files is missing): it may be damaged or incomplete. Nothing was imported.'
			);
		expect(await workspaceNames()).toEqual(before);
	});

	it('imports a zip dropped onto the list', async () => {
		await page.evaluate(
			(bytes) => {
				const transfer = new DataTransfer();
				transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.zip'));
				const zone = document.querySelector('[aria-label^="Workspaces (drop"]')!;
				zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
			},
			[...zipSync({ 'hello.py': strToU8('print("dropped")\n') })]
		);
		await page.getByRole('heading', { name: 'dropped' }).waitFor();
		await row('hello.py').waitFor();
	});

	it('duplicates a workspace with its files, and exports one from the list', async () => {
		await home();
		await page.getByRole('button', { name: 'Duplicate project-main', exact: true }).click();
		await expect.poll(workspaceNames).toContain('project-main copy');
		const { name, entries } = await downloaded(() =>
			page.getByRole('button', { name: 'Export project-main copy as .zip' }).click()
		);
		expect(name).toBe('project-main copy.zip');
		expect(Object.keys(entries)).toContain('notes.txt');
		await screenshot(page, 'zip-03-home');
		await page.getByRole('link', { name: /project-main copy/ }).click();
		await row('notes.txt').waitFor();
		await row('data').waitFor();
		expect(await editor('main.py').textContent()).toContain('from the zip');
	});

	it('resets a template workspace to its original files after a confirm that says what is lost', async () => {
		await home();
		await createWorkspaceAsUser(page, 'Python', { name: 'Reset me' });
		await terminal.typeCommand(
			'echo extra > extra.txt && rm README.md && echo "# mine" >> main.py'
		);
		await row('extra.txt').waitFor();
		await expect.poll(() => editor('main.py').textContent()).toContain('# mine');

		let question = '';
		page.once('dialog', (dialog) => {
			question = dialog.message();
			void dialog.dismiss();
		});
		await page.getByRole('button', { name: 'Reset to original files' }).click();
		await expect.poll(() => question).toContain('Reset "Reset me"');
		expect(question).toContain(
			'deletes 1 file (extra.txt) and undoes your changes to 1 file (main.py)'
		);
		await row('extra.txt').waitFor();

		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Reset to original files' }).click();
		await row('README.md').waitFor();
		await expect.poll(() => row('extra.txt').count()).toBe(0);
		await expect.poll(() => editor('main.py').textContent()).not.toContain('# mine');
		await screenshot(page, 'zip-04-reset');
		await page.reload();
		await row('README.md').waitFor();
		expect(await row('extra.txt').count()).toBe(0);
	});

	it('offers no reset for an imported workspace', async () => {
		await home();
		await page
			.getByRole('link', { name: /^project-main\b/ })
			.first()
			.click();
		await page.getByRole('button', { name: 'Export .zip' }).waitFor();
		expect(await page.getByRole('button', { name: 'Reset to original files' }).count()).toBe(0);
	});
});
