// Python's start-up cache with a real Pyodide in Node: the first boot saves a snapshot, the next
// ones start from it and behave the same, and a damaged snapshot costs one normal boot.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { describe, expect, it, vi } from 'vitest';
import { packSnapshot } from './snapshot-format.ts';
import { memorySnapshots, snapshotKey, startPython, type SnapshotStore } from './snapshot.ts';
import { TestPython, pyodideDir } from './testing.ts';

const store = memorySnapshots();

async function boot(
	snapshots: SnapshotStore = store,
	startupImagesURL?: string
): Promise<TestPython> {
	const python = new TestPython({ snapshots });
	await python.boot(undefined, { startupImagesURL });
	return python;
}

/** Serves `images` (file name to bytes) over HTTP, as the build's /pyodide/<version>/startup/. */
async function serveImages(
	images: Map<string, Uint8Array>
): Promise<{ url: string; requests: string[]; close(): void }> {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		const name = decodeURIComponent((request.url ?? '').slice(1));
		requests.push(name);
		const bytes = images.get(name);
		response.writeHead(bytes ? 200 : 404).end(bytes);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/`, requests, close: () => server.close() };
}

/** The key the first boot saved under. */
function savedKey(): string {
	const [key] = store.entries.keys();
	if (!key) throw new Error('No snapshot was saved.');
	return key;
}

describe('booting from the start-up cache', () => {
	it('saves a snapshot on the first boot and starts from it on the next', async () => {
		const first = await boot();
		expect(first.bootInfo?.startup).toBe('made');
		expect(first.python('print("hi")').stdout).toBe('hi\n');
		await vi.waitFor(() => expect(store.entries.size).toBe(1), { timeout: 10_000 });

		const second = await boot();
		expect(second.bootInfo?.startup).toBe('snapshot');
		console.info(
			`Pyodide booted in Node in ${Math.round(first.bootInfo!.bootMs)} ms from scratch, ` +
				`${Math.round(second.bootInfo!.bootMs)} ms from the snapshot`
		);
		expect(second.python('print("hi")').stdout).toBe('hi\n');
	}, 60_000);

	it("hands a new cache to the page's keeper, where there is one, and starts from it", async () => {
		const kept = new Map<string, Uint8Array>();
		const snapshots = memorySnapshots();
		const python = new TestPython({ snapshots });
		await python.boot(undefined, { keeper: { keep: (key, bytes) => void kept.set(key, bytes) } });
		expect(python.bootInfo?.startup).toBe('made');
		// The worker writes nothing itself: the page does, and the worker reads what it wrote.
		expect(snapshots.entries.size).toBe(0);
		expect([...kept.values()]).toEqual([
			expect.toSatisfy((bytes: Uint8Array) => bytes.length > 1e6)
		]);
		const [key, bytes] = [...kept][0]!;
		expect(python.python('print("hi")').stdout).toBe('hi\n');

		await snapshots.put(key, bytes);
		const again = await boot(snapshots);
		expect(again.bootInfo?.startup).toBe('snapshot');
	}, 60_000);

	it("says so when the page's keeper could not write the cache, and Python runs", async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const python = new TestPython({ snapshots: memorySnapshots() });
			await python.boot(undefined, {
				keeper: { keep: () => Promise.reject(new Error('quota exceeded')) }
			});
			expect(python.python('print("hi")').stdout).toBe('hi\n');
			await vi.waitFor(() =>
				expect(warn).toHaveBeenCalledWith(
					"Python's start-up cache could not be saved (quota exceeded)."
				)
			);
		} finally {
			warn.mockRestore();
		}
	}, 60_000);

	it('runs programs from a snapshot as from scratch: files, input, sleep, Ctrl+C, tracebacks', async () => {
		const python = await boot();
		expect(python.bootInfo?.startup).toBe('snapshot');
		python.files({
			'main.py': 'import helper\nhelper.fail()\n',
			'helper.py': 'def fail():\n    1 / 0\n'
		});
		const failed = python.run(['python', 'main.py']);
		expect(failed.code).toBe(1);
		expect(failed.stderr).toContain('File "helper.py", line 2, in fail');
		expect(failed.stderr).not.toContain('_bytestorm');

		const answered = python.python('print("Hello", input("Name? "))', { stdin: 'Ada\n' });
		expect(answered.stdout).toBe('Name? Hello Ada\n');

		const started = performance.now();
		expect(python.python('import time; time.sleep(0.1); print("woke")').stdout).toBe('woke\n');
		expect(performance.now() - started).toBeGreaterThanOrEqual(100);

		for (const code of ['import time\ntime.sleep(60)', 'while True: pass', 'input()']) {
			const press = await python.interruptAfter(100);
			const result = python.python(code);
			expect(result.code).toBe(130);
			expect(result.stderr).toMatch(/KeyboardInterrupt\n$/);
			expect(result.endedAt - press.pressedAt()).toBeLessThan(250);
		}
		// What the snapshot preloaded is there, and a run still starts clean.
		expect(python.python('import sys; print("random" in sys.modules, "x" in dir())').stdout).toBe(
			'True False\n'
		);
	}, 60_000);

	it('boots from scratch and saves a new snapshot when the stored one is damaged', async () => {
		const key = savedKey();
		const damaged = store.entries.get(key)!.slice();
		damaged[damaged.length >> 1]! ^= 0xff;
		store.entries.set(key, damaged);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const clear = vi.spyOn(store, 'clear');
		try {
			const python = await boot();
			expect(python.bootInfo?.startup).toBe('rebuilt');
			expect(python.python('print("still here")').stdout).toBe('still here\n');
			expect(warn).toHaveBeenCalledWith(expect.stringContaining('checksum'));
		} finally {
			warn.mockRestore();
		}
		// The damaged copy is dropped at once, and a good one saved after the boot (which the test
		// harness waits for before its first run).
		expect(clear).toHaveBeenCalledOnce();
		clear.mockRestore();
		await vi.waitFor(() => expect(store.entries.has(key)).toBe(true), { timeout: 10_000 });
		expect(store.entries.get(key)).not.toEqual(damaged);
		expect((await boot()).bootInfo?.startup).toBe('snapshot');
	}, 60_000);

	it("boots a first visit from the build's start-up image and keeps it as the cache", async () => {
		const key = savedKey();
		const images = await serveImages(new Map([[`${key}.bin`, store.entries.get(key)!]]));
		try {
			const empty = memorySnapshots();
			const first = await boot(empty, images.url);
			expect(first.bootInfo?.startup).toBe('image');
			expect(images.requests).toEqual([`${key}.bin`]);
			expect(first.python('print(sum(range(10)))').stdout).toBe('45\n');
			await vi.waitFor(() => expect([...empty.entries.keys()]).toEqual([key]), {
				timeout: 10_000
			});
			// The next boot reads the kept copy: the image is not fetched again.
			expect((await boot(empty, images.url)).bootInfo?.startup).toBe('snapshot');
			expect(images.requests).toHaveLength(1);

			// No image for this key: the first boot makes its own.
			const elsewhere = await serveImages(new Map());
			try {
				expect((await boot(memorySnapshots(), elsewhere.url)).bootInfo?.startup).toBe('made');
			} finally {
				elsewhere.close();
			}
		} finally {
			images.close();
		}
	}, 60_000);

	it('gives every boot from the same snapshot its own random numbers', async () => {
		const own = memorySnapshots();
		await boot(own);
		await vi.waitFor(() => expect(own.entries.size).toBe(1), { timeout: 10_000 });
		const draw = async () => {
			const python = await boot(own);
			expect(python.bootInfo?.startup).toBe('snapshot');
			return python.python('import random; print(random.random())').stdout;
		};
		const [first, second] = [await draw(), await draw()];
		expect(first).toMatch(/^0\.\d+\n$/);
		expect(second).not.toBe(first);
	}, 60_000);

	it("tells programs the browser's time zone, not the one the snapshot was made in", async () => {
		const zone = process.env.TZ;
		const zoned = memorySnapshots();
		try {
			process.env.TZ = 'UTC';
			await boot(zoned);
			await vi.waitFor(() => expect(zoned.entries.size).toBe(1), { timeout: 10_000 });
			process.env.TZ = 'America/New_York';
			const python = await boot(zoned);
			expect(python.bootInfo?.startup).toBe('snapshot');
			const shown = python.python(
				'import time, datetime\n' +
					'print(time.tzname, time.timezone, time.altzone, time.daylight)\n' +
					'print(time.strftime("%Z", time.localtime(1767225600)))\n' +
					'print(datetime.datetime.fromtimestamp(1767225600).astimezone().isoformat())'
			).stdout;
			expect(shown).toBe(
				"('UTC-0500', 'UTC-0400') 18000 14400 1\nUTC-0500\n2025-12-31T19:00:00-05:00\n"
			);
			// Where the zone matches the snapshot's, nothing changes.
			process.env.TZ = 'UTC';
			const utc = await boot(zoned);
			expect(utc.python('import time; print(time.tzname, time.timezone)').stdout).toBe(
				"('UTC-0000', 'UTC-0000') 0\n"
			);
		} finally {
			process.env.TZ = zone;
			if (zone === undefined) delete process.env.TZ;
		}
	}, 60_000);

	it('boots from scratch when an intact snapshot gives a Python without the runner', async () => {
		const key = savedKey();
		const bare = await loadPyodide({ indexURL: pyodideDir, _makeSnapshot: true });
		store.entries.set(key, packSnapshot(bare.makeMemorySnapshot()));
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const python = await boot();
			expect(python.bootInfo?.startup).toBe('rebuilt');
			expect(python.python('print(6 * 7)').stdout).toBe('42\n');
		} finally {
			warn.mockRestore();
		}
	}, 60_000);
});

describe('the start-up flow', () => {
	// Stand-ins for loadPyodide: what matters here is which options each boot gets.
	const fakePython = {
		runPython: () => 1,
		makeMemorySnapshot: () => new Uint8Array(4096)
	} as unknown as PyodideAPI;

	it('boots from scratch, never failing, when the store cannot be read or written', async () => {
		const broken: SnapshotStore = {
			get: () => Promise.reject(new Error('storage is gone')),
			put: () => Promise.reject(new Error('quota exceeded')),
			clear: () => Promise.reject(new Error('storage is gone'))
		};
		const loads: object[] = [];
		const warnings: string[] = [];
		const started = await startPython({
			store: broken,
			key: 'k',
			load: async (extra) => {
				loads.push(extra);
				return fakePython;
			},
			prepare: () => {},
			check: () => {},
			warn: (message) => warnings.push(message)
		});
		expect(started.startup).toBe('made');
		expect(loads).toEqual([{ _makeSnapshot: true }]);
		await vi.waitFor(() => expect(warnings).toEqual([expect.stringContaining('quota exceeded')]), {
			timeout: 5_000
		});
	});

	it('asks for the start-up image only when the store has no snapshot, and survives a bad one', async () => {
		const asked: string[] = [];
		const loads: object[] = [];
		const warnings: string[] = [];
		const options = (store: SnapshotStore, image: Uint8Array | null) => ({
			store,
			key: 'k',
			image: async (key: string) => {
				asked.push(key);
				return image;
			},
			load: async (extra: object) => {
				loads.push(extra);
				return fakePython;
			},
			prepare: () => {},
			check: () => {},
			warn: (message: string) => warnings.push(message)
		});
		const kept = memorySnapshots();
		await kept.put(snapshotKey('k'), packSnapshot(new Uint8Array(4096).fill(1)));
		expect((await startPython(options(kept, null))).startup).toBe('snapshot');
		expect(asked).toEqual([]);

		const damaged = new Uint8Array(64).fill(7);
		const started = await startPython(options(memorySnapshots(), damaged));
		expect(asked).toEqual([snapshotKey('k')]);
		expect(started.startup).toBe('made');
		expect(warnings).toEqual([expect.stringContaining('start-up image could not be used')]);
		expect(loads.at(-1)).toEqual({ _makeSnapshot: true });
	});

	it('says when the new start-up cache is written, and never fails for it', async () => {
		let finishPut = (): void => {};
		const written: string[] = [];
		const slow: SnapshotStore = {
			get: async () => null,
			put: (key) =>
				new Promise<void>((resolve) => {
					finishPut = () => {
						written.push(key);
						resolve();
					};
				}),
			clear: async () => {}
		};
		const started = await startPython({
			store: slow,
			key: 'k',
			load: async () => fakePython,
			prepare: () => {},
			check: () => {}
		});
		let settled = false;
		void started.saved.then(() => (settled = true));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(settled).toBe(false);
		finishPut();
		await started.saved;
		expect(written).toEqual([snapshotKey('k')]);

		const broken = { ...slow, put: () => Promise.reject(new Error('quota exceeded')) };
		const warnings: string[] = [];
		const again = await startPython({
			store: broken,
			key: 'k',
			load: async () => fakePython,
			prepare: () => {},
			check: () => {},
			warn: (message) => warnings.push(message)
		});
		await again.saved;
		expect(warnings).toEqual([expect.stringContaining('quota exceeded')]);
	});

	it('boots plainly, without snapshot options, when there is no store', async () => {
		const loads: object[] = [];
		const started = await startPython({
			store: null,
			key: 'k',
			load: async (extra) => {
				loads.push(extra);
				return fakePython;
			},
			prepare: () => {},
			check: () => {}
		});
		expect(started.startup).toBe('plain');
		expect(loads).toEqual([{}]);
	});
});
