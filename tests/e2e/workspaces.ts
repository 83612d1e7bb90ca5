import type { Page } from 'playwright-core';

/** The home page's templates, and the file each new workspace opens with. */
const firstFile = {
	Python: 'main.py',
	JavaScript: 'index.js',
	'Web page': 'index.html',
	Empty: null
} as const;

/** A template on the home page. */
export type Template = keyof typeof firstFile;

/**
 * Creates a workspace from `template` on the home page (which `page` shows), as a user does,
 * named `name` if given, and waits until it is open: its first file in the tree and the
 * terminal's prompt. Returns the workspace's URL.
 */
export async function createWorkspaceAsUser(
	page: Page,
	template: Template,
	{ name }: { name?: string } = {}
): Promise<string> {
	await page.getByText(template, { exact: true }).click();
	if (name !== undefined) await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create workspace' }).click();
	await page.waitForURL(/\/w\/[\w-]+$/);
	const file = firstFile[template];
	if (file) await page.getByRole('treeitem', { name: file, exact: true }).waitFor();
	else await page.getByRole('tree', { name: 'Workspace files' }).waitFor();
	await page.locator('.xterm-rows', { hasText: '~ $' }).waitFor();
	return page.url();
}
