import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SaveBatch } from './save-batch.ts';

/** A doc whose updates go to `batch`, and a way to type into it. */
function typingInto(batch: SaveBatch) {
	const doc = new Y.Doc();
	doc.on('update', (update: Uint8Array) => batch.add(update));
	const text = doc.getText('t');
	return { doc, type: (chars: string) => text.insert(text.length, chars) };
}

/** A writer that records each write and settles it when told. */
function heldWriter() {
	const writes: { update: Uint8Array; settle: (ok: boolean) => void }[] = [];
	const write = (update: Uint8Array) =>
		new Promise<void>((resolve, reject) => {
			writes.push({ update, settle: (ok) => (ok ? resolve() : reject(new Error('abort'))) });
		});
	return { writes, write };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text that the given updates make in a fresh doc. */
function textOf(updates: Uint8Array[]): string {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

describe('SaveBatch', () => {
	it('writes the first edit at once and gathers the next ones into one write', async () => {
		const { writes, write } = heldWriter();
		const batch = new SaveBatch(write, { intervalMs: 50 });
		const { type } = typingInto(batch);
		type('a');
		expect(writes).toHaveLength(1);
		writes[0]!.settle(true);
		await sleep(0);
		for (const char of 'bcdef') type(char);
		expect(writes).toHaveLength(1);
		await sleep(80);
		expect(writes).toHaveLength(2);
		expect(textOf(writes.map((w) => w.update))).toBe('abcdef');
	});

	it('runs one write at a time: edits made meanwhile wait for it to commit', async () => {
		const { writes, write } = heldWriter();
		const batch = new SaveBatch(write, { intervalMs: 10 });
		const { type } = typingInto(batch);
		type('a');
		await sleep(30);
		type('b');
		type('c');
		await sleep(30);
		// The first write is still running: nothing else starts.
		expect(writes).toHaveLength(1);
		writes[0]!.settle(true);
		await sleep(0);
		expect(writes).toHaveLength(2);
		expect(textOf([writes[0]!.update, writes[1]!.update])).toBe('abc');
	});

	it('is pending from the first queued edit until every write settled', async () => {
		const { writes, write } = heldWriter();
		const changes: boolean[] = [];
		const batch = new SaveBatch(write, {
			intervalMs: 10,
			onPendingChange: (pending) => changes.push(pending)
		});
		const { type } = typingInto(batch);
		expect(batch.pending).toBe(false);
		type('a');
		type('b');
		expect(batch.pending).toBe(true);
		writes[0]!.settle(true);
		await sleep(30);
		expect(batch.pending).toBe(true);
		writes[1]!.settle(true);
		await sleep(0);
		expect(batch.pending).toBe(false);
		expect(changes).toEqual([true, false]);
	});

	it('flush writes what waits at once, even beside a running write', () => {
		const { writes, write } = heldWriter();
		const batch = new SaveBatch(write, { intervalMs: 10_000 });
		const { type } = typingInto(batch);
		type('a');
		type('b');
		expect(writes).toHaveLength(1);
		batch.flush();
		expect(writes).toHaveLength(2);
		expect(textOf(writes.map((w) => w.update))).toBe('ab');
		batch.destroy();
	});

	it('goes on writing after a failed write', async () => {
		const { writes, write } = heldWriter();
		const batch = new SaveBatch(write, { intervalMs: 10 });
		const { type } = typingInto(batch);
		type('a');
		writes[0]!.settle(false);
		await sleep(30);
		expect(batch.pending).toBe(false);
		type('b');
		expect(writes).toHaveLength(2);
		writes[1]!.settle(true);
		await sleep(0);
		expect(batch.pending).toBe(false);
	});

	it('writes nothing after destroy', async () => {
		const { writes, write } = heldWriter();
		const batch = new SaveBatch(write, { intervalMs: 10 });
		const { type } = typingInto(batch);
		type('a');
		type('b');
		batch.destroy();
		writes[0]!.settle(true);
		await sleep(30);
		type('c');
		expect(writes).toHaveLength(1);
	});
});
