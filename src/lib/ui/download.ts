/** Saves a Blob to the user's downloads folder under `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.click();
	// The download has started by then; the URL only pins the Blob in memory.
	setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
