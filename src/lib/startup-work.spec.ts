import { describe, expect, it } from 'vitest';
import { afterStartup, startupWork } from './startup-work.ts';

/** A promise and the functions that settle it. */
function later<T = void>() {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((ok, fail) => {
		resolve = ok;
		reject = fail;
	});
	return { promise, resolve, reject };
}

/** Whether `promise` has settled by the time the tasks queued so far have run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
	let settled = false;
	void promise.then(() => (settled = true));
	await new Promise((resolve) => setTimeout(resolve, 10));
	return settled;
}

describe("the page's start-up work", () => {
	// In this order: the last test leaves work that never settles.
	it('with none counted, is over at once', async () => {
		expect(await hasSettled(afterStartup())).toBe(true);
	});

	it('is waited for, and so is work counted while waiting, failures included', async () => {
		const boot = later();
		expect(startupWork(boot.promise)).toBe(boot.promise);
		const waiting = afterStartup();
		expect(await hasSettled(waiting)).toBe(false);

		const restart = later();
		startupWork(restart.promise).catch(() => {});
		boot.resolve();
		expect(await hasSettled(waiting)).toBe(false);
		restart.reject(new Error('the worker died'));
		expect(await hasSettled(waiting)).toBe(true);
	});

	it('is waited for at most so long', async () => {
		startupWork(new Promise(() => {}));
		const started = performance.now();
		await afterStartup(50);
		expect(performance.now() - started).toBeGreaterThanOrEqual(45);
	});
});
