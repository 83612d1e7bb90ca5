// Wheels built by the tests themselves: a wheel is a zip with the package's files, a
// NAME-VERSION.dist-info folder (METADATA, WHEEL, RECORD), nothing else. A small zip writer is
// enough for that (stored or deflated entries, no zip64).
import { crc32, deflateRawSync } from 'node:zlib';

/** One file in a zip. */
export interface ZipEntry {
	name: string;
	data: string | Uint8Array;
}

/** Writes a zip archive; entries are deflated unless `deflate` is false. */
export function zip(entries: readonly ZipEntry[], { deflate = true } = {}): Uint8Array {
	const encoder = new TextEncoder();
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(encoder.encode(entry.name));
		const raw = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
		const body = deflate ? deflateRawSync(raw) : Buffer.from(raw);
		const method = deflate ? 8 : 0;
		const crc = crc32(raw);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt16LE(0, 10);
		local.writeUInt16LE(33, 12); // 1980-01-01
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(raw.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt16LE(0, 12);
		central.writeUInt16LE(33, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(raw.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, body);
		centrals.push(central, name);
		offset += local.length + name.length + body.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** What a test wheel holds. */
export interface WheelSpec {
	/** The project name, e.g. 'greeter' or 'Fancy-Name'. */
	name: string;
	version: string;
	/** The compatibility tag; 'py3-none-any' unless said. */
	tag?: string;
	/** Files by path inside site-packages; by default `<module>/__init__.py` with `VERSION`. */
	files?: Record<string, string>;
	/** Requires-Dist lines. */
	requires?: string[];
	requiresPython?: string;
	deflate?: boolean;
}

/** A built wheel: its file name and bytes. */
export interface BuiltWheel {
	fileName: string;
	data: Uint8Array;
}

/** Builds a wheel as a build backend would lay it out. */
export function buildWheel(spec: WheelSpec): BuiltWheel {
	const distribution = spec.name.replace(/[-.]+/g, '_');
	const tag = spec.tag ?? 'py3-none-any';
	const module = distribution.toLowerCase();
	const files = spec.files ?? {
		[`${module}/__init__.py`]: `VERSION = ${JSON.stringify(spec.version)}\n`
	};
	const info = `${distribution}-${spec.version}.dist-info`;
	const metadata = [
		'Metadata-Version: 2.1',
		`Name: ${spec.name}`,
		`Version: ${spec.version}`,
		'Summary: A wheel built by a Bytestorm test',
		...(spec.requiresPython ? [`Requires-Python: ${spec.requiresPython}`] : []),
		...(spec.requires ?? []).map((line) => `Requires-Dist: ${line}`),
		'',
		`# ${spec.name}`,
		'',
		'Requires-Dist: not-a-header (this is the description)',
		''
	].join('\n');
	const wheel = `Wheel-Version: 1.0\nGenerator: bytestorm-tests\nRoot-Is-Purelib: true\nTag: ${tag}\n`;
	const entries: ZipEntry[] = [
		...Object.entries(files).map(([name, data]) => ({ name, data })),
		{ name: `${info}/METADATA`, data: metadata },
		{ name: `${info}/WHEEL`, data: wheel }
	];
	const record = [...entries.map((entry) => `${entry.name},,`), `${info}/RECORD,,`, ''].join('\n');
	entries.push({ name: `${info}/RECORD`, data: record });
	return {
		fileName: `${distribution}-${spec.version}-${tag}.whl`,
		data: zip(entries, { deflate: spec.deflate ?? true })
	};
}
