import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
let workspaceUrl = '';

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const editor = (path: string) => page.getByRole('textbox', { name: `Editor: ${path}` });

async function createFile(name: string): Promise<void> {
	await page.getByRole('button', { name: 'New file', exact: true }).click();
	const input = page.getByRole('textbox', { name: 'New file name' });
	await input.fill(name);
	await input.press('Enter');
}

async function typeInto(path: string, text: string): Promise<void> {
	await editor(path).click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.type(text);
}

async function reload(): Promise<void> {
	await page.reload();
	await page.getByRole('tree', { name: 'Workspace files' }).waitFor();
}

describe('a workspace, as a user works in it', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'workspace');

	it('serves the app cross-origin isolated', async () => {
		await page.goto(baseUrl);
		await page.getByRole('heading', { name: 'Bytestorm' }).waitFor();
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
		expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
		await screenshot(page, '01-home-empty');
	});

	it('creates a workspace from the Python template', async () => {
		await page.getByText('Python', { exact: true }).click();
		await page.getByLabel('Name').fill('Homework 1');
		await page.getByRole('button', { name: 'Create workspace' }).click();
		await page.waitForURL(/\/w\/[\w-]+$/);
		workspaceUrl = page.url();
		await row('main.py').waitFor();
		await expect.poll(() => editor('main.py').textContent()).toContain('print(');
		await expect
			.poll(() => page.getByTestId('storage-status').textContent())
			.toContain('Saved in this browser');
		await screenshot(page, '02-python-workspace');
	});

	it('creates files and folders and keeps every edit across a reload', async () => {
		await createFile('notes.txt');
		await page.getByRole('tab', { name: 'notes.txt' }).waitFor();
		await typeInto('notes.txt', 'first line\nsecond line');

		await page.getByRole('button', { name: 'New folder', exact: true }).click();
		const folderInput = page.getByRole('textbox', { name: 'New folder name' });
		await folderInput.fill('src');
		await folderInput.press('Enter');
		await row('src').waitFor();
		await row('src').click();
		await createFile('util.py');
		await typeInto('src/util.py', 'def double(x):\n    return 2 * x');
		await screenshot(page, '03-edited');

		await reload();
		await row('notes.txt').waitFor();
		await row('util.py').waitFor();
		await page.getByRole('tab', { name: 'notes.txt' }).click();
		await expect.poll(() => editor('notes.txt').innerText()).toBe('first line\nsecond line');
		await page.getByRole('tab', { name: 'util.py' }).click();
		await expect.poll(() => editor('src/util.py').innerText()).toContain('return 2 * x');
	});

	it('refuses invalid and duplicate names with a message, creating nothing', async () => {
		await row('main.py').click();
		await createFile('../escape.py');
		await expect
			.poll(() => page.getByRole('alert').first().textContent())
			.toMatch(/outside the workspace/);
		await page.getByRole('textbox', { name: 'New file name' }).fill('main.py');
		await page.getByRole('textbox', { name: 'New file name' }).press('Enter');
		await expect
			.poll(() => page.getByRole('alert').first().textContent())
			.toMatch(/already exists/);
		await screenshot(page, '04-invalid-name');
		await page.getByRole('textbox', { name: 'New file name' }).press('Escape');
		expect(await page.getByRole('treeitem').allTextContents()).not.toContain('escape.py');
	});

	it('renames a file; its tab follows and the content survives a reload', async () => {
		await row('notes.txt').click();
		await row('notes.txt').press('F2');
		const input = page.getByRole('textbox', { name: 'New name' });
		await input.fill('todo.txt');
		await input.press('Enter');
		await row('todo.txt').waitFor();
		await page.getByRole('tab', { name: 'todo.txt' }).waitFor();
		await reload();
		await expect(row('notes.txt').count()).resolves.toBe(0);
		await row('todo.txt').click();
		await expect.poll(() => editor('todo.txt').innerText()).toBe('first line\nsecond line');
	});

	it('moves a file into a folder by dragging it', async () => {
		await row('todo.txt').dragTo(row('src'));
		await expect.poll(() => row('todo.txt').getAttribute('aria-level')).toBe('2');
		await reload();
		await expect.poll(() => row('todo.txt').getAttribute('aria-level')).toBe('2');
	});

	it('deletes a file after asking', async () => {
		page.once('dialog', (dialog) => void dialog.accept());
		await row('util.py').click();
		await row('util.py').press('Delete');
		await expect.poll(() => row('util.py').count()).toBe(0);
		await expect(page.getByRole('tab', { name: 'util.py' }).count()).resolves.toBe(0);
		await reload();
		await expect(row('util.py').count()).resolves.toBe(0);
		await row('todo.txt').waitFor();
	});

	it('uploads dropped files and refuses one over the size limit', async () => {
		await page.evaluate(() => {
			const transfer = new DataTransfer();
			transfer.items.add(new File(['a,b\n1,2\n'], 'data.csv', { type: 'text/csv' }));
			transfer.items.add(new File([new Uint8Array([0, 1, 2, 255])], 'blob.bin'));
			const tree = document.querySelector('[role="tree"]')!;
			tree.dispatchEvent(
				new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true })
			);
			tree.dispatchEvent(
				new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
			);
		});
		await row('data.csv').waitFor();
		await row('blob.bin').click();
		await page.getByText('is a binary file (4 bytes)').waitFor();

		// Playwright passes buffers over 50 MB only as files on disk.
		const huge = join(await mkdtemp(join(tmpdir(), 'bytestorm-upload-')), 'huge.txt');
		await writeFile(huge, Buffer.alloc(51 * 1024 * 1024, 97));
		await page.locator('input[type="file"]').setInputFiles(huge);
		await expect
			.poll(() => page.getByRole('alert').allTextContents())
			.toContainEqual(expect.stringMatching(/huge\.txt.*not added.*51 MB.*50 MB limit/));
		await screenshot(page, '05-upload-too-large');
		expect(await row('huge.txt').count()).toBe(0);
		await reload();
		await row('data.csv').waitFor();
	});

	it('downloads a file', async () => {
		await row('data.csv').click({ button: 'right' });
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('menuitem', { name: 'Download' }).click()
		]);
		expect(download.suggestedFilename()).toBe('data.csv');
	});

	it('has a terminal that runs commands on the workspace', async () => {
		await page.keyboard.press('Control+Backquote');
		await page.locator('.xterm-rows').waitFor();
		await page.keyboard.type('ls');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.locator('.xterm-rows').innerText()).toMatch(/main\.py/);
		await page.keyboard.type('gcc main.c');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.locator('.xterm-rows').innerText())
			.toMatch(/gcc: command not found/);
		await screenshot(page, '06-terminal');
	});

	it('switches between light and dark themes', async () => {
		const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		await row('main.py').click();
		await editor('main.py').waitFor();
		// The colour of the first highlighted token (the docstring of main.py).
		const syntax = () =>
			page.evaluate(() => getComputedStyle(document.querySelector('.cm-line span')!).color);
		const light = await background();
		const lightSyntax = await syntax();
		await page.getByRole('button', { name: /^Theme:/ }).click(); // system -> light
		await page.getByRole('button', { name: /^Theme:/ }).click(); // light -> dark
		await expect.poll(background).not.toBe(light);
		await expect.poll(syntax).not.toBe(lightSyntax);
		await screenshot(page, '07-dark');
		await reload();
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
	});

	it("offers a snapshot on Ctrl+S instead of opening the browser's save dialog", async () => {
		await editor('main.py').click();
		await page.keyboard.press('ControlOrMeta+s');
		const name = page.getByRole('textbox', { name: 'Take snapshot' });
		await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByRole('dialog', { name: 'Snapshots' }).isHidden()).toBe(true);
	});

	it('resizes the file tree and the terminal, and remembers the sizes', async () => {
		const tree = page.getByRole('separator', { name: 'Resize file tree' });
		const terminal = page.getByRole('separator', { name: 'Resize terminal' });
		const columns = () =>
			page.evaluate(() => document.querySelector('.xterm-rows > div')?.textContent?.length ?? 0);
		const before = Number(await tree.getAttribute('aria-valuenow'));
		const box = (await tree.boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + 200);
		await page.mouse.down();
		await page.mouse.move(box.x + 120, box.y + 200, { steps: 5 });
		await page.mouse.up();
		await expect
			.poll(async () => Number(await tree.getAttribute('aria-valuenow')))
			.toBeGreaterThan(before + 100);
		await terminal.focus();
		const height = Number(await terminal.getAttribute('aria-valuenow'));
		await page.keyboard.press('Shift+ArrowUp'); // the terminal grows by 50 px
		await expect
			.poll(async () => Number(await terminal.getAttribute('aria-valuenow')))
			.toBe(height + 50);
		await screenshot(page, '10-resized');
		const width = await tree.getAttribute('aria-valuenow');
		await reload();
		expect(
			await page.getByRole('separator', { name: 'Resize file tree' }).getAttribute('aria-valuenow')
		).toBe(width);
		expect(await columns()).toBeGreaterThan(0);
	});

	it('lists the workspace on the home page and reopens it', async () => {
		await page.goto(baseUrl);
		await page.getByRole('link', { name: /Homework 1/ }).click();
		await page.waitForURL(workspaceUrl);
		await row('main.py').waitFor();
	});
});

