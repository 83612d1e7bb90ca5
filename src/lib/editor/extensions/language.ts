import type { Extension } from '@codemirror/state';
import type { LanguageSupport } from '@codemirror/language';
import { extname } from '#lib/workspace/paths.ts';

type Loader = () => Promise<LanguageSupport>;

// Each grammar loads on first use so the workspace page does not pay for languages it never shows.
const loaders: Record<string, Loader> = {
	python: () => import('@codemirror/lang-python').then((m) => m.python()),
	javascript: () => import('@codemirror/lang-javascript').then((m) => m.javascript()),
	jsx: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ jsx: true })),
	typescript: () =>
		import('@codemirror/lang-javascript').then((m) => m.javascript({ typescript: true })),
	tsx: () =>
		import('@codemirror/lang-javascript').then((m) =>
			m.javascript({ typescript: true, jsx: true })
		),
	html: () => import('@codemirror/lang-html').then((m) => m.html()),
	css: () => import('@codemirror/lang-css').then((m) => m.css()),
	json: () => import('@codemirror/lang-json').then((m) => m.json()),
	markdown: () => import('@codemirror/lang-markdown').then((m) => m.markdown())
};

const byExtension: Record<string, string> = {
	'.py': 'python',
	'.pyw': 'python',
	'.js': 'javascript',
	'.mjs': 'javascript',
	'.cjs': 'javascript',
	'.jsx': 'jsx',
	'.ts': 'typescript',
	'.mts': 'typescript',
	'.cts': 'typescript',
	'.tsx': 'tsx',
	'.html': 'html',
	'.htm': 'html',
	'.svelte': 'html',
	'.css': 'css',
	'.json': 'json',
	'.md': 'markdown',
	'.markdown': 'markdown'
};

const labels: Record<string, string> = {
	python: 'Python',
	javascript: 'JavaScript',
	jsx: 'JavaScript JSX',
	typescript: 'TypeScript',
	tsx: 'TypeScript JSX',
	html: 'HTML',
	css: 'CSS',
	json: 'JSON',
	markdown: 'Markdown'
};

/** The language id for a file name, or undefined for plain text. */
export function languageIdFor(path: string): string | undefined {
	return byExtension[extname(path).toLowerCase()];
}

/** A human name for the language of a file ("Python", "Plain text"). */
export function languageLabelFor(path: string): string {
	const id = languageIdFor(path);
	return id ? (labels[id] ?? id) : 'Plain text';
}

/** Loads the syntax support for a file; an empty extension for plain text. */
export async function language(path: string): Promise<Extension> {
	const id = languageIdFor(path);
	const load = id ? loaders[id] : undefined;
	return load ? load() : [];
}
