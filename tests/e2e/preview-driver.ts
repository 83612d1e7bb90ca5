import type { Page } from 'playwright-core';

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

/** Goes to `path` in the preview's address bar, as a user types it. */
export async function visitInPreview(page: Page, path: string): Promise<void> {
	const address = page.getByRole('textbox', { name: 'Page to preview' });
	await address.fill(path);
	await address.press('Enter');
}
