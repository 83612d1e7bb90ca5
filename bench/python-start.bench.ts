// Page load to the first output of print('hi'), cold (fresh Chromium profile) and warm (same
// browser, load again), for the bare Pyodide console of the npm package and for a minimal page
// that boots Pyodide in a worker with the npm stdlib and with our bytecode stdlib. Each time is
// split into "ready" (navigation start to a prompt that takes input) and "output" (ready plus
// the time from Enter to 'hi' on screen; the harness's typing is left out).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { assembleSite, type PythonStartSite } from './lib/python-start-site.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 5;
const targets = { cold: 1200, warm: 500 };

/** One measurement, in ms from navigation start. */
interface Marks {
	readonly ready: number;
	readonly output: number;
}

/** A page to measure: opens it in `page` and returns its marks, or null if it cannot be measured yet. */
type Measure = (page: Page, baseUrl: string) => Promise<Marks | null>;

interface Marked {
	prompt?: number;
	enter?: number;
	output?: number;
	error?: string;
}

// Runs before any page script. Notes when the console's prompt appears, when Enter is pressed
// and when a line reading 'hi' is shown. The worker page writes the same marks itself.
const consoleProbe = () => {
	const w = window as unknown as { __marks?: Marked };
	const marks: Marked = (w.__marks = {});
	addEventListener(
		'keydown',
		(event) => {
			if (event.key === 'Enter') marks.enter = performance.now();
		},
		true
	);
	new MutationObserver(() => {
		const now = performance.now();
		if (marks.prompt === undefined) {
			if (document.querySelector('.cmd-prompt')?.textContent?.includes('>>>')) marks.prompt = now;
		} else if (marks.enter !== undefined && marks.output === undefined) {
			const lines = document.querySelectorAll('.terminal-output > div');
			if ([...lines].some((line) => line.textContent === 'hi')) marks.output = now;
		}
	}).observe(document, { childList: true, subtree: true, characterData: true });
};

async function waitForMark(page: Page, mark: keyof Marked, timeout: number): Promise<Marked> {
	await page.waitForFunction(
		(name) => {
			const marks = (window as unknown as { __marks?: Marked }).__marks;
			return marks?.[name] !== undefined || marks?.error !== undefined;
		},
		mark,
		{ timeout }
	);
	const marks = await page.evaluate(() => (window as unknown as { __marks: Marked }).__marks);
	if (marks.error !== undefined) throw new Error(`${page.url()} failed: ${marks.error}`);
	return marks;
}

function toMarks(marks: Marked): Marks {
	// Ready plus Enter-to-output: the time a user who types instantly would wait.
	return { ready: marks.prompt!, output: marks.prompt! + (marks.output! - marks.enter!) };
}

/** The npm package's console.html: wait for the prompt, type print('hi'), wait for 'hi'. */
function measureConsole(path: string): Measure {
	return async (page, baseUrl) => {
		await page.goto(baseUrl + path, { waitUntil: 'commit' });
		await waitForMark(page, 'prompt', 60_000);
		await page.keyboard.type("print('hi')");
		await page.keyboard.press('Enter');
		return toMarks(await waitForMark(page, 'output', 30_000));
	};
}

/** Our minimal worker page: it runs print('hi') as soon as the worker has loaded Pyodide. */
function measureWorker(path: string): Measure {
	return async (page, baseUrl) => {
		await page.goto(baseUrl + path, { waitUntil: 'commit' });
		return toMarks(await waitForMark(page, 'output', 60_000));
	};
}

/**
 * Bytestorm itself: a Python workspace page, Run on a main.py holding print('hi'), 'hi' in the
 * terminal; ready is when the Run button is enabled, Enter is the click. Returns null until the
 * Run button is wired, and the table has no Bytestorm row while it does. Cold samples start from
 * a fresh profile, so it must create the workspace first (see workspace-load.bench.ts) without
 * counting that time.
 */
async function measureBytestorm(_page: Page, _baseUrl: string): Promise<Marks | null> {
	return null;
}

interface Variant {
	readonly label: string;
	readonly measure: Measure;
}

interface Series {
	readonly cold: Marks[];
	readonly warm: Marks[];
}

