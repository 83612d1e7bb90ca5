// Navigation to an interactive workspace page (the editor has focus and takes a keystroke),
// cold (new browser, empty HTTP cache) and warm (same browser, reload), next to a floor: a bare
// page with one textarea served with the same headers, which is the least any page can cost.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureBuilt } from '../scripts/start.ts';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { servePage } from './lib/page-server.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 5;

// Runs before any page script: notes when an editable element first gets the focus.
const readyProbe = () => {
	const w = window as unknown as { __ready?: number };
	addEventListener(
		'focusin',
		(event) => {
			const el = event.target as HTMLElement;
			if (w.__ready === undefined && (el.isContentEditable || el.tagName === 'TEXTAREA'))
				w.__ready = performance.now();
		},
		true
	);
};

async function open(profile: string): Promise<BrowserContext> {
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		args: chromiumArgs,
		viewport: { width: 1280, height: 800 }
	});
	await context.addInitScript(readyProbe);
	return context;
}

/** Loads `url` and returns ms from navigation start to an editable element with focus. */
async function measure(
	context: BrowserContext,
	url: string
): Promise<{ ms: number; scripts: string[] }> {
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(
		() => (window as unknown as { __ready?: number }).__ready !== undefined,
		null,
		{
			timeout: 30_000
		}
	);
	const { ms, scripts } = await page.evaluate(() => {
		const ready = (window as unknown as { __ready: number }).__ready;
		const scripts = performance
			.getEntriesByType('resource')
			.filter(
				(e) => (e as PerformanceResourceTiming).responseEnd <= ready && /\.m?js(\?|$)/.test(e.name)
			)
			.map((e) => e.name);
		return { ms: ready, scripts };
	});
	// The focus alone is not enough: a keystroke must reach the document.
	await page.keyboard.type('x');
	await page.waitForFunction(() => {
		const el = document.activeElement as HTMLElement | HTMLTextAreaElement | null;
		return !!el && ('value' in el ? el.value : (el.textContent ?? '')).includes('x');
	});
	await page.keyboard.press('Backspace');
	return { ms, scripts };
}

async function coldProfile(template: string): Promise<string> {
	const profile = await mkdtemp(join(tmpdir(), 'bytestorm-bench-'));
	await cp(template, profile, { recursive: true });
	for (const cache of ['Cache', 'Code Cache', 'GPUCache'])
		await rm(join(profile, 'Default', cache), { recursive: true, force: true });
	return profile;
}

async function series(url: string, template: string) {
	const cold: number[] = [];
	const warm: number[] = [];
	let scripts: string[] = [];
	for (let i = 0; i < samples; i++) {
		const profile = await coldProfile(template);
		const context = await open(profile);
		const first = await measure(context, url);
		cold.push(first.ms);
		if (i === 0) scripts = first.scripts;
		warm.push((await measure(context, url)).ms);
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
	return { cold, warm, scripts };
}

const benchmark: Benchmark = {
	description: 'workspace page interactive (cold, warm) and the JavaScript it loads first',
	async run() {
		await ensureBuilt({ quiet: true });
		const server = await startServer({ DATA_DIR: await makeTempDir('bench-data') });
		const floor = await servePage(
			'<!doctype html><title>floor</title><textarea autofocus></textarea>'
		);
		const template = await mkdtemp(join(tmpdir(), 'bytestorm-bench-template-'));
		try {
			// A profile that already holds one Python workspace, as a returning user's does.
			const setup = await open(template);
			const page = setup.pages()[0] ?? (await setup.newPage());
			await page.goto(server.url);
			await page.getByText('Python', { exact: true }).click();
			await page.getByRole('button', { name: 'Create workspace' }).click();
			await page.waitForURL(/\/w\//);
			await page.locator('.cm-content').waitFor();
			const workspaceUrl = page.url();
			await setup.close();

			const app = await series(workspaceUrl, template);
			const bare = await series(floor.url, template);

			let raw = 0;
			let gzipped = 0;
			for (const url of app.scripts) {
				const body = Buffer.from(await (await fetch(url)).arrayBuffer());
				raw += body.length;
				gzipped += gzipSync(body).length;
			}

			const rows = [
				[
					'cold: workspace page',
					median(app.cold).toFixed(0),
					median(bare.cold).toFixed(0),
					(median(app.cold) / median(bare.cold)).toFixed(2)
				],
				[
					'warm: workspace page',
					median(app.warm).toFixed(0),
					median(bare.warm).toFixed(0),
					(median(app.warm) / median(bare.warm)).toFixed(2)
				]
			];
			const text = [
				table(['interactive (ms, median of ' + samples + ')', 'bytestorm', 'floor', 'ratio'], rows),
				'',
				table(
					['JavaScript before interaction', 'files', 'raw KB', 'gzip KB'],
					[
						[
							'workspace page',
							app.scripts.length,
							(raw / 1024).toFixed(1),
							(gzipped / 1024).toFixed(1)
						]
					]
				)
			].join('\n');
			return {
				table: text,
				data: {
					samples,
					coldMs: {
						bytestorm: app.cold,
						floor: bare.cold,
						medianBytestorm: median(app.cold),
						medianFloor: median(bare.cold)
					},
					warmMs: {
						bytestorm: app.warm,
						floor: bare.warm,
						medianBytestorm: median(app.warm),
						medianFloor: median(bare.warm)
					},
					initialJs: {
						files: app.scripts.map((url) => new URL(url).pathname),
						rawBytes: raw,
						gzipBytes: gzipped
					}
				}
			};
		} finally {
			floor.close();
			await cleanUp();
			await rm(template, { recursive: true, force: true });
		}
	}
};

export default benchmark;
