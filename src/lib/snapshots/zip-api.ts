// The zip worker's contract: compressing and inflating a 10 MB workspace takes seconds, which
// would freeze the page, so both run in a worker (zip-worker.ts); zip-client.ts calls it.
import type { WorkspaceContents } from '#lib/workspace/contents.ts';
import type { ZipOptions } from './zip.ts';
import type { ImportLimits } from './zip-limits.ts';

/** What the zip worker does; the same functions as zip.ts, off the page's thread. */
export interface ZipWorkerApi {
	/** The zip's chunks (transferred). */
	zip(contents: WorkspaceContents, options: ZipOptions): Uint8Array[];
	/** The contents of a zip (its bytes are transferred in); throws a ZipError that says why not. */
	unzip(bytes: Uint8Array, limits: ImportLimits): WorkspaceContents;
}
