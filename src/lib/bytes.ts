// Byte arrays: what the shell's pipes, the offline runtime's stdin and the snapshot packs share.

/** The chunks one after the other; a single chunk is returned as it is (no copy). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
	if (chunks.length === 1) return chunks[0]!;
	let length = 0;
	for (const chunk of chunks) length += chunk.length;
	const all = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		all.set(chunk, offset);
		offset += chunk.length;
	}
	return all;
}
