// Python's start-up cache with a real Pyodide in Node: the first boot saves a snapshot, the next
// ones start from it and behave the same, and a damaged snapshot costs one normal boot.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { describe, expect, it, vi } from 'vitest';
import { packSnapshot } from './snapshot-format.ts';
import { memorySnapshots, startPython, type SnapshotStore } from './snapshot.ts';
import { TestPython, pyodideDir } from './testing.ts';

const store = memorySnapshots();

async function boot(snapshots: SnapshotStore = store): Promise<TestPython> {
	const python = new TestPython({ snapshots });
	await python.boot();
	return python;
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
		try {
			const python = await boot();
			expect(python.bootInfo?.startup).toBe('rebuilt');
			expect(python.python('print("still here")').stdout).toBe('still here\n');
			expect(warn).toHaveBeenCalledWith(expect.stringContaining('checksum'));
		} finally {
			warn.mockRestore();
		}
		// The damaged copy is dropped at once, and a good one saved after the boot.
		expect(store.entries.size).toBe(0);
		await vi.waitFor(() => expect(store.entries.has(key)).toBe(true), { timeout: 10_000 });
		expect((await boot()).bootInfo?.startup).toBe('snapshot');
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
