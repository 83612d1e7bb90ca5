import { describe, expect, it } from 'vitest';
import { originalTemplate, resetLosses, resetToTemplate } from './reset.ts';
import { getTemplate, seedTemplate } from './templates.ts';
import { Workspace } from './workspace.ts';

describe('reset to the original files', () => {
	it('knows the template a workspace was seeded from, and none for empty ones', () => {
		const python = new Workspace();
		seedTemplate(python, 'python');
		expect(originalTemplate(python)?.id).toBe('python');
		const empty = new Workspace();
		seedTemplate(empty, 'empty');
		expect(originalTemplate(empty)).toBeNull();
		expect(originalTemplate(new Workspace())).toBeNull();
	});

	it('lists what would be lost, then puts the template files back and removes the rest', () => {
		const ws = new Workspace();
		seedTemplate(ws, 'python');
		const mainText = ws.textOf('main.py');
		ws.writeFile('main.py', 'print("changed")\n');
		ws.remove('README.md');
		ws.writeFile('notes/todo.txt', 'x');
		ws.mkdir('empty');
		ws.writeFile('data.bin', new Uint8Array([0, 1]));
		expect(resetLosses(ws, 'python')).toEqual({
			removed: ['notes/todo.txt', 'data.bin'],
			changed: ['main.py']
		});
		const origins: string[] = [];
		ws.onChange((change) => origins.push(change.origin));
		resetToTemplate(ws, 'python');
		expect(ws.walk().map((entry) => entry.path)).toEqual(['main.py', 'README.md']);
		expect(ws.readText('main.py')).toBe(getTemplate('python').files['main.py']);
		// The same shared text, edited: an open editor keeps following it.
		expect(ws.textOf('main.py')).toBe(mainText);
		expect(origins).toEqual(['restore']);
		expect(resetLosses(ws, 'python')).toEqual({ removed: [], changed: [] });
	});
});
