import { dirname } from './paths.ts';
import type { FileSystem, Origin } from './types.ts';

/** A workspace's files as plain values: what export, import and duplicate carry. */
export interface WorkspaceContents {
	/** Normalised path to content: text as a string, binary as bytes. */
	files: Map<string, string | Uint8Array>;
	/** Folders with nothing in them (others are implied by their files). */
	folders: string[];
}

/** Every file of a workspace (text as text, binary as bytes) and its empty folders. */
export function readContents(fs: FileSystem): WorkspaceContents {
	const entries = fs.walk();
	const parents = new Set(entries.map((entry) => dirname(entry.path)));
	const files = new Map<string, string | Uint8Array>();
	const folders: string[] = [];
	for (const { path, type } of entries) {
		if (type === 'dir') {
			if (!parents.has(path)) folders.push(path);
		} else {
			files.set(path, fs.stat(path).encoding === 'text' ? fs.readText(path) : fs.readBytes(path));
		}
	}
	return { files, folders };
}

/** Writes contents into a workspace in one transaction (existing files with the same path are replaced). */
export function writeContents(fs: FileSystem, contents: WorkspaceContents, origin: Origin): void {
	fs.doc.transact(() => {
		for (const [path, content] of contents.files) {
			fs.writeFile(path, content, { origin, createParents: true });
		}
		for (const folder of contents.folders) fs.mkdir(folder, { recursive: true, origin });
	}, origin);
}
