import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { WorkspaceChange } from './types.ts';
import { Workspace } from './workspace.ts';

function recordChanges(ws: Workspace): WorkspaceChange[] {
	const seen: WorkspaceChange[] = [];
	ws.onChange((change) => seen.push(change));
	return seen;
}

/**
 * Two workspaces whose docs exchange every update, like two tabs through a relay. While
 * `link.offline` is true the updates queue up, so edits made meanwhile are concurrent.
 */
function connectedPair() {
	const a = new Workspace(new Y.Doc());
	const b = new Workspace(new Y.Doc());
	const queue: [Y.Doc, Uint8Array, Workspace][] = [];
	const link = {
		offline: false,
		reconnect() {
			link.offline = false;
			for (const [doc, update, from] of queue.splice(0)) Y.applyUpdate(doc, update, from);
		}
	};
	const forward = (from: Workspace, to: Workspace) => {
		from.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === to) return;
			if (link.offline) queue.push([to.doc, update, from]);
			else Y.applyUpdate(to.doc, update, from);
		});
	};
	forward(a, b);
	forward(b, a);
	return { a, b, link };
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('change events', () => {
	it('reports each operation once, with its origin and what it touched', () => {
		const ws = new Workspace();
		const changes = recordChanges(ws);
		ws.createFile('a.txt', 'one', { origin: 'editor' });
		ws.writeFile('a.txt', 'two', { origin: 'runtime' });
		ws.mkdir('dir', { origin: 'shell' });
		ws.remove('a.txt');
		expect(changes).toEqual([
			{ origin: 'editor', changes: [{ path: 'a.txt', kind: 'created', type: 'file' }] },
			{ origin: 'runtime', changes: [{ path: 'a.txt', kind: 'modified', type: 'file' }] },
			{ origin: 'shell', changes: [{ path: 'dir', kind: 'created', type: 'dir' }] },
			{ origin: 'ui', changes: [{ path: 'a.txt', kind: 'deleted', type: 'file' }] }
		]);
	});

	it('reports an edit inside a Y.Text as a modification of its file', () => {
		const ws = new Workspace();
		ws.writeFile('src/main.py', 'print(1)');
		const changes = recordChanges(ws);
		ws.doc.transact(() => ws.textOf('src/main.py').insert(0, '# hi\n'), 'editor');
		expect(changes).toEqual([
			{ origin: 'editor', changes: [{ path: 'src/main.py', kind: 'modified', type: 'file' }] }
		]);
	});

	it('groups writes made inside one outer transaction', () => {
		const ws = new Workspace();
		const changes = recordChanges(ws);
		ws.doc.transact(() => {
			ws.writeFile('a.txt', 'a', { origin: 'import' });
			ws.writeFile('b.txt', 'b', { origin: 'import' });
			ws.writeFile('a.txt', 'a2', { origin: 'import' });
		}, 'import');
		expect(changes).toEqual([
			{
				origin: 'import',
				changes: [
					{ path: 'a.txt', kind: 'created', type: 'file' },
					{ path: 'b.txt', kind: 'created', type: 'file' }
				]
			}
		]);
	});

	it("reports updates from another doc as 'remote'", () => {
		const other = new Workspace(new Y.Doc());
		other.writeFile('shared.txt', 'from afar', { origin: 'editor' });
		const ws = new Workspace();
		const changes = recordChanges(ws);
		Y.applyUpdate(ws.doc, Y.encodeStateAsUpdate(other.doc));
		const provider = { name: 'some provider' };
		other.writeFile('shared.txt', 'changed afar');
		Y.applyUpdate(ws.doc, Y.encodeStateAsUpdate(other.doc), provider);
		expect(changes).toEqual([
			{ origin: 'remote', changes: [{ path: 'shared.txt', kind: 'created', type: 'file' }] },
			{ origin: 'remote', changes: [{ path: 'shared.txt', kind: 'modified', type: 'file' }] }
		]);
		expect(ws.readText('shared.txt')).toBe('changed afar');
	});

	it('names object origins that were registered', () => {
		const ws = new Workspace();
		ws.writeFile('a.txt', '');
		const changes = recordChanges(ws);
		const editorBinding = {};
		const forget = ws.registerOrigin(editorBinding, 'editor');
		ws.doc.transact(() => ws.textOf('a.txt').insert(0, 'x'), editorBinding);
		forget();
		ws.doc.transact(() => ws.textOf('a.txt').insert(0, 'y'), editorBinding);
		expect(changes.map((change) => change.origin)).toEqual(['editor', 'remote']);
	});

	it('stops reporting after unsubscribe', () => {
		const ws = new Workspace();
		const seen: WorkspaceChange[] = [];
		const stop = ws.onChange((change) => seen.push(change));
		ws.writeFile('a.txt', '');
		stop();
		ws.writeFile('b.txt', '');
		expect(seen).toHaveLength(1);
	});

	it('keeps writing and notifying when a listener throws', () => {
		const reportError = vi.fn();
		vi.stubGlobal('reportError', reportError);
		const ws = new Workspace();
		ws.onChange(() => {
			throw new Error('listener bug');
		});
		const changes = recordChanges(ws);
		expect(() => ws.writeFile('a.txt', 'still written')).not.toThrow();
		expect(ws.readText('a.txt')).toBe('still written');
		expect(changes).toHaveLength(1);
		expect(reportError).toHaveBeenCalledWith(new Error('listener bug'));
	});
});

