// File sync both ways between a real Workspace and a real Pyodide in Node, wired the way
// runtime.ts wires them (minus the worker boundary).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, type WorkspaceChange } from '#lib/workspace/index.ts';
import { WorkspaceSync } from './sync.ts';
import { TestPython } from './testing.ts';

const python = new TestPython();
const maxFileBytes = 4096;
let ws: Workspace;
let sync: WorkspaceSync;
let notices: string[];
let changes: WorkspaceChange[];

beforeAll(async () => {
	await python.boot(maxFileBytes);
	python.hooks.onFiles = (ops) => sync.applyFromRuntime(ops);
}, 60_000);

beforeEach(() => {
	// Each test starts from an empty mirror: whatever the last test left is removed.
	python.python(
		'import os, shutil\nfor name in os.listdir("/workspace"):\n    path = os.path.join("/workspace", name)\n    shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)'
	);
	sync?.destroy();
	ws = new Workspace(new Y.Doc(), { maxFileBytes });
	notices = [];
	sync = new WorkspaceSync(ws, { notice: (text) => notices.push(text) });
	changes = [];
	ws.onChange((change) => changes.push(change));
});

/** Sends pending workspace changes to Python, then runs code, as the runtime does. */
function run(code: string, options: { stdin?: string } = {}) {
	python.worker.applyFiles(sync.takeChanges());
	return python.python(code, options);
}

describe('workspace to Python', () => {
	it('mirrors every file and folder before the first run, nested, binary and empty ones included', () => {
		ws.writeFile('main.py', 'print("hi")\n');
		ws.writeFile('data/deep/values.csv', 'a,b\n1,2\n');
		ws.writeFile('img/pixel.bin', new Uint8Array([0, 1, 2, 255]));
		ws.mkdir('empty');
		python.worker.applyFiles(sync.snapshot());
		const result = python.python(
			'import os\nprint(sorted(os.listdir(".")))\nprint(open("data/deep/values.csv").read(), end="")\nprint(list(open("img/pixel.bin", "rb").read()))'
		);
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe("['data', 'empty', 'img', 'main.py']\na,b\n1,2\n[0, 1, 2, 255]\n");
	});

	it('applies edits, deletes and renames made in the workspace before the next run', () => {
		ws.writeFile('notes/a.txt', 'one');
		ws.writeFile('notes/b.txt', 'two');
		python.worker.applyFiles(sync.snapshot());
		ws.writeFile('notes/a.txt', 'ONE');
		ws.remove('notes/b.txt');
		ws.rename('notes', 'archive');
		const result = run(
			'import os\nprint(os.path.exists("notes"), os.listdir("archive"), open("archive/a.txt").read())'
		);
		expect(result.stdout).toBe("False ['a.txt'] ONE\n");
	});

	it('removes a folder whose files were all removed', () => {
		ws.writeFile('pkg/one.py', '');
		ws.writeFile('pkg/two.py', '');
		python.worker.applyFiles(sync.snapshot());
		ws.remove('pkg', { recursive: true });
		expect(run('import os; print(os.path.exists("pkg"))').stdout).toBe('False\n');
	});
});

