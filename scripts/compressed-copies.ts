// The compressed copies of Pyodide's large files that the server sends instead of the files
// (server/routes/app.ts): gzip for every browser, and zstd, which Chromium and Firefox take
// (their Accept-Encoding says so), for a first visit 22 % smaller: the wasm and the start-up image
// are 6.8 MB in zstd against 8.8 MB in gzip, and unpack faster (about 45 ms against 68 in Node).
// zstd at level 19 takes some 12 s for those two files, so the last copy of each file is kept in
// node_modules/.cache/bytestorm/zstd/ under the hash of what it compresses (the start-up image
// differs from build to build: one copy per file, or the cache would grow by 4 MB a build).
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

/** The suffixes of the copies, as the server looks for them. */
export const GZIP_SUFFIX = '.gz';
export const ZSTD_SUFFIX = '.zst';

/** zstd's level: its highest short of the "ultra" levels, whose windows browsers refuse. */
export const ZSTD_LEVEL = 19;

/**
 * A window of 8 MB at most (2^23): what RFC 9659 lets a zstd Content-Encoding use, and what
 * Chromium unpacks; level 19 would pick that for these sizes anyway.
 */
const ZSTD_WINDOW_LOG = 23;

const cacheDir = fileURLToPath(new URL('../node_modules/.cache/bytestorm/zstd/', import.meta.url));

const gzip = promisify(zlib.gzip);

/** The file gzipped, as fastify-static's preCompressed sends it. */
export function gzipCopy(source: Uint8Array): Promise<Uint8Array> {
	return gzip(source, { level: 9 });
}

/**
 * The file `name` (its path in the build) in zstd at ZSTD_LEVEL, from the cache when these bytes
 * have been compressed before; null where this Node has no zstd (the server then sends gzip),
 * with `warn` told why.
 */
export async function zstdCopy(
	name: string,
	source: Uint8Array,
	warn: (message: string) => void = console.warn
): Promise<Uint8Array | null> {
	const compress = zlib.zstdCompress as typeof zlib.zstdCompress | undefined;
	if (typeof compress !== 'function') {
		warn(`This Node (${process.version}) has no zstd: only gzip copies are built.`);
		return null;
	}
	const slot = `${name.replaceAll('/', '_')}-`;
	const hash = createHash('sha256').update(source).digest('hex');
	const cached = join(cacheDir, `${slot}${hash}-${ZSTD_LEVEL}-${ZSTD_WINDOW_LOG}${ZSTD_SUFFIX}`);
	const kept = await readFile(cached).catch(() => null);
	if (kept) return kept;
	const bytes = await promisify(compress)(source, {
		params: {
			[zlib.constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
			[zlib.constants.ZSTD_c_windowLog]: ZSTD_WINDOW_LOG,
			[zlib.constants.ZSTD_c_checksumFlag]: 1
		},
		pledgedSrcSize: source.byteLength
	});
	await mkdir(cacheDir, { recursive: true });
	// The file's older copies go: these bytes replace them.
	for (const entry of await readdir(cacheDir)) {
		if (entry.startsWith(slot) && entry.endsWith(ZSTD_SUFFIX))
			await rm(join(cacheDir, entry), { force: true });
	}
	// Written beside and renamed: two builds at once never read half a copy.
	const partial = `${cached}.${process.pid}.partial`;
	await writeFile(partial, bytes);
	await rename(partial, cached).catch(() => rm(partial, { force: true }));
	return bytes;
}