describe('two docs kept in sync by updates', () => {
	it('converge after concurrent edits of files and folders', () => {
		const { a, b, link } = connectedPair();
		a.writeFile('src/main.py', 'print("a")\n');
		b.mkdir('docs');
		expect(b.readText('src/main.py')).toBe('print("a")\n');
		expect(a.exists('docs')).toBe(true);

		link.offline = true;
		b.textOf('src/main.py').insert(0, '# b\n');
		a.writeFile('src/main.py', 'print("a")\nprint("more")\n');
		a.rename('docs', 'guide');
		b.writeFile('notes.txt', 'b notes');
		expect(a.exists('notes.txt')).toBe(false);
		link.reconnect();

		for (const ws of [a, b]) {
			expect(ws.readText('src/main.py')).toBe('# b\nprint("a")\nprint("more")\n');
			expect(ws.walk().map((entry) => entry.path)).toEqual([
				'guide',
				'src',
				'src/main.py',
				'notes.txt'
			]);
		}
	});

	it('see folders appear and disappear with remote files', () => {
		const { a, b } = connectedPair();
		expect(b.exists('x')).toBe(false);
		a.writeFile('x/y/z.txt', '');
		expect(b.exists('x/y')).toBe(true);
		expect(b.list('x')).toEqual([{ name: 'y', path: 'x/y', type: 'dir' }]);
		b.remove('x', { recursive: true });
		expect(a.exists('x')).toBe(false);
		expect(a.walk()).toEqual([]);
	});

	it('converge when updates arrive late and out of order', () => {
		const a = new Workspace(new Y.Doc());
		const b = new Workspace(new Y.Doc());
		const fromA: Uint8Array[] = [];
		a.doc.on('update', (update: Uint8Array) => fromA.push(update));
		a.writeFile('f.txt', 'hello');
		a.writeFile('f.txt', 'hello world');
		a.mkdir('empty');
		b.writeFile('g.bin', new Uint8Array([1, 2, 3]));
		for (const update of [...fromA].reverse()) Y.applyUpdate(b.doc, update);
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
		for (const ws of [a, b]) {
			expect(ws.readText('f.txt')).toBe('hello world');
			expect(ws.readBytes('g.bin')).toEqual(new Uint8Array([1, 2, 3]));
			expect(ws.stat('empty').type).toBe('dir');
		}
	});
});
