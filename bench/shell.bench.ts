// The shell, next to what it imitates: `ls -R`, `grep -r` and a 20 MB pipe run by our Shell in
// Node on a Workspace next to GNU's programs on the same files on disk, and keystroke-to-echo
// in the terminal in Chromium next to a bare <textarea> served with the same headers.
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureBuilt } from '../scripts/start.ts';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import {
	alternate,
	bigText,
	pythonTree,
	runInShell,
	runProcess,
	treePattern,
	workspaceOf,
	writeTree,
	type Paired
} from './lib/shell-node.ts';
import {
	echoText,
	percentile,
	probeKeystrokes,
	textareaServer,
	typeAndTime,
	uniqueKeys,
	type EchoTarget,
	type KeySample
} from './lib/shell-keystroke.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 5;
const folders = 50;
const perFolder = 100;
const fileCount = (folders * perFolder).toLocaleString('en');
const bigBytes = 20 * 1024 * 1024;
/** Keystrokes per page, typed in two blocks that alternate between the pages. */
const keystrokes = 50;
/** Typed and thrown away first, so that the first measured keys do not pay for compiling. */
const warmUpKeys = [...'0123456789'];
const settleMs = 3000;

const terminalRows = {
	kind: 'rows',
	selector: '.host:not([hidden]) .xterm-rows'
} as const satisfies EchoTarget;
const textarea: EchoTarget = { kind: 'textarea' };

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);

/** The lines of an output, sorted: GNU lists in another order (byte order, readdir order). */
const sortedLines = (bytes: Uint8Array) =>
	new TextDecoder().decode(bytes).split('\n').sort().join('\n');

/** One table row and its data: the medians of both sides and their ratio. */
function row(label: string, ours: number[], baseline: number[], note: string) {
	const [a, b] = [median(ours), median(baseline)];
	return {
		cells: [label, ms(a), ms(b), (a / b).toFixed(2), note],
		data: { ours, baseline, medianOurs: a, medianBaseline: b, ratio: a / b, note }
	};
}

/** A shell measurement's row, noting whether both sides printed the same lines. */
function shellRow(label: string, runs: Paired, sameOrder: boolean) {
	const [ours, gnu] = [runs.ours[0]!, runs.gnu[0]!];
	const same = sameOrder
		? Buffer.from(ours.stdout).equals(Buffer.from(gnu.stdout))
		: sortedLines(ours.stdout) === sortedLines(gnu.stdout);
	const note =
		`${ours.stdout.length} vs ${gnu.stdout.length} bytes out, ` +
		(same ? 'same' : 'DIFFERENT') +
		(sameOrder ? ' output' : ' lines (sorted)');
	return row(
		label,
		runs.ours.map((run) => run.ms),
		runs.gnu.map((run) => run.ms),
		note
	);
}

async function shellSeries() {
	const tree = pythonTree(folders, perFolder);
	const fs = workspaceOf(tree);
	const dir = await makeTempDir('bench-shell-tree');
	await writeTree(dir, tree);
	const ls = await alternate(
		samples,
		() => runInShell(fs, 'ls -R'),
		() => runProcess('ls', ['-R'], dir)
	);
	const grep = await alternate(
		samples,
		() => runInShell(fs, `grep -r ${treePattern}`),
		() => runProcess('grep', ['-r', treePattern], dir)
	);
	fs.destroy();
	// What starting any program costs here, which GNU's figures include.
	const spawn: number[] = [];
	for (let i = 0; i < samples; i++) spawn.push((await runProcess('true', [], dir)).ms);

	const big = new Map([['big.txt', bigText(bigBytes)]]);
	const bigFs = workspaceOf(big);
	const bigDir = await makeTempDir('bench-shell-big');
	await writeTree(bigDir, big);
	const pipe = await alternate(
		samples,
		() => runInShell(bigFs, 'cat big.txt | wc -c'),
		() => runProcess('sh', ['-c', 'cat big.txt | wc -c'], bigDir)
	);
	bigFs.destroy();
	return { ls, grep, pipe, spawn };
}

/** A page ready to be typed into, and how to clear what was typed. */
interface TypingSide {
	page: Page;
	target: EchoTarget;
	reset(): Promise<void>;
}

