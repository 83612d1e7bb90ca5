// Bytestorm's part of the Python start benchmark. A template profile holds one Python workspace
// whose main.py prints 'hi' (made once, not timed); each sample copies it with the HTTP caches
// removed and measures, from navigation start to 'hi' in the terminal after an immediate Run:
//   - a first visit: Python's start-up cache removed as well, so Python boots from the start-up
//     image the build made, fetched from the server;
//   - a fresh browser that kept the start-up cache (cold HTTP caches, snapshot in Cache Storage);
//   - a reload of that page (warm);
//   - after the latencies below and a pause, one more reload ("after use");
//   - then three more, 5 s apart ("returning"): what a user who comes back sees, once the
//     service worker answers and Chromium has kept the compiled code of what it serves.
// Each load also notes whether the service worker answered it.
// In the reloaded page, the latencies a user feels once Python is up, each from the keydown
// that causes it to the DOM change that shows its result (rendering included), next to the
// terminal's own floor: a key echoed at the prompt.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Repeats of each in-page latency per sample. */
export const repeats = 3;

/** How long the page is left idle before the reload "after use" (Chromium caches wasm code then). */
const idleBeforeReloadMs = 10_000;

/** Reloads of a returning user per sample, and the pause before each. */
const returningLoads = 3;
const returningGapMs = 5_000;

/** Where Bytestorm's Python keeps its start-up cache: an OPFS folder (pyodide/snapshot-opfs.ts). */
const snapshotFolder = 'bytestorm-python-startup';

/** Navigation start to the Run keypress (ready) and to 'hi' on screen (output), in ms. */
export interface Marks {
	readonly ready: number;
	readonly output: number;
	/** Whether the service worker answered the load (Bytestorm only). */
	readonly served?: boolean;
}

/** What the benchmark gives this module: browsers with its probe, and the probe's marks. */
export interface Harness {
	/** Launches Chromium on `profile` with the marks probe installed. */
	open(profile: string): Promise<BrowserContext>;
	/** Waits for the probe to see 'hi' after Enter; returns its marks (ms from navigation start). */
	waitForOutput(page: Page): Promise<{ enter: number; output: number }>;
}

/** The in-page latencies, in ms, one entry per repeat. */
export interface Latencies {
	/** A key typed at the prompt to its echo shown: the terminal's floor, no Python involved. */
	echo: number[];
	/** Ctrl+Enter to 'hi' shown, Python already up. */
	secondRun: number[];
	/** Enter after typing an answer to input() to the program's reply shown. */
	input: number[];
	/**
	 * The same Enter to the first wake of the page's shared-memory wait after it (the bench's
	 * probe sees Atomics.waitAsync settle): the reply has reached the page, not yet drawn.
	 */
	inputArrived: number[];
	/** Ctrl+C to 'KeyboardInterrupt' shown, for a busy loop, time.sleep(60) and a blocked input(). */
	interruptLoop: number[];
	interruptSleep: number[];
	interruptInput: number[];
}

/** One Bytestorm sample. */
export interface BytestormSample {
	readonly firstVisit: Marks;
	/** The same over a throttled link (the benchmark's `throttle`). */
	readonly firstVisitOverLink: Marks;
	readonly cached: Marks;
	readonly warm: Marks;
	/** A reload after the latencies and a pause. */
	readonly afterUse: Marks;
	/** Reloads after that, a few seconds apart. */
	readonly returning: Marks[];
	readonly latencies: Latencies;
}

/** The profile every sample starts from, and the workspace page in it. */
export interface Template {
	readonly profile: string;
	readonly url: string;
}

/** Creates the template: a Python workspace with `print('hi')`, and Python's start-up cache saved. */
export async function makeTemplate(harness: Harness, baseUrl: string): Promise<Template> {
	const profile = await mkdtemp(join(tmpdir(), 'bytestorm-bench-template-'));
	const context = await harness.open(profile);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(baseUrl);
		await page.getByText('Python', { exact: true }).click();
		await page.getByRole('button', { name: 'Create workspace' }).click();
		await page.waitForURL(/\/w\//);
		const editor = page.getByRole('textbox', { name: 'Editor: main.py' });
		await editor.click();
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.press('Delete');
		await page.keyboard.insertText("print('hi')\n");
		await page.keyboard.press('Control+Enter');
		await harness.waitForOutput(page);
		// Python booted in the background on this visit; its start-up cache is saved a moment later.
		for (let waited = 0; !(await hasSnapshot(page)); waited += 250) {
			if (waited > 30_000) throw new Error("Python's start-up cache was not saved.");
			await page.waitForTimeout(250);
		}
		return { profile, url: page.url() };
	} finally {
		await context.close();
	}
}

