import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readStoredWorkspace } from '#lib/workspace/copies.ts';
import { closeRegistry, deleteWorkspace, listWorkspaces } from '#lib/workspace/registry.ts';
import { defaultImportLimits } from './zip-limits.ts';
import { importFiles, importZipFile, isZipFile } from './import.ts';

beforeEach(async () => {
	for (const meta of await listWorkspaces()) await deleteWorkspace(meta.id);
});
afterEach(() => closeRegistry());

const file = (name: string, content: string | Uint8Array) =>
	new File([content as BlobPart], name.split('/').pop()!);

describe('importing as a new workspace', () => {
	it('makes a workspace from a zip file, named after it', async () => {
		const zip = zipSync({ 'app/main.py': strToU8('print(1)'), 'app/data/': new Uint8Array(0) });
		const meta = await importZipFile(file('my app.zip', zip));
		expect(meta.name).toBe('my app');
		const { contents } = await readStoredWorkspace(meta.id);
		expect(Object.fromEntries(contents.files)).toEqual({ 'main.py': 'print(1)' });
		expect(contents.folders).toEqual(['data']);
	});

	it('creates nothing when a zip is refused', async () => {
		const evil = zipSync({ '../x.txt': strToU8('x') });
		await expect(importZipFile(file('evil.zip', evil))).rejects.toThrow('a path with ".."');
		expect(await listWorkspaces()).toEqual([]);
	});

	it('makes a workspace from a dropped folder, named after it, the folder as its root', async () => {
		const png = new Uint8Array([137, 80, 78, 71, 0, 0]);
		const meta = await importFiles([
			{ path: 'site/index.html', file: file('index.html', '<h1>hi</h1>') },
			{ path: 'site/img/logo.png', file: file('logo.png', png) }
		]);
		expect(meta.name).toBe('site');
		const { contents } = await readStoredWorkspace(meta.id);
		expect(contents.files.get('index.html')).toBe('<h1>hi</h1>');
		expect(contents.files.get('img/logo.png')).toEqual(png);
	});

	it('refuses a dropped folder with too many or too large files, creating nothing', async () => {
		const limits = { ...defaultImportLimits, maxEntries: 1, maxFileBytes: 4 };
		const two = [
			{ path: 'f/a.txt', file: file('a.txt', 'a') },
			{ path: 'f/b.txt', file: file('b.txt', 'b') }
		];
		await expect(importFiles(two, limits)).rejects.toThrow(
			'The folder "f" has 2 files and folders; a workspace can hold at most 1. Nothing was imported.'
		);
		await expect(
			importFiles([{ path: 'f/big.txt', file: file('big.txt', 'too big') }], limits)
		).rejects.toThrow('"big.txt" is 0.0 MB; one file can be at most 0.0 MB. Nothing was imported.');
		expect(await listWorkspaces()).toEqual([]);
	});

	it('tells a zip from other files', () => {
		expect(isZipFile(file('a.ZIP', ''))).toBe(true);
		expect(isZipFile(file('a.txt', ''))).toBe(false);
	});
});
