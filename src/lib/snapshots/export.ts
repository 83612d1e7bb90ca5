import { readContents, type WorkspaceContents } from '#lib/workspace/contents.ts';
import { readStoredWorkspace } from '#lib/workspace/copies.ts';
import type { FileSystem } from '#lib/workspace/types.ts';
import { downloadBlob } from '#lib/ui/download.ts';
import { readSnapshot } from './store.ts';
import { zipBlobInWorker } from './zip-client.ts';
import { zipFileName } from './zip.ts';

/** Downloads contents (a workspace's or a snapshot's) as `<name>.zip`, zipped off the page's thread. */
export async function downloadContents(contents: WorkspaceContents, name: string): Promise<void> {
	downloadBlob(await zipBlobInWorker(contents), zipFileName(name));
}

/** Downloads the live workspace's files as `<name>.zip`. */
export function downloadWorkspace(fs: FileSystem, name: string): Promise<void> {
	return downloadContents(readContents(fs), name);
}

/** Downloads a stored workspace (not open in this page) as `<name>.zip`. */
export async function downloadStoredWorkspace(id: string, name: string): Promise<void> {
	await downloadContents((await readStoredWorkspace(id)).contents, name);
}

/** Downloads a snapshot's files as `<workspace name> - <snapshot name>.zip`. */
export async function downloadSnapshot(snapshotId: string, workspaceName: string): Promise<void> {
	const { summary, files, emptyFolders } = await readSnapshot(snapshotId);
	await downloadContents({ files, folders: emptyFolders }, `${workspaceName} - ${summary.name}`);
}
