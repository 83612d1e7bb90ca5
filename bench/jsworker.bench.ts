// `node hello.js` and a CPU-bound script (counting primes by trial division, about a second) in
// Bytestorm's offline JavaScript runtime, side by side with the same files run by Node on this
// machine (node_modules/.bin/node). In Bytestorm, "start to first output" is Enter at the prompt
// to 'hello' on screen in xterm.js's rows (so it includes the shell and the rendering), on a page
// whose spare worker is already booted (warm); natively it is process start to exit. The primes
// script reports its own compute time, so the two engines compare without start-up costs.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 7;
const targets = { firstOutputMs: 50, cpuRatio: 1.2 };
const hello = "console.log('hello')";
const primes =
	"const t0 = performance.now(); let count = 0; for (let n = 2; n < 2000000; n++) { let p = true; for (let d = 2; d * d <= n; d++) { if (n % d === 0) { p = false; break; } } if (p) count++; } console.log('primes', count, 'ms', Math.round(performance.now() - t0));";

/** Runs `node file` natively: wall time from spawn to exit, and what it printed. */
function runNative(dir: string, file: string): Promise<{ ms: number; stdout: string }> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(join(import.meta.dirname, '../node_modules/.bin/node'), [file], {
			cwd: dir
		});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.on('error', reject);
		child.on('exit', () => resolve({ ms: performance.now() - started, stdout }));
	});
}

// Runs in the page: marks Enter, and the first time a whole terminal row matches `text` (a
// regular expression; the echoed command line must not count).
const probe = () => {
	const w = window as unknown as { __mark?: { enter?: number; seen?: number; text?: string } };
	addEventListener(
		'keydown',
		(event) => {
			if (event.key === 'Enter' && w.__mark) w.__mark.enter = performance.now();
		},
		true
	);
	new MutationObserver(() => {
		const mark = w.__mark;
		if (!mark?.text || mark.enter === undefined || mark.seen !== undefined) return;
		for (const row of document.querySelectorAll('.xterm-rows > div')) {
			if (new RegExp(mark.text).test(row.textContent?.trim() ?? '')) mark.seen = performance.now();
		}
	}).observe(document, { childList: true, subtree: true, characterData: true });
};

/** Types `command` in the terminal and returns Enter-to-`text` in ms, and the screen. */
async function timeCommand(
	page: Page,
	command: string,
	text: string
): Promise<{ ms: number; screen: string }> {
	const rows = page.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-rows');
	await page
		.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea')
		.focus();
	await page.keyboard.press('Control+l');
	await page.evaluate((expected) => {
		(window as unknown as { __mark: object }).__mark = { text: expected };
	}, text);
	await page.keyboard.type(command);
	await page.keyboard.press('Enter');
	await page.waitForFunction(
		() => (window as unknown as { __mark: { seen?: number } }).__mark.seen !== undefined,
		null,
		{
			timeout: 60_000
		}
	);
	const mark = await page.evaluate(
		() => (window as unknown as { __mark: { enter: number; seen: number } }).__mark
	);
	// The prompt again: the run has ended and the next one gets a fresh, booted worker.
	await page.waitForFunction(
		() => /\$\s*$/.test(document.querySelector('.xterm-rows')?.textContent?.trimEnd() ?? ''),
		null,
		{
			timeout: 60_000
		}
	);
	return { ms: mark.seen - mark.enter, screen: await rows.innerText() };
}

const bench: Benchmark = {
	description: 'node hello.js and a CPU-bound script: the offline runtime against native Node',
	async run() {
		const dir = await mkdtemp(join(tmpdir(), 'bench-jsworker-'));
		await writeFile(join(dir, 'hello.js'), `${hello}\n`);
		await writeFile(join(dir, 'primes.js'), `${primes}\n`);
		const server = await startServer({ DATA_DIR: await makeTempDir('bench-data') });
		const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
		try {
			const page = await browser.newPage();
			await page.addInitScript(probe);
			await page.goto(server.url);
			await page.getByText('JavaScript', { exact: true }).click();
			await page.getByRole('button', { name: 'Create workspace' }).click();
			await page.getByRole('treeitem', { name: 'index.js', exact: true }).waitFor();
			await page.locator('.xterm-rows').waitFor();
			// The template is an ES module package; these are plain scripts.
			await timeCommand(page, `echo "${hello}" > hello.cjs && echo ok-hello`, '^ok-hello$');
			await timeCommand(page, `echo "${primes}" > primes.cjs && echo ok-primes`, '^ok-primes$');
			const browserHello: number[] = [];
			const nativeHello: number[] = [];
			const browserPrimes: number[] = [];
			const nativePrimes: number[] = [];
			const browserPrimesWall: number[] = [];
			const nativePrimesWall: number[] = [];
			await timeCommand(page, 'node hello.cjs', '^hello$');
			for (let i = 0; i < samples; i++) {
				// Let the spare worker for the next run finish booting, as it does while a user reads.
				await page.waitForTimeout(300);
				browserHello.push((await timeCommand(page, 'node hello.cjs', '^hello$')).ms);
				nativeHello.push((await runNative(dir, 'hello.js')).ms);
			}
			for (let i = 0; i < 3; i++) {
				await page.waitForTimeout(300);
				const run = await timeCommand(page, 'node primes.cjs', '^primes \\d+ ms \\d+$');
				const ms = /primes \d+ ms (\d+)/.exec(run.screen)?.[1];
				if (!ms) throw new Error(`primes.cjs printed no time:\n${run.screen}`);
				browserPrimes.push(Number(ms));
				browserPrimesWall.push(run.ms);
				const native = await runNative(dir, 'primes.js');
				nativePrimes.push(Number(/ms (\d+)/.exec(native.stdout)?.[1]));
				nativePrimesWall.push(native.ms);
			}
			const m = {
				browserHello: median(browserHello),
				nativeHello: median(nativeHello),
				browserPrimes: median(browserPrimes),
				nativePrimes: median(nativePrimes),
				browserPrimesWall: median(browserPrimesWall),
				nativePrimesWall: median(nativePrimesWall)
			};
			const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
			const rows = [
				[
					'node hello.js: start to first output (ms)',
					m.browserHello.toFixed(1),
					m.nativeHello.toFixed(1),
					ratio(m.browserHello, m.nativeHello),
					`<= ${targets.firstOutputMs} ms`
				],
				[
					'primes: compute time (ms)',
					m.browserPrimes.toFixed(0),
					m.nativePrimes.toFixed(0),
					ratio(m.browserPrimes, m.nativePrimes),
					`<= ${targets.cpuRatio}x native`
				],
				[
					'primes: Enter to output / spawn to exit (ms)',
					m.browserPrimesWall.toFixed(0),
					m.nativePrimesWall.toFixed(0),
					ratio(m.browserPrimesWall, m.nativePrimesWall),
					''
				]
			];
			return {
				table: table(
					['measure (medians)', 'offline runtime', 'native node', 'ratio', 'target'],
					rows
				),
				data: {
					samples: {
						browserHello,
						nativeHello,
						browserPrimes,
						nativePrimes,
						browserPrimesWall,
						nativePrimesWall
					},
					medians: m,
					targets
				}
			};
		} finally {
			await browser.close();
			await cleanUp();
			await rm(dir, { recursive: true, force: true });
		}
	}
};

export default bench;
