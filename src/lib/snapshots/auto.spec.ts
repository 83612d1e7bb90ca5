import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import { AutoSnapshots } from './auto.ts';
import { list } from './store.ts';

describe('automatic snapshots', () => {
	it('takes one only after edits, and keeps the newest few', async () => {
		const ref = { id: 'auto-1', ws: new Workspace(new Y.Doc()) };
		const auto = new AutoSnapshots(ref, { intervalMs: 60_000, keep: 2 });
		try {
			expect(await auto.tick()).toBeNull(); // nothing edited yet
			for (let i = 0; i < 3; i++) {
				ref.ws.writeFile('a.txt', `edit ${i}`);
				expect(await auto.tick()).toMatchObject({ auto: true, name: 'Automatic snapshot' });
			}
			expect(await auto.tick()).toBeNull();
			const kept = await list(ref.id);
			expect(kept.length).toBe(2);
			expect(kept.every((s) => s.auto)).toBe(true);
		} finally {
			auto.destroy();
		}
	});

	it('does not count a restore as an edit', async () => {
		const ref = { id: 'auto-2', ws: new Workspace(new Y.Doc()) };
		const auto = new AutoSnapshots(ref);
		try {
			ref.ws.writeFile('b.txt', 'restored', { origin: 'restore' });
			expect(await auto.tick()).toBeNull();
		} finally {
			auto.destroy();
		}
	});
});