/** Measures one sample on fresh copies of the template. */
export async function measureSample(
	harness: Harness,
	template: Template,
	throttle: (page: Page) => Promise<void>
): Promise<BytestormSample> {
	const firstVisit = await withCopy(harness, template, { keepSnapshot: false }, (page) =>
		loadAndRun(harness, page, template.url)
	);
	const firstVisitOverLink = await withCopy(
		harness,
		template,
		{ keepSnapshot: false },
		async (page) => {
			await throttle(page);
			return loadAndRun(harness, page, template.url);
		}
	);
	return withCopy(harness, template, { keepSnapshot: true }, async (page) => {
		const cached = await loadAndRun(harness, page, template.url);
		const warm = await loadAndRun(harness, page, template.url);
		const latencies = await measureLatencies(page);
		await page.waitForTimeout(idleBeforeReloadMs);
		const afterUse = await loadAndRun(harness, page, template.url);
		const returning: Marks[] = [];
		for (let i = 0; i < returningLoads; i++) {
			await page.waitForTimeout(returningGapMs);
			returning.push(await loadAndRun(harness, page, template.url));
		}
		return { firstVisit, firstVisitOverLink, cached, warm, afterUse, returning, latencies };
	});
}

/** Removes the template profile. */
export async function removeTemplate(template: Template): Promise<void> {
	await rm(template.profile, { recursive: true, force: true });
}