describe('when the browser refuses storage', () => {
	it('says that files cannot be kept, instead of failing silently', async () => {
		const session = await launch();
		try {
			await session.page.addInitScript(() => {
				// What private modes with storage disabled look like to a page.
				IDBFactory.prototype.open = function () {
					throw new DOMException('The operation is insecure.', 'SecurityError');
				};
			});
			await session.page.goto(baseUrl);
			await session.page.getByRole('alert').first().waitFor();
			await expect
				.poll(() => session.page.getByRole('alert').allTextContents())
				.toContainEqual(expect.stringMatching(/not letting Bytestorm store files/));
			await screenshot(session.page, '08-storage-unavailable');

			// The app still works in this tab, and keeps saying that nothing is kept.
			await session.page.getByRole('button', { name: 'Create workspace' }).click();
			await session.page.getByRole('textbox', { name: 'Editor: main.py' }).click();
			await session.page.keyboard.type('# kept in this tab\n');
			await expect
				.poll(() => session.page.getByTestId('storage-status').textContent())
				.toMatch(/Not saved: this tab only/);
			await expect
				.poll(() => session.page.getByRole('textbox', { name: 'Editor: main.py' }).innerText())
				.toContain('# kept in this tab');
		} catch (error) {
			await screenshot(session.page, 'failed-workspace-storage-refused');
			throw error;
		} finally {
			await session.close();
		}
	});
});

