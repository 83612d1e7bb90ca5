import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as shellHistory from './history-store.ts';
import { maxHistoryEntries } from './history-store.ts';

afterEach(() => {
	vi.restoreAllMocks();
	shellHistory.close();
});

describe('shell history store', () => {
	it("keeps each workspace's lines across reopening, oldest first", async () => {
		await shellHistory.append('a', 'ls');
		await shellHistory.append('a', 'cat main.py');
		await shellHistory.append('b', 'pwd');
		shellHistory.close();
		expect(await shellHistory.load('a')).toEqual(['ls', 'cat main.py']);
		expect(await shellHistory.load('b')).toEqual(['pwd']);
		expect(await shellHistory.load('never')).toEqual([]);
	});

	it('skips blank lines and immediate repeats, not earlier ones', async () => {
		for (const line of ['ls', 'ls', '', '   ', 'pwd', 'ls', 'ls  '])
			await shellHistory.append('dups', line);
		expect(await shellHistory.load('dups')).toEqual(['ls', 'pwd', 'ls', 'ls  ']);
	});

	it('records lines appended without waiting, in order', async () => {
		await Promise.all(['one', 'two', 'three'].map((line) => shellHistory.append('fast', line)));
		expect(await shellHistory.load('fast')).toEqual(['one', 'two', 'three']);
	});

	it(`keeps the last ${maxHistoryEntries} lines`, async () => {
		for (let i = 0; i < maxHistoryEntries + 5; i++) await shellHistory.append('many', `echo ${i}`);
		const lines = await shellHistory.load('many');
		expect(lines).toHaveLength(maxHistoryEntries);
		expect(lines[0]).toBe('echo 5');
		expect(lines.at(-1)).toBe(`echo ${maxHistoryEntries + 4}`);
	});

	it('clears one workspace only', async () => {
		await shellHistory.append('keep', 'ls');
		await shellHistory.append('drop', 'ls');
		await shellHistory.clear('drop');
		expect(await shellHistory.load('drop')).toEqual([]);
		expect(await shellHistory.load('keep')).toEqual(['ls']);
	});

	it('logs and goes on when IndexedDB cannot be opened', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		shellHistory.close();
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException('The user denied permission.', 'SecurityError');
		});
		expect(await shellHistory.load('a')).toEqual([]);
		await expect(shellHistory.append('a', 'ls')).resolves.toBeUndefined();
		await expect(shellHistory.clear('a')).resolves.toBeUndefined();
		expect(warn).toHaveBeenCalledTimes(3);
		vi.mocked(indexedDB.open).mockRestore();
		// The failure is not remembered: the next call opens the database.
		await shellHistory.append('later', 'pwd');
		expect(await shellHistory.load('later')).toEqual(['pwd']);
	});

	it('logs and goes on when a write fails', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		await shellHistory.append('full', 'ls');
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		});
		await expect(shellHistory.append('full', 'pwd')).resolves.toBeUndefined();
		expect(warn).toHaveBeenCalledOnce();
		vi.mocked(IDBObjectStore.prototype.put).mockRestore();
		expect(await shellHistory.load('full')).toEqual(['ls']);
	});
});
