// The router's JavaScript choice, with a real ContainerBooter over a boot the test controls and
// the in-memory container of webcontainer/testing.ts.
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import { JavaScriptChooser, STARTING_NOTE, type JavaScriptChoice } from './js-choice.ts';
import { javascriptRuntimeFor } from './js-routing.ts';
import type { JavaScriptPreference } from './js-settings.ts';
import type { BackendId, ProcessOutput, Runtime } from './types.ts';
import { ContainerBooter, type BootEnvironment } from './webcontainer/boot.ts';
import type { Container } from './webcontainer/container.ts';
import { fakeContainer } from './webcontainer/testing.ts';

/** A chooser over a boot that never settles unless the test says otherwise. */
function setup(
	options: { boot?: () => Promise<Container>; preference?: JavaScriptPreference } = {}
) {
	const environment: BootEnvironment = {
		boot: vi.fn(options.boot ?? (() => new Promise<Container>(() => {}))),
		crossOriginIsolated: true,
		online: true,
		timeoutMs: 30
	};
	let preference: JavaScriptPreference = options.preference ?? 'auto';
	const booter = new ContainerBooter(() => environment);
	const chooser = new JavaScriptChooser({ booter, preference: () => preference, noteAfterMs: 5 });
	const notes: string[] = [];
	const statuses: string[] = [];
	chooser.onChange((choice: JavaScriptChoice) => statuses.push(choice.status));
	return {
		environment,
		booter,
		chooser,
		notes,
		statuses,
		note: { note: (text: string) => notes.push(text) },
		prefer(next: JavaScriptPreference) {
			preference = next;
			chooser.preferenceChanged();
		}
	};
}

describe('the JavaScript choice', () => {
	it('runs offline at once, saying why, on a page that is not cross-origin isolated', async () => {
		const t = setup();
		t.environment.crossOriginIsolated = false;
		const decision = await t.chooser.decide(t.note);
		expect(decision).toEqual({
			backend: 'jsworker',
			reason: 'WebContainers need a cross-origin isolated page, and this one is not'
		});
		expect(t.environment.boot).not.toHaveBeenCalled();
		expect(t.notes).toEqual([
			'The offline JavaScript runtime runs this: WebContainers need a cross-origin isolated page, and this one is not.'
		]);
		expect(t.chooser.choice).toMatchObject({ label: 'JS: offline runtime', id: 'jsworker' });
		expect(t.chooser.choice.reason).toMatch(
			/^offline JS runtime: WebContainers need a cross-origin/
		);
	});

	it('runs offline at once while the browser is offline, and boots when it comes back online', async () => {
		const { container } = fakeContainer();
		const t = setup({ boot: async () => container });
		t.environment.online = false;
		expect(await t.chooser.decide(t.note)).toMatchObject({
			backend: 'jsworker',
			reason: 'the browser is offline, and WebContainers load from StackBlitz'
		});
		// No second wait and no second line for the next command.
		expect(await t.chooser.decide(t.note)).toMatchObject({ backend: 'jsworker' });
		expect(t.notes).toHaveLength(1);
		expect(t.environment.boot).not.toHaveBeenCalled();

		t.environment.online = true;
		t.chooser.retry();
		expect(t.chooser.choice.label).toBe('JS: starting WebContainer…');
		expect(await t.chooser.decide(t.note)).toEqual({ backend: 'webcontainer', container });
		expect(t.chooser.choice).toMatchObject({ label: 'JS: WebContainer', id: 'webcontainer' });
		expect(t.statuses.slice(-3)).toEqual(['offline', 'starting', 'webcontainer']);
	});

	it('waits for a boot that never settles only until its timeout, once per page', async () => {
		const t = setup();
		const [first, second] = await Promise.all([t.chooser.decide(t.note), t.chooser.decide(t.note)]);
		const reason =
			'StackBlitz’s WebContainer runtime did not answer (no network, or it is blocked)';
		expect(first).toEqual({ backend: 'jsworker', reason });
		expect(second).toEqual({ backend: 'jsworker', reason });
		expect(t.environment.boot).toHaveBeenCalledTimes(1);
		// Each waiting command says it waits; the fallback is said once.
		expect(t.notes).toEqual([
			STARTING_NOTE,
			STARTING_NOTE,
			`The offline JavaScript runtime runs this: ${reason}.`
		]);
		expect(t.statuses).toEqual(['starting', 'offline']);
		expect(t.chooser.choice.reason).toBe(
			`offline JS runtime: ${reason}. node runs in this browser with a subset of Node; npm and npx need a WebContainer.`
		);

		// After the timeout the page stays offline: the next command does not wait again.
		const started = performance.now();
		expect(await t.chooser.decide(t.note)).toEqual({ backend: 'jsworker', reason });
		expect(performance.now() - started).toBeLessThan(25);
		expect(t.notes).toHaveLength(3);
	});

	it('uses a boot that succeeds after the timeout from the next command on', async () => {
		const { container } = fakeContainer();
		let finish!: () => void;
		const t = setup({
			boot: () => new Promise<Container>((resolve) => (finish = () => resolve(container)))
		});
		expect(await t.chooser.decide()).toMatchObject({ backend: 'jsworker' });
		finish();
		await vi.waitFor(() => expect(t.chooser.choice.status).toBe('webcontainer'));
		expect(await t.chooser.decide()).toEqual({ backend: 'webcontainer', container });
	});

	it('a preferred WebContainer is waited for again after a timeout; a preferred offline runtime never boots', async () => {
		const t = setup({ preference: 'offline' });
		expect(await t.chooser.decide(t.note)).toEqual({
			backend: 'jsworker',
			reason: 'the offline runtime is preferred in the settings'
		});
		expect(t.notes).toEqual([]);
		expect(t.environment.boot).not.toHaveBeenCalled();

		t.prefer('webcontainer');
		await t.chooser.decide(t.note);
		await t.chooser.decide(t.note);
		expect(t.notes.filter((note) => note === STARTING_NOTE)).toHaveLength(2);
		// One boot() of the API: the second wait joins the same never-settling attempt.
		expect(t.environment.boot).toHaveBeenCalledTimes(1);

		t.prefer('auto');
		await t.chooser.decide(t.note);
		t.notes.length = 0;
		await t.chooser.decide(t.note);
		expect(t.notes).toEqual([]);
	});

	it('a failed boot says what failed and is not retried', async () => {
		const t = setup({ boot: () => Promise.reject(new Error('Unable to create more instances')) });
		expect(await t.chooser.decide(t.note)).toEqual({
			backend: 'jsworker',
			reason: 'the WebContainer failed to start: Unable to create more instances'
		});
		t.chooser.retry();
		await t.chooser.decide(t.note);
		expect(t.environment.boot).toHaveBeenCalledTimes(1);
	});
});

