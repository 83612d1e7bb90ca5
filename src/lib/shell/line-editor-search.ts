// The state of bash's reverse incremental search (Ctrl+R) over the shell's history.

interface SearchStep {
	query: string;
	/** The matching history entry, or -1 before the first match. */
	index: number;
	/** Where the match starts in it, in code points. */
	position: number;
	failed: boolean;
}

/** The history entry a search stopped on. */
export interface SearchMatch {
	/** The entry as the history holds it. */
	entry: string;
	/** Its index in the history. */
	index: number;
	/** Where the query starts in it, in code points. */
	position: number;
}

/**
 * One reverse search, as bash's reverse-i-search: each typed character narrows the match to the
 * newest entry holding the query at or before the current match, Ctrl+R steps to an older one,
 * Backspace goes back one typed character. It reads the history live, through `history`.
 */
export class ReverseSearch {
	readonly #history: () => readonly string[];
	#step: SearchStep = { query: '', index: -1, position: 0, failed: false };
	/** Steps before each typed character, for Backspace. */
	readonly #undo: SearchStep[] = [];

	constructor(history: () => readonly string[]) {
		this.#history = history;
	}

	/** What has been typed so far. */
	get query(): string {
		return this.#step.query;
	}

	/** The prompt that shows the search, as bash words it. */
	get prompt(): string {
		const { failed, query } = this.#step;
		return `(${failed ? 'failed ' : ''}reverse-i-search)'${query}': `;
	}

	/** The entry found, or null before the first match. */
	get match(): SearchMatch | null {
		const { index, position } = this.#step;
		if (index < 0) return null;
		return { entry: this.#history()[index]!, index, position };
	}

	/** Adds `text` to the query, one character at a time. */
	type(text: string): void {
		for (const char of text) {
			const step = this.#step;
			this.#undo.push({ ...step });
			const query = step.query + char;
			const found = step.failed
				? null
				: this.#find(query, step.index, step.index < 0 ? Infinity : step.position);
			Object.assign(step, found ?? { failed: true }, { query });
		}
	}

	/**
	 * Ctrl+R: looks for an older match of the query, or of `lastQuery` when nothing is typed yet,
	 * as bash does. False when there is no query to look for.
	 */
	again(lastQuery: string): boolean {
		const step = this.#step;
		const query = step.query || lastQuery;
		if (!query) return false;
		const older = this.#find(query, step.index, step.index < 0 ? Infinity : step.position - 1);
		Object.assign(step, older ?? { failed: true }, { query });
		return true;
	}

	/** Backspace: back to where the search was before the last typed character. */
	back(): void {
		Object.assign(this.#step, this.#undo.pop() ?? {});
	}

	/** The newest match of `query` at or before entry `index`, there starting at or before `limit`. */
	#find(query: string, index: number, limit: number): SearchStep | null {
		if (!query) return null;
		const history = this.#history();
		const current = history[index];
		for (let i = index < 0 ? history.length - 1 : index; i >= 0; i--) {
			const entry = history[i]!;
			if (i !== index && entry === current) continue;
			const at = i === index ? lastIndexOf(entry, query, limit) : lastIndexOf(entry, query);
			if (at >= 0) return { query, index: i, position: at, failed: false };
		}
		return null;
	}
}

/** The code-point index of the last `query` in `text` starting at or before code point `limit`. */
function lastIndexOf(text: string, query: string, limit = Infinity): number {
	if (limit < 0) return -1;
	const chars = [...text];
	const from = limit === Infinity ? text.length : chars.slice(0, limit).join('').length;
	const at = text.lastIndexOf(query, from);
	return at < 0 ? -1 : [...text.slice(0, at)].length;
}
