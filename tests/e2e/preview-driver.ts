import type { FrameLocator, Page } from 'playwright-core';

/**
 * Lays the page out with a preview pane wide enough to read, and waits until the service
 * worker (which serves previews) controls it: a first visit is claimed once it activates.
 */
export async function preparePreview(page: Page, panel: number): Promise<void> {
	await page.evaluate(
		(layout) => localStorage.setItem('bytestorm:layout', JSON.stringify(layout)),
		{ sidebar: 200, panel, preview: 520 }
	);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
		}
	});
}

/** The preview pane's page. */
export function previewFrameLocator(page: Page): FrameLocator {
	return page.frameLocator('iframe[title="Preview of your page"]');
}

/** Goes to `path` in the preview's address bar, as a user types it. */
export async function visitInPreview(page: Page, path: string): Promise<void> {
	const address = page.getByRole('textbox', { name: 'Page to preview' });
	await address.fill(path);
	await address.press('Enter');
}

/** Opens the preview's console pane, unless it is open already. */
export async function openPreviewConsole(page: Page): Promise<void> {
	const toggle = page.getByRole('button', { name: /^Console/ });
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Opens the preview's console and waits for a message containing `text`. */
export async function waitForPreviewConsole(page: Page, text: string | RegExp): Promise<void> {
	await openPreviewConsole(page);
	await page
		.getByRole('list', { name: 'Console messages of the preview' })
		.getByText(text)
		.first()
		.waitFor();
}
