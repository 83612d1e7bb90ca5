/** SHA-256 of `bytes` as lower-case hex (64 characters). */
export async function sha256(bytes: Uint8Array): Promise<string> {
	const digest = new Uint8Array(
		await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
	);
	let hex = '';
	for (const byte of digest) hex += HEX[byte];
	return hex;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
