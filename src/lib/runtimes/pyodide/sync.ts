// The main thread's half of the file sync, as a Yjs-style provider on the workspace: it notes
// which paths changed (ignoring the runtime's own writes, so nothing echoes) and, when the
// worker is about to run, turns them into ops holding the workspace's *current* state. Reading
// at send time rather than at change time means a program's write that landed in between is
// never overwritten by an older edit.
import {
	contentFromBytes,
	dirname,
	type FileSystem,
	type WorkspaceChange
} from '#lib/workspace/index.ts';
import { maxFileBytes as defaultMaxFileBytes } from '#lib/limits.ts';
import type { FileOp } from './api.ts';

/** Options of a WorkspaceSync. */
export interface WorkspaceSyncOptions {
	/** Receives a sentence for each program write the workspace could not take. */
	notice(text: string): void;
	/** Who writes the files back, for those sentences (default 'Python'). */
	writer?: string;
}

/** Keeps a runtime's file system and the workspace in step, from the main thread. */
export class WorkspaceSync {
	readonly #fs: FileSystem;
	readonly #notice: (text: string) => void;
	readonly #writer: string;
	readonly #dirty = new Set<string>();
	readonly #stop: () => void;

	constructor(fs: FileSystem, options: WorkspaceSyncOptions) {
		this.#fs = fs;
		this.#notice = options.notice;
		this.#writer = options.writer ?? 'Python';
		this.#stop = fs.onChange((change) => this.#noteChange(change));
	}

	/** Largest file the workspace takes, in bytes. */
	get maxFileBytes(): number {
		const limit = (this.#fs as { maxFileBytes?: unknown }).maxFileBytes;
		return typeof limit === 'number' ? limit : defaultMaxFileBytes;
	}

	/** Every file and folder of the workspace, for a fresh runtime; pending changes are included. */
	snapshot(): FileOp[] {
		this.#dirty.clear();
		const ops: FileOp[] = [];
		for (const entry of this.#fs.walk()) {
			ops.push(
				entry.type === 'dir'
					? { op: 'mkdir', path: entry.path }
					: { op: 'write', path: entry.path, data: this.#fs.readBytes(entry.path) }
			);
		}
		return ops;
	}

	/** The changes made outside the runtime since the last call, as the workspace holds them now. */
	takeChanges(): FileOp[] {
		if (this.#dirty.size === 0) return [];
		const paths = [...this.#dirty].sort();
		this.#dirty.clear();
		const removed = new Set<string>();
		const ops: FileOp[] = [];
		for (const path of paths) {
			if (!this.#fs.exists(path)) {
				// A folder that only existed because of its files is gone too, but no change names it.
				let top = path;
				while (dirname(top) !== '' && !this.#fs.exists(dirname(top))) top = dirname(top);
				if (!removed.has(top)) ops.push({ op: 'remove', path: top });
				removed.add(top);
			} else if (this.#fs.stat(path).type === 'dir') {
				ops.push({ op: 'mkdir', path });
			} else {
				ops.push({ op: 'write', path, data: this.#fs.readBytes(path) });
			}
		}
		return ops;
	}

	/** Applies a program's changes to the workspace, in one transaction with origin 'runtime'. */
	applyFromRuntime(ops: FileOp[]): void {
		this.#fs.doc.transact(() => {
			for (const op of ops) {
				try {
					this.#applyOne(op);
				} catch (error) {
					this.#notice(
						`${this.#writer} changed ${quote(op.path)}, but the change was not saved to your files: ${reason(error)}`
					);
				}
			}
		}, 'runtime');
	}

	/** Stops listening to the workspace. */
	destroy(): void {
		this.#stop();
		this.#dirty.clear();
	}

	#noteChange(change: WorkspaceChange): void {
		if (change.origin === 'runtime') return;
		for (const { path } of change.changes) this.#dirty.add(path);
	}

	#applyOne(op: FileOp): void {
		const fs = this.#fs;
		const existing = fs.exists(op.path) ? fs.stat(op.path) : null;
		switch (op.op) {
			case 'remove':
				if (existing) fs.remove(op.path, { recursive: true, origin: 'runtime' });
				return;
			case 'mkdir':
				if (existing?.type === 'file') fs.remove(op.path, { origin: 'runtime' });
				if (existing?.type !== 'dir') fs.mkdir(op.path, { recursive: true, origin: 'runtime' });
				return;
			case 'write':
				if (existing?.type === 'dir') fs.remove(op.path, { recursive: true, origin: 'runtime' });
				this.#removeFileAncestors(op.path);
				fs.writeFile(op.path, contentFromBytes(op.data), { origin: 'runtime' });
				return;
			case 'too-large':
				this.#notice(
					`${this.#writer} wrote ${quote(op.path)} (${megabytes(op.size)}), which is larger than the ` +
						`${megabytes(this.maxFileBytes)} a workspace file may hold, so it was not saved to your files.`
				);
		}
	}

	/** A folder replaced a file of the same name inside Python: the workspace follows. */
	#removeFileAncestors(path: string): void {
		for (let dir = dirname(path); dir !== ''; dir = dirname(dir)) {
			if (this.#fs.exists(dir) && this.#fs.stat(dir).type === 'file') {
				this.#fs.remove(dir, { origin: 'runtime' });
			}
		}
	}
}

function quote(path: string): string {
	return `"${path}"`;
}

function megabytes(bytes: number): string {
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
