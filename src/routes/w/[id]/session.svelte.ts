import * as Y from 'yjs';
import {
	Workspace,
	WorkspacePersistence,
	basename,
	dirname,
	extname,
	getWorkspace,
	isInside,
	isProbablyText,
	joinPath,
	seedTemplate,
	touchWorkspace,
	type Entry,
	type WorkspaceMeta
} from '#lib/workspace/index.ts';
import { maxFileBytes } from '#lib/limits.ts';
import type { CursorPosition } from '#lib/editor/index.ts';
import { messageOf } from '#lib/ui/notices.svelte.ts';

/** Where the workspace is kept: 'saved' in IndexedDB ('saving' until committed), or 'memory' only when storage failed. */
export type StorageStatus =
	| { state: 'loading' }
	| { state: 'saving' }
	| { state: 'saved' }
	| { state: 'memory'; message: string };

/** A file handed to `upload`, with the path it should get under the target folder. */
export interface UploadItem {
	path: string;
	file: File;
}

const defaultFiles = ['main.py', 'index.html', 'index.js', 'README.md'];

/** One open workspace in this tab: its files, open editors, and how it is stored. */
export class WorkspaceSession {
	readonly ws: Workspace;
	readonly meta: WorkspaceMeta;
	entries = $state.raw<Entry[]>([]);
	tabs = $state<string[]>([]);
	active = $state<string | null>(null);
	storage = $state<StorageStatus>({ state: 'loading' });
	cursor = $state<CursorPosition | null>(null);

	private readonly persistence: WorkspacePersistence | null;
	private readonly cleanups: (() => void)[] = [];
	private touchTimer: ReturnType<typeof setTimeout> | undefined;
	private pruneQueued = false;

	private constructor(meta: WorkspaceMeta, doc: Y.Doc, persistence: WorkspacePersistence | null) {
		this.meta = meta;
		this.ws = new Workspace(doc, { maxFileBytes });
		this.persistence = persistence;
	}

	/** Loads a workspace from this browser; throws a user-facing error if it does not exist. */
	static async open(id: string): Promise<WorkspaceSession> {
		const meta = await getWorkspace(id);
		if (!meta) throw new Error(`There is no workspace "${id}" in this browser.`);
		const doc = new Y.Doc();
		let persistence: WorkspacePersistence | null = null;
		let storage: StorageStatus = { state: 'saved' };
		try {
			persistence = new WorkspacePersistence(meta.id, doc);
			await persistence.whenSynced;
			// Storing the edits an unloaded page left behind can already have failed (disk still full).
			if (persistence.status === 'error') {
				storage = { state: 'memory', message: messageOf(persistence.error) };
			}
		} catch (error) {
			persistence?.destroy();
			persistence = null;
			storage = { state: 'memory', message: messageOf(error) };
		}
		const session = new WorkspaceSession(meta, doc, persistence);
		session.storage = storage;
		session.start();
		return session;
	}

	private start(): void {
		seedTemplate(this.ws, this.meta.template);
		this.entries = this.ws.walk();
		this.restoreTabs();
		this.cleanups.push(
			this.ws.onChange((change) => {
				if (change.changes.some((c) => c.kind !== 'modified')) this.entries = this.ws.walk();
				if (change.changes.some((c) => c.kind === 'deleted')) this.queuePrune();
				if (change.origin !== 'remote') this.scheduleTouch();
			})
		);
		if (this.persistence) {
			this.cleanups.push(
				this.persistence.on('status', (status, error) => {
					if (status === 'error') this.storage = { state: 'memory', message: messageOf(error) };
					else if (status === 'saved') this.storage = { state: 'saved' };
					else if (status === 'saving') this.storage = { state: 'saving' };
				})
			);
		}
	}

	private get tabsKey(): string {
		return `bytestorm:tabs:${this.meta.id}`;
	}

	private restoreTabs(): void {
		let saved: { tabs?: unknown; active?: unknown } = {};
		try {
			saved = JSON.parse(localStorage.getItem(this.tabsKey) ?? '{}');
		} catch {
			// Unreadable or refused: start with the default file.
		}
		const isFile = (p: unknown): p is string =>
			typeof p === 'string' && this.ws.exists(p) && this.ws.stat(p).type === 'file';
		const tabs = Array.isArray(saved.tabs) ? saved.tabs.filter(isFile) : [];
		const fallback = defaultFiles.find(isFile);
		if (tabs.length === 0 && fallback) tabs.push(fallback);
		this.tabs = tabs;
		this.active =
			isFile(saved.active) && tabs.includes(saved.active) ? saved.active : (tabs[0] ?? null);
	}

