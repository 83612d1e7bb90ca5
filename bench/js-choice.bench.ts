// What the JavaScript runtime choice costs a user where StackBlitz cannot be reached (as here:
// its iframe is held unanswered, as with no network): `node hello.cjs` from Enter to 'hello' on
// screen, with the Auto setting (the WebContainer boot is attempted, times out, the offline
// runtime runs it) side by side with the Offline setting (no boot) in the same run. The first
// command is typed as soon as a new JavaScript workspace's terminal is ready (timed from the
// Create click, so it includes the boot's timeout); later commands run after the fallback (they
// must not wait again).
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const firstSamples = 3;
const laterSamples = 7;
const hello = "console.log('hello')";
type Setting = 'auto' | 'offline';

const helloRow = () => {
	for (const row of document.querySelectorAll('.xterm-rows > div')) {
		if (row.textContent?.trim() === 'hello') return performance.now();
	}
	return false;
};

/** Types `node hello.cjs` and returns Enter to a row reading exactly `hello`, in ms. */
async function timeHello(page: Page): Promise<number> {
	await page.locator(textarea).focus();
	await page.keyboard.press('Control+l');
	await page.keyboard.type('node hello.cjs');
	const started = await page.evaluate(() => performance.now());
	await page.keyboard.press('Enter');
	const seen = await page.waitForFunction(helloRow, null, { polling: 'raf', timeout: 60_000 });
	const ms = Number(await seen.jsonValue()) - started;
	await waitForPrompt(page);
	return ms;
}

function waitForPrompt(page: Page) {
	return page.waitForFunction(
		() => /\$\s*$/.test(document.querySelector('.xterm-rows')?.textContent?.trimEnd() ?? ''),
		null,
		{ timeout: 60_000 }
	);
}

const textarea = '.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea';

/**
 * A fresh page with `setting` creates a JavaScript workspace and, as soon as its terminal is
 * there, runs `node -e`: the time from the Create click to 'hello' on screen.
 */
async function openWorkspace(
	browser: Browser,
	baseUrl: string,
	setting: Setting
): Promise<{ page: Page; firstMs: number; close(): Promise<void> }> {
	const context = await browser.newContext();
	await context.route('https://stackblitz.com/**', () => {
		// Never answered, as StackBlitz is with no network.
	});
	await context.addInitScript(
		(value) => localStorage.setItem('bytestorm:js-runtime', value),
		setting
	);
	const page = await context.newPage();
	await page.goto(baseUrl);
	await page.getByText('JavaScript', { exact: true }).click();
	const started = await page.evaluate(() => performance.now());
	await page.getByRole('button', { name: 'Create workspace' }).click();
	await page.locator(textarea).focus();
	await page.keyboard.type(`node -e "${hello}"`);
	await page.keyboard.press('Enter');
	const seen = await page.waitForFunction(helloRow, null, { polling: 'raf', timeout: 60_000 });
	const firstMs = Number(await seen.jsonValue()) - started;
	await waitForPrompt(page);
	await page.keyboard.type(`echo "${hello}" > hello.cjs`);
	await page.keyboard.press('Enter');
	return { page, firstMs, close: () => context.close() };
}

const bench: Benchmark = {
	description:
		'node with StackBlitz unreachable: Auto (boot attempted, timed out, offline runtime) against the Offline setting',
	async run() {
		const server = await startServer({ DATA_DIR: await makeTempDir('bench-data') });
		const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
		const first: Record<Setting, number[]> = { auto: [], offline: [] };
		const later: Record<Setting, number[]> = { auto: [], offline: [] };
		try {
			for (let i = 0; i < firstSamples; i++) {
				for (const setting of ['offline', 'auto'] as const) {
					const opened = await openWorkspace(browser, server.url, setting);
					first[setting].push(opened.firstMs);
					if (i === 0) {
						for (let j = 0; j < laterSamples; j++) {
							// As a user reads between runs: the offline runtime's spare worker boots.
							await opened.page.waitForTimeout(300);
							later[setting].push(await timeHello(opened.page));
						}
					}
					await opened.close();
				}
			}
			const m = {
				firstAuto: median(first.auto),
				firstOffline: median(first.offline),
				laterAuto: median(later.auto),
				laterOffline: median(later.offline)
			};
			const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
			const rows = [
				[
					'Create workspace to the first node output (ms)',
					m.firstAuto.toFixed(0),
					m.firstOffline.toFixed(0),
					ratio(m.firstAuto, m.firstOffline),
					'Auto waits out the 6 s boot timeout'
				],
				[
					'later node, after the fallback (ms)',
					m.laterAuto.toFixed(1),
					m.laterOffline.toFixed(1),
					ratio(m.laterAuto, m.laterOffline),
					'no second wait: about 1x'
				]
			];
			return {
				table: table(['measure (medians)', 'Auto', 'Offline setting', 'ratio', 'expected'], rows),
				data: { samples: { first, later }, medians: m }
			};
		} finally {
			await browser.close();
			await cleanUp();
		}
	}
};

export default bench;
