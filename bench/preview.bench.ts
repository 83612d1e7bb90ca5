// The preview's first paint, in Chromium, side by side with the same page from a plain HTTP
// server in the same run:
//   - after a save: from the edit of index.html in Bytestorm's editor (its beforeinput event) to
//     the new page painted in the preview iframe (its debounce, the service worker, the page's
//     answer from the workspace and the paint included); the baseline is a plain node:http server
//     (in this process, on a free port): the page PUTs the new index.html to it, reloads its
//     iframe, and the same probe marks the paint;
//   - a reload alone (no change): the preview's ⟳ button, against an iframe reload from the plain
//     server;
//   - a Node http app: from `listen` (the terminal's "Server on the preview" line) to the app's
//     page painted in the preview, and from Enter at the prompt; the baseline is the same
//     server.js run by native Node (node_modules/.bin/node), from pointing an iframe at it once
//     it listens to the paint.
// The paint mark: the iframe document's first-contentful-paint (PerformanceObserver 'paint');
// times are performance.timeOrigin + now() across frames.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ensureBuilt } from '../scripts/start.ts';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { preparePreview } from '../tests/e2e/preview-driver.ts';
import { cleanUp, makeTempDir, startServer } from '../tests/support/server.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const saves = 9;
const reloads = 7;
const appRuns = 5;

/** A page whose heading names the sample, so the probe knows which version painted. */
const pageFor = (token: string) =>
	`<!doctype html><html><head><meta charset="utf-8"><title>Bench</title>` +
	`<style>body{font:16px system-ui;margin:2rem}h1{color:#246}</style></head>` +
	`<body><h1 id="v">${token}</h1><p>${'A paragraph of the page. '.repeat(20)}</p></body></html>\n`;

const serverJs =
	'const http = require("http"); const fs = require("fs"); ' +
	'http.createServer((req, res) => { res.setHeader("Content-Type", "text/html; charset=utf-8"); res.end(fs.readFileSync("app.html")); })' +
	'.listen(Number(process.env.PORT || 3000), () => console.log("Listening"));';

// Runs in every frame. Frames report their paint to the top page; the top page records the
// marks: `__armed` makes the next beforeinput or Enter keydown the start of a sample.
const probe = () => {
	const w = window as unknown as {
		__paints: { v: string; t: number; dcl: number }[];
		__armed?: boolean;
		__t0?: number;
		__listen?: number;
	};
	const now = () => performance.timeOrigin + performance.now();
	if (window.top === window) {
		w.__paints = [];
		addEventListener('message', (event) => {
			const data = event.data as { bench?: string; v: string; t: number; dcl: number };
			if (data?.bench === 'paint') w.__paints.push({ v: data.v, t: data.t, dcl: data.dcl });
		});
		const start = () => {
			if (!w.__armed) return;
			w.__armed = false;
			w.__t0 = now();
		};
		addEventListener('beforeinput', start, true);
		addEventListener('keydown', (event) => event.key === 'Enter' && start(), true);
		// The preview names the app as soon as the runtime registers it (the program's listen).
		new MutationObserver(() => {
			if (w.__listen !== undefined || w.__t0 === undefined) return;
			if (document.querySelector('.preview .source')?.textContent?.includes('Node http'))
				w.__listen = now();
		}).observe(document, { childList: true, subtree: true, characterData: true });
		return;
	}
	// The paint: the document's first-contentful-paint entry (Chromium reports one per frame).
	let dcl: number | undefined;
	let fcp: number | undefined;
	const send = () => {
		if (dcl === undefined || fcp === undefined) return;
		const v = document.getElementById('v')?.textContent ?? '';
		window.top!.postMessage({ bench: 'paint', v, t: fcp, dcl }, '*');
	};
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.name !== 'first-contentful-paint') continue;
			fcp = performance.timeOrigin + entry.startTime;
			send();
		}
	}).observe({ type: 'paint', buffered: true });
	addEventListener('DOMContentLoaded', () => {
		dcl = now();
		send();
	});
};

/** Waits for the paint of version `v` and returns its time. */
async function paintOf(page: Page, v: string): Promise<number> {
	return (await loadOf(page, v)).t;
}

/** Waits for the paint of version `v`: its DOMContentLoaded and paint times. */
async function loadOf(page: Page, v: string): Promise<{ t: number; dcl: number }> {
	const handle = await page.waitForFunction(
		(token) =>
			(window as unknown as { __paints: { v: string; t: number; dcl: number }[] }).__paints.find(
				(paint) => paint.v === token
			),
		v,
		{ timeout: 60_000, polling: 20 }
	);
	return (await handle.jsonValue()) as { t: number; dcl: number };
}

