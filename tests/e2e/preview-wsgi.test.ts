// A Python web app as a user meets it: `python app.py` with a plain WSGI callable served by
// wsgiref's make_server, and the preview pane shows the app (its page, a fetch of its JSON, a
// form POST, a 500 page) until Ctrl+C stops it and the preview goes back to the files.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { checkEachTest, expectErrors, launch, screenshot, type BrowserSession } from './browser.ts';
import { writeFileAsUser } from './files.ts';
import {
	preparePreview,
	previewFrameLocator,
	visitInPreview,
	waitForPreviewConsole
} from './preview-driver.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;
let frame: FrameLocator;

const terminal = terminalOn(() => page);
const { typeCommand, waitForOutput } = terminal;

const APP = `from wsgiref.simple_server import make_server
from urllib.parse import parse_qs
import json
import time

ITEMS = ["apple", "banana"]

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<h1>Shop from WSGI</h1><ul id="items" aria-label="Items"><li>loading</li></ul>
<form method="post" action="add"><input name="item" aria-label="New item"><button>Add</button></form>
<script>
fetch("api/items").then((r) => r.json()).then((items) => {
  const list = document.getElementById("items");
  list.replaceChildren(...items.map((item) => Object.assign(document.createElement("li"), { textContent: item })));
  console.log("shop has", items.length, "items");
});
</script></body></html>"""


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/":
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [PAGE.encode()]
    if path == "/api/items":
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(ITEMS).encode()]
    if path == "/add" and environ["REQUEST_METHOD"] == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(size).decode())
        ITEMS.append(form["item"][0])
        start_response("303 See Other", [("Location", environ["SCRIPT_NAME"] + "/")])
        return [b""]
    if path == "/boom":
        raise ValueError("the boom route failed on purpose")
    if path == "/slow":
        time.sleep(60)
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"no such page"]


make_server("", 8000, app).serve_forever()
`;

/** Replaces a file's content as a user would (see files.ts). */
const writeFile = (path: string, source: string) => writeFileAsUser(page, path, source, 'main.py');

describe('a Python WSGI app in the preview', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await preparePreview(page, 300);
		await createWorkspaceAsUser(page, 'Python');
		frame = previewFrameLocator(page);
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'preview-wsgi');

	it('python app.py serves the preview: the page, and the JSON it fetches', async () => {
		await writeFile('app.py', APP);
		await terminal.clear();
		await typeCommand('python app.py');
		await waitForOutput(/Serving app\.py on the preview \(port 8000\) — press Ctrl\+C to stop/, {
			joinRows: true
		});
		// The preview opens by itself when a program starts serving.
		await expect
			.poll(() => page.getByText('Serving: app.py (WSGI, port 8000)').count(), { timeout: 15_000 })
			.toBe(1);
		await frame.getByRole('heading', { name: 'Shop from WSGI' }).waitFor({ timeout: 20_000 });
		const items = frame.getByRole('list', { name: 'Items' }).getByRole('listitem');
		await expect
			.poll(() => items.allTextContents(), { timeout: 15_000 })
			.toEqual(['apple', 'banana']);
		await waitForOutput(/"GET \/ HTTP\/1\.1" 200 \d+[\s\S]*"GET \/api\/items HTTP\/1\.1" 200 19/);
		await screenshot(page, 'preview-wsgi-01-page');
	});

	it("shows the app page's console messages in the preview's console", async () => {
		await waitForPreviewConsole(page, 'shop has 2 items');
		// Closed again, so the next tests see the whole preview.
		await page.getByRole('button', { name: /^Console/ }).click();
	});

	it('takes a form POST, and its redirect shows the new item', async () => {
		await frame.getByRole('textbox', { name: 'New item' }).fill('cherry pie');
		await frame.getByRole('button', { name: 'Add' }).click();
		const items = frame.getByRole('list', { name: 'Items' }).getByRole('listitem');
		await expect
			.poll(() => items.allTextContents(), { timeout: 15_000 })
			.toEqual(['apple', 'banana', 'cherry pie']);
		await waitForOutput(/"POST \/add HTTP\/1\.1" 303 0/);
		await screenshot(page, 'preview-wsgi-02-post');
	});

	it('an exception gives a 500 page with its last line, and the server keeps serving', async () => {
		await visitInPreview(page, 'boom');
		await frame.getByRole('heading', { name: '500 Internal Server Error' }).waitFor();
		await frame.getByText('ValueError: the boom route failed on purpose').waitFor();
		await waitForOutput(
			/Traceback \(most recent call last\):[\s\S]*File "app\.py", line \d+, in app[\s\S]*ValueError: the boom route failed on purpose[\s\S]*"GET \/boom HTTP\/1\.1" 500/
		);
		await screenshot(page, 'preview-wsgi-03-500');
		expectErrors(browser, /status of 500/);
		await visitInPreview(page, '');
		await frame.getByRole('heading', { name: 'Shop from WSGI' }).waitFor();
		await expect
			.poll(() => frame.getByRole('list', { name: 'Items' }).getByRole('listitem').count())
			.toBe(3);
	});

	it('Ctrl+C while a request is pending: it gets an error page, and the preview the files', async () => {
		// A request to the slow route keeps Python busy until Ctrl+C ends it and the server.
		const address = await frame.locator('body').evaluate(() => location.pathname);
		await page.evaluate((url) => {
			const slow = fetch(url).then(async (response) => ({
				status: response.status,
				text: await response.text()
			}));
			Object.assign(window, { slow });
		}, `${address}slow`);
		await page.waitForTimeout(1000);
		await page
			.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea')
			.focus();
		await page.keyboard.press('Control+c');
		await waitForOutput(
			/File "app\.py", line \d+, in app\s+time\.sleep\(60\)[\s\S]*KeyboardInterrupt/
		);
		const slow = await page.evaluate(
			() => (window as unknown as { slow: Promise<{ status: number; text: string }> }).slow
		);
		expect(slow.status).toBe(503);
		expect(slow.text).toContain('app.py (WSGI, port 8000) stopped before it answered');
		await expect
			.poll(() => page.getByText('Serving: your files').count(), { timeout: 15_000 })
			.toBe(1);
		// The preview reloads on the files: a Python workspace has no index.html.
		await frame.getByText(/This workspace has no index.html/).waitFor({ timeout: 15_000 });
		await screenshot(page, 'preview-wsgi-04-stopped');
		expectErrors(browser, /status of (404|503)/);
	});
});
