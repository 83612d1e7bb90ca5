/** A command line split into words, or the reason it could not be. */
export type SplitResult = { ok: true; argv: string[] } | { ok: false; message: string };

/**
 * Splits a command line into words with POSIX-like quoting: '...' is literal, "..." allows \"
 * and \\, a backslash outside quotes escapes the next character. This is the launcher's whole
 * grammar until the shell (pipes, variables, globs) replaces it.
 */
export function splitArgs(line: string): SplitResult {
	const argv: string[] = [];
	let word = '';
	let inWord = false;
	for (let i = 0; i < line.length; i++) {
		const char = line[i]!;
		if (char === "'") {
			const end = line.indexOf("'", i + 1);
			if (end < 0) return { ok: false, message: `unterminated ' quote at column ${i + 1}` };
			word += line.slice(i + 1, end);
			inWord = true;
			i = end;
		} else if (char === '"') {
			let j = i + 1;
			for (; j < line.length && line[j] !== '"'; j++) {
				if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
				word += line[j];
			}
			if (j >= line.length)
				return { ok: false, message: `unterminated " quote at column ${i + 1}` };
			inWord = true;
			i = j;
		} else if (char === '\\' && i + 1 < line.length) {
			word += line[++i];
			inWord = true;
		} else if (char === ' ' || char === '\t') {
			if (inWord) argv.push(word);
			word = '';
			inWord = false;
		} else {
			word += char;
			inWord = true;
		}
	}
	if (inWord) argv.push(word);
	return { ok: true, argv };
}

/** Quotes a word so that `splitArgs` gives it back unchanged. */
export function quoteArg(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
