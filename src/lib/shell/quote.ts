// Writing argv back as a command line, for the Run button and the run history.

/** Quotes a word so that the shell's parser reads it back unchanged (`it's` as `'it'\''s'`). */
export function quoteWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command line that runs `argv`, each word quoted only where it needs to be. */
export function commandLine(argv: readonly string[]): string {
	return argv.map(quoteWord).join(' ');
}