describe('when the browser runs out of storage while the user types', () => {
	it('says so at once, keeps the edits in the tab, and saves them all when space is back', async () => {
		const session = await launch();
		const { page } = session;
		try {
			await page.addInitScript(() => {
				// A full disk, switched on and off by the test.
				const w = window as unknown as { storageFull: boolean };
				w.storageFull = false;
				for (const method of ['add', 'put'] as const) {
					const original = IDBObjectStore.prototype[method];
					IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args) {
						if (w.storageFull) throw new DOMException('Quota exceeded', 'QuotaExceededError');
						return original.apply(this, args as Parameters<typeof original>);
					} as typeof original;
				}
			});
			await page.goto(baseUrl);
			await page.getByText('Empty', { exact: true }).click();
			await page.getByRole('button', { name: 'Create workspace' }).click();
			await page.getByRole('tree', { name: 'Workspace files' }).waitFor();
			await page.getByRole('button', { name: 'New file', exact: true }).click();
			await page.getByRole('textbox', { name: 'New file name' }).fill('essay.md');
			await page.getByRole('textbox', { name: 'New file name' }).press('Enter');
			const editorBox = page.getByRole('textbox', { name: 'Editor: essay.md' });
			await editorBox.click();
			await page.keyboard.type('saved part. ');

			await page.evaluate(
				() => ((window as unknown as { storageFull: boolean }).storageFull = true)
			);
			await page.keyboard.type('typed while full. ');
			await expect
				.poll(() => page.getByRole('alert').allTextContents())
				.toContainEqual(expect.stringMatching(/storage for this site is full/));
			await expect
				.poll(() => page.getByTestId('storage-status').textContent())
				.toMatch(/Not saved/);
			await screenshot(page, '09-storage-full');

			await page.evaluate(
				() => ((window as unknown as { storageFull: boolean }).storageFull = false)
			);
			await page.keyboard.type('after.');
			await expect
				.poll(() => page.getByTestId('storage-status').textContent())
				.toMatch(/Saved in this browser/);
			await page.reload();
			// The poll's one second is for the text, not for a busy machine to reload the app.
			await editorBox.waitFor();
			await expect.poll(() => editorBox.innerText()).toBe('saved part. typed while full. after.');
		} catch (error) {
			await screenshot(page, 'failed-workspace-storage-full');
			throw error;
		} finally {
			await session.close();
		}
	});
});
