// Python's start-up cache in Chromium: a first visit boots from the start-up image the build made
// in Node and keeps it, a reload starts from the kept copy and Python behaves the same
// (time.sleep, Ctrl+C, the browser's time zone), a browser that gets no image makes its own, and
// a damaged snapshot only costs one slower start and a notice.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');
// Where the worker keeps the snapshot: a folder of the OPFS (src/lib/runtimes/pyodide/snapshot-opfs.ts).
const folderName = 'bytestorm-python-startup';

let browser: BrowserSession;
let page: Page;
/** Requests for Pyodide's wasm made by the page and its workers (the service worker's aside). */
const wasmRequests: string[] = [];
/** The warnings of the page and its workers: a second download of the wasm warns why (early-load.ts). */
const warnings: string[] = [];
/** Pyodide's downloads from the server on the first visit, by file name: when asked for and finished. */
const downloads = new Map<string, { asked: number; finished?: number; encoding?: string }>();

const terminal = terminalOn(() => page);
const { typeCommand, waitForOutput } = terminal;
const terminalText = terminal.text;
const pythonStatus = () => page.getByTestId('python-status');

/** Waits for Python to be ready and returns the status bar's tooltip, which says how it started. */
async function pythonStarted(): Promise<string> {
	await expect.poll(() => pythonStatus().textContent(), { timeout: 30_000 }).toBe('Python ready');
	return (await pythonStatus().getAttribute('title')) ?? '';
}

/**
 * The sizes of the finished snapshot files in the page's origin private file system; a file
 * still being written has another name (`.partial`) until it is whole.
 */
function storedSnapshots(): Promise<number[]> {
	return page.evaluate(async (name) => {
		const root = await navigator.storage.getDirectory();
		let folder: FileSystemDirectoryHandle;
		try {
			folder = await root.getDirectoryHandle(name);
		} catch {
			return [];
		}
		const sizes: number[] = [];
		for await (const handle of folder.values()) {
			if (handle.kind === 'file' && handle.name.endsWith('.bin'))
				sizes.push((await (handle as FileSystemFileHandle).getFile()).size);
		}
		return sizes;
	}, folderName);
}

/**
 * Waits for the start-up cache to be saved and returns its size as first seen. It is whole from
 * the moment it can be seen: a reload at any moment finds the whole file or none, never an empty
 * or half-written one that would count as damaged.
 */
async function savedSnapshot(): Promise<number> {
	let sizes: number[] = [];
	await expect
		.poll(async () => (sizes = await storedSnapshots()).length, { timeout: 15_000 })
		.toBe(1);
	expect(sizes[0]).toBeGreaterThan(1024 * 1024);
	return sizes[0]!;
}

/** Reloads the workspace page and waits for its terminal. */
async function reload(): Promise<void> {
	await page.reload();
	await page.locator('.xterm-rows').waitFor();
}