describe('Python to workspace', () => {
	it('writes new files and folders back with origin runtime, text as text and binary as binary', () => {
		python.worker.applyFiles(sync.snapshot());
		const result = run(
			'import os\nos.makedirs("out/nested", exist_ok=True)\nopen("out/nested/report.txt", "w").write("total: 3\\n")\nopen("out/blob.bin", "wb").write(bytes([0, 159, 146, 150]))\nos.mkdir("out/empty")'
		);
		expect(result.code).toBe(0);
		expect(ws.readText('out/nested/report.txt')).toBe('total: 3\n');
		expect(ws.stat('out/nested/report.txt').encoding).toBe('text');
		expect(ws.stat('out/blob.bin').encoding).toBe('binary');
		expect(ws.readBytes('out/blob.bin')).toEqual(new Uint8Array([0, 159, 146, 150]));
		expect(ws.stat('out/empty').type).toBe('dir');
		expect(changes.length).toBeGreaterThan(0);
		expect(changes.every((change) => change.origin === 'runtime')).toBe(true);
	});

	it('shows a written file in the workspace during the run, before the program ends', () => {
		python.worker.applyFiles(sync.snapshot());
		let seenDuringRun: string | null = null;
		python.hooks.onStdinWanted = () => {
			seenDuringRun = ws.exists('progress.txt') ? ws.readText('progress.txt') : null;
			python.writer.write(new TextEncoder().encode('\n'));
		};
		try {
			run('with open("progress.txt", "w") as f:\n    f.write("half way")\ninput()');
		} finally {
			python.hooks.onStdinWanted = undefined;
		}
		expect(seenDuringRun).toBe('half way');
	});

	it('reports a written file while the program keeps computing', () => {
		python.worker.applyFiles(sync.snapshot());
		let reportedAt = 0;
		python.hooks.onFiles = (ops) => {
			reportedAt ||= performance.now();
			sync.applyFromRuntime(ops);
		};
		try {
			const result = run(
				'import time\nopen("early.txt", "w").write("done")\nend = time.monotonic() + 0.3\nwhile time.monotonic() < end: pass'
			);
			expect(ws.readText('early.txt')).toBe('done');
			expect(result.endedAt - reportedAt).toBeGreaterThan(200);
		} finally {
			python.hooks.onFiles = (ops) => sync.applyFromRuntime(ops);
		}
	});

	it('reports deletes and renames of files and folders', () => {
		ws.writeFile('old.txt', 'x');
		ws.writeFile('gone.txt', 'y');
		ws.writeFile('folder/inner/deep.txt', 'z');
		ws.writeFile('trash/a.txt', 'a');
		python.worker.applyFiles(sync.snapshot());
		const result = run(
			'import os, shutil\nos.rename("old.txt", "new.txt")\nos.remove("gone.txt")\nos.rename("folder", "moved")\nshutil.rmtree("trash")'
		);
		expect(result.stderr).toBe('');
		const paths = ws.walk().map((entry) => entry.path);
		expect(paths).toEqual(['moved', 'moved/inner', 'moved/inner/deep.txt', 'new.txt']);
		expect(ws.readText('moved/inner/deep.txt')).toBe('z');
		expect(ws.readText('new.txt')).toBe('x');
	});

	it('replaces a file over an existing one (os.replace) and follows a file turned folder', () => {
		ws.writeFile('a.txt', 'new content');
		ws.writeFile('b.txt', 'old content');
		ws.writeFile('thing', 'was a file');
		python.worker.applyFiles(sync.snapshot());
		run(
			'import os\nos.replace("a.txt", "b.txt")\nos.remove("thing")\nos.makedirs("thing")\nopen("thing/x.txt", "w").write("inside")'
		);
		expect(ws.exists('a.txt')).toBe(false);
		expect(ws.readText('b.txt')).toBe('new content');
		expect(ws.readText('thing/x.txt')).toBe('inside');
	});

	it('never echoes: runtime writes are not sent back, and mirrored files are not reported', () => {
		ws.writeFile('input.txt', 'data');
		const reported: string[] = [];
		python.hooks.onFiles = (ops) => {
			reported.push(...ops.map((op) => op.path));
			sync.applyFromRuntime(ops);
		};
		try {
			python.worker.applyFiles(sync.snapshot());
			run('open("output.txt", "w").write(open("input.txt").read().upper())');
			expect(reported).toEqual(['output.txt']);
			expect(sync.takeChanges()).toEqual([]);
		} finally {
			python.hooks.onFiles = (ops) => sync.applyFromRuntime(ops);
		}
	});

	it('does not write bytecode caches, and ignores __pycache__ folders', () => {
		ws.writeFile('helper.py', 'X = 1\n');
		python.worker.applyFiles(sync.snapshot());
		run(
			'import helper, os\nos.makedirs("__pycache__")\nopen("__pycache__/junk.pyc", "wb").write(b"x")'
		);
		expect(ws.walk().map((entry) => entry.path)).toEqual(['helper.py']);
	});

	it('keeps a file over the size limit out of the workspace, with a notice', () => {
		python.worker.applyFiles(sync.snapshot());
		const result = run(`open("big.txt", "w").write("x" * ${maxFileBytes + 1})`);
		expect(result.code).toBe(0);
		expect(ws.exists('big.txt')).toBe(false);
		expect(notices).toHaveLength(1);
		expect(notices[0]).toContain('"big.txt"');
		expect(notices[0]).toContain('not saved to your files');
	});
});