async function open(profile: string): Promise<BrowserContext> {
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		args: chromiumArgs,
		viewport: { width: 1280, height: 800 }
	});
	await context.addInitScript(consoleProbe);
	return context;
}

/** Cold then warm for every variant, interleaved per sample so drift hits each alike. */
async function measureAll(
	variants: readonly Variant[],
	baseUrl: string
): Promise<Map<Variant, Series>> {
	const results = new Map<Variant, Series>();
	let active = [...variants];
	for (let i = 0; i < samples; i++) {
		for (const variant of active) {
			const profile = await mkdtemp(join(tmpdir(), 'bytestorm-bench-'));
			const context = await open(profile);
			try {
				const page = context.pages()[0] ?? (await context.newPage());
				const cold = await variant.measure(page, baseUrl);
				const warm = cold && (await variant.measure(page, baseUrl));
				if (!cold || !warm) {
					active = active.filter((v) => v !== variant);
					continue;
				}
				const series = results.get(variant) ?? { cold: [], warm: [] };
				series.cold.push(cold);
				series.warm.push(warm);
				results.set(variant, series);
			} finally {
				await context.close();
				await rm(profile, { recursive: true, force: true });
			}
		}
	}
	return results;
}

function medians(marks: Marks[]): Marks {
	return { ready: median(marks.map((m) => m.ready)), output: median(marks.map((m) => m.output)) };
}

function report(
	site: PythonStartSite,
	variants: readonly Variant[],
	results: Map<Variant, Series>
) {
	const consoleSeries = results.get(variants[0]!)!;
	const rows: (string | number)[][] = [];
	for (const temperature of ['cold', 'warm'] as const) {
		const baseline = medians(consoleSeries[temperature]).output;
		for (const variant of variants) {
			const series = results.get(variant);
			if (!series) continue;
			const m = medians(series[temperature]);
			rows.push([
				`${temperature}: ${variant.label}`,
				m.ready.toFixed(0),
				m.output.toFixed(0),
				(m.output / baseline).toFixed(2)
			]);
		}
	}
	const kb = (bytes: number) => (bytes / 1024).toFixed(0);
	return [
		table(
			[`python start (ms, median of ${samples})`, 'ready', "print('hi') shown", 'vs console'],
			rows
		),
		'',
		`targets for Bytestorm: print('hi') shown within ${targets.cold} ms cold, ${targets.warm} ms warm`,
		`Pyodide ${site.pyodideVersion} served from the ${site.pyodideSource}; ` +
			`stdlib zips: npm ${kb(site.stdlibBytes.npm)} KB, .pyc ${kb(site.stdlibBytes.pyc)} KB`
	].join('\n');
}

const benchmark: Benchmark = {
	description: "page load to print('hi') shown: Pyodide's console vs a worker with each stdlib",
	async run() {
		const site = await assembleSite(await makeTempDir('bench-python-build'));
		const server = await startServer({
			DATA_DIR: await makeTempDir('bench-data'),
			BUILD_DIR: site.buildDir
		});
		try {
			const variants: Variant[] = [
				{ label: 'Pyodide console (npm)', measure: measureConsole(site.paths.console) },
				{ label: 'worker, npm stdlib', measure: measureWorker(site.paths.worker('npm')) },
				{ label: 'worker, .pyc stdlib', measure: measureWorker(site.paths.worker('pyc')) }
			];
			if (site.appBuilt) variants.push({ label: 'Bytestorm', measure: measureBytestorm });
			const results = await measureAll(variants, server.url);
			const data: Record<string, unknown> = {
				samples,
				targetsMs: targets,
				pyodide: { version: site.pyodideVersion, source: site.pyodideSource },
				stdlibBytes: site.stdlibBytes
			};
			for (const variant of variants) {
				const series = results.get(variant);
				if (!series) continue;
				data[variant.label] = {
					cold: series.cold,
					warm: series.warm,
					medianCold: medians(series.cold),
					medianWarm: medians(series.warm)
				};
			}
			return { table: report(site, variants, results), data };
		} finally {
			await cleanUp();
		}
	}
};

export default benchmark;
