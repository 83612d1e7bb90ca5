import type * as Y from 'yjs';
import type { Origin, PathChange } from './types.ts';

/** Every origin a change can carry; anything else is reported as 'remote'. */
export const ORIGINS: ReadonlySet<Origin> = new Set<Origin>([
	'ui',
	'editor',
	'runtime',
	'shell',
	'restore',
	'import',
	'remote'
]);

/** True when `value` is one of the Origin strings. */
export function isOrigin(value: unknown): value is Origin {
	return typeof value === 'string' && ORIGINS.has(value as Origin);
}

type MapAction = 'add' | 'update' | 'delete';

const KIND: Record<MapAction, PathChange['kind']> = {
	add: 'created',
	update: 'modified',
	delete: 'deleted'
};

/**
 * Collects the paths each transaction touched in the files and folders maps (through
 * observeDeep) and hands them to `report` once per transaction, after every observer ran.
 * Returns the function that stops tracking.
 */
export function trackChanges<F, D>(
	doc: Y.Doc,
	files: Y.Map<F>,
	folders: Y.Map<D>,
	report: (transaction: Y.Transaction, changes: PathChange[]) => void
): () => void {
	const pending = new Map<Y.Transaction, Map<string, PathChange>>();

	const record = (transaction: Y.Transaction, change: PathChange) => {
		let changes = pending.get(transaction);
		if (!changes) pending.set(transaction, (changes = new Map()));
		const key = `${change.type}:${change.path}`;
		// 'created' or 'deleted' says more than 'modified' about the same path.
		if (change.kind !== 'modified' || !changes.has(key)) changes.set(key, change);
	};

	const onFiles = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
		for (const event of events) {
			if (event.target === files) {
				for (const [path, { action }] of event.changes.keys) {
					record(transaction, { path, kind: KIND[action], type: 'file' });
				}
			} else {
				// An edit inside a file's Y.Text: its path is the key it sits under.
				const path = event.path[0];
				if (typeof path === 'string') record(transaction, { path, kind: 'modified', type: 'file' });
			}
		}
	};

	const onFolders = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
		for (const event of events) {
			if (event.target !== folders) continue;
			for (const [path, { action }] of event.changes.keys) {
				if (action !== 'update') record(transaction, { path, kind: KIND[action], type: 'dir' });
			}
		}
	};

	const flush = (transaction: Y.Transaction) => {
		const changes = pending.get(transaction);
		if (!changes) return;
		pending.delete(transaction);
		report(transaction, [...changes.values()]);
	};

	files.observeDeep(onFiles);
	folders.observeDeep(onFolders);
	doc.on('afterTransaction', flush);
	return () => {
		files.unobserveDeep(onFiles);
		folders.unobserveDeep(onFolders);
		doc.off('afterTransaction', flush);
		pending.clear();
	};
}

/** Surfaces an error without throwing into the caller (the browser's reportError where it exists). */
export function reportLater(error: unknown): void {
	if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
	else
		setTimeout(() => {
			throw error;
		});
}
