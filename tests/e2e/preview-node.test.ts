// A Node http server in the offline runtime, as a user meets it: `node server.js` puts the app on
// the preview next to the code (its page, its JSON API, a POST, its own 404), Ctrl+C gives the
// preview back to the files, and a handler that throws crashes the program as in Node, with the
// preview saying that the server stopped.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import {
	allowErrors,
	checkEachTest,
	expectErrors,
	launch,
	screenshot,
	type BrowserSession
} from './browser.ts';
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

const server = `import http from 'node:http';

const items = [{ id: 1, name: 'apple' }, { id: 2, name: 'pear' }];
const page = \`<!doctype html><html><head><title>Shop</title></head><body>
<h1>Items from Node</h1><ul id="items"></ul><p id="echo">no echo yet</p>
<script type="module">
const items = await (await fetch('/api/items')).json();
document.getElementById('items').innerHTML = items.map((item) => '<li>' + item.name + '</li>').join('');
const answer = await fetch('/api/echo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hello: 'node' }) });
const echoed = await answer.json();
document.getElementById('echo').textContent = 'echo: ' + echoed.received.hello + ' (' + echoed.method + ' ' + answer.status + ')';
console.log('shop ready');
</script></body></html>\`;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  } else if (req.url === '/api/items') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(items));
  } else if (req.method === 'POST' && req.url === '/api/echo') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, received: JSON.parse(body) }));
    });
  } else {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    res.end('Not found by the app: ' + req.url);
  }
});
server.listen(3000, () => console.log('Listening on http://localhost:' + server.address().port));
`;

const crashing = `const http = require('http');
http.createServer((req, res) => {
  if (req.url === '/boom') throw new Error('the handler broke');
  res.setHeader('Content-Type', 'text/html');
  res.end('<!doctype html><p>alive at ' + req.url + '</p>');
}).listen(4000);
`;

// Answers 1.5 s after a request, with the state it found then; /flip changes the state at once.
const slow = `const http = require('http');
let state = 'old';
http.createServer((req, res) => {
  if (req.url === '/flip') {
    state = 'new';
    res.end('flipped');
    return;
  }
  const found = state;
  setTimeout(() => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><p>state ' + found + '</p>');
  }, 1500);
}).listen(4100);
`;

/** Replaces a file's content as a user would (see files.ts). */
const writeFile = (path: string, source: string) =>
	writeFileAsUser(page, path, source, 'README.md');

/** The preview iframe's frame, to run a fetch inside it as the page's own script would. */
function previewFrame(): Frame {
	const found = page.frames().find((f) => new URL(f.url()).pathname.startsWith('/preview/'));
	if (!found) throw new Error('The preview frame is not there.');
	return found;
}

/** Writes `name` and runs it with node; resolves once its server is on the preview. */
async function runServer(name: string, source: string, port: number): Promise<void> {
	await writeFile(name, source);
	await terminal.clear();
	await typeCommand(`node ${name}`);
	await waitForOutput(new RegExp(`Server on the preview \\(port ${port}\\)`));
}

/** Presses Ctrl+C in the terminal, as a user stops the program. */
async function interrupt(): Promise<void> {
	await page
		.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea')
		.focus();
	await page.keyboard.press('Control+c');
}

