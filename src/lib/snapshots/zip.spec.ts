import { describe, expect, it } from 'vitest';
import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import type { WorkspaceContents } from '#lib/workspace/contents.ts';
import { crc32 } from './crc32.ts';
import { defaultImportLimits } from './zip-limits.ts';
import {
	CorruptZipError,
	UnsafeZipEntryError,
	UnsupportedZipError,
	ZipError,
	ZipTooLargeError,
	reviveZipError
} from './zip-errors.ts';
import { nameFromFileName, unzipContents, zipContents, zipFileName } from './zip.ts';

function concat(chunks: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}

function zipOf(contents: Partial<WorkspaceContents>, level: 0 | 6 = 6): Uint8Array {
	return concat(
		zipContents({ files: contents.files ?? new Map(), folders: contents.folders ?? [] }, { level })
	);
}

/** A zip written entry by entry, with attributes our own export never sets. */
function rawZip(
	entries: { name: string; data?: Uint8Array; os?: number; attrs?: number; level?: 0 | 6 }[]
): Uint8Array {
	const chunks: Uint8Array[] = [];
	const zip = new Zip((error, chunk) => {
		if (error) throw error;
		chunks.push(chunk);
	});
	for (const { name, data = new Uint8Array(0), os, attrs, level = 6 } of entries) {
		const entry = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
		if (os !== undefined) entry.os = os;
		if (attrs !== undefined) entry.attrs = attrs;
		zip.add(entry);
		entry.push(data, true);
	}
	zip.end();
	return concat(chunks);
}

/** A zip of stored entries written by hand: fast enough for 100,000 entries or 200 MB. */
function storedZip(entries: { name: string; data: Uint8Array }[]): Uint8Array {
	const names = entries.map(({ name }) => text(name));
	const dataBytes = entries.reduce((n, { data }) => n + data.length, 0);
	const nameBytes = names.reduce((n, name) => n + name.length, 0);
	const out = new Uint8Array(dataBytes + 76 * entries.length + 2 * nameBytes + 22);
	const view = new DataView(out.buffer);
	const offsets: number[] = [];
	let at = 0;
	const header = (signature: number, i: number, central: boolean) => {
		const { data } = entries[i]!;
		view.setUint32(at, signature, true);
		const base = central ? at + 2 : at;
		view.setUint16(base + 4, 20, true);
		view.setUint32(base + 14, crc32(data), true);
		view.setUint32(base + 18, data.length, true);
		view.setUint32(base + 22, data.length, true);
		view.setUint16(base + 26, names[i]!.length, true);
		if (central) view.setUint32(at + 42, offsets[i]!, true);
		at += central ? 46 : 30;
		out.set(names[i]!, at);
		at += names[i]!.length;
	};
	entries.forEach(({ data }, i) => {
		offsets.push(at);
		header(0x04034b50, i, false);
		out.set(data, at);
		at += data.length;
	});
	const directory = at;
	entries.forEach((_, i) => header(0x02014b50, i, true));
	view.setUint32(at, 0x06054b50, true);
	view.setUint16(at + 8, entries.length & 0xffff, true);
	view.setUint16(at + 10, entries.length & 0xffff, true);
	view.setUint32(at + 12, at - directory, true);
	view.setUint32(at + 16, directory, true);
	return out;
}

/** Offsets of each central directory header. */
function directoryHeaders(bytes: Uint8Array): number[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const found: number[] = [];
	for (let at = 0; at + 4 <= bytes.length; at++) {
		if (view.getUint32(at, true) === 0x02014b50) found.push(at);
	}
	return found;
}

function refusal(bytes: Uint8Array, limits = defaultImportLimits): ZipError {
	try {
		unzipContents(bytes, limits);
	} catch (error) {
		if (error instanceof ZipError) return error;
		throw error;
	}
	throw new Error('the zip was accepted');
}

const text = (s: string) => new TextEncoder().encode(s);

