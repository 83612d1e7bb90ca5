// Snapshots of a 1,000-file, 10 MB workspace in Chromium on the real IndexedDB: Bytestorm's
// content-addressed store next to a naive baseline measured in the same page and run (one put per
// file per snapshot, no dedupe). Rows: the first snapshot, a second one after changing one file,
// and restoring the first. Export/import (zip) rows belong to the zip module: add them to `rows`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import type { SnapshotSample } from './lib/snapshots-page.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 7;

/** Bundles the page side into `dir`/page.js. */
async function bundle(dir: string): Promise<void> {
	await build({
		configFile: false,
		logLevel: 'silent',
		root: join(import.meta.dirname, '..'),
		build: {
			outDir: dir,
			emptyOutDir: false,
			minify: false,
			lib: {
				entry: join(import.meta.dirname, 'lib', 'snapshots-page.ts'),
				formats: ['es'],
				fileName: () => 'page.js'
			}
		}
	});
	await writeFile(
		join(dir, 'index.html'),
		'<!doctype html><title>snapshots bench</title><script type="module" src="page.js"></script>'
	);
}

function serve(dir: string): Promise<{ url: string; close(): void }> {
	const server = createServer(async (req, res) => {
		const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1);
		try {
			const body = await readFile(join(dir, name));
			res.writeHead(200, {
				'Content-Type': name.endsWith('.js') ? 'text/javascript' : 'text/html'
			});
			res.end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
		})
	);
}

const benchmark: Benchmark = {
	description:
		'snapshots of a 1,000-file, 10 MB workspace (Chromium, real IndexedDB) against one put per file',
	async run() {
		const dir = await mkdtemp(join(tmpdir(), 'bytestorm-bench-snapshots-'));
		const profile = await mkdtemp(join(tmpdir(), 'bytestorm-bench-profile-'));
		await bundle(dir);
		const server = await serve(dir);
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath,
			args: chromiumArgs
		});
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await page.goto(server.url);
			await page.waitForFunction(() => 'runSample' in window);
			// One warm-up sample (JIT, IndexedDB files created), not counted.
			await page.evaluate(() =>
				(window as unknown as { runSample(): Promise<SnapshotSample> }).runSample()
			);
			const all: SnapshotSample[] = [];
			for (let i = 0; i < samples; i++)
				all.push(
					await page.evaluate(() =>
						(window as unknown as { runSample(): Promise<SnapshotSample> }).runSample()
					)
				);
			const m = (key: keyof SnapshotSample) => median(all.map((s) => s[key]));
			const rows: [string, number, number, number][] = [
				['first snapshot', m('first'), m('naiveFirst'), 300],
				['second snapshot, one file changed', m('second'), m('naiveSecond'), 20],
				['restore the first snapshot', m('restore'), m('naiveRestore'), 300]
			];
			const text = table(
				[`ms (median of ${samples})`, 'bytestorm', 'naive', 'naive / bytestorm', 'target'],
				rows.map(([label, ours, naive, target]) => [
					label,
					ours.toFixed(1),
					naive.toFixed(1),
					(naive / ours).toFixed(1) + 'x',
					`<= ${target}`
				])
			);
			return {
				table: text,
				data: {
					samples,
					workspace: { files: 1000, bytes: 1000 * 10 * 1024 },
					medians: Object.fromEntries(
						rows.map(([label, ours, naive, target]) => [
							label,
							{ bytestorm: ours, naive, ratio: naive / ours, targetMs: target }
						])
					),
					raw: all
				}
			};
		} finally {
			await context.close();
			server.close();
			await rm(dir, { recursive: true, force: true });
			await rm(profile, { recursive: true, force: true });
		}
	}
};

export default benchmark;
