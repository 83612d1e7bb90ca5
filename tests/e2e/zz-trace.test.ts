import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';
const baseUrl = inject('baseUrl');
let browser: BrowserSession;
let page: Page;
const terminal = terminalOn(() => page);
describe('trace', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await createWorkspaceAsUser(page, 'Python');
	});
	afterAll(async () => browser?.close());
	it('reloads', async () => {
		await expect
			.poll(() => page.getByTestId('python-status').textContent(), { timeout: 30_000 })
			.toBe('Python ready');
		await terminal.typeCommand('python -c "print(1)"');
		await new Promise((r) => setTimeout(r, 12000));
		for (let i = 0; i < 3; i++) {
			const lines: [string, number][] = [];
			const on = (m: { text(): string }) => {
				const t = m.text();
				if (t.startsWith('T ')) {
					const [, name, at] = t.split(' ');
					lines.push([name!, Number(at)]);
				}
			};
			page.on('console', on);
			await page.reload();
			await expect
				.poll(() => page.getByTestId('python-status').textContent(), { timeout: 30_000 })
				.toBe('Python ready');
			const origin = await page.evaluate(() => performance.timeOrigin);
			const ready = await page.evaluate(() => performance.now());
			await new Promise((r) => setTimeout(r, 500));
			page.off('console', on);
			console.log(
				lines.map(([n, a]) => `${n}=${Math.round(a - origin)}`).join(' ') +
					` statusReady<=${Math.round(ready)}`
			);
			await new Promise((r) => setTimeout(r, 3000));
		}
	});
});
