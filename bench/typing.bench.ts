// Typing into the editor of a workspace: per keystroke, the time to the character on screen and
// the time until IndexedDB has committed a write that holds it (what survives a browser crash),
// and how many write transactions the typing costs. Next to two floors served with the same
// headers: a bare <textarea> that stores nothing, and one that stores every keystroke in its own
// IndexedDB transaction. Two cadences: a fast typist (60 ms between keys) and a burst (10 ms,
// as key repeat or the crash test types).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureBuilt } from '../scripts/start.ts';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { servePage } from './lib/page-server.ts';
import { median, table } from './lib/stats.ts';
import {
	installTypingProbe,
	typeAndTime,
	type TypingSample,
	type TypingTarget
} from './lib/typing-probe.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 3;
const cadences = [
	{ name: 'typist (60 ms/key)', delayMs: 60 },
	{ name: 'burst (10 ms/key)', delayMs: 10 }
];
const text = 'The quick brown fox jumps over the lazy dog, then naps in the sun. '.repeat(2);

const floorPage = `<!doctype html><title>floor</title><textarea autofocus></textarea><script>
if (location.search === '?idb') {
	const open = indexedDB.open('floor-doc', 1);
	open.onupgradeneeded = () => open.result.createObjectStore('updates', { autoIncrement: true });
	open.onsuccess = () => {
		const db = open.result;
		document.querySelector('textarea').addEventListener('input', () => {
			db.transaction(['updates'], 'readwrite').objectStore('updates').add(new Uint8Array(40));
		});
	};
}
</script>`;

async function open(target: TypingTarget): Promise<{ context: BrowserContext; profile: string }> {
	const profile = await mkdtemp(join(tmpdir(), 'bytestorm-bench-typing-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		args: chromiumArgs,
		viewport: { width: 1280, height: 800 }
	});
	await context.addInitScript(installTypingProbe, target);
	return { context, profile };
}

/** A new workspace with an empty file open in the editor, saved and idle. */
async function workspaceEditor(page: Page, baseUrl: string): Promise<void> {
	await page.goto(baseUrl);
	await page.getByText('Empty', { exact: true }).click();
	await page.getByLabel('Name').fill('Typing');
	await page.getByRole('button', { name: 'Create workspace' }).click();
	await page.waitForURL(/\/w\/[\w-]+$/);
	await page.getByRole('button', { name: 'New file', exact: true }).click();
	await page.getByRole('textbox', { name: 'New file name' }).fill('notes.txt');
	await page.getByRole('textbox', { name: 'New file name' }).press('Enter');
	await page.getByRole('textbox', { name: 'Editor: notes.txt' }).click();
	await page.getByTestId('storage-status').getByText('Saved in this browser').waitFor();
	// Let the page's start-up work (Python's worker, the service worker) settle a little.
	await page.waitForTimeout(3000);
}

type Subject = 'bytestorm' | 'floor: no storage' | 'floor: a transaction per key';

async function measure(
	subject: Subject,
	urls: { app: string; floor: string },
	delayMs: number
): Promise<TypingSample> {
	const target: TypingTarget =
		subject === 'bytestorm'
			? { selector: '.cm-content', databasePrefix: 'bytestorm-doc-' }
			: { selector: 'textarea', databasePrefix: 'floor-doc' };
	const { context, profile } = await open(target);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		if (subject === 'bytestorm') await workspaceEditor(page, urls.app);
		else {
			await page.goto(subject === 'floor: no storage' ? urls.floor : `${urls.floor}?idb`);
			await page.locator('textarea').click();
		}
		return await typeAndTime(page, text, delayMs);
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
}

const p95 = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN;
};

const benchmark: Benchmark = {
	description:
		'keystroke to screen and to committed in IndexedDB, writes per key, next to bare textareas',
	async run() {
		await ensureBuilt({ quiet: true });
		const server = await startServer({ DATA_DIR: await makeTempDir('bench-data') });
		const floor = await servePage(floorPage);
		const urls = { app: server.url, floor: floor.url };
		const subjects: Subject[] = ['bytestorm', 'floor: no storage', 'floor: a transaction per key'];
		const data: Record<string, Record<string, unknown>> = {};
		const rows: (string | number)[][] = [];
		try {
			for (const cadence of cadences) {
				const results = new Map<Subject, TypingSample[]>();
				// Interleaved, so that the machine's load falls on every subject alike.
				for (let i = 0; i < samples; i++) {
					for (const subject of subjects) {
						const sample = await measure(subject, urls, cadence.delayMs);
						results.set(subject, [...(results.get(subject) ?? []), sample]);
					}
				}
				const figures = (subject: Subject) => {
					const runs = results.get(subject)!;
					const shown = runs.map((r) => median(r.shownMs));
					const committed = runs.map((r) => median(r.committedMs.filter((v) => v >= 0)));
					const committedP95 = runs.map((r) => p95(r.committedMs.filter((v) => v >= 0)));
					const committedMax = runs.map((r) => Math.max(...r.committedMs));
					const writesPerKey = runs.map((r) => r.writes / r.keys);
					return {
						shownMedian: median(shown),
						shownP95: median(runs.map((r) => p95(r.shownMs))),
						committedMedian: median(committed),
						committedP95: median(committedP95),
						committedMax: median(committedMax),
						writesPerKey: median(writesPerKey),
						runs: runs.map((r) => ({
							shownMedian: median(r.shownMs),
							committedMedian: median(r.committedMs.filter((v) => v >= 0)),
							committedMax: Math.max(...r.committedMs),
							writes: r.writes,
							keys: r.keys
						}))
					};
				};
				const app = figures('bytestorm');
				const bare = figures('floor: no storage');
				const perKey = figures('floor: a transaction per key');
				data[cadence.name] = {
					bytestorm: app,
					floorNoStorage: bare,
					floorTransactionPerKey: perKey
				};
				const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '-');
				// Key to screen is compared with the page without storage; what only a storing page
				// has (commits, writes) with the page that writes a transaction per key.
				type Figure =
					'shownMedian' | 'shownP95' | 'committedMedian' | 'committedP95' | 'committedMax';
				const measures: [string, Figure, 'bare' | 'perKey'][] = [
					['key to screen, median', 'shownMedian', 'bare'],
					['key to screen, p95', 'shownP95', 'bare'],
					['key to committed, median', 'committedMedian', 'perKey'],
					['key to committed, p95', 'committedP95', 'perKey'],
					['key to committed, worst', 'committedMax', 'perKey']
				];
				for (const [label, key, against] of measures) {
					const base = against === 'bare' ? bare : perKey;
					rows.push([
						`${cadence.name}: ${label}`,
						fmt(app[key]),
						against === 'bare' ? fmt(bare[key]) : '-',
						(app[key] / base[key]).toFixed(2),
						fmt(perKey[key])
					]);
				}
				rows.push([
					`${cadence.name}: write transactions per key`,
					app.writesPerKey.toFixed(2),
					'0',
					(app.writesPerKey / perKey.writesPerKey).toFixed(2),
					perKey.writesPerKey.toFixed(2)
				]);
			}
		} finally {
			floor.close();
			await cleanUp();
		}
		return {
			table: table(
				[
					`ms, median of ${samples} runs of ${text.length} keys`,
					'bytestorm',
					'floor: none',
					'ratio',
					'floor: tx/key'
				],
				rows
			),
			data: { samples, keys: text.length, cadences, ...data }
		};
	}
};

export default benchmark;
