import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import { diff, diffFile, foldUnchanged, sideBySide } from './diff.ts';
import { take } from './store.ts';

let nextId = 0;
function workspace(files: Record<string, string | Uint8Array> = {}) {
	const ws = new Workspace(new Y.Doc());
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	return { id: `diff-${++nextId}`, ws };
}

describe('diffs', () => {
	it('lists added, removed and modified files against the current files', async () => {
		const ref = workspace({ 'a.txt': 'one\ntwo\n', 'b.txt': 'b', 'c.txt': 'c' });
		const snapshot = await take(ref, 'base');
		ref.ws.writeFile('a.txt', 'one\nTWO\nthree\n');
		ref.ws.remove('b.txt');
		ref.ws.writeFile('d.txt', 'd');
		const changes = await diff(ref, snapshot.id, 'current');
		expect(changes.map((c) => [c.path, c.status])).toEqual([
			['a.txt', 'modified'],
			['b.txt', 'removed'],
			['d.txt', 'added']
		]);
		const file = await diffFile(ref, changes[0]!, 'current');
		expect(file).toEqual({
			kind: 'text',
			rows: [
				{ kind: 'same', left: { line: 1, text: 'one' }, right: { line: 1, text: 'one' } },
				{ kind: 'changed', left: { line: 2, text: 'two' }, right: { line: 2, text: 'TWO' } },
				{ kind: 'added', left: undefined, right: { line: 3, text: 'three' } }
			]
		});
	});

	it('compares two snapshots, and shows sizes only for binary files', async () => {
		const ref = workspace({ 'x.bin': new Uint8Array([0, 1]), 'y.txt': 'old' });
		const first = await take(ref, 'one');
		ref.ws.writeFile('x.bin', new Uint8Array([0, 1, 2]));
		ref.ws.writeFile('y.txt', 'new');
		const second = await take(ref, 'two');
		ref.ws.writeFile('y.txt', 'newer, not in either snapshot');
		const changes = await diff(ref, first.id, { snapshotId: second.id });
		expect(changes.map((c) => c.path)).toEqual(['x.bin', 'y.txt']);
		expect(await diffFile(ref, changes[0]!, { snapshotId: second.id })).toEqual({
			kind: 'binary',
			beforeSize: 2,
			afterSize: 3
		});
		const text = await diffFile(ref, changes[1]!, { snapshotId: second.id });
		expect(text.kind === 'text' && text.rows[0]).toMatchObject({
			left: { text: 'old' },
			right: { text: 'new' }
		});
	});

	it('folds long unchanged runs, keeping three lines of context', () => {
		const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
		const after = before.replace('line 10', 'line ten');
		const rows = foldUnchanged(sideBySide(before, after));
		expect(rows.map((r) => r.kind)).toEqual([
			'skip',
			'same',
			'same',
			'same',
			'changed',
			'same',
			'same',
			'same',
			'skip'
		]);
		expect(rows[0]).toEqual({ kind: 'skip', count: 6 });
		expect(rows.at(-1)).toEqual({ kind: 'skip', count: 7 });
	});
});