/** Opens a new workspace from the Empty template and focuses its terminal at a clear prompt. */
async function openTerminal(browser: Browser, url: string): Promise<TypingSide> {
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	await page.goto(url);
	await page.getByText('Empty', { exact: true }).click();
	await page.getByRole('button', { name: 'Create workspace' }).click();
	await page.waitForURL(/\/w\//);
	const input = page.locator('.host:not([hidden]) .xterm-helper-textarea');
	await input.waitFor({ state: 'attached', timeout: 30_000 });
	await input.focus();
	await page.waitForFunction(
		(selector) => document.querySelector(selector)?.textContent?.includes('$'),
		terminalRows.selector
	);
	// The page boots Python in a worker ahead of time; on two cores that would be measured too.
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(settleMs);
	const reset = async () => {
		// Ctrl+U empties the line, Ctrl+L the screen: no typed character stays on it.
		await page.keyboard.press('Control+u');
		await page.keyboard.press('Control+l');
		await page.waitForFunction(
			(selector) => /^\s*~ \$\s*$/.test(document.querySelector(selector)?.textContent ?? ''),
			terminalRows.selector
		);
	};
	return { page, target: terminalRows, reset };
}

async function openTextarea(browser: Browser, url: string): Promise<TypingSide> {
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	await page.goto(url);
	const field = page.locator('textarea');
	const reset = async () => {
		await field.fill('');
		await field.focus();
	};
	await reset();
	return { page, target: textarea, reset };
}

async function keystrokeSeries(browser: Browser, appUrl: string, bareUrl: string) {
	const sides: (TypingSide & { keys: string[]; samples: KeySample[] })[] = [];
	for (const side of [await openTerminal(browser, appUrl), await openTextarea(browser, bareUrl)]) {
		await probeKeystrokes(side.page, side.target);
		await typeAndTime(side.page, warmUpKeys);
		await side.reset();
		const keys = uniqueKeys(keystrokes, await echoText(side.page, side.target));
		sides.push({ ...side, keys, samples: [] });
	}
	// Two blocks per page, alternating, so that a slow moment of the machine hits both sides.
	const half = keystrokes / 2;
	for (let block = 0; block < 2; block++) {
		for (const side of sides) {
			await side.page.bringToFront();
			const keys = side.keys.slice(block * half, (block + 1) * half);
			side.samples.push(...(await typeAndTime(side.page, keys)));
		}
	}
	return { terminal: sides[0]!.samples, textarea: sides[1]!.samples };
}

const benchmark: Benchmark = {
	description: `ls -R, grep -r and a 20 MB pipe vs GNU; keystroke-to-echo vs a <textarea>`,
	async run() {
		await ensureBuilt({ quiet: true });
		const bare = await textareaServer();
		let browser: Browser | undefined;
		try {
			const shell = await shellSeries();

			const server = await startServer({ DATA_DIR: await makeTempDir('bench-data') });
			browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
			const keys = await keystrokeSeries(browser, server.url, bare.url);

			const pipeOut = new TextDecoder().decode(shell.pipe.ours[0]!.stdout).trim();
			const gnuPipeOut = new TextDecoder().decode(shell.pipe.gnu[0]!.stdout).trim();
			const echo = keys.terminal.map((sample) => sample.echoMs);
			const input = keys.textarea.map((sample) => sample.echoMs);
			const frame = keys.textarea.map((sample) => sample.frameMs);
			const p95 = (values: number[]) => percentile(values, 0.95);

			const rows = {
				lsRecursive: shellRow(`ls -R (${fileCount} files)`, shell.ls, false),
				grepRecursive: shellRow(`grep -r ${treePattern} (${fileCount} files)`, shell.grep, false),
				pipe: row(
					'cat big.txt | wc -c (20 MB)',
					shell.pipe.ours.map((run) => run.ms),
					shell.pipe.gnu.map((run) => run.ms),
					`printed ${pipeOut} vs ${gnuPipeOut}: ${pipeOut === gnuPipeOut ? 'same' : 'DIFFERENT'}`
				),
				keyEchoMedian: row(
					'key -> echo, median',
					echo,
					input,
					'terminal rows vs textarea input event'
				),
				keyEchoP95: {
					cells: [
						'key -> echo, p95',
						ms(p95(echo)),
						ms(p95(input)),
						(p95(echo) / p95(input)).toFixed(2),
						'terminal rows vs textarea input event'
					],
					data: { ours: p95(echo), baseline: p95(input), ratio: p95(echo) / p95(input) }
				},
				keyEchoVsFrame: row(
					'key -> echo vs next frame',
					echo,
					frame,
					'terminal rows vs textarea frame after input'
				)
			};
			const text = [
				table(
					[
						`ms, median of ${samples} (keys: ${keystrokes})`,
						'bytestorm',
						'baseline',
						'ratio',
						'note'
					],
					Object.values(rows).map((r) => r.cells)
				),
				'',
				'Baselines: GNU ls, grep and sh (child processes, spawn to exit, on disk); a <textarea>.',
				`GNU figures include starting a process: \`true\` takes ${ms(median(shell.spawn))} ms here.`
			].join('\n');
			return {
				table: text,
				data: {
					samples,
					files: folders * perFolder,
					bigBytes,
					spawnTrueMs: { samples: shell.spawn, median: median(shell.spawn) },
					keystrokes,
					...Object.fromEntries(Object.entries(rows).map(([key, r]) => [key, r.data])),
					keySamples: keys
				}
			};
		} finally {
			await browser?.close();
			bare.close();
			await cleanUp();
		}
	}
};

export default benchmark;