const marks = (page: Page) =>
	page.evaluate(() => {
		const w = window as unknown as { __t0: number; __listen?: number };
		return { t0: w.__t0, listen: w.__listen };
	});

/** The plain server: GET serves the stored pages, PUT /index.html stores a new one. */
function plainServer(): Promise<{ server: Server; url: string }> {
	const files = new Map<string, string>([
		['/index.html', pageFor('plain-0')],
		['/host.html', '<!doctype html><body style="margin:0"><iframe src="/index.html"></iframe>']
	]);
	const server = createServer((req, res) => {
		if (req.method === 'PUT') {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk));
			req.on('end', () => {
				files.set(req.url ?? '/', body);
				res.end('saved');
			});
			return;
		}
		const file = files.get(req.url ?? '/');
		res.writeHead(file ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end(file ?? 'not found');
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address() as { port: number };
			resolve({ server, url: `http://127.0.0.1:${address.port}` });
		})
	);
}

/** Starts the native `node server.js` on a free port and resolves once it listens. */
function nativeApp(dir: string, port: number): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn(join(import.meta.dirname, '../node_modules/.bin/node'), ['server.js'], {
			cwd: dir,
			env: { ...process.env, PORT: String(port) }
		});
		child.stdout.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening')) resolve(child);
		});
		child.on('error', reject);
	});
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probeServer = createServer();
		probeServer.listen(0, '127.0.0.1', () => {
			const { port } = probeServer.address() as { port: number };
			probeServer.close(() => resolve(port));
		});
	});
}

