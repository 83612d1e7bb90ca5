// Helpers for the unit tests: a worker's file tree filled from a map of files.
import { MemoryFs, WORKSPACE_ROOT } from './vfs.ts';

/** A MemoryFs holding `files` (workspace-relative path → text). */
export function treeWith(files: Record<string, string>, maxFileBytes = 1 << 20): MemoryFs {
	const vfs = new MemoryFs({ maxFileBytes });
	vfs.apply(
		Object.entries(files).map(([path, text]) => ({
			op: 'write',
			path,
			data: new TextEncoder().encode(text)
		}))
	);
	return vfs;
}

export { WORKSPACE_ROOT };
