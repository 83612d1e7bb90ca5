import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readContents } from './contents.ts';
import { createWorkspaceWith, duplicateWorkspace, readStoredWorkspace } from './copies.ts';
import { WorkspacePersistence } from './persistence.ts';
import { UnsavedBackup, type BackupStorage } from './unsaved-backup.ts';
import { closeRegistry, createWorkspace, deleteWorkspace, listWorkspaces } from './registry.ts';
import { META_MAP, seedTemplate } from './templates.ts';
import { Workspace } from './workspace.ts';

beforeEach(async () => {
	for (const meta of await listWorkspaces()) await deleteWorkspace(meta.id);
});

afterEach(() => closeRegistry());

/** Opens a stored workspace as the workspace page does, seeding its template. */
async function open(id: string, template: Parameters<typeof seedTemplate>[1]) {
	const doc = new Y.Doc();
	const persistence = new WorkspacePersistence(id, doc, { backup: null, lifecycle: null });
	await persistence.whenSynced;
	const ws = new Workspace(doc);
	seedTemplate(ws, template);
	return { ws, close: () => persistence.destroy() };
}

/** A localStorage of one's own. */
function memoryStorage(): BackupStorage {
	const items = new Map<string, string>();
	return {
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

describe('workspaces made from contents', () => {
	it('stores every file and empty folder before the workspace is listed', async () => {
		const png = new Uint8Array([137, 80, 78, 71, 0, 1, 2]);
		const meta = await createWorkspaceWith({
			name: 'project',
			contents: {
				files: new Map<string, string | Uint8Array>([
					['src/main.py', 'print(1)\n'],
					['logo.png', png]
				]),
				folders: ['data']
			}
		});
		expect(meta.name).toBe('project');
		expect(meta.template).toBe('empty');
		const { ws, close } = await open(meta.id, meta.template);
		const contents = readContents(ws);
		expect(contents.files.get('src/main.py')).toBe('print(1)\n');
		expect(contents.files.get('logo.png')).toEqual(png);
		expect(contents.folders).toEqual(['data']);
		await close();
	});

	it('picks a free name when the wanted one is taken', async () => {
		await createWorkspace({ name: 'project', template: 'empty' });
		const empty = { files: new Map(), folders: [] };
		expect((await createWorkspaceWith({ name: 'Project', contents: empty })).name).toBe(
			'Project 2'
		);
		expect((await createWorkspaceWith({ name: 'project', contents: empty })).name).toBe(
			'project 3'
		);
	});

	it('duplicates files, template and installed packages, and the copy does not reseed', async () => {
		const source = await createWorkspace({ name: 'Homework', template: 'python' });
		const opened = await open(source.id, 'python');
		opened.ws.remove('README.md');
		opened.ws.writeFile('main.py', 'print("mine")\n');
		opened.ws.mkdir('empty');
		const packages = [{ name: 'six', version: '1.0', source: 'index', url: 'x' }];
		opened.ws.doc.getMap(META_MAP).set('pythonPackages', packages);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await opened.close();

		const copy = await duplicateWorkspace(source.id);
		expect(copy.name).toBe('Homework copy');
		expect(copy.template).toBe('python');
		const { ws, close } = await open(copy.id, copy.template);
		expect([...readContents(ws).files.keys()]).toEqual(['main.py']);
		expect(ws.readText('main.py')).toBe('print("mine")\n');
		expect(ws.exists('empty')).toBe(true);
		expect(ws.doc.getMap(META_MAP).get('pythonPackages')).toEqual(packages);
		expect(ws.doc.getMap(META_MAP).get('template')).toBe('python');
		await close();
		expect((await readStoredWorkspace(source.id)).contents.files.get('main.py')).toBe(
			'print("mine")\n'
		);
	});

	it('duplicates the edits its page left unsaved as it went away, and stores none itself', async () => {
		const source = await createWorkspace({ name: 'Lab', template: 'empty' });
		const opened = await open(source.id, 'empty');
		opened.ws.writeFile('main.py', 'print("stored")\n');
		await new Promise((resolve) => setTimeout(resolve, 50));
		await opened.close();
		// As a page that unloads with writes still running: they live in the backup only.
		const doc = new Y.Doc();
		const persistence = new WorkspacePersistence(source.id, doc, { backup: null, lifecycle: null });
		await persistence.whenSynced;
		await persistence.destroy();
		const stored = Y.encodeStateVector(doc);
		const ws = new Workspace(doc);
		ws.writeFile('main.py', 'print("unsaved")\n');
		ws.mkdir('data');
		const storage = memoryStorage();
		new UnsavedBackup(storage).save(source.id, Y.encodeStateAsUpdate(doc, stored));

		const read = await readStoredWorkspace(source.id, storage);
		expect(read.contents.files.get('main.py')).toBe('print("unsaved")\n');
		expect(read.contents.folders).toEqual(['data']);
		(globalThis as { localStorage?: BackupStorage }).localStorage = storage;
		try {
			const copy = await duplicateWorkspace(source.id);
			const copied = await readStoredWorkspace(copy.id, null);
			expect(copied.contents.files.get('main.py')).toBe('print("unsaved")\n');
			expect(copied.contents.folders).toEqual(['data']);
		} finally {
			delete (globalThis as { localStorage?: BackupStorage }).localStorage;
		}
		// The backup is the workspace's own to store when it is next opened.
		expect((await readStoredWorkspace(source.id, null)).contents.files.get('main.py')).toBe(
			'print("stored")\n'
		);
		expect(storage.getItem(`bytestorm:unsaved:${source.id}`)).not.toBeNull();
	});
});
