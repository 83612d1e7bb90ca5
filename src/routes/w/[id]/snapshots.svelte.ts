import {
	AutoSnapshots,
	diff,
	diffFile,
	list,
	remove,
	restore,
	restoreFile,
	take,
	usage,
	type DiffTarget,
	type FileChange,
	type FileDiff,
	type SnapshotSummary,
	type SnapshotUsage,
	type WorkspaceRef
} from '#lib/snapshots/index.ts';
import { downloadSnapshot } from '#lib/snapshots/export.ts';
import { messageOf, notices } from '#lib/ui/notices.svelte.ts';

/** A comparison on screen: a snapshot against the current files or another snapshot. */
export interface Comparison {
	from: SnapshotSummary;
	/** 'current', or the newer snapshot. */
	to: SnapshotSummary | 'current';
	changes: FileChange[];
	/** The file whose side-by-side diff is shown, and the diff once loaded. */
	selected: string | null;
	file: FileDiff | null;
}

/** The snapshots of the open workspace, as the Snapshots pane shows and changes them. */
export class SnapshotsState {
	snapshots = $state.raw<SnapshotSummary[]>([]);
	usage = $state.raw<SnapshotUsage | null>(null);
	/** What is being done right now ('Taking snapshot…'), or null. */
	busy = $state<string | null>(null);
	/** The last failure, as a sentence; cleared by the next action. */
	problem = $state<string | null>(null);
	comparison = $state.raw<Comparison | null>(null);

	readonly #ref: WorkspaceRef;
	readonly #auto: AutoSnapshots;

	constructor(ref: WorkspaceRef) {
		this.#ref = ref;
		this.#auto = new AutoSnapshots(ref, {
			ontaken: () => void this.refresh(),
			onerror: (error) => notices.show('error', `Automatic snapshot failed: ${messageOf(error)}`)
		});
	}

	/** Reads the list and the storage figure again. */
	async refresh(): Promise<void> {
		try {
			[this.snapshots, this.usage] = await Promise.all([list(this.#ref.id), usage()]);
		} catch (error) {
			this.problem = messageOf(error);
		}
	}

	/** Takes a named snapshot; false (with `problem` set) when it failed. */
	async take(name: string): Promise<boolean> {
		return this.#do('Taking snapshot…', async () => {
			const summary = await take(this.#ref, name);
			notices.show('info', `Snapshot “${summary.name}” taken.`);
		});
	}

	/** Deletes a snapshot and the content only it used. */
	async remove(snapshot: SnapshotSummary): Promise<boolean> {
		return this.#do('Deleting…', async () => {
			const { freedBytes } = await remove(snapshot.id);
			if (this.comparison?.from.id === snapshot.id || this.comparison?.to === snapshot)
				this.comparison = null;
			notices.show(
				'info',
				`Snapshot “${snapshot.name}” deleted; ${formatBytes(freedBytes)} freed.`
			);
		});
	}

	/** Downloads a snapshot's files as a .zip named after the workspace and the snapshot. */
	async exportZip(snapshot: SnapshotSummary, workspaceName: string): Promise<boolean> {
		return this.#do('Exporting…', () => downloadSnapshot(snapshot.id, workspaceName));
	}

	/** Restores every file of a snapshot (an automatic snapshot keeps the files as they were). */
	async restore(snapshot: SnapshotSummary): Promise<boolean> {
		return this.#do('Restoring…', async () => {
			const { before } = await restore(this.#ref, snapshot.id);
			notices.show(
				'info',
				before
					? `Restored “${snapshot.name}”. Your files as they were are in “${before.name}”.`
					: `The files already match “${snapshot.name}”.`
			);
			await this.#recompare();
		});
	}

	/** Restores one file of the compared snapshot. */
	async restoreFile(snapshot: SnapshotSummary, path: string): Promise<boolean> {
		return this.#do('Restoring…', async () => {
			const { before } = await restoreFile(this.#ref, snapshot.id, path);
			notices.show(
				'info',
				before
					? `Restored ${path} from “${snapshot.name}”. The version it replaced is in “${before.name}”.`
					: `${path} already matches “${snapshot.name}”.`
			);
			await this.#recompare();
		});
	}

	/** Shows what changed from `from` to `to` (the current files or another snapshot). */
	async compare(from: SnapshotSummary, to: SnapshotSummary | 'current'): Promise<boolean> {
		return this.#do('Comparing…', async () => {
			const changes = await diff(this.#ref, from.id, target(to));
			this.comparison = { from, to, changes, selected: null, file: null };
			if (changes[0]) await this.showFile(changes[0].path);
		});
	}

	/** Loads the side-by-side diff of one changed file of the comparison. */
	async showFile(path: string): Promise<void> {
		const comparison = this.comparison;
		const change = comparison?.changes.find((c) => c.path === path);
		if (!comparison || !change) return;
		this.comparison = { ...comparison, selected: path, file: null };
		try {
			const file = await diffFile(this.#ref, change, target(comparison.to));
			if (this.comparison?.selected === path) this.comparison = { ...this.comparison, file };
		} catch (error) {
			this.problem = messageOf(error);
		}
	}

	/** Closes the comparison. */
	closeComparison(): void {
		this.comparison = null;
	}

	/** Stops the automatic snapshots. */
	destroy(): void {
		this.#auto.destroy();
	}

	async #recompare(): Promise<void> {
		const current = this.comparison;
		if (!current) return;
		const changes = await diff(this.#ref, current.from.id, target(current.to));
		this.comparison = { ...current, changes, selected: null, file: null };
		const keep = changes.find((c) => c.path === current.selected) ?? changes[0];
		if (keep) await this.showFile(keep.path);
	}

	async #do(label: string, action: () => Promise<void>): Promise<boolean> {
		if (this.busy) return false;
		this.busy = label;
		this.problem = null;
		try {
			await action();
			return true;
		} catch (error) {
			this.problem = messageOf(error);
			return false;
		} finally {
			this.busy = null;
			await this.refresh();
		}
	}
}

function target(to: SnapshotSummary | 'current'): DiffTarget {
	return to === 'current' ? 'current' : { snapshotId: to.id };
}

/** A byte count for people: `812 B`, `4.2 KB`, `10.5 MB`. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
