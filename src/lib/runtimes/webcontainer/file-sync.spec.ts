// The file sync between a real Workspace and the in-memory container of testing.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, type WorkspaceChange } from '#lib/workspace/index.ts';
import { ContainerSync } from './file-sync.ts';
import { fakeContainer, type FakeContainer } from './testing.ts';

let ws: Workspace;
let fake: FakeContainer;
let sync: ContainerSync;
let notices: string[];
let changes: WorkspaceChange[];

beforeEach(async () => {
	ws = new Workspace(new Y.Doc(), { maxFileBytes: 1024 });
	ws.writeFile('app.js', 'console.log("hi")\n');
	ws.writeFile('lib/util.js', 'module.exports = 1\n');
	ws.writeFile('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
	ws.mkdir('empty');
	const made = fakeContainer();
	fake = made.fake;
	notices = [];
	changes = [];
	sync = new ContainerSync(ws, made.container, {
		notice: (text) => notices.push(text),
		settleMs: 1
	});
	await sync.start();
	ws.onChange((change) => changes.push(change));
	return () => sync.destroy();
});

describe('ContainerSync', () => {
	it('mounts every file and folder of the workspace', () => {
		expect(fake.mounts).toBe(1);
		expect(fake.fs.text('app.js')).toBe('console.log("hi")\n');
		expect(fake.fs.text('lib/util.js')).toBe('module.exports = 1\n');
		expect(fake.fs.nodes.get('logo.png')).toEqual({
			kind: 'file',
			data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])
		});
		expect(fake.fs.nodes.get('empty')).toEqual({ kind: 'dir' });
	});

	it('writes later edits, new files, renames and deletions into the container', async () => {
		ws.writeFile('app.js', 'console.log("bye")\n', { origin: 'editor' });
		ws.writeFile('src/new.js', 'export {}\n', { origin: 'editor' });
		ws.rename('lib', 'library', { origin: 'ui' });
		ws.remove('logo.png', { origin: 'ui' });
		await sync.flush();
		expect(fake.fs.text('app.js')).toBe('console.log("bye")\n');
		expect(fake.fs.text('src/new.js')).toBe('export {}\n');
		expect(fake.fs.text('library/util.js')).toBe('module.exports = 1\n');
		expect(fake.fs.nodes.has('lib/util.js')).toBe(false);
		expect(fake.fs.nodes.has('logo.png')).toBe(false);
	});

	it('brings back what programs create, change and delete, with the runtime origin', async () => {
		fake.fs.writeSync('out.txt', 'result\n');
		await fake.fs.mkdir('dist/assets', { recursive: true });
		fake.fs.writeSync('dist/assets/a.js', 'a');
		fake.fs.writeSync('app.js', 'changed by a program\n');
		fake.fs.rmSync('lib', { recursive: true });
		await sync.flush();
		expect(ws.readText('out.txt')).toBe('result\n');
		expect(ws.readText('dist/assets/a.js')).toBe('a');
		expect(ws.readText('app.js')).toBe('changed by a program\n');
		expect(ws.exists('lib')).toBe(false);
		expect(changes.length).toBeGreaterThan(0);
		expect(changes.every((change) => change.origin === 'runtime')).toBe(true);
	});

	it('keeps node_modules in the container', async () => {
		await fake.fs.mkdir('node_modules/left-pad', { recursive: true });
		fake.fs.writeSync('node_modules/left-pad/index.js', 'module.exports = () => {}');
		fake.fs.writeSync('package-lock.json', '{}');
		await sync.flush();
		expect(ws.exists('node_modules')).toBe(false);
		expect(ws.readText('package-lock.json')).toBe('{}');
	});

	it('brings node_modules back when the setting asks for it', async () => {
		const made = fakeContainer();
		const withModules = new ContainerSync(ws, made.container, {
			notice: (text) => notices.push(text),
			containerOnly: ['.npm', '.cache'],
			settleMs: 1
		});
		await withModules.start();
		await made.fake.fs.mkdir('node_modules/left-pad', { recursive: true });
		made.fake.fs.writeSync('node_modules/left-pad/index.js', 'module.exports = () => {}');
		await made.fake.fs.mkdir('.npm');
		made.fake.fs.writeSync('.npm/cache.json', '{}');
		await withModules.flush();
		withModules.destroy();
		expect(ws.readText('node_modules/left-pad/index.js')).toBe('module.exports = () => {}');
		expect(ws.exists('.npm')).toBe(false);
	});

	it('clears what another workspace left in the page’s container before mounting', async () => {
		const other = new Workspace(new Y.Doc());
		other.writeFile('other.js', '1\n');
		sync.destroy();
		const next = new ContainerSync(other, fake, { notice: () => {}, settleMs: 1 });
		await next.start();
		next.destroy();
		expect(fake.fs.text('other.js')).toBe('1\n');
		expect(fake.fs.text('app.js')).toBeUndefined();
		expect(ws.readText('app.js')).toBe('console.log("hi")\n');
	});

	it('does not echo: its own writes into the container change nothing in the workspace', async () => {
		ws.writeFile('app.js', 'edited\n', { origin: 'editor' });
		await sync.flush();
		await new Promise((resolve) => setTimeout(resolve, 10));
		await sync.flush();
		expect(changes.map((change) => change.origin)).toEqual(['editor']);
	});

	it('leaves a file larger than the workspace limit in the container, and says so', async () => {
		fake.fs.writeSync('big.bin', new Uint8Array(2048));
		await sync.flush();
		expect(ws.exists('big.bin')).toBe(false);
		expect(notices.join('\n')).toMatch(/"big.bin" \(0.0 MB\), which is larger than/);
	});
});
