// Pyodide's restore of a memory snapshot, without writing the pages that stay zero. Pyodide's own
// copies the whole snapshot (30 MB, two thirds of it zero pages) into Python's new memory, and it
// wants it unpacked first into a buffer of the same size: every page of both is touched for the
// first time, and on the machines we measure on a first touch costs about 3 µs a page, some
// 150 ms a boot. Here the packed snapshot (snapshot-format.ts) is written straight into Python's
// memory, data pages only: fresh memory is zero already. This hooks a private function of
// Pyodide's (API.restoreSnapshot), like the snapshot options themselves; the version is pinned,
// and anything unexpected makes the boot fail, which startPython answers with a boot from scratch.
import type { CreatePyodideModule } from './early-load.ts';
import type { OpenedSnapshot } from './snapshot-format.ts';

/** What this module uses of the Emscripten module Pyodide makes (pyodide.asm.mjs). */
interface EmscriptenModule {
	HEAPU8: Uint8Array;
	HEAPU32: Uint32Array;
	/** Where the top of the heap is kept (sbrk's pointer). */
	_emscripten_get_sbrk_ptr(): number;
	API: { restoreSnapshot(snapshot: Uint8Array): unknown };
}

/** Pyodide's snapshot header: magic, the offset where memory starts, then more (src/core). */
const HEADER_WORDS = 4;
const HEADER_BYTES = HEADER_WORDS * 4;

const placeholders = new WeakMap<Uint8Array, OpenedSnapshot>();

/**
 * What to give loadPyodide as `_loadSnapshot` for `snapshot` when its module comes from
 * restoringPacked: Pyodide sizes Python's memory by its length and hands it back to the restore.
 * It is never written: a large buffer nobody touches costs no memory.
 */
export function snapshotToLoad(snapshot: OpenedSnapshot): Uint8Array {
	const placeholder = new Uint8Array(snapshot.memoryBytes);
	placeholders.set(placeholder, snapshot);
	return placeholder;
}

/** Wraps Pyodide's module factory so that the snapshots of snapshotToLoad are restored here. */
export function restoringPacked(create: CreatePyodideModule): CreatePyodideModule {
	return async (settings) => {
		const module = await create(settings);
		const emscripten = module as unknown as EmscriptenModule;
		const pyodidesOwn = emscripten.API.restoreSnapshot;
		emscripten.API.restoreSnapshot = (snapshot) => {
			const opened = placeholders.get(snapshot);
			return opened ? restorePacked(emscripten, pyodidesOwn, opened) : pyodidesOwn(snapshot);
		};
		return module;
	};
}

/**
 * Restores `snapshot` into the module's memory and returns what Pyodide's restore returns (the
 * snapshot's metadata). Pyodide's own restore still reads the header: it is given the part before
 * the memory, so it checks the build and parses the metadata, and has no memory left to copy.
 */
export function restorePacked(
	module: EmscriptenModule,
	pyodidesOwn: (snapshot: Uint8Array) => unknown,
	snapshot: OpenedSnapshot
): unknown {
	const words = new Uint32Array(HEADER_WORDS);
	snapshot.writeInto(new Uint8Array(words.buffer), 0, HEADER_BYTES, HEADER_BYTES);
	const memoryStart = words[1]!;
	if (memoryStart < HEADER_BYTES || memoryStart % 4 !== 0 || memoryStart > snapshot.memoryBytes) {
		throw new Error('The snapshot header is not one this Pyodide wrote.');
	}
	const header = new Uint8Array(memoryStart);
	snapshot.writeInto(header, 0, memoryStart, memoryStart);
	const metadata = pyodidesOwn(header);
	// Everything written into memory so far (the binary's data, the stack, what start-up code
	// allocated) lies below the top of the heap; above it memory is as new, all zeros.
	const heapTop = module.HEAPU32[module._emscripten_get_sbrk_ptr() >>> 2]!;
	snapshot.writeInto(module.HEAPU8, memoryStart, heapTop);
	return metadata;
}

/** Pyodide's module factory, loaded as Pyodide itself would (where early-load.ts cannot help). */
export function pyodideModule(indexURL: string): CreatePyodideModule {
	// A plain path is Node's: import() wants a file: URL.
	const base = /^[a-z][a-z0-9+.-]*:/i.test(indexURL) ? indexURL : new URL(indexURL, 'file:///');
	const url = new URL('pyodide.asm.mjs', base).href;
	return async (settings) => {
		const { default: create } = (await import(/* @vite-ignore */ url)) as {
			default: CreatePyodideModule;
		};
		return create(settings);
	};
}
