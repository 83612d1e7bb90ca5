import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import {
	CommandNotFoundError,
	disposeRuntimes,
	hasRuntimeFor,
	runtimeCommands,
	runtimeFor
} from './index.ts';

describe('the runtime router', () => {
	it('gives python and pip to the Pyodide backend, one runtime per workspace', async () => {
		const ws = new Workspace(new Y.Doc());
		const python = await runtimeFor(ws, 'python');
		expect(python.id).toBe('pyodide');
		expect(python.state).toEqual({ state: 'idle' });
		expect(await runtimeFor(ws, 'pip')).toBe(python);
		expect(await runtimeFor(ws, 'python3')).toBe(python);
		expect(await runtimeFor(new Workspace(new Y.Doc()), 'python')).not.toBe(python);
		await disposeRuntimes(ws);
		expect(await runtimeFor(ws, 'python')).not.toBe(python);
	});

	it('answers an unknown command with the sentence the terminal shows', async () => {
		const ws = new Workspace(new Y.Doc());
		await expect(runtimeFor(ws, 'ruby')).rejects.toThrow(CommandNotFoundError);
		await expect(runtimeFor(ws, 'ruby')).rejects.toThrow(
			'ruby: command not found. Programs that run here: python, pip, node, npm, npx, pnpm, yarn.'
		);
		expect(hasRuntimeFor('ruby')).toBe(false);
		expect(hasRuntimeFor('python')).toBe(true);
		expect(runtimeCommands).toContain('pip');
	});
});
