import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
	AlreadyExistsError,
	InvalidNameError,
	NotFoundError,
	StorageUnavailableError
} from './errors.ts';
import { WorkspacePersistence } from './persistence.ts';
import {
	closeRegistry,
	createWorkspace,
	deleteWorkspace,
	getWorkspace,
	listWorkspaces,
	registryStorageProblem,
	renameWorkspace,
	touchWorkspace,
	validateWorkspaceName
} from './registry.ts';
import { Workspace } from './workspace.ts';

beforeEach(async () => {
	for (const meta of await listWorkspaces()) await deleteWorkspace(meta.id);
});

afterEach(() => {
	vi.restoreAllMocks();
	closeRegistry();
});

describe('workspace registry', () => {
	it('creates workspaces with a short URL-safe id and lists the latest first', async () => {
		const first = await createWorkspace({ name: '  Homework  ', template: 'python' });
		const second = await createWorkspace({ name: 'Site', template: 'web' });
		expect(first.name).toBe('Homework');
		expect(first.template).toBe('python');
		expect(first.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
		expect(second.id).not.toBe(first.id);
		expect(first.createdAt).toBe(first.updatedAt);
		expect((await listWorkspaces()).map((meta) => meta.name)).toEqual(['Site', 'Homework']);
		expect(await getWorkspace(first.id)).toEqual(first);
		expect(await getWorkspace('missing')).toBeUndefined();
	});

	it('moves a touched workspace to the top', async () => {
		const older = await createWorkspace({ name: 'Older', template: 'empty' });
		await createWorkspace({ name: 'Newer', template: 'empty' });
		await touchWorkspace(older.id);
		expect((await listWorkspaces()).map((meta) => meta.name)).toEqual(['Older', 'Newer']);
		await expect(touchWorkspace('missing')).resolves.toBeUndefined();
	});

	it('refuses a duplicate name, ignoring case', async () => {
		await createWorkspace({ name: 'Project', template: 'empty' });
		const attempt = createWorkspace({ name: 'project', template: 'javascript' });
		await expect(attempt).rejects.toBeInstanceOf(AlreadyExistsError);
		await expect(attempt).rejects.toThrow('A workspace named "project" already exists');
		expect(await listWorkspaces()).toHaveLength(1);
	});

	it('refuses empty, over-long and control-character names', async () => {
		await expect(createWorkspace({ name: '   ', template: 'empty' })).rejects.toThrow(
			'A workspace name cannot be empty.'
		);
		expect(() => validateWorkspaceName('x'.repeat(81))).toThrow(InvalidNameError);
		expect(validateWorkspaceName('😀'.repeat(80))).toBe('😀'.repeat(80));
		expect(() => validateWorkspaceName('two\nlines')).toThrow(InvalidNameError);
		expect(await listWorkspaces()).toEqual([]);
	});

	it('renames a workspace, with the same rules', async () => {
		const meta = await createWorkspace({ name: 'Draft', template: 'empty' });
		await createWorkspace({ name: 'Taken', template: 'empty' });
		const renamed = await renameWorkspace(meta.id, ' Final ');
		expect(renamed.name).toBe('Final');
		expect(renamed.updatedAt).toBeGreaterThan(meta.updatedAt);
		expect((await getWorkspace(meta.id))?.name).toBe('Final');
		await expect(renameWorkspace(meta.id, 'TAKEN')).rejects.toBeInstanceOf(AlreadyExistsError);
		await expect(renameWorkspace(meta.id, 'final')).resolves.toMatchObject({ name: 'final' });
		await expect(renameWorkspace('missing', 'x')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('deletes a workspace together with its stored files', async () => {
		const meta = await createWorkspace({ name: 'Doomed', template: 'empty' });
		const ws = new Workspace(new Y.Doc());
		const persistence = new WorkspacePersistence(meta.id, ws.doc);
		await persistence.whenSynced;
		ws.writeFile('secret.txt', 'x');
		await persistence.destroy();

		await deleteWorkspace(meta.id);
		expect(await getWorkspace(meta.id)).toBeUndefined();
		const reopened = new Workspace(new Y.Doc());
		const again = new WorkspacePersistence(meta.id, reopened.doc);
		await again.whenSynced;
		expect(reopened.exists('secret.txt')).toBe(false);
		await again.destroy();
	});

	it('keeps the list across connections', async () => {
		await createWorkspace({ name: 'Persistent', template: 'empty' });
		closeRegistry();
		expect((await listWorkspaces()).map((meta) => meta.name)).toEqual(['Persistent']);
	});

	it('keeps workspaces in memory, and says why, when the browser refuses storage', async () => {
		closeRegistry();
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException('The operation is insecure.', 'SecurityError');
		});
		await expect(listWorkspaces()).resolves.toEqual([]);
		expect(registryStorageProblem()).toBeInstanceOf(StorageUnavailableError);
		expect(registryStorageProblem()?.message).toMatch(/not letting Bytestorm store files/);
		const meta = await createWorkspace({ name: 'Tab only', template: 'empty' });
		expect(await getWorkspace(meta.id)).toEqual(meta);
		await expect(createWorkspace({ name: 'tab ONLY', template: 'empty' })).rejects.toBeInstanceOf(
			AlreadyExistsError
		);
		vi.restoreAllMocks();
		closeRegistry();
		await expect(listWorkspaces()).resolves.toEqual([]);
		expect(registryStorageProblem()).toBeNull();
	});
});