async function withCopy<T>(
	harness: Harness,
	template: Template,
	{ keepSnapshot }: { keepSnapshot: boolean },
	use: (page: Page) => Promise<T>
): Promise<T> {
	const profile = await mkdtemp(join(tmpdir(), 'bytestorm-bench-'));
	await cp(template.profile, profile, { recursive: true });
	// The OPFS is in 'File System'; 'Service Worker' holds the Cache API and service workers.
	const caches = [
		'Cache',
		'Code Cache',
		'GPUCache',
		...(keepSnapshot ? [] : ['Service Worker', 'File System'])
	];
	for (const cache of caches)
		await rm(join(profile, 'Default', cache), { recursive: true, force: true });
	const context = await harness.open(profile);
	try {
		return await use(context.pages()[0] ?? (await context.newPage()));
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
}

/**
 * Opens the workspace; the benchmark's probe presses Run as soon as the editor and the terminal
 * are on screen, and the marks say when.
 */
async function loadAndRun(harness: Harness, page: Page, url: string): Promise<Marks> {
	await page.goto(url, { waitUntil: 'commit' });
	const marks = await harness.waitForOutput(page);
	const served = await page.evaluate(() => navigator.serviceWorker.controller !== null);
	return { ready: marks.enter, output: marks.output, served };
}

async function measureLatencies(page: Page): Promise<Latencies> {
	const latencies: Latencies = {
		echo: [],
		secondRun: [],
		input: [],
		inputArrived: [],
		interruptLoop: [],
		interruptSleep: [],
		interruptInput: []
	};
	await waitForRow(page, /^~ \$/);
	for (let i = 0; i < repeats; i++) {
		await clear(page);
		latencies.echo.push(
			(await timeKey(page, 'x', /^~ \$ x$/, () => page.keyboard.press('x'))).shown
		);
		await page.keyboard.press('Backspace');
		await clear(page);
		latencies.secondRun.push(
			(await timeKey(page, 'Enter', /^hi$/, () => page.keyboard.press('Control+Enter'))).shown
		);
		await waitForRow(page, /^~ \$/);

		await command(page, `python -c "print('got', input('? '))"`);
		await waitForRow(page, /^\?\s*$/);
		await page.keyboard.type('x');
		const reply = await timeKey(page, 'Enter', /^got x$/, () => page.keyboard.press('Enter'));
		latencies.input.push(reply.shown);
		if (reply.woke !== null) latencies.inputArrived.push(reply.woke);

		const interrupts = [
			[latencies.interruptLoop, `python -c "print('go', flush=True); exec('while True: pass')"`],
			[
				latencies.interruptSleep,
				`python -c "import time; print('go', flush=True); time.sleep(60)"`
			],
			[latencies.interruptInput, `python -c "input('go ')"`]
		] as const;
		for (const [into, line] of interrupts) {
			await command(page, line);
			await waitForRow(page, /^go/);
			// Let the program settle into its loop, sleep or read.
			await page.waitForTimeout(200);
			into.push(
				(await timeKey(page, 'c', /KeyboardInterrupt/, () => page.keyboard.press('Control+c')))
					.shown
			);
			await waitForRow(page, /^~ \$/);
		}
	}
	return latencies;
}

/** Clears the terminal (Ctrl+L at the prompt), so that old rows cannot match. */
async function clear(page: Page): Promise<void> {
	await page.locator('.xterm-helper-textarea').focus();
	await page.keyboard.press('Control+l');
	await page.waitForFunction(
		() => (document.querySelector('.xterm-rows') as HTMLElement | null)?.innerText.trim() === '~ $'
	);
}

/** Clears the terminal, then types a command line and Enter (not timed). */
async function command(page: Page, line: string): Promise<void> {
	await clear(page);
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

async function waitForRow(page: Page, pattern: RegExp): Promise<void> {
	await page.waitForFunction(
		({ source, flags }) => {
			const rows = document.querySelectorAll('.xterm-rows > div');
			const last = [...rows].map((row) => row.textContent ?? '').filter((t) => t.trim() !== '');
			return new RegExp(source, flags).test(last.at(-1) ?? '');
		},
		{ source: pattern.source, flags: pattern.flags },
		{ timeout: 30_000 }
	);
}

/**
 * Times from the keydown of `key` (caught first, in the capture phase on window) to the first
 * terminal row matching `pattern`, as seen by a MutationObserver (`shown`: ms, rendering
 * included), and to the first settled Atomics.waitAsync after the keydown (`woke`; null if none
 * settled before the row was shown).
 */
async function timeKey(
	page: Page,
	key: string,
	pattern: RegExp,
	press: () => Promise<void>
): Promise<{ shown: number; woke: number | null }> {
	await page.evaluate(
		({ key, source, flags }) => {
			const probe = { start: 0, end: 0 };
			(window as unknown as { __latency: typeof probe }).__latency = probe;
			const onKey = (event: KeyboardEvent) => {
				if (event.key !== key || probe.start) return;
				probe.start = performance.now();
				removeEventListener('keydown', onKey, true);
			};
			addEventListener('keydown', onKey, true);
			const rows = document.querySelector('.xterm-rows')!;
			const matches = new RegExp(source, flags);
			const observer = new MutationObserver(() => {
				if (!probe.start) return;
				const texts = [...rows.children].map((row) => (row.textContent ?? '').trim());
				if (!texts.some((text) => matches.test(text))) return;
				probe.end = performance.now();
				observer.disconnect();
			});
			observer.observe(rows, { childList: true, subtree: true, characterData: true });
		},
		{ key, source: pattern.source, flags: pattern.flags }
	);
	await press();
	await page.waitForFunction(
		() => (window as unknown as { __latency: { end: number } }).__latency.end > 0,
		null,
		{ timeout: 30_000 }
	);
	return page.evaluate(() => {
		const w = window as unknown as { __latency: { start: number; end: number }; __wakes: number[] };
		const { start, end } = w.__latency;
		const woke = w.__wakes.find((at) => at >= start && at <= end);
		return { shown: end - start, woke: woke === undefined ? null : woke - start };
	});
}

async function hasSnapshot(page: Page): Promise<boolean> {
	return page.evaluate(async (name) => {
		try {
			const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
			for await (const handle of folder.values()) if (handle.kind === 'file') return true;
		} catch {
			// No folder yet.
		}
		return false;
	}, snapshotFolder);
}
