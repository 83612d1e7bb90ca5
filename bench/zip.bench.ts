// Export to and import from .zip of a 1,000-file, 10 MB workspace (900 text files of source-like
// text, 100 binary files of random bytes), each next to a naive baseline in the same run:
// - export: our zip (deflate level 6) next to store-only (level 0) of the same contents;
// - unzip: our import (directory checked first, every entry inflated into its declared size,
//   CRC-checked, text decoded) next to fflate's unzipSync with no checks at all;
// - store: a new workspace written in one IndexedDB transaction (createWorkspaceWith) next to
//   the same files written one transaction each. IndexedDB here is fake-indexeddb in Node, so
//   this row compares the two write patterns, not a browser's disk.
import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import * as Y from 'yjs';
import { readContents, type WorkspaceContents } from '../src/lib/workspace/contents.ts';
import { createWorkspaceWith } from '../src/lib/workspace/copies.ts';
import { WorkspacePersistence } from '../src/lib/workspace/persistence.ts';
import { createWorkspace, deleteWorkspace } from '../src/lib/workspace/registry.ts';
import { Workspace } from '../src/lib/workspace/workspace.ts';
import { unzipContents, zipContents } from '../src/lib/snapshots/zip.ts';
import { median, table } from './lib/stats.ts';
import type { Benchmark } from './lib/types.ts';

const samples = 5;
const textFiles = 900;
const binaryFiles = 100;
const fileBytes = 10 * 1024;

/** A small deterministic PRNG (mulberry32), so every run zips the same bytes. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const words =
	'def return import self value items count print list dict for in if else while class data result index name path file'.split(
		' '
	);

function workspaceContents(): WorkspaceContents {
	const next = random(42);
	const files = new Map<string, string | Uint8Array>();
	for (let i = 0; i < textFiles; i++) {
		let text = '';
		while (text.length < fileBytes) {
			const line = Array.from({ length: 8 }, () => words[Math.floor(next() * words.length)]);
			text += `    ${line.join(' ')} = ${Math.floor(next() * 1000)}\n`;
		}
		files.set(`pkg${i % 30}/module_${i}.py`, text.slice(0, fileBytes));
	}
	for (let i = 0; i < binaryFiles; i++) {
		const bytes = new Uint8Array(fileBytes);
		for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(next() * 256);
		files.set(`assets/blob_${i}.bin`, bytes);
	}
	return { files, folders: ['empty'] };
}

function concat(chunks: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}

async function time(work: () => unknown): Promise<number> {
	const start = performance.now();
	await work();
	return performance.now() - start;
}

/** Runs both sides alternately, `samples` times each, after one warm-up of each. */
async function paired(ours: () => unknown, baseline: () => unknown) {
	await time(ours);
	await time(baseline);
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < samples; i++) {
		a.push(await time(ours));
		b.push(await time(baseline));
	}
	return { ours: a, baseline: b, medianOurs: median(a), medianBaseline: median(b) };
}

/** The naive import: the same files written into a stored workspace one transaction each. */
async function writeOneByOne(contents: WorkspaceContents): Promise<void> {
	const meta = await createWorkspace({ name: `naive ${Math.random()}`, template: 'empty' });
	const doc = new Y.Doc();
	const persistence = new WorkspacePersistence(meta.id, doc, { backup: null, lifecycle: null });
	await persistence.whenSynced;
	const ws = new Workspace(doc);
	for (const [path, content] of contents.files) ws.writeFile(path, content, { origin: 'import' });
	for (const folder of contents.folders) ws.mkdir(folder, { recursive: true, origin: 'import' });
	await new Promise<void>((resolve) => {
		if (persistence.status === 'saved') return resolve();
		const stop = persistence.on('status', (status) => {
			if (status === 'saved') {
				stop();
				resolve();
			}
		});
	});
	await persistence.destroy();
	await deleteWorkspace(meta.id);
}

const bench: Benchmark = {
	description: `zip export and import of a ${(textFiles + binaryFiles).toLocaleString('en')}-file, 10 MB workspace, next to naive baselines`,
	async run() {
		const contents = workspaceContents();
		const live = new Workspace(new Y.Doc());
		for (const [path, content] of contents.files) live.writeFile(path, content);
		live.mkdir('empty');

		const deflated = concat(zipContents(readContents(live)));
		const stored = concat(zipContents(readContents(live), { level: 0 }));
		const exporting = await paired(
			() => zipContents(readContents(live)),
			() => zipContents(readContents(live), { level: 0 })
		);
		const unzipping = await paired(
			() => unzipContents(deflated),
			() => unzipSync(deflated)
		);
		const storing = await paired(
			async () => {
				const meta = await createWorkspaceWith({
					name: 'bench',
					contents: unzipContents(deflated)
				});
				await deleteWorkspace(meta.id);
			},
			() => writeOneByOne(unzipContents(deflated))
		);

		const ms = (value: number) => value.toFixed(0);
		const rows = [
			['export (ours: deflate 6 | store only)', exporting],
			['unzip (ours: checked | fflate unzipSync)', unzipping],
			['store (ours: 1 transaction | 1 per file)', storing]
		] as const;
		const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(2);
		return {
			table: [
				table(
					['median of 5 (ms)', 'ours', 'baseline', 'ratio'],
					rows.map(([label, r]) => [
						label,
						ms(r.medianOurs),
						ms(r.medianBaseline),
						(r.medianOurs / r.medianBaseline).toFixed(2)
					])
				),
				'',
				`zip size: ${mb(deflated.length)} MB deflated, ${mb(stored.length)} MB stored`
			].join('\n'),
			data: {
				files: textFiles + binaryFiles,
				bytes: (textFiles + binaryFiles) * fileBytes,
				zipBytes: { deflated: deflated.length, stored: stored.length },
				export: { ...exporting, ratio: exporting.medianOurs / exporting.medianBaseline },
				unzip: { ...unzipping, ratio: unzipping.medianOurs / unzipping.medianBaseline },
				store: { ...storing, ratio: storing.medianOurs / storing.medianBaseline }
			}
		};
	}
};

export default bench;
