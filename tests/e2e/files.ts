import type { Page } from 'playwright-core';

/**
 * Gives `path` the content `source` as a user would: a new file through the New file box (next
 * to `rootFile`, so at the root), or an open one selected, then select all and type over it.
 */
export async function writeFileAsUser(
	page: Page,
	path: string,
	source: string,
	rootFile: string
): Promise<void> {
	const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
	if ((await row(path).count()) === 0) {
		// New files go into the selected folder: select a file at the root first.
		await row(rootFile).click();
		await page.getByRole('button', { name: 'New file', exact: true }).click();
		await page.getByRole('textbox', { name: 'New file name' }).fill(path);
		await page.getByRole('textbox', { name: 'New file name' }).press('Enter');
	} else {
		await row(path).click();
	}
	const editor = page.getByRole('textbox', { name: `Editor: ${path}` });
	await editor.click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.press('Delete');
	// insertText avoids the editor's auto-indent and bracket closing, which typing would trigger.
	await page.keyboard.insertText(source);
}
