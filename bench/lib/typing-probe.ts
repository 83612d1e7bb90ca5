// The typing benchmark's browser side: for each keystroke, when its character showed and when
// the IndexedDB write that holds it committed. Installed as an init script, so it sees every
// IndexedDB transaction the page makes and every key, before the page's own listeners.
import type { Page } from 'playwright-core';

/** What the probe records, in ms of the page's clock. */
export interface TypingRecord {
	/** Dispatch time of each printable keydown. */
	downs: number[];
	/** When the typed text first held each key's character (same order as `downs`). */
	shown: number[];
	/** Write transactions on the watched databases: created and completed (-1: not yet). */
	writes: { created: number; done: number }[];
}

/** Where typed text shows and which databases hold it. */
export interface TypingTarget {
	/** CSS selector of the element that shows the text (a textarea or CodeMirror's content). */
	selector: string;
	/** Databases whose write transactions are timed: names starting with this. */
	databasePrefix: string;
}

/** The init script: records keys, text growth and write transactions. */
export const installTypingProbe = (target: TypingTarget) => {
	const record: TypingRecord & { base: number } = { downs: [], shown: [], writes: [], base: -1 };
	(window as unknown as { __typing: typeof record }).__typing = record;
	const length = () => {
		const el = document.querySelector(target.selector);
		if (!el) return -1;
		return el instanceof HTMLTextAreaElement ? el.value.length : (el.textContent ?? '').length;
	};
	addEventListener(
		'keydown',
		(event) => {
			if (event.key.length !== 1) return;
			if (record.downs.length === 0) record.base = length();
			record.downs.push(performance.now());
		},
		true
	);
	const grew = () => {
		if (record.base < 0) return;
		const typed = length() - record.base;
		const now = performance.now();
		while (record.shown.length < Math.min(typed, record.downs.length)) record.shown.push(now);
	};
	addEventListener('input', grew, true);
	new MutationObserver(grew).observe(document, {
		subtree: true,
		childList: true,
		characterData: true
	});
	const transaction = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (
		this: IDBDatabase,
		...args: Parameters<IDBDatabase['transaction']>
	) {
		const tx = transaction.apply(this, args);
		if (tx.mode === 'readwrite' && this.name.startsWith(target.databasePrefix)) {
			const write = { created: performance.now(), done: -1 };
			record.writes.push(write);
			tx.addEventListener('complete', () => (write.done = performance.now()));
		}
		return tx;
	} as IDBDatabase['transaction'];
};

/** Per-keystroke figures of one typed text, in ms. */
export interface TypingSample {
	/** Keydown to the character in the text. */
	shownMs: number[];
	/** Keydown to the commit of the first write begun after it (-1 if none committed). */
	committedMs: number[];
	/** Write transactions begun while typing and until all committed. */
	writes: number;
	keys: number;
}

/** Types `text` key by key (`delayMs` between keys) and waits until every write committed. */
export async function typeAndTime(
	page: Page,
	text: string,
	delayMs: number
): Promise<TypingSample> {
	await page.evaluate(() => {
		const r = (window as unknown as { __typing: TypingRecord & { base: number } }).__typing;
		r.downs = [];
		r.shown = [];
		r.writes = [];
		r.base = -1;
	});
	await page.keyboard.type(text, { delay: delayMs });
	await page.waitForFunction(
		(count) => {
			const r = (window as unknown as { __typing: TypingRecord }).__typing;
			return r.shown.length >= count && r.writes.every((w) => w.done >= 0);
		},
		text.length,
		{ timeout: 60_000, polling: 100 }
	);
	// A batched writer may begin its last write a little after the last key.
	await page.waitForTimeout(1000);
	await page.waitForFunction(
		() =>
			(window as unknown as { __typing: TypingRecord }).__typing.writes.every((w) => w.done >= 0),
		null,
		{ timeout: 60_000, polling: 100 }
	);
	const record = await page.evaluate(
		() => (window as unknown as { __typing: TypingRecord }).__typing
	);
	const committedMs = record.downs.map((down) => {
		const write = record.writes.find((w) => w.created >= down);
		return write ? write.done - down : -1;
	});
	return {
		shownMs: record.downs.map((down, i) => (record.shown[i] ?? Number.NaN) - down),
		committedMs,
		writes: record.writes.length,
		keys: record.downs.length
	};
}