describe('a Node http server on the preview', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await preparePreview(page, 300);
		await createWorkspaceAsUser(page, 'JavaScript');
		frame = previewFrameLocator(page);
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'preview-node');

	it('serves the app of node server.js on the preview: its page, a fetch and a POST', async () => {
		await writeFile('server.js', server);
		await terminal.clear();
		await typeCommand('node server.js');
		await waitForOutput(
			/Server on the preview \(port 3000\)\s+Listening on http:\/\/localhost:3000/
		);
		await page.getByText('Serving: server.js (Node http, port 3000)').waitFor();
		await frame.getByRole('heading', { name: 'Items from Node' }).waitFor();
		await expect
			.poll(() => frame.locator('#items li').allTextContents(), { timeout: 15_000 })
			.toEqual(['apple', 'pear']);
		await expect
			.poll(() => frame.locator('#echo').textContent(), { timeout: 15_000 })
			.toBe('echo: node (POST 201)');
		// The page's console reaches the preview's console.
		await waitForPreviewConsole(page, 'shop ready');
		await screenshot(page, 'preview-node-01-app');
	});

	it('shows the app’s own 404', async () => {
		const status = await previewFrame().evaluate(async () => {
			const response = await fetch('/no/such/page?x=1');
			return `${response.status} ${await response.text()}`;
		});
		expect(status).toBe('404 Not found by the app: /no/such/page?x=1');
		await visitInPreview(page, 'nothing-here');
		await frame.getByText('Not found by the app: /nothing-here').waitFor();
		expectErrors(browser, /status of 404/);
	});

	it('stops with Ctrl+C: the terminal says so and the preview shows the files again', async () => {
		await interrupt();
		await waitForOutput(
			/Interrupted[\s\S]*The server stopped; the preview shows your files again\./,
			{
				joinRows: true
			}
		);
		await page.getByText('Serving: your files').waitFor();
		await visitInPreview(page, '');
		await frame
			.getByText('This workspace has no index.html at its top level: create one to preview it.')
			.waitFor();
		await screenshot(page, 'preview-node-02-stopped');
		await waitForOutput(/\n~ \$\s*$/);
		expectErrors(browser, /status of 404/);
	});

	it('shows the newest page when a reload comes while the last one is still loading', async () => {
		await runServer('slow.cjs', slow, 4100);
		await frame.getByText('state old').waitFor();
		const reload = page.getByRole('button', { name: 'Reload the preview' });
		// The first reload's page is on its way (it says old) when the state changes and the user
		// reloads again: the preview ends on the page that says new, not on the one in flight.
		await reload.click();
		await page.waitForTimeout(300);
		const flip = new URL('flip', previewFrame().url()).href;
		expect(await page.evaluate(async (url) => (await fetch(url)).text(), flip)).toBe('flipped');
		await reload.click();
		await frame.getByText('state new').waitFor({ timeout: 10_000 });
		await interrupt();
		await page.getByText('Serving: your files').waitFor();
		await waitForOutput(/\n~ \$\s*$/);
		// Chromium logs the files' 404 page (no index.html) as an error in most runs, not in all:
		// in one full run the frame showed it and nothing was logged.
		allowErrors(browser, /status of 404/);
	});

	it('crashes like Node when a handler throws, and the preview says the server stopped', async () => {
		await runServer('crash.cjs', crashing, 4000);
		await frame.getByText('alive at /').waitFor();
		await visitInPreview(page, 'boom');
		await waitForOutput(
			/throw new Error\('the handler broke'\)[\s\S]*Error: the handler broke[\s\S]*Node\.js v24/
		);
		await waitForOutput(/The server stopped with the program \(exit code 1\)/, { joinRows: true });
		await frame.getByRole('heading', { name: '502 The server stopped' }).waitFor();
		await frame
			.getByText(
				'crash.cjs is not running any more: it ended with exit code 1 (the terminal shows why).',
				{
					exact: false
				}
			)
			.waitFor();
		await page.getByText('Serving: crash.cjs (stopped, port 4000)').waitFor();
		await screenshot(page, 'preview-node-03-crash');
		expectErrors(browser, /status of 502/);
		// The next run takes the preview back.
		await terminal.clear();
		// It also says that a program here cannot make requests of its own.
		await typeCommand(
			`node -e "try { require('http').get('http://example.com/') } catch (e) { console.log(e.message) }"`
		);
		await waitForOutput(
			/http\.get\(\) cannot reach other servers from the offline JavaScript runtime/,
			{ joinRows: true }
		);
		await page.getByText('Serving: your files').waitFor();
		// The files' preview (no index.html here) reloaded with each save: a 404 page each time.
		expectErrors(browser, /status of 404/);
	});
});
