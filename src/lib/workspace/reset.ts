import { META_MAP, getTemplate, templates, type Template, type TemplateId } from './templates.ts';
import type { FileSystem } from './types.ts';

/** The template a workspace was seeded from, as its doc records it; null when none (or empty). */
export function originalTemplate(fs: FileSystem): Template | null {
	const id = fs.doc.getMap<unknown>(META_MAP).get('template');
	const template = templates.find((candidate) => candidate.id === id);
	return template && Object.keys(template.files).length > 0 ? template : null;
}

/** What a reset would change: the files it removes or rewrites, for the confirmation. */
export function resetLosses(
	fs: FileSystem,
	id: TemplateId
): { removed: string[]; changed: string[] } {
	const original = getTemplate(id).files;
	const removed: string[] = [];
	const changed: string[] = [];
	for (const entry of fs.walk()) {
		if (entry.type !== 'file') continue;
		const content = original[entry.path];
		if (content === undefined) removed.push(entry.path);
		else if (fs.stat(entry.path).encoding !== 'text' || fs.readText(entry.path) !== content)
			changed.push(entry.path);
	}
	return { removed, changed };
}

/**
 * Puts a workspace back to its template's files, in one transaction with origin 'restore':
 * every other file and folder is removed, the template's files get their original text (as an
 * edit of the same text, so open editors follow). The doc's other facts (installed packages,
 * the template record) stay.
 */
export function resetToTemplate(fs: FileSystem, id: TemplateId): void {
	const files = getTemplate(id).files;
	const kept = Object.keys(files);
	const needed = (path: string) => kept.some((k) => k === path || k.startsWith(`${path}/`));
	const prune = (dir: string) => {
		for (const entry of fs.list(dir)) {
			if (!needed(entry.path) || (entry.type === 'dir' && kept.includes(entry.path)))
				fs.remove(entry.path, { recursive: true, origin: 'restore' });
			else if (entry.type === 'dir') prune(entry.path);
		}
	};
	fs.doc.transact(() => {
		prune('');
		for (const [path, content] of Object.entries(files)) {
			fs.writeFile(path, content, { origin: 'restore', createParents: true });
		}
	}, 'restore');
}
