import type { UploadItem } from './session.svelte.ts';

// The File and Directory Entries API types are not in TypeScript's DOM lib under these names.
interface DroppedEntry {
	isFile: boolean;
	isDirectory: boolean;
	name: string;
	file?(success: (file: File) => void, failure: (error: unknown) => void): void;
	createReader?(): {
		readEntries(success: (entries: DroppedEntry[]) => void, failure: (e: unknown) => void): void;
	};
}

/** Whether a drag carries files from the user's computer (not a row of the tree). */
export function carriesFiles(transfer: DataTransfer | null): boolean {
	return !!transfer && Array.from(transfer.types).includes('Files');
}

/** The files of a drop, folders walked recursively, each with its path relative to the drop. */
export async function droppedFiles(transfer: DataTransfer): Promise<UploadItem[]> {
	// Entries must be taken synchronously, before the first await: the DataTransfer empties after.
	const entries = Array.from(transfer.items)
		.map((item) => item.webkitGetAsEntry?.() as DroppedEntry | null)
		.filter((entry): entry is DroppedEntry => !!entry);
	if (entries.length === 0)
		return Array.from(transfer.files).map((file) => ({ path: file.name, file }));
	const items: UploadItem[] = [];
	for (const entry of entries) await collect(entry, '', items);
	return items;
}

async function collect(entry: DroppedEntry, prefix: string, out: UploadItem[]): Promise<void> {
	const path = prefix ? `${prefix}/${entry.name}` : entry.name;
	if (entry.isFile && entry.file) {
		const read = entry.file.bind(entry);
		out.push({ path, file: await new Promise<File>((resolve, reject) => read(resolve, reject)) });
	} else if (entry.isDirectory && entry.createReader) {
		const reader = entry.createReader();
		// readEntries returns at most 100 entries per call; an empty batch means the end.
		for (;;) {
			const batch = await new Promise<DroppedEntry[]>((resolve, reject) =>
				reader.readEntries(resolve, reject)
			);
			if (batch.length === 0) break;
			for (const child of batch) await collect(child, path, out);
		}
	}
}