describe("Python's start-up cache", () => {
	beforeAll(async () => {
		// Not the build machine's zone: the image was made in UTC.
		browser = await launch({ timezoneId: 'America/New_York' });
		page = browser.page;
		browser.context.on('request', (request) => {
			if (request.url().endsWith('/pyodide.asm.wasm') && !request.serviceWorker())
				wasmRequests.push(`${request.url()} at ${Math.round(performance.now())} ms`);
		});
		browser.context.on('request', (request) => {
			const name = new URL(request.url()).pathname.split('/').pop()!;
			if (!request.serviceWorker() && /^(pyodide|python_stdlib)/.test(name) && !downloads.has(name))
				downloads.set(name, { asked: performance.now() });
		});
		browser.context.on('requestfinished', (request) => {
			const download = downloads.get(new URL(request.url()).pathname.split('/').pop()!);
			if (!download || download.finished !== undefined) return;
			download.finished = performance.now();
			void request.response().then((response) => {
				download.encoding = response?.headers()['content-encoding'];
			});
		});
		page.on('console', (message) => {
			if (message.type() === 'warning') warnings.push(message.text());
		});
		await page.goto(baseUrl);
		await createWorkspaceAsUser(page, 'Python');
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'snapshot');

	it("starts a first visit from the build's start-up image, and keeps it", async () => {
		expect(await pythonStarted()).toMatch(
			/started in \d+\.\d s from the start-up image that comes with Bytestorm/
		);
		await page.getByRole('textbox', { name: 'Editor: main.py' }).click();
		await page.keyboard.press('Control+Enter');
		await waitForOutput(/Hello, Bytestorm!/);
		// Its 9.6 MB once: loadPyodide's own second download is put off (early-load.ts).
		expect(wasmRequests, [...wasmRequests, ...warnings].join('\n')).toHaveLength(1);
		// The wasm and the image came in zstd, which Chromium takes (server/routes/app.ts), and
		// the standard library's download started beside the image's, not after it (python.ts).
		const image = [...downloads].find(([name]) => name.endsWith('.bin'))?.[1];
		const stdlib = [...downloads].find(([name]) => name.startsWith('python_stdlib.zip'))?.[1];
		const seen = JSON.stringify([...downloads]);
		expect(downloads.get('pyodide.asm.wasm')?.encoding, seen).toBe('zstd');
		expect(image?.encoding, seen).toBe('zstd');
		expect(stdlib?.asked, seen).toBeLessThan(image!.finished!);
		const size = await savedSnapshot();
		console.info(`Python's start-up cache: ${(size / 1024 / 1024).toFixed(1)} MB`);
		// Made in UTC at build time; this browser is in New York.
		await typeCommand(
			`python -c "import time; print('zone', time.tzname, time.strftime('%Z', time.localtime(1767225600)))"`
		);
		await waitForOutput(/^zone \('UTC-0500', 'UTC-0400'\) UTC-0500$/m);
	});

	it('starts Python after a reload, and time.sleep and Ctrl+C work as before', async () => {
		const started = performance.now();
		await reload();
		const title = await pythonStarted();
		console.info(
			`Reload to Python ready: ${Math.round(performance.now() - started)} ms (${title})`
		);
		expect(title).toMatch(/started in \d+\.\d s from its start-up cache/);

		await typeCommand(
			`python -c "import time; t = time.monotonic(); time.sleep(0.1); print('slept', time.monotonic() - t >= 0.1)"`
		);
		await waitForOutput(/slept True/);

		await typeCommand(`python -c "import time; print('napping', flush=True); time.sleep(60)"`);
		await waitForOutput(/napping/);
		const pressed = Date.now();
		await page.keyboard.press('Control+c');
		await waitForOutput(/KeyboardInterrupt[\s\S]*Interrupted \(exit code 130\)/);
		expect(Date.now() - pressed).toBeLessThan(1000);
		expect(await terminalText()).not.toContain('restarted');

		await typeCommand(
			`python -c "import random; random.seed(1); print('random', random.randint(1, 6))"`
		);
		await waitForOutput(/random \d/);
	});

	it('is made in the browser on a first visit that gets no start-up image', async () => {
		const other = await launch();
		try {
			// As a build that could not make one, or a browser it does not suit.
			await other.context.route('**/startup/*.bin', (route) => route.fulfill({ status: 404 }));
			const main = page;
			page = other.page;
			try {
				await page.goto(baseUrl);
				await createWorkspaceAsUser(page, 'Python');
				expect(await pythonStarted()).toContain('saved a start-up cache');
				await savedSnapshot();
				await reload();
				expect(await pythonStarted()).toContain('from its start-up cache');
				await typeCommand(
					`python -c "import time; t = time.monotonic(); time.sleep(0.1); print('slept', time.monotonic() - t >= 0.1)"`
				);
				await waitForOutput(/slept True/);
			} finally {
				page = main;
			}
		} finally {
			await other.close();
		}
		// A second browser, and Python booted from scratch in it.
	}, 120_000);

	it('is kept on a first visit whose first program waits for input while Python starts', async () => {
		const other = await launch();
		const main = page;
		try {
			page = other.page;
			await page.goto(baseUrl);
			await createWorkspaceAsUser(page, 'Python');
			// Run is pressed before Python is ready: the program blocks the worker in input().
			await page.getByRole('textbox', { name: 'Editor: main.py' }).click();
			await page.keyboard.press('ControlOrMeta+a');
			await page.keyboard.insertText("name = input('name? ')\nprint('hello', name)\n");
			await page.keyboard.press('Control+Enter');
			await waitForOutput(/name\?/);
			// While it waits, the start-up cache has been written all the same.
			await savedSnapshot();
			await reload();
			expect(await pythonStarted()).toContain('from its start-up cache');
		} finally {
			page = main;
			await other.close();
		}
	}, 120_000);

	it('is rebuilt when it is damaged: Python still runs, and the user is told once', async () => {
		await page.evaluate(async (name) => {
			const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
			const garbage = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) & 0xff);
			for await (const handle of folder.values()) {
				if (handle.kind !== 'file') continue;
				const writable = await (handle as FileSystemFileHandle).createWritable();
				await writable.write(garbage);
				await writable.close();
			}
		}, folderName);
		await reload();
		expect(await pythonStarted()).toContain('its start-up cache was damaged and has been rebuilt');
		await typeCommand(`python -c "print('after', 6 * 7)"`);
		await waitForOutput(/start-up cache was damaged and has been rebuilt\.[\s\S]*after 42/);
		await screenshot(page, 'python-snapshot-rebuilt');
		await typeCommand(`python -c "print('again')"`);
		await waitForOutput(/again/);
		expect((await terminalText()).match(/has been rebuilt/g)).toHaveLength(1);

		// The new snapshot is good: the next reload starts from it.
		await expect
			.poll(storedSnapshots, { timeout: 15_000 })
			.toEqual([expect.toSatisfy((size: number) => size > 1024 * 1024 + 1)]);
		await reload();
		expect(await pythonStarted()).toContain('from its start-up cache');
	});
});
