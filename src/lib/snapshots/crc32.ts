// CRC-32 (IEEE 802.3, as in zip): fflate checks none of the entries it inflates, so imports do.
const table = (() => {
	const entries = new Int32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		entries[n] = c;
	}
	return entries;
})();

/** The CRC-32 of bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
	let crc = -1;
	for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
	return (crc ^ -1) >>> 0;
}