	private saveTabs(): void {
		try {
			localStorage.setItem(this.tabsKey, JSON.stringify({ tabs: this.tabs, active: this.active }));
		} catch {
			// Only the open-tab list is lost; files are unaffected.
		}
	}

	// Deferred so that a rename, which deletes and recreates in one transaction, can move
	// its tabs before they are pruned.
	private queuePrune(): void {
		if (this.pruneQueued) return;
		this.pruneQueued = true;
		queueMicrotask(() => {
			this.pruneQueued = false;
			const open = this.tabs.filter((p) => this.ws.exists(p) && this.ws.stat(p).type === 'file');
			if (open.length === this.tabs.length) return;
			this.tabs = open;
			if (this.active && !open.includes(this.active)) this.active = open.at(-1) ?? null;
			this.saveTabs();
		});
	}

	private scheduleTouch(): void {
		clearTimeout(this.touchTimer);
		this.touchTimer = setTimeout(() => void touchWorkspace(this.meta.id).catch(() => {}), 2000);
	}

	/** Opens a file in a tab (or switches to its tab). */
	open(path: string): void {
		if (!this.tabs.includes(path)) this.tabs = [...this.tabs, path];
		this.active = path;
		this.saveTabs();
	}

	/** Closes a tab; the neighbour becomes active, as in every editor. */
	close(path: string): void {
		const index = this.tabs.indexOf(path);
		if (index < 0) return;
		this.tabs = this.tabs.filter((p) => p !== path);
		if (this.active === path)
			this.active = this.tabs[Math.min(index, this.tabs.length - 1)] ?? null;
		this.saveTabs();
	}

	/** Creates an empty file and opens it. */
	createFile(path: string): void {
		this.ws.createFile(path, '', { origin: 'ui', createParents: true });
		this.open(path);
	}

	/** Creates a folder. */
	createFolder(path: string): void {
		this.ws.mkdir(path, { recursive: false, origin: 'ui' });
	}

	/** Renames or moves a file or folder; open tabs follow it. */
	rename(from: string, to: string): void {
		if (from === to) return;
		this.ws.rename(from, to, { origin: 'ui' });
		const moved = (p: string) =>
			p === from ? to : isInside(p, from) ? to + p.slice(from.length) : p;
		this.tabs = this.tabs.map(moved);
		if (this.active) this.active = moved(this.active);
		this.saveTabs();
	}

	/** Moves a file or folder into another folder ('' is the root), keeping its name. */
	move(path: string, folder: string): void {
		const target = joinPath(folder, basename(path));
		if (target === path) return;
		this.rename(path, target);
	}

	/** Deletes a file or a folder with everything in it. */
	remove(path: string): void {
		this.ws.remove(path, { recursive: true, origin: 'ui' });
	}

	/**
	 * Writes uploaded files under `folder`. Files over the size limit are refused, and a name
	 * that is taken gets a free one ("data (1).csv"), so nothing already there is overwritten.
	 * Returns one sentence per file that was refused or renamed.
	 */
	async upload(items: UploadItem[], folder: string): Promise<string[]> {
		const messages: string[] = [];
		for (const { path, file } of items) {
			if (file.size > maxFileBytes) {
				messages.push(
					`"${path}" was not added: it is ${mb(file.size)}, over the ${mb(maxFileBytes)} limit for one file.`
				);
				continue;
			}
			try {
				const wanted = joinPath(folder, path);
				const target = this.freePath(wanted);
				const bytes = new Uint8Array(await file.arrayBuffer());
				const content = isProbablyText(bytes) ? new TextDecoder().decode(bytes) : bytes;
				this.ws.writeFile(target, content, { origin: 'import', createParents: true });
				if (target !== wanted)
					messages.push(`"${wanted}" already existed, so the upload was saved as "${target}".`);
			} catch (error) {
				messages.push(`"${path}" was not added: ${messageOf(error)}`);
			}
		}
		return messages;
	}

	private freePath(path: string): string {
		if (!this.ws.exists(path)) return path;
		const ext = extname(path);
		const stem = basename(path).slice(0, basename(path).length - ext.length);
		for (let n = 1; ; n++) {
			const candidate = joinPath(dirname(path), `${stem} (${n})${ext}`);
			if (!this.ws.exists(candidate)) return candidate;
		}
	}

	/** Saves a file to the user's downloads folder. */
	download(path: string): void {
		const bytes = this.ws.readBytes(path);
		const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
		const link = document.createElement('a');
		link.href = url;
		link.download = basename(path);
		link.click();
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}

	/** Stops saving and listening; the doc stays in IndexedDB. */
	destroy(): void {
		clearTimeout(this.touchTimer);
		for (const cleanup of this.cleanups) cleanup();
		this.persistence?.destroy();
		this.ws.doc.destroy();
	}
}

function mb(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