const bench: Benchmark = {
	description:
		'preview first paint after a save, after a reload, and of a Node http app after listen: Bytestorm against a plain HTTP server',
	async run() {
		await ensureBuilt({ quiet: true });
		const dir = await mkdtemp(join(tmpdir(), 'bench-preview-'));
		await writeFile(join(dir, 'server.js'), `${serverJs}\n`);
		await writeFile(join(dir, 'app.html'), pageFor('app'));
		const server = await startServer({ DATA_DIR: await makeTempDir('bench-data') });
		const plain = await plainServer();
		const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
		const samples = {
			saveBytestorm: [] as number[],
			savePlain: [] as number[],
			reloadBytestorm: [] as number[],
			reloadPlain: [] as number[],
			reloadLoadedBytestorm: [] as number[],
			reloadLoadedPlain: [] as number[],
			appListenBytestorm: [] as number[],
			appEnterBytestorm: [] as number[],
			appPlain: [] as number[]
		};
		try {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			await context.addInitScript(probe);
			const page = await context.newPage();
			await page.goto(server.url);
			await preparePreview(page, 260);
			await page.getByText('Web page', { exact: true }).click();
			await page.getByRole('button', { name: 'Create workspace' }).click();
			await page.getByRole('treeitem', { name: 'index.html', exact: true }).click();
			await page.frameLocator('iframe[title="Preview of your page"]').locator('body').waitFor();
			const editor = page.getByRole('textbox', { name: 'Editor: index.html' });

			const plainPage = await context.newPage();
			await plainPage.goto(`${plain.url}/host.html`);
			await paintOf(plainPage, 'plain-0');

			// Saves, alternating Bytestorm and the plain server.
			// A tab in the background paints nothing: each side is brought to the front for its samples.
			for (let i = 0; i < saves; i++) {
				await page.bringToFront();
				await editor.click();
				await page.keyboard.press('ControlOrMeta+a');
				await page.evaluate(() => ((window as unknown as { __armed: boolean }).__armed = true));
				await page.keyboard.insertText(pageFor(`save-${i}`));
				const painted = await paintOf(page, `save-${i}`);
				samples.saveBytestorm.push(painted - (await marks(page)).t0);

				await plainPage.bringToFront();
				const token = `plain-save-${i}`;
				const t0 = await plainPage.evaluate(async (html) => {
					const t = performance.timeOrigin + performance.now();
					await fetch('/index.html', { method: 'PUT', body: html });
					document.querySelector('iframe')!.contentWindow!.location.reload();
					return t;
				}, pageFor(token));
				samples.savePlain.push((await paintOf(plainPage, token)) - t0);
				await page.waitForTimeout(300);
			}

			// Reloads of the unchanged page.
			const last = `save-${saves - 1}`;
			for (let i = 0; i < reloads; i++) {
				await page.bringToFront();
				await page.evaluate(() => ((window as unknown as { __paints: [] }).__paints = []));
				const t0 = await page.evaluate(() => {
					const t = performance.timeOrigin + performance.now();
					document
						.querySelector<HTMLButtonElement>('button[aria-label="Reload the preview"]')!
						.click();
					return t;
				});
				const reloaded = await loadOf(page, last);
				samples.reloadBytestorm.push(reloaded.t - t0);
				samples.reloadLoadedBytestorm.push(reloaded.dcl - t0);

				await plainPage.bringToFront();
				await plainPage.evaluate(() => ((window as unknown as { __paints: [] }).__paints = []));
				const t1 = await plainPage.evaluate(() => {
					const t = performance.timeOrigin + performance.now();
					document.querySelector('iframe')!.contentWindow!.location.reload();
					return t;
				});
				const plainReloaded = await loadOf(plainPage, `plain-save-${saves - 1}`);
				samples.reloadPlain.push(plainReloaded.t - t1);
				samples.reloadLoadedPlain.push(plainReloaded.dcl - t1);
				await page.waitForTimeout(200);
			}

			// The Node http app: the files first (made by the shell, not timed).
			const terminal = page.locator(
				'.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea'
			);
			const rows = page.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-rows');
			await page.bringToFront();
			await terminal.focus();
			await page.keyboard.type(
				`echo '${serverJs}' > server.js && echo '${pageFor('app').trim()}' > app.html`
			);
			await page.keyboard.press('Enter');
			await page.waitForTimeout(1500);
			for (let i = 0; i < appRuns; i++) {
				await page.bringToFront();
				await terminal.focus();
				await page.keyboard.press('Control+l');
				await page.evaluate(() => {
					const w = window as unknown as {
						__paints: [];
						__armed: boolean;
						__listen?: number;
						__t0?: number;
					};
					w.__paints = [];
					w.__listen = w.__t0 = undefined;
					w.__armed = true;
				});
				await page.keyboard.type('node server.js');
				await page.keyboard.press('Enter');
				const painted = await paintOf(page, 'app');
				const { t0, listen } = await marks(page);
				samples.appEnterBytestorm.push(painted - t0);
				if (listen !== undefined) samples.appListenBytestorm.push(painted - listen);
				await page.keyboard.press('Control+c');
				await rows.filter({ hasText: 'the preview shows your files again' }).waitFor();
				await page.waitForTimeout(500);

				const port = await freePort();
				const child = await nativeApp(dir, port);
				try {
					await plainPage.bringToFront();
					await plainPage.evaluate(() => ((window as unknown as { __paints: [] }).__paints = []));
					const t = await plainPage.evaluate((url) => {
						const start = performance.timeOrigin + performance.now();
						document.querySelector('iframe')!.src = url;
						return start;
					}, `http://127.0.0.1:${port}/`);
					samples.appPlain.push((await paintOf(plainPage, 'app')) - t);
				} finally {
					child.kill();
				}
			}
			await context.close();
		} finally {
			await browser.close();
			plain.server.close();
			await cleanUp();
			await rm(dir, { recursive: true, force: true });
		}
		const m = Object.fromEntries(
			Object.entries(samples).map(([name, values]) => [name, median(values)])
		) as Record<keyof typeof samples, number>;
		const ms = (value: number) => value.toFixed(1);
		const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
		const rows = [
			[
				`save of index.html → new page painted (n=${saves})`,
				ms(m.saveBytestorm),
				ms(m.savePlain),
				ratio(m.saveBytestorm, m.savePlain)
			],
			[
				`reload → page painted (n=${reloads})`,
				ms(m.reloadBytestorm),
				ms(m.reloadPlain),
				ratio(m.reloadBytestorm, m.reloadPlain)
			],
			[
				`  of which reload → DOMContentLoaded`,
				ms(m.reloadLoadedBytestorm),
				ms(m.reloadLoadedPlain),
				ratio(m.reloadLoadedBytestorm, m.reloadLoadedPlain)
			],
			[
				`Node http app: listen → painted / native: navigate → painted (n=${appRuns})`,
				ms(m.appListenBytestorm),
				ms(m.appPlain),
				ratio(m.appListenBytestorm, m.appPlain)
			],
			[
				`Node http app: Enter at the prompt → painted (n=${appRuns})`,
				ms(m.appEnterBytestorm),
				'',
				''
			]
		];
		return {
			table: table(
				['measure (medians, ms)', 'Bytestorm preview', 'plain HTTP server', 'ratio'],
				rows
			),
			data: {
				samples,
				medians: m,
				notes:
					'The save includes the preview reload debounce (PreviewHost reloadDelayMs, 150 ms); the plain server has none.'
			}
		};
	}
};

export default bench;
