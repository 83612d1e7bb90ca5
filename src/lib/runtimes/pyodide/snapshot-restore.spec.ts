// The restore that skips zero pages, against Pyodide's own: a real Pyodide in Node.
import { loadPyodide } from 'pyodide';
import { describe, expect, it } from 'vitest';
import { openSnapshot, packSnapshot } from './snapshot-format.ts';
import type { CreatePyodideModule } from './early-load.ts';
import {
	pyodideModule,
	restorePacked,
	restoringPacked,
	snapshotToLoad
} from './snapshot-restore.ts';
import { pyodideDir } from './testing.ts';

const quiet = { stdout: () => {}, stderr: () => {} };

async function makeSnapshot(): Promise<Uint8Array> {
	const pyodide = await loadPyodide({ indexURL: pyodideDir, _makeSnapshot: true, ...quiet });
	pyodide.runPython('import json, re\nstate = {"answer": 42}');
	return pyodide.makeMemorySnapshot();
}

describe("restoring Python's memory from a packed snapshot", () => {
	it('leaves memory exactly as Pyodide would, and Python runs from it', async () => {
		const memory = await makeSnapshot();
		const opened = openSnapshot(packSnapshot(memory));
		let restored: Uint8Array | null = null;
		let memoryStart = 0;
		// restoringPacked, with a look at memory right after the restore.
		const create: CreatePyodideModule = async (settings) => {
			const module = await pyodideModule(pyodideDir)(settings);
			const emscripten = module as unknown as Parameters<typeof restorePacked>[0];
			const pyodidesOwn = emscripten.API.restoreSnapshot;
			emscripten.API.restoreSnapshot = () => {
				const metadata = restorePacked(emscripten, pyodidesOwn, opened);
				memoryStart = new Uint32Array(memory.buffer, memory.byteOffset, 2)[1]!;
				restored = emscripten.HEAPU8.slice(0, memory.length - memoryStart);
				return metadata;
			};
			return module;
		};
		const pyodide = await loadPyodide({
			indexURL: pyodideDir,
			_loadSnapshot: snapshotToLoad(opened),
			createPyodideModule: create,
			...quiet
		});
		expect(memoryStart).toBeGreaterThan(0);
		// What Pyodide's own restore writes: the snapshot from where its memory starts.
		expect(restored!.length).toBe(memory.length - memoryStart);
		expect(Buffer.from(restored!).equals(Buffer.from(memory.subarray(memoryStart)))).toBe(true);
		expect(pyodide.runPython('state["answer"] + len(re.findall("a", "banana"))')).toBe(45);
	}, 60_000);

	it('boots through restoringPacked, and fails cleanly without it', async () => {
		const opened = openSnapshot(packSnapshot(await makeSnapshot()));
		const pyodide = await loadPyodide({
			indexURL: pyodideDir,
			_loadSnapshot: snapshotToLoad(opened),
			createPyodideModule: restoringPacked(pyodideModule(pyodideDir)),
			...quiet
		});
		expect(pyodide.runPython('state["answer"]')).toBe(42);
		// Pyodide's own restore sees a placeholder, not a snapshot: an error, which startPython
		// answers with a boot from scratch.
		await expect(
			loadPyodide({ indexURL: pyodideDir, _loadSnapshot: snapshotToLoad(opened), ...quiet })
		).rejects.toThrow(/magic/);
	}, 60_000);
});
