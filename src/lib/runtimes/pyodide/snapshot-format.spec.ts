import { describe, expect, it } from 'vitest';
import { DamagedSnapshotError, openSnapshot, packSnapshot } from './snapshot-format.ts';

/** The whole memory a packed snapshot holds, written into a new (all-zero) buffer. */
function unpackSnapshot(packed: Uint8Array): Uint8Array {
	const snapshot = openSnapshot(packed);
	const memory = new Uint8Array(snapshot.memoryBytes);
	snapshot.writeInto(memory, 0, 0);
	return memory;
}

/** Memory like a booted Python's: mostly zero pages, some data, a length that is not whole pages. */
function sampleMemory(): Uint8Array {
	const memory = new Uint8Array(64 * 4096 + 48);
	for (const page of [0, 1, 7, 40, 63]) {
		for (let i = 0; i < 4096; i += 97) memory[page * 4096 + i] = (page * 31 + i) & 0xff;
	}
	memory[memory.length - 1] = 9;
	return memory;
}

describe('the stored form of a memory snapshot', () => {
	it('keeps only the pages with data and restores every byte', () => {
		const memory = sampleMemory();
		const packed = packSnapshot(memory);
		expect(packed.length).toBeLessThan(7 * 4096);
		expect(unpackSnapshot(packed)).toEqual(memory);
	});

	it('restores all-zero memory', () => {
		const memory = new Uint8Array(10 * 4096);
		expect(unpackSnapshot(packSnapshot(memory))).toEqual(memory);
	});

	it('refuses a copy with one byte changed, truncated, or not a snapshot at all', () => {
		const packed = packSnapshot(sampleMemory());
		const flipped = packed.slice();
		flipped[flipped.length - 5]! ^= 0x10;
		expect(() => unpackSnapshot(flipped)).toThrow(DamagedSnapshotError);
		expect(() => unpackSnapshot(packed.slice(0, packed.length - 4096))).toThrow(
			DamagedSnapshotError
		);
		expect(() => unpackSnapshot(new TextEncoder().encode('not a snapshot at all'))).toThrow(
			DamagedSnapshotError
		);
		expect(() => unpackSnapshot(new Uint8Array(0))).toThrow(DamagedSnapshotError);
	});

	it('writes into memory from an offset, zeroing stale bytes only below where it is clean', () => {
		const memory = sampleMemory();
		const snapshot = openSnapshot(packSnapshot(memory));
		expect(snapshot.memoryBytes).toBe(memory.length);
		// As Pyodide's memory before a restore: written low down, clean above `clean`.
		const from = 100;
		const clean = 20 * 4096;
		const target = new Uint8Array(memory.length - from + 4096);
		target.fill(0xee, 0, clean);
		snapshot.writeInto(target, from, clean);
		expect(target.subarray(0, memory.length - from)).toEqual(memory.subarray(from));
		expect(target.subarray(memory.length - from).every((byte) => byte === 0)).toBe(true);

		// Above `clean` the zero pages are left alone: a marker there survives.
		const marked = new Uint8Array(memory.length);
		marked[30 * 4096] = 1;
		snapshot.writeInto(marked, 0, clean);
		expect(marked[30 * 4096]).toBe(1);
		expect(marked[7 * 4096]).toBe(memory[7 * 4096]);
	});

	it('refuses to write into memory too small for it', () => {
		const snapshot = openSnapshot(packSnapshot(sampleMemory()));
		expect(() => snapshot.writeInto(new Uint8Array(4096), 0, 0)).toThrow(RangeError);
	});
});
