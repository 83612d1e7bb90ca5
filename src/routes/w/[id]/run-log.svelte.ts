import {
	addRun,
	capOutput,
	clearRuns,
	listRuns,
	maxOutputChars,
	type RunRecord
} from '#lib/history/runs.ts';
import type { Process } from '#lib/runtimes/index.ts';
import { commandLine } from '#lib/shell/quote.ts';

/** Rich output shown in the Output pane (`bytestorm.display`, matplotlib figures). */
export interface Shown {
	id: number;
	mime: string;
	/** A blob: URL for images; revoked when the pane forgets the item. */
	url: string | null;
	/** The content, for text types. */
	text: string | null;
	size: number;
	command: string;
	at: number;
}

const maxShown = 50;
let nextShownId = 1;

/** This workspace's runs (kept in IndexedDB) and the rich output of this visit. */
export class RunLog {
	runs = $state<RunRecord[]>([]);
	shown = $state<Shown[]>([]);
	/** Rich outputs that arrived since the Output pane was last looked at. */
	unseen = $state(0);
	/** Why the history is not kept, or '' while it is. */
	problem = $state('');
	private readonly workspaceId: string;

	constructor(workspaceId: string) {
		this.workspaceId = workspaceId;
	}

	/** Loads the saved history. */
	async load(): Promise<void> {
		try {
			this.runs = await listRuns(this.workspaceId);
		} catch {
			this.problem = 'Run history is not kept: this browser refused to store it.';
		}
	}

	/**
	 * Follows a process: records its output and exit as a run, and shows its rich output.
	 * `onShown` is called at the end of a run that displayed something.
	 */
	track(argv: string[], process: Process, onShown: () => void): void {
		const command = commandLine(argv);
		const startedAt = Date.now();
		const started = performance.now();
		let output = '';
		let shownInRun = 0;
		const unsubscribe = process.onOutput((piece) => {
			if (piece.kind === 'display') {
				this.show(piece.mime, piece.data, command);
				shownInRun++;
				return;
			}
			output += piece.kind === 'notice' ? `${piece.text}\n` : piece.text;
			// Trim as it grows, so a program printing megabytes does not hold them all.
			if (output.length > 2 * maxOutputChars) output = output.slice(-maxOutputChars);
		});
		void process.exit.then(async (exitCode) => {
			unsubscribe();
			const capped = capOutput(output);
			const record: RunRecord = {
				workspaceId: this.workspaceId,
				command,
				startedAt,
				durationMs: Math.round(performance.now() - started),
				exitCode,
				output: capped.output,
				truncated: capped.truncated || output.length > capped.output.length
			};
			let saved = record;
			try {
				saved = await addRun(record);
			} catch {
				this.problem = 'Run history is not kept: this browser refused to store it.';
			}
			this.runs = [saved, ...this.runs].slice(0, 100);
			if (shownInRun > 0) onShown();
		});
	}

	private show(mime: string, data: Uint8Array, command: string): void {
		const isText = mime.startsWith('text/');
		const shown: Shown = {
			id: nextShownId++,
			mime,
			url: isText ? null : URL.createObjectURL(new Blob([data as BlobPart], { type: mime })),
			text: isText ? new TextDecoder().decode(data) : null,
			size: data.length,
			command,
			at: Date.now()
		};
		const kept = [...this.shown, shown];
		for (const dropped of kept.slice(0, -maxShown))
			if (dropped.url) URL.revokeObjectURL(dropped.url);
		this.shown = kept.slice(-maxShown);
		this.unseen++;
	}

	/** Empties the Output pane. */
	clearShown(): void {
		for (const item of this.shown) if (item.url) URL.revokeObjectURL(item.url);
		this.shown = [];
		this.unseen = 0;
	}

	/** Forgets this workspace's run history. */
	async clearRuns(): Promise<void> {
		this.runs = [];
		await clearRuns(this.workspaceId).catch(() => {});
	}

	/** Releases the images' memory. */
	destroy(): void {
		for (const item of this.shown) if (item.url) URL.revokeObjectURL(item.url);
	}
}
