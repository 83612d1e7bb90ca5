// The shell benchmark's browser side: the time from a key reaching a page to the typed
// character showing, in Bytestorm's terminal (its rows) or in a bare <textarea> (its value).
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';

/** Where a page shows what is typed. */
export type EchoTarget =
	/** xterm's rows: the character is on screen once the renderer has put it in the DOM. */
	| { kind: 'rows'; selector: string }
	/** A textarea: the character is in its value at the `input` event. */
	| { kind: 'textarea' };

/** One keystroke: ms from the keydown to the echo, and to the frame after it. */
export interface KeySample {
	key: string;
	echoMs: number;
	frameMs: number;
}

interface Probe {
	/** By key: the keydown's time stamp, when the character showed, and the next frame. */
	keys: Record<string, { down: number; shown?: number; frame?: number }>;
}

// Runs in the page. A capturing keydown listener on window runs before any of the page's own.
const installProbe = (target: EchoTarget) => {
	const probe: Probe = { keys: {} };
	(window as unknown as { __probe: Probe }).__probe = probe;
	const shown = (key: string) => {
		const record = probe.keys[key];
		if (!record || record.shown !== undefined) return;
		record.shown = performance.now();
		requestAnimationFrame(() => (record.frame = performance.now()));
	};
	addEventListener(
		'keydown',
		(event) => {
			if (event.key.length === 1) probe.keys[event.key] = { down: event.timeStamp };
		},
		true
	);
	if (target.kind === 'textarea') {
		addEventListener('input', (event) => shown((event as InputEvent).data ?? ''), true);
		return;
	}
	const rows = document.querySelector(target.selector);
	if (!rows) throw new Error(`no ${target.selector} in the page`);
	new MutationObserver(() => {
		const text = rows.textContent ?? '';
		for (const [key, record] of Object.entries(probe.keys)) {
			if (record.shown === undefined && text.includes(key)) shown(key);
		}
	}).observe(rows, { childList: true, subtree: true, characterData: true });
};

/** Starts measuring on `page`; call once per page, after it has loaded. */
export async function probeKeystrokes(page: Page, target: EchoTarget): Promise<void> {
	await page.evaluate(installProbe, target);
}

/** The visible text where the page echoes, so that keys already on screen can be avoided. */
export function echoText(page: Page, target: EchoTarget): Promise<string> {
	const selector = target.kind === 'rows' ? target.selector : 'textarea';
	return page.evaluate((selector) => {
		const el = document.querySelector(selector);
		return el instanceof HTMLTextAreaElement ? el.value : (el?.textContent ?? '');
	}, selector);
}

/** Characters for `count` keystrokes, each once, none of them in `onScreen`. */
export function uniqueKeys(count: number, onScreen: string): string[] {
	const pool = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
	const keys = pool.filter((key) => !onScreen.includes(key)).slice(0, count);
	if (keys.length < count) throw new Error(`only ${keys.length} unused keys for ${count}`);
	return keys;
}

/** Presses each key in turn on the focused element, waiting for its echo and a pause between. */
export async function typeAndTime(page: Page, keys: string[], pauseMs = 40): Promise<KeySample[]> {
	const samples: KeySample[] = [];
	for (const key of keys) {
		await page.keyboard.press(key);
		const record = await page.waitForFunction(
			(key) => {
				const record = (window as unknown as { __probe: Probe }).__probe.keys[key];
				return record?.frame !== undefined ? record : undefined;
			},
			key,
			{ timeout: 10_000 }
		);
		const { down, shown, frame } = (await record.jsonValue())!;
		samples.push({ key, echoMs: shown! - down, frameMs: frame! - down });
		await new Promise((resolve) => setTimeout(resolve, pauseMs));
	}
	return samples;
}

/** The value below which `share` of the samples lie (nearest rank). */
export function percentile(samples: number[], share: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** A local page with one textarea, served with the app's isolation headers. */
export function textareaServer(): Promise<{ url: string; close(): void }> {
	const server = createServer((_req, res) => {
		res.writeHead(200, {
			'Content-Type': 'text/html',
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp'
		});
		res.end('<!doctype html><title>textarea</title><textarea autofocus></textarea>');
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address() as { port: number };
			resolve({ url: `http://127.0.0.1:${address.port}/`, close: () => server.close() });
		})
	);
}