describe('zip export and import', () => {
	it('round-trips text, binary files and empty folders', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 255, 254, 0, 1]);
		const contents: WorkspaceContents = {
			files: new Map<string, string | Uint8Array>([
				['main.py', 'print("héllo ✓")\n'],
				['src/util/helpers.py', 'def f():\n    return 1\n'],
				['assets/logo.png', png],
				['empty.txt', '']
			]),
			folders: ['data/raw', 'notes']
		};
		const back = unzipContents(zipOf(contents));
		expect(Object.fromEntries(back.files)).toEqual(Object.fromEntries(contents.files));
		expect(back.files.get('assets/logo.png')).toBeInstanceOf(Uint8Array);
		expect(typeof back.files.get('main.py')).toBe('string');
		expect(back.folders.sort()).toEqual(['data/raw', 'notes']);
	});

	it('reads stored (level 0) zips and zips by other tools', () => {
		const stored = zipOf({ files: new Map([['a.txt', 'stored']]) }, 0);
		expect(unzipContents(stored).files.get('a.txt')).toBe('stored');
		const other = zipSync({ 'b.txt': text('from zipSync'), 'dir/': new Uint8Array(0) });
		const back = unzipContents(other);
		expect(back.files.get('b.txt')).toBe('from zipSync');
		expect(back.folders).toEqual(['dir']);
	});

	it('strips a single top-level folder, as GitHub archives have', () => {
		const zip = rawZip([
			{ name: 'project-main/' },
			{ name: 'project-main/README.md', data: text('# hi') },
			{ name: 'project-main/src/app.py', data: text('x = 1') }
		]);
		expect([...unzipContents(zip).files.keys()].sort()).toEqual(['README.md', 'src/app.py']);
		const two = rawZip([
			{ name: 'a/x.txt', data: text('x') },
			{ name: 'b.txt', data: text('b') }
		]);
		expect([...unzipContents(two).files.keys()].sort()).toEqual(['a/x.txt', 'b.txt']);
	});

	it('skips the __MACOSX folder that macOS adds', () => {
		const zip = rawZip([
			{ name: 'notes.txt', data: text('mine') },
			{ name: '__MACOSX/._notes.txt', data: new Uint8Array([0, 5, 22, 7]) }
		]);
		expect([...unzipContents(zip).files.keys()]).toEqual(['notes.txt']);
	});

	it('refuses zip-slip paths with ".."', () => {
		const error = refusal(rawZip([{ name: 'ok.txt' }, { name: '../../.bashrc', data: text('x') }]));
		expect(error).toBeInstanceOf(UnsafeZipEntryError);
		expect(error.message).toBe(
			'The zip contains "../../.bashrc", a path with "..", which could write outside the workspace. Nothing was imported.'
		);
		expect(refusal(rawZip([{ name: 'a\\..\\..\\b.txt' }])).message).toContain('a path with ".."');
	});

	it('refuses absolute paths', () => {
		expect(refusal(rawZip([{ name: '/etc/passwd', data: text('x') }])).message).toBe(
			'The zip contains "/etc/passwd", an absolute path that would be written outside the workspace. Nothing was imported.'
		);
		expect(refusal(rawZip([{ name: 'C:\\Windows\\win.ini' }]))).toBeInstanceOf(UnsafeZipEntryError);
	});

	it('refuses symbolic links by their unix mode', () => {
		const link = rawZip([
			{ name: 'readme.txt', data: text('hi') },
			{ name: 'secrets', data: text('/etc/shadow'), os: 3, attrs: (0o120777 << 16) >>> 0 }
		]);
		const error = refusal(link);
		expect(error).toBeInstanceOf(UnsafeZipEntryError);
		expect(error.message).toBe(
			'"secrets" in the zip is a symbolic link, which could point outside the workspace; Bytestorm imports only files and folders. Nothing was imported.'
		);
		// Ordinary unix files (mode 100644) are fine.
		const plain = rawZip([
			{ name: 'a.txt', data: text('a'), os: 3, attrs: (0o100644 << 16) >>> 0 }
		]);
		expect(unzipContents(plain).files.get('a.txt')).toBe('a');
	});

	it('refuses a zip with 100,000 entries before inflating any', () => {
		const empty = new Uint8Array(0);
		const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}.txt`, data: empty }));
		const zip = storedZip(entries);
		expect(unzipContents(storedZip(entries.slice(0, 3))).files.size).toBe(3);
		const error = refusal(zip);
		expect(error).toBeInstanceOf(ZipTooLargeError);
		expect(error.message).toBe(
			'The zip has 100,000 files and folders; a workspace can hold at most 20,000. Nothing was imported.'
		);
	}, 60_000);

	it('refuses a 200 MB file', () => {
		const big = new Uint8Array(200 * 1024 * 1024);
		for (let i = 0; i < big.length; i += 4096) big[i] = i & 255;
		const error = refusal(storedZip([{ name: 'video.bin', data: big }]));
		expect(error).toBeInstanceOf(ZipTooLargeError);
		expect(error.message).toBe(
			'"video.bin" is 200 MB; one file can be at most 50 MB. Nothing was imported.'
		);
	}, 60_000);

	it('refuses a zip bomb by its compression ratio', () => {
		const zeros = new Uint8Array(20 * 1024 * 1024);
		const error = refusal(rawZip([{ name: 'bomb.txt', data: zeros }]));
		expect(error).toBeInstanceOf(ZipTooLargeError);
		expect(error.message).toMatch(
			/^"bomb\.txt" would expand \d+ times \(from 0\.0 MB to 20 MB\), as zip bombs do, so the zip was refused\. Nothing was imported\.$/
		);
	}, 60_000);

	it('refuses more bytes in all than a workspace holds', () => {
		const zip = rawZip([
			{ name: 'a.bin', data: new Uint8Array(600).fill(1) },
			{ name: 'b.bin', data: new Uint8Array(600).fill(2) }
		]);
		const error = refusal(zip, { ...defaultImportLimits, maxTotalBytes: 1000 });
		expect(error.message).toBe(
			'The zip holds more than 0.0 MB of files, more than a workspace can hold. Nothing was imported.'
		);
		expect(defaultImportLimits.maxTotalBytes).toBe(200 * 1024 * 1024);
	});

	it('refuses an entry that inflates to more than its declared size', () => {
		const zip = rawZip([{ name: 'liar.txt', data: text('a'.repeat(5000)) }]);
		const [header] = directoryHeaders(zip);
		new DataView(zip.buffer).setUint32(header! + 24, 100, true);
		const error = refusal(zip);
		expect(error).toBeInstanceOf(CorruptZipError);
		expect(error.message).toBe(
			'This file is not a readable .zip ("liar.txt" is not the size its header declares): it may be damaged or incomplete. Nothing was imported.'
		);
	});

	it('refuses a file that is not a zip, a truncated zip and a damaged one', () => {
		expect(refusal(text('just some text, not a zip at all')).message).toBe(
			'This file is not a readable .zip (its list of files is missing): it may be damaged or incomplete. Nothing was imported.'
		);
		expect(refusal(new Uint8Array(0)).message).toContain('(it is empty)');
		const zip = zipOf({
			files: new Map([
				['a.txt', 'hello '.repeat(1000)],
				['b.txt', 'world']
			])
		});
		expect(refusal(zip.subarray(0, Math.floor(zip.length / 2)))).toBeInstanceOf(CorruptZipError);
		const damaged = zip.slice();
		damaged[45] = damaged[45]! ^ 0xff; // inside a.txt's compressed data
		expect(refusal(damaged)).toBeInstanceOf(CorruptZipError);
	});

	it('refuses encrypted entries and unknown compression methods', () => {
		const zip = rawZip([{ name: 'secret.txt', data: text('x') }]);
		const [header] = directoryHeaders(zip);
		const view = new DataView(zip.buffer);
		view.setUint16(header! + 8, view.getUint16(header! + 8, true) | 1, true);
		expect(refusal(zip)).toBeInstanceOf(UnsupportedZipError);
		expect(refusal(zip).message).toContain('encrypted');
		const other = rawZip([{ name: 'x.txt', data: text('x') }]);
		new DataView(other.buffer).setUint16(directoryHeaders(other)[0]! + 10, 14, true);
		expect(refusal(other).message).toContain('(number 14)');
	});

	it('refuses the same path twice and a path that is both file and folder', () => {
		const twice = rawZip([
			{ name: 'a.txt', data: text('1') },
			{ name: 'a.txt', data: text('2') }
		]);
		expect(refusal(twice).message).toBe(
			'The zip holds "a.txt" twice, so it is not clear which to keep. Nothing was imported.'
		);
		const both = rawZip([
			{ name: 'a', data: text('1') },
			{ name: 'a/b.txt', data: text('2') }
		]);
		expect(refusal(both).message).toBe(
			'The zip holds "a" both as a file and as a folder. Nothing was imported.'
		);
	});

	it('names downloads and imports after the workspace and the file', () => {
		expect(zipFileName('Homework 1')).toBe('Homework 1.zip');
		expect(zipFileName('a/b: c?')).toBe('a-b- c-.zip');
		expect(nameFromFileName('project-main.ZIP')).toBe('project-main');
		expect(nameFromFileName('.zip')).toBe('Imported');
	});
});

describe('errors from the zip worker', () => {
	it('get their class back from the name comlink carried, message unchanged', () => {
		const carried = Object.assign(new Error('This file is not a readable .zip (x).'), {
			name: 'CorruptZipError'
		});
		const revived = reviveZipError(carried);
		expect(revived).toBeInstanceOf(CorruptZipError);
		expect(revived).toBeInstanceOf(ZipError);
		expect(revived.message).toBe('This file is not a readable .zip (x).');
		expect(revived.name).toBe('CorruptZipError');
		const other = new TypeError('not ours');
		expect(reviveZipError(other)).toBe(other);
	});
});
