import { readContents, type WorkspaceContents } from '#lib/workspace/contents.ts';
import { readStoredWorkspace } from '#lib/workspace/copies.ts';
import type { FileSystem } from '#lib/workspace/types.ts';
import { downloadBlob } from '#lib/ui/download.ts';
import { zipBlob, zipFileName } from './zip.ts';

/** Downloads contents (a workspace's or a snapshot's) as `<name>.zip`. */
export function downloadContents(contents: WorkspaceContents, name: string): void {
	downloadBlob(zipBlob(contents), zipFileName(name));
}

/** Downloads the live workspace's files as `<name>.zip`. */
export function downloadWorkspace(fs: FileSystem, name: string): void {
	downloadContents(readContents(fs), name);
}

/** Downloads a stored workspace (not open in this page) as `<name>.zip`. */
export async function downloadStoredWorkspace(id: string, name: string): Promise<void> {
	downloadContents((await readStoredWorkspace(id)).contents, name);
}
