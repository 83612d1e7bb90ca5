import type * as Y from 'yjs';

/** How many leading bytes `isProbablyText` searches for a NUL byte. */
const SNIFF_BYTES = 8 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 length of a string in bytes, without allocating the encoded copy. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		if (unit < 0x80) bytes += 1;
		else if (unit < 0x800) bytes += 2;
		else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
			bytes += 4;
			i++;
		} else bytes += 3; // includes lone surrogates, which encode as U+FFFD
	}
	return bytes;
}

/** Encodes text as UTF-8. */
export function encodeText(text: string): Uint8Array {
	return encoder.encode(text);
}

/** Decodes UTF-8, replacing invalid sequences with U+FFFD. */
export function decodeText(bytes: Uint8Array): string {
	return decoder.decode(bytes);
}

/** True when bytes look like a text file: valid UTF-8 and no NUL byte in the first 8 KB. */
export function isProbablyText(bytes: Uint8Array): boolean {
	if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

/** What to store for imported or uploaded bytes: the decoded string for text, the bytes otherwise. */
export function contentFromBytes(bytes: Uint8Array): string | Uint8Array {
	return isProbablyText(bytes) ? decodeText(bytes) : bytes;
}

function isHighSurrogate(unit: number): boolean {
	return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
	return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The smallest single replacement turning `before` into `after`: delete `remove` at `index`, then insert. */
export function minimalEdit(
	before: string,
	after: string
): { index: number; remove: number; insert: string } {
	const limit = Math.min(before.length, after.length);
	let start = 0;
	while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	// Never split a surrogate pair: Yjs would replace the orphaned half with U+FFFD.
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	let end = 0;
	while (
		end < limit - start &&
		before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
	) {
		end++;
	}
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
	return {
		index: start,
		remove: before.length - start - end,
		insert: after.slice(start, after.length - end)
	};
}

/** Replaces a Y.Text's content with `next` by editing only the part that differs. */
export function replaceText(text: Y.Text, next: string): void {
	const { index, remove, insert } = minimalEdit(text.toString(), next);
	if (remove > 0) text.delete(index, remove);
	if (insert !== '') text.insert(index, insert);
}

/** True when two byte arrays hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
