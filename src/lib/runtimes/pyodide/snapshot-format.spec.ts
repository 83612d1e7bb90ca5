import { describe, expect, it } from 'vitest';
import { DamagedSnapshotError, packSnapshot, unpackSnapshot } from './snapshot-format.ts';

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
});
