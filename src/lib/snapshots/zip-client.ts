// zip.ts off the page's thread: one worker per call, so a zip of any size leaves the page
// responsive (typing, the terminal, a running program's output) and memory is freed after.
// Where there is no Worker (unit tests in Node) the same functions run inline.
import * as Comlink from 'comlink';
import type { WorkspaceContents } from '#lib/workspace/contents.ts';
import type { ZipWorkerApi } from './zip-api.ts';
import { reviveZipError, ZipError } from './zip-errors.ts';
import { defaultImportLimits, type ImportLimits } from './zip-limits.ts';
import { unzipContents, zipContents, type ZipOptions } from './zip.ts';

/** The zip of some contents as a Blob, ready to download; made in a worker. */
export async function zipBlobInWorker(
	contents: WorkspaceContents,
	options: ZipOptions = {}
): Promise<Blob> {
	const chunks = await inWorker(
		(api) => api.zip(contents, options),
		() => zipContents(contents, options)
	);
	return new Blob(chunks as BlobPart[], { type: 'application/zip' });
}

/** The contents of a zip's bytes (which are handed over), checked and inflated in a worker. */
export function unzipInWorker(
	bytes: Uint8Array,
	limits: ImportLimits = defaultImportLimits
): Promise<WorkspaceContents> {
	return inWorker(
		(api) => api.unzip(Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]), limits),
		() => unzipContents(bytes, limits)
	);
}

async function inWorker<T>(
	call: (api: Comlink.Remote<ZipWorkerApi>) => Promise<T>,
	inline: () => T
): Promise<T> {
	if (typeof Worker === 'undefined') return inline();
	const worker = new Worker(new URL('./zip-worker.ts', import.meta.url), {
		type: 'module',
		name: 'zip'
	});
	// A worker that dies (out of memory on a huge zip) or cannot load rejects instead of hanging.
	const died = new Promise<never>((_, reject) =>
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			reject(
				new ZipError(
					`The zip could not be processed: ${event.message || 'its worker stopped (out of memory?)'}. Nothing was changed.`
				)
			);
		})
	);
	try {
		return await Promise.race([call(Comlink.wrap<ZipWorkerApi>(worker)), died]);
	} catch (error) {
		// Comlink carries an error's name and message, not its class: give the class back.
		throw error instanceof Error ? reviveZipError(error) : error;
	} finally {
		worker.terminate();
	}
}
