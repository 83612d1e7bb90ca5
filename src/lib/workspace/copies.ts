/**
 * New workspaces made from contents (an imported zip or folder, a duplicate), and the stored
 * contents of a workspace that is not open. A new workspace is written completely, in one
 * IndexedDB transaction, before it appears usable; if writing fails it is removed again.
 */
import * as Y from 'yjs';
import { maxFileBytes } from '#lib/limits.ts';
import { readContents, writeContents, type WorkspaceContents } from './contents.ts';
import { StorageError, NotFoundError } from './errors.ts';
import { WorkspacePersistence } from './persistence.ts';
import { UnsavedBackup, pageBackupStorage, type BackupStorage } from './unsaved-backup.ts';
import {
	MAX_WORKSPACE_NAME_LENGTH,
	createWorkspace,
	deleteWorkspace,
	getWorkspace,
	listWorkspaces,
	registryStorageProblem,
	type WorkspaceMeta
} from './registry.ts';
import { META_MAP, type TemplateId } from './templates.ts';
import { Workspace } from './workspace.ts';

/** What `createWorkspaceWith` needs: a wanted name (made free if taken), the files, the doc's meta facts. */
export interface NewWorkspace {
	name: string;
	contents: WorkspaceContents;
	/** The template recorded in the registry and the doc (default 'empty': nothing to reset to). */
	template?: TemplateId;
	/** Further facts for the doc's meta map (pythonPackages, ...). */
	meta?: ReadonlyMap<string, unknown>;
}

// A temporary doc opened here must neither leave nor restore the page's unload backup.
const quiet = { backup: null, lifecycle: null } as const;

/** Registers a workspace holding `contents` and stores its doc; returns its registry entry. */
export async function createWorkspaceWith(options: NewWorkspace): Promise<WorkspaceMeta> {
	const template = options.template ?? 'empty';
	const doc = new Y.Doc();
	// Filled before the provider attaches, so y-indexeddb stores it all as one update.
	const ws = new Workspace(doc, { maxFileBytes });
	doc.transact(() => {
		writeContents(ws, options.contents, 'import');
		const meta = doc.getMap<unknown>(META_MAP);
		for (const [key, value] of options.meta ?? []) meta.set(key, value);
		meta.set('template', template);
	}, 'import');
	const name = await freeWorkspaceName(options.name);
	const created = await createWorkspace({ name, template });
	try {
		if (!registryStorageProblem()) await store(created.id, doc);
	} catch (error) {
		await deleteWorkspace(created.id).catch(() => {});
		throw error;
	} finally {
		doc.destroy();
	}
	return created;
}

/** Copies a workspace (files, empty folders, template, installed packages) under a free name "<name> copy". */
export async function duplicateWorkspace(id: string): Promise<WorkspaceMeta> {
	const source = await getWorkspace(id);
	if (!source) throw new NotFoundError(id, 'This workspace no longer exists.');
	const { contents, meta } = await readStoredWorkspace(id);
	meta.delete('template');
	return createWorkspaceWith({
		name: `${source.name} copy`,
		contents,
		template: source.template,
		meta
	});
}

/**
 * The stored files and meta facts of a workspace, read from IndexedDB without opening it in the
 * page, with the edits its last page left in `backup` as it went away (persistence.ts: writes
 * still running at unload are lost; that copy is stored when the workspace is next opened).
 */
export async function readStoredWorkspace(
	id: string,
	backup: BackupStorage | null = pageBackupStorage()
): Promise<{ contents: WorkspaceContents; meta: Map<string, unknown> }> {
	const doc = new Y.Doc();
	const persistence = new WorkspacePersistence(id, doc, quiet);
	try {
		await persistence.whenSynced;
		// Applied with no provider attached: this read stores nothing.
		await persistence.destroy();
		const unsaved = backup ? new UnsavedBackup(backup).take(id) : null;
		if (unsaved) Y.applyUpdate(doc, unsaved);
		const meta = new Map<string, unknown>();
		for (const [key, value] of doc.getMap<unknown>(META_MAP)) {
			if (!(value instanceof Y.AbstractType)) meta.set(key, value);
		}
		return { contents: readContents(new Workspace(doc, { maxFileBytes })), meta };
	} finally {
		await persistence.destroy();
		doc.destroy();
	}
}

/** `wanted`, or "wanted 2", "wanted 3"... : the first name no workspace has (ignoring case). */
export async function freeWorkspaceName(wanted: string): Promise<string> {
	const base = [...wanted.trim()].slice(0, MAX_WORKSPACE_NAME_LENGTH - 4).join('') || 'Workspace';
	const taken = new Set((await listWorkspaces()).map((meta) => meta.name.toLocaleLowerCase()));
	for (let n = 1; ; n++) {
		const candidate = n === 1 ? base : `${base} ${n}`;
		if (!taken.has(candidate.toLocaleLowerCase())) return candidate;
	}
}

/** Attaches persistence to a filled doc and waits until IndexedDB has committed all of it. */
async function store(id: string, doc: Y.Doc): Promise<void> {
	const persistence = new WorkspacePersistence(id, doc, quiet);
	try {
		await persistence.whenSynced;
		await new Promise<void>((resolve, reject) => {
			const settle = () => {
				if (persistence.status === 'saved') resolve();
				else if (persistence.status === 'error') reject(persistence.error ?? new StorageError());
			};
			const stop = persistence.on('status', () => {
				settle();
				if (persistence.status !== 'loading') stop();
			});
			settle();
		});
	} finally {
		await persistence.destroy();
	}
}
