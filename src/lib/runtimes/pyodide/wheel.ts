// Wheels as pip sees them: what a file name says about where the wheel runs (PEP 427 and 425
// tags), and the METADATA inside it, read straight from the zip without unpacking it.

/** The parts of a wheel's file name: `greeter-1.0-py3-none-any.whl`. */
export interface WheelName {
	readonly distribution: string;
	readonly version: string;
	/** The optional build tag, as a number for ordering (0 when absent). */
	readonly build: number;
	readonly pythonTags: readonly string[];
	readonly abiTags: readonly string[];
	readonly platformTags: readonly string[];
}

/** Parses a wheel file name; null for anything else (a source archive, an egg). */
export function parseWheelName(fileName: string): WheelName | null {
	const match = /^([^-]+)-([^-]+)(?:-(\d[^-]*))?-([^-]+)-([^-]+)-([^-]+)\.whl$/i.exec(
		fileName.trim()
	);
	if (!match) return null;
	const [, distribution, version, build, python, abi, platform] = match;
	return {
		distribution: distribution!,
		version: version!,
		build: build ? parseInt(build, 10) : 0,
		pythonTags: python!.split('.'),
		abiTags: abi!.split('.'),
		platformTags: platform!.split('.')
	};
}

/**
 * True for a pure-Python wheel that runs on `pythonVersion` (e.g. '3.14.2'): platform `any`,
 * ABI `none`, and a Python tag of `py3`, `py3N` with N up to ours (`py2.py3` counts).
 */
export function isPurePythonWheel(wheel: WheelName, pythonVersion: string): boolean {
	const minor = Number(pythonVersion.split('.')[1] ?? 0);
	return (
		wheel.platformTags.includes('any') &&
		wheel.abiTags.includes('none') &&
		wheel.pythonTags.some((tag) => {
			const match = /^py3(\d*)$/.exec(tag);
			return match !== null && (match[1] === '' || Number(match[1]) <= minor);
		})
	);
}

/** What kind of machine a platform tag is for, in words a user knows: 'manylinux', 'macOS', ... */
export function platformFamily(tag: string): string {
	if (tag.startsWith('manylinux') || tag.startsWith('linux')) return 'manylinux';
	if (tag.startsWith('musllinux')) return 'musllinux';
	if (tag.startsWith('macosx')) return 'macOS';
	if (tag.startsWith('win')) return 'Windows';
	if (tag.startsWith('pyodide') || tag.startsWith('emscripten') || tag.startsWith('pyemscripten')) {
		return 'other Pyodide versions';
	}
	return tag;
}

/** Reads `*.dist-info/METADATA` from a wheel's bytes; throws if the wheel has none or is not a zip. */
export async function readWheelMetadata(wheel: Uint8Array): Promise<string> {
	const entry = centralDirectory(wheel).find((candidate) =>
		/^[^/]+\.dist-info\/METADATA$/.test(candidate.name)
	);
	if (!entry) throw new Error('the wheel has no .dist-info/METADATA file');
	return new TextDecoder().decode(await extract(wheel, entry));
}

/** The METADATA header fields (RFC 822 style), each name lower-cased, in order. */
export function metadataFields(metadata: string): Array<[string, string]> {
	const fields: Array<[string, string]> = [];
	for (const line of metadata.replace(/\r\n?/g, '\n').split('\n')) {
		// The headers end at the first empty line; the description follows.
		if (line === '') break;
		const last = fields[fields.length - 1];
		if (/^[ \t]/.test(line) && last) last[1] += `\n${line.trim()}`;
		else {
			const colon = line.indexOf(':');
			if (colon > 0)
				fields.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
		}
	}
	return fields;
}

/** The `Requires-Dist` lines of METADATA: the wheel's dependencies, markers included. */
export function requiresDist(metadata: string): string[] {
	return metadataFields(metadata)
		.filter(([name]) => name === 'requires-dist')
		.map(([, value]) => value);
}

/** pip's way of showing a size: '812 bytes', '3.2 kB', '45 kB', '1.5 MB'. */
export function formatSize(bytes: number): string {
	if (bytes > 1000 * 1000) return `${(bytes / 1000 / 1000).toFixed(1)} MB`;
	if (bytes > 10 * 1000) return `${Math.floor(bytes / 1000)} kB`;
	if (bytes > 1000) return `${(bytes / 1000).toFixed(1)} kB`;
	return `${Math.floor(bytes)} bytes`;
}

interface ZipEntry {
	name: string;
	method: number;
	compressedSize: number;
	localHeader: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function centralDirectory(zip: Uint8Array): ZipEntry[] {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	// The end record is the last 22 bytes, unless a comment (up to 64 KiB) follows it.
	let end = -1;
	for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
		if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
			end = at;
			break;
		}
	}
	if (end < 0) throw new Error('the file is not a zip archive');
	const count = view.getUint16(end + 10, true);
	let at = view.getUint32(end + 16, true);
	const entries: ZipEntry[] = [];
	const decoder = new TextDecoder();
	for (let index = 0; index < count; index++) {
		if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL_FILE_HEADER) {
			throw new Error('the zip archive is damaged');
		}
		const nameLength = view.getUint16(at + 28, true);
		entries.push({
			method: view.getUint16(at + 10, true),
			compressedSize: view.getUint32(at + 20, true),
			localHeader: view.getUint32(at + 42, true),
			name: decoder.decode(zip.subarray(at + 46, at + 46 + nameLength))
		});
		at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	return entries;
}

async function extract(zip: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const at = entry.localHeader;
	if (view.getUint32(at, true) !== LOCAL_FILE_HEADER) throw new Error('the zip archive is damaged');
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	const data = zip.slice(start, start + entry.compressedSize);
	if (entry.method === 0) return data;
	if (entry.method !== 8)
		throw new Error(`the zip archive uses compression method ${entry.method}`);
	const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}
