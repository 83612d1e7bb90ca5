// Provided by scripts/vite-pyodide-assets.ts at build time.
declare module 'virtual:bytestorm/pyodide-stdlib' {
	/** First 16 hex digits of the SHA-256 of the python_stdlib.zip this build serves. */
	export const stdlibHash: string;
}
