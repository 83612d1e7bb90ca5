// The WebContainer runtime's process plumbing against the in-memory container of testing.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '#lib/workspace/index.ts';
import type { ProcessOutput } from '../types.ts';
import { WebContainerRuntime } from './runtime.ts';
import { fakeContainer, type FakeContainer } from './testing.ts';

let ws: Workspace;
let fake: FakeContainer;
let runtime: WebContainerRuntime;
let crashes: string[];

beforeEach(() => {
	ws = new Workspace(new Y.Doc());
	ws.writeFile('app.js', 'console.log("hi")\n');
	const made = fakeContainer();
	fake = made.fake;
	crashes = [];
	runtime = new WebContainerRuntime(ws, made.container, {
		settleMs: 1,
		onCrash: (message) => crashes.push(message)
	});
	return () => runtime.dispose();
});

function collect(outputs: ProcessOutput[]): string {
	return outputs.map((output) => ('text' in output ? output.text : '')).join('');
}

describe('WebContainerRuntime', () => {
	it('runs a program on the mounted files, streams its output and returns its exit code', async () => {
		fake.programs.set('node', async (io) => {
			io.print(`node ran ${io.args.join(' ')} on: ${io.fs.text(io.args[0] ?? '')}`);
			return 3;
		});
		const process = await runtime.run({ argv: ['node', 'app.js'], columns: 100, rows: 30 });
		const outputs: ProcessOutput[] = [];
		process.onOutput((output) => outputs.push(output));
		expect(await process.exit).toBe(3);
		expect(collect(outputs)).toBe('node ran app.js on: console.log("hi")\n');
		expect(fake.spawned).toEqual([{ command: 'node', args: ['app.js'], cols: 100, rows: 30 }]);
		expect(runtime.state).toMatchObject({ state: 'ready' });
	});

	it('passes stdin, resize, Ctrl+C and SIGKILL through', async () => {
		fake.programs.set('node', async (io) => {
			for (;;) {
				const typed = await io.read();
				if (typed === '\x03') return 130;
				io.print(`got ${typed}`);
			}
		});
		const process = await runtime.run({ argv: ['node', 'echo.js'] });
		const outputs: ProcessOutput[] = [];
		process.onOutput((output) => outputs.push(output));
		process.write('abc');
		process.resize(120, 40);
		await new Promise((resolve) => setTimeout(resolve, 5));
		process.kill('SIGINT');
		expect(await process.exit).toBe(130);
		expect(collect(outputs)).toBe('got abc');
		expect(fake.resizes).toEqual([{ cols: 120, rows: 40 }]);

		fake.programs.set('npm', () => new Promise(() => {}));
		const server = await runtime.run({ argv: ['npm', 'run', 'dev'] });
		server.kill('SIGKILL');
		expect(await server.exit).toBe(137);
	});

	it('brings a file the program wrote into the workspace before the exit is reported', async () => {
		fake.programs.set('node', async (io) => {
			io.fs.writeSync('made.txt', 'by node\n');
			return 0;
		});
		const process = await runtime.run({ argv: ['node', 'write.js'] });
		await process.exit;
		expect(ws.readText('made.txt')).toBe('by node\n');
	});

	it('writes an edit made just before a run into the container first', async () => {
		fake.programs.set('node', async (io) => {
			io.print(io.fs.text('app.js') ?? 'missing');
			return 0;
		});
		await runtime.warmUp();
		ws.writeFile('app.js', 'console.log("edited")\n', { origin: 'editor' });
		const process = await runtime.run({ argv: ['node', 'app.js'] });
		const outputs: ProcessOutput[] = [];
		process.onOutput((output) => outputs.push(output));
		await process.exit;
		expect(collect(outputs)).toBe('console.log("edited")\n');
	});

	it('reports server-ready for the preview', async () => {
		const ready: Array<[number, string]> = [];
		runtime.onServerReady((port, url) => ready.push([port, url]));
		fake.emit('server-ready', 5173, 'https://abc.local-credentialless.webcontainer-api.io');
		expect(ready).toEqual([[5173, 'https://abc.local-credentialless.webcontainer-api.io']]);
	});

	it('when the container crashes, running programs end with a notice and the router is told', async () => {
		fake.programs.set('node', () => new Promise(() => {}));
		const process = await runtime.run({ argv: ['node', 'server.js'] });
		const outputs: ProcessOutput[] = [];
		process.onOutput((output) => outputs.push(output));
		fake.emit('error', { message: 'out of memory' });
		expect(await process.exit).toBe(137);
		expect(outputs.find((output) => output.kind === 'notice')).toMatchObject({
			text: expect.stringMatching(/stopped working \(out of memory\)\. Your files are safe/)
		});
		expect(crashes).toEqual(['out of memory']);
		expect(runtime.state.state).toBe('failed');
		expect(ws.readText('app.js')).toBe('console.log("hi")\n');
	});
});
