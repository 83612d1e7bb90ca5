// What Tab does with the completions offered for a line, as bash's readline does it, and how a
// list of them is laid out.
import type { Completion } from './completion.ts';
import { replaceControls, textWidth } from './text-width.ts';

/** `text` in place of line[from, to) (UTF-16 offsets), the cursor `skip` code points after it. */
export interface Replacement {
	from: number;
	to: number;
	text: string;
	skip: number;
}

/** What Tab does to the line with the completions offered for it. */
export interface TabCompletion {
	/** More than one candidate: a second Tab in a row lists them. */
	several: boolean;
	/** What goes into the line. */
	insert?: Replacement;
	/** The candidates' labels, to list: a second Tab in a row that had nothing left to insert. */
	list?: string[];
}

/**
 * What Tab does with `result` on `line` (`repeated`: the Tab before it completed too): a single
 * candidate goes in with a space after it (none after a folder, or where `spaceAfter` is false),
 * several put in what they have in common, and a second Tab lists them. Null when nothing usable
 * is offered.
 */
export function tabCompletion(
	result: Completion,
	line: string,
	repeated: boolean
): TabCompletion | null {
	const seen = new Set<string>();
	const candidates: string[] = [];
	const labels: string[] = [];
	// The callback is someone else's code: take only what makes sense.
	const offered: unknown[] = Array.isArray(result?.candidates) ? result.candidates : [];
	offered.forEach((candidate, i) => {
		if (typeof candidate !== 'string' || !candidate || seen.has(candidate)) return;
		seen.add(candidate);
		candidates.push(candidate);
		const label = result.display?.[i];
		labels.push(typeof label === 'string' ? label : candidate);
	});
	if (!candidates.length) return null;
	const from = clamp(result.from, 0, line.length);
	const to = clamp(result.to, from, line.length);
	const word = line.slice(from, to);
	if (candidates.length === 1) {
		const [candidate] = candidates as [string];
		if (result.spaceAfter === false) {
			return { several: false, insert: { from, to, text: candidate, skip: 0 } };
		}
		const spaced = candidate.endsWith('/') || line[to] === ' ';
		const text = candidate + (spaced ? '' : ' ');
		return { several: false, insert: { from, to, text, skip: line[to] === ' ' ? 1 : 0 } };
	}
	const prefix = commonPrefix(candidates);
	if ([...prefix].length > [...word].length) {
		return { several: true, insert: { from, to, text: prefix, skip: 0 } };
	}
	return repeated ? { several: true, list: labels } : { several: true };
}

/**
 * `labels` laid out as bash lists them: in columns, down each column first, within `columns`
 * terminal columns, control characters shown as '?'. Each row ends with \r\n.
 */
export function formatList(labels: string[], columns: number, wideEmoji: boolean): string {
	const shown = labels.map((label) => replaceControls(label, '?'));
	const widths = shown.map((label) => textWidth(label, wideEmoji));
	const cell = Math.max(...widths) + 2;
	const perRow = Math.max(1, Math.floor((columns + 2) / cell));
	const rows = Math.ceil(labels.length / perRow);
	let text = '';
	for (let row = 0; row < rows; row++) {
		for (let i = row; i < labels.length; i += rows) {
			const last = i + rows >= labels.length;
			text += shown[i]! + (last ? '' : ' '.repeat(cell - widths[i]!));
		}
		text += '\r\n';
	}
	return text;
}

function clamp(value: number, min: number, max: number): number {
	return Number.isFinite(value) ? Math.max(min, Math.min(max, Math.floor(value))) : min;
}

function commonPrefix(words: string[]): string {
	let prefix = [...words[0]!];
	for (const word of words.slice(1)) {
		const chars = [...word];
		let i = 0;
		while (i < prefix.length && prefix[i] === chars[i]) i++;
		prefix = prefix.slice(0, i);
	}
	return prefix.join('');
}
