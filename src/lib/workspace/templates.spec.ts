import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AlreadyExistsError } from './errors.ts';
import { applyTemplate, seedTemplate, templates, type TemplateId } from './templates.ts';
import type { WorkspaceChange } from './types.ts';
import { Workspace } from './workspace.ts';

describe('templates', () => {
	it('offers each template once', () => {
		expect(templates.map((template) => template.id).sort()).toEqual(
			['empty', 'javascript', 'python', 'web'].sort()
		);
		for (const template of templates) {
			expect(template.label).not.toBe('');
			expect(template.description).toMatch(/\.$/);
		}
	});

	it.each<[TemplateId, string[]]>([
		['python', ['main.py', 'README.md']],
		['javascript', ['index.js', 'package.json', 'README.md']],
		['web', ['index.html', 'script.js', 'style.css']],
		['empty', []]
	])('%s writes its files in one import transaction', (id, files) => {
		const ws = new Workspace(new Y.Doc());
		const changes: WorkspaceChange[] = [];
		ws.onChange((change) => changes.push(change));
		applyTemplate(ws, id);
		expect(ws.list().map((entry) => entry.path)).toEqual(
			[...files].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
		);
		for (const path of files) expect(ws.stat(path).encoding).toBe('text');
		if (files.length > 0) {
			expect(changes).toHaveLength(1);
			expect(changes[0]?.origin).toBe('import');
			expect(changes[0]?.changes).toHaveLength(files.length);
		} else {
			expect(changes).toEqual([]);
		}
	});

	it('writes content that fits together', () => {
		const ws = new Workspace();
		applyTemplate(ws, 'python');
		expect(ws.readText('main.py')).toContain('def greet(');
		expect(ws.readText('main.py')).toContain('print(');

		const js = new Workspace();
		applyTemplate(js, 'javascript');
		const pkg = JSON.parse(js.readText('package.json')) as { main: string; type: string };
		expect(js.exists(pkg.main)).toBe(true);
		expect(js.readText('index.js')).toContain('export function greet(');
		expect(pkg.type).toBe('module');

		const web = new Workspace();
		applyTemplate(web, 'web');
		const html = web.readText('index.html');
		expect(html).toContain('<script type="module" src="script.js">');
		expect(html).toContain('href="style.css"');
		expect(web.readText('script.js')).toContain("querySelector('#counter')");
		expect(html).toContain('id="counter"');
	});

	it('refuses to overwrite existing files, writing nothing', () => {
		const ws = new Workspace();
		ws.writeFile('README.md', 'mine');
		expect(() => applyTemplate(ws, 'python')).toThrow(AlreadyExistsError);
		expect(ws.readText('README.md')).toBe('mine');
		expect(ws.exists('main.py')).toBe(false);
	});

	it('seeds a workspace once: deleting every file later does not bring the template back', () => {
		const ws = new Workspace(new Y.Doc());
		expect(seedTemplate(ws, 'python')).toBe(true);
		expect(ws.readText('main.py')).toContain('def greet');
		ws.remove('main.py');
		ws.remove('README.md');
		expect(seedTemplate(ws, 'python')).toBe(false);
		expect(ws.list('')).toEqual([]);
	});

	it('keeps the seed marker with the files when the doc is copied to another tab', () => {
		const first = new Workspace(new Y.Doc());
		seedTemplate(first, 'web');
		const second = new Workspace(new Y.Doc());
		Y.applyUpdate(second.doc, Y.encodeStateAsUpdate(first.doc));
		expect(seedTemplate(second, 'web')).toBe(false);
		expect(second.exists('index.html')).toBe(true);
	});
});