describe('JavaScript commands through the router', () => {
	function workspace() {
		const ws = new Workspace(new Y.Doc());
		ws.writeFile('app.js', 'console.log("hi")\n');
		return ws;
	}

	const offlineRuntime = { id: 'jsworker' } as Runtime;

	it('gives node to the offline runtime and answers npm with one sentence when no WebContainer boots', async () => {
		const t = setup();
		const cache = new Map<BackendId, Promise<Runtime>>();
		const options = { cache, offline: async () => offlineRuntime, chooser: t.chooser };
		expect(await javascriptRuntimeFor(workspace(), 'node', options)).toBe(offlineRuntime);
		await expect(javascriptRuntimeFor(workspace(), 'npm', options)).rejects.toThrow(
			'npm needs the network and a WebContainer, which this page does not have: StackBlitz’s WebContainer runtime did not answer (no network, or it is blocked). node runs your own files offline.'
		);
	});

	it('runs node in the booted container; after a crash the next node runs offline, files intact', async () => {
		const { fake, container } = fakeContainer();
		fake.programs.set('node', () => new Promise(() => {}));
		const t = setup({ boot: async () => container });
		const ws = workspace();
		const cache = new Map<BackendId, Promise<Runtime>>();
		const options = {
			cache,
			offline: async () => offlineRuntime,
			chooser: t.chooser,
			notes: t.note
		};
		const runtime = await javascriptRuntimeFor(ws, 'node', options);
		expect(runtime.id).toBe('webcontainer');
		expect(await javascriptRuntimeFor(ws, 'npm', options)).toBe(runtime);
		const server = await runtime.run({ argv: ['node', 'server.js'] });
		const outputs: ProcessOutput[] = [];
		server.onOutput((output) => outputs.push(output));

		fake.emit('error', { message: 'out of memory' });
		expect(await server.exit).toBe(137);
		expect(outputs).toContainEqual({
			kind: 'notice',
			text: 'The WebContainer stopped working (out of memory). Your files are safe; the next command runs in the offline JavaScript runtime.'
		});
		expect(fake.tornDown).toBe(true);
		expect(t.chooser.choice).toMatchObject({ label: 'JS: offline runtime' });
		expect(t.chooser.choice.reason).toMatch(/stopped working \(out of memory\)/);

		expect(await javascriptRuntimeFor(ws, 'node', options)).toBe(offlineRuntime);
		expect(t.notes).toEqual([
			'The offline JavaScript runtime runs this: the WebContainer stopped working (out of memory).'
		]);
		await expect(javascriptRuntimeFor(ws, 'npx', options)).rejects.toThrow(
			/npx needs the network and a WebContainer/
		);
		expect(ws.readText('app.js')).toBe('console.log("hi")\n');
		expect(cache.has('webcontainer')).toBe(false);
	});
});
