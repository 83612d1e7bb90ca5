import { describe, expect, it } from 'vitest';
import type { WorkspaceChange } from '../../workspace/types.ts';
import { Workspace } from '../../workspace/workspace.ts';
import { bufferOutput, emptyInput, type InputStream, type OutputStream } from '../io.ts';
import { runBuiltin, testShell } from '../testing.ts';
import type { CommandContext } from '../types.ts';
import { CAT_CHUNK_BYTES, cat, fileBuiltins, mkdir, touch } from './files.ts';

function workspaceWith(files: Record<string, string | Uint8Array>, folders: string[] = []) {
	const ws = new Workspace();
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	for (const folder of folders) ws.mkdir(folder, { recursive: true });
	return ws;
}

function origins(ws: Workspace): string[] {
	const seen: string[] = [];
	ws.onChange((change: WorkspaceChange) => seen.push(change.origin));
	return seen;
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

/** A context whose stdout records each write, and whose log shows reads and writes in order. */
function recordingContext(ws: Workspace, argv: string[], stdin: InputStream, log: string[]) {
	const writes: Uint8Array[] = [];
	const stdout: OutputStream = {
		isTerminal: false,
		columns: 80,
		async write(data) {
			const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
			writes.push(bytes.slice());
			log.push(`write ${bytes.length}`);
		}
	};
	const ctx: CommandContext = {
		argv,
		stdin,
		stdout,
		stderr: bufferOutput(),
		fs: ws,
		shell: testShell(ws),
		signal: new AbortController().signal
	};
	return { ctx, writes };
}

describe('cat', () => {
	it('writes files one after another, unchanged', async () => {
		const fs = workspaceWith({ 'a.txt': 'one\n', 'b.txt': 'two' });
		expect(await runBuiltin(cat, ['a.txt', 'b.txt'], { fs })).toMatchObject({
			status: 0,
			stdout: 'one\ntwo',
			stderr: ''
		});
	});

	it('reads stdin without operands and for `-`', async () => {
		const fs = workspaceWith({ 'a.txt': 'file\n' });
		expect((await runBuiltin(cat, [], { fs, stdin: 'piped\n' })).stdout).toBe('piped\n');
		expect((await runBuiltin(cat, ['a.txt', '-'], { fs, stdin: 'piped\n' })).stdout).toBe(
			'file\npiped\n'
		);
	});

	it('streams stdin chunk by chunk instead of reading it whole', async () => {
		const fs = new Workspace();
		const log: string[] = [];
		const chunks = ['ab', 'cde', 'f'].map((text) => new TextEncoder().encode(text));
		const stdin: InputStream = {
			async read() {
				log.push('read');
				return chunks.shift() ?? null;
			},
			close() {}
		};
		const { ctx } = recordingContext(fs, ['cat'], stdin, log);
		expect(await cat.run(ctx)).toBe(0);
		expect(log).toEqual(['read', 'write 2', 'read', 'write 3', 'read', 'write 1', 'read']);
	});

	it('writes a large file in 64 KiB chunks, so a pipe can hold it back', async () => {
		const fs = workspaceWith({ 'big.txt': 'x'.repeat(3 * CAT_CHUNK_BYTES + 100) });
		const log: string[] = [];
		const { ctx, writes } = recordingContext(fs, ['cat', 'big.txt'], emptyInput, log);
		expect(await cat.run(ctx)).toBe(0);
		expect(writes.map((chunk) => chunk.length)).toEqual([65536, 65536, 65536, 100]);
	});

	it('reports folders and missing files, goes on with the rest, and exits 1', async () => {
		const fs = workspaceWith({ 'a.txt': 'a\n', 'src/main.py': '' });
		expect(await runBuiltin(cat, ['src', 'nothing', 'a.txt'], { fs })).toMatchObject({
			status: 1,
			stdout: 'a\n',
			stderr: 'cat: src: Is a directory\ncat: nothing: No such file or directory\n'
		});
	});

	it('reports paths outside the workspace, through a file, and quotes odd names', async () => {
		const fs = workspaceWith({ 'a.txt': '' });
		const result = await runBuiltin(cat, ['/etc/passwd', 'a.txt/x', 'my file'], { fs });
		expect(result.stderr).toBe(
			[
				'cat: /etc/passwd: outside the workspace',
				'cat: a.txt/x: Not a directory',
				"cat: 'my file': No such file or directory",
				''
			].join('\n')
		);
	});

	it('does not dump a binary file on the terminal', async () => {
		const fs = workspaceWith({ 'image.png': png, 'a.txt': 'a\n' });
		expect(await runBuiltin(cat, ['image.png', 'a.txt'], { fs, terminal: true })).toMatchObject({
			status: 1,
			stdout: 'a\n',
			stderr:
				'cat: image.png: binary file not shown (10 bytes); redirect it to a file or pipe it to another command\n'
		});
	});

	it('copies a binary file byte for byte into a pipe or file', async () => {
		const fs = workspaceWith({ 'image.png': png });
		const result = await runBuiltin(cat, ['image.png'], { fs });
		expect(result.status).toBe(0);
		expect(result.stdoutBytes).toEqual(png);
	});

	it('refuses options it does not know with status 1', async () => {
		const result = await runBuiltin(cat, ['-n', 'a.txt']);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/^cat: invalid option -- 'n'\n/);
	});
});

describe('touch', () => {
	it('creates empty text files as shell writes', async () => {
		const fs = new Workspace();
		const seen = origins(fs);
		expect(await runBuiltin(touch, ['a.txt', 'b.py'], { fs })).toMatchObject({
			status: 0,
			stdout: '',
			stderr: ''
		});
		expect(fs.readText('a.txt')).toBe('');
		expect(fs.stat('b.py')).toMatchObject({ type: 'file', encoding: 'text', size: 0 });
		expect(seen).toEqual(['shell', 'shell']);
	});

	it('leaves existing files and folders as they are', async () => {
		const fs = workspaceWith({ 'a.txt': 'keep' }, ['src']);
		const seen = origins(fs);
		expect((await runBuiltin(touch, ['a.txt', 'src'], { fs })).status).toBe(0);
		expect(fs.readText('a.txt')).toBe('keep');
		expect(seen).toEqual([]);
	});

	it('creates files relative to the current folder', async () => {
		const fs = workspaceWith({}, ['src']);
		await runBuiltin(touch, ['new.py'], { fs, shell: testShell(fs, { cwd: 'src' }) });
		expect(fs.exists('src/new.py')).toBe(true);
	});

	it('cannot touch a file in a missing folder or under a file', async () => {
		const fs = workspaceWith({ 'a.txt': '' });
		expect(await runBuiltin(touch, ['a/b', 'a.txt/c', 'ok'], { fs })).toMatchObject({
			status: 1,
			stderr:
				"touch: cannot touch 'a/b': No such file or directory\n" +
				"touch: cannot touch 'a.txt/c': Not a directory\n"
		});
		expect(fs.exists('a')).toBe(false);
		expect(fs.exists('ok')).toBe(true);
	});

	it('needs an operand', async () => {
		const result = await runBuiltin(touch, []);
		expect(result.status).toBe(1);
		expect(result.stderr).toBe('touch: missing file operand\nUsage: touch FILE...\n');
	});
});

describe('mkdir', () => {
	it('creates folders as shell writes', async () => {
		const fs = new Workspace();
		const seen = origins(fs);
		expect((await runBuiltin(mkdir, ['src', 'docs'], { fs })).status).toBe(0);
		expect(fs.stat('src').type).toBe('dir');
		expect(fs.list().map((entry) => entry.name)).toEqual(['docs', 'src']);
		expect(seen).toEqual(['shell', 'shell']);
	});

	it('refuses a name that exists', async () => {
		const fs = workspaceWith({ 'a.txt': '' }, ['src']);
		expect(await runBuiltin(mkdir, ['src', 'a.txt', '.'], { fs })).toMatchObject({
			status: 1,
			stderr:
				"mkdir: cannot create directory 'src': File exists\n" +
				"mkdir: cannot create directory 'a.txt': File exists\n" +
				"mkdir: cannot create directory '.': File exists\n"
		});
	});

	it('needs the parent folder unless -p', async () => {
		const fs = new Workspace();
		expect(await runBuiltin(mkdir, ['a/b/c'], { fs })).toMatchObject({
			status: 1,
			stderr: "mkdir: cannot create directory 'a/b/c': No such file or directory\n"
		});
		expect(fs.exists('a')).toBe(false);
		expect((await runBuiltin(mkdir, ['-p', 'a/b/c'], { fs })).status).toBe(0);
		expect(fs.stat('a/b/c').type).toBe('dir');
	});

	it('accepts existing folders with -p, but not a file in the way', async () => {
		const fs = workspaceWith({ 'a.txt': '' }, ['src']);
		expect((await runBuiltin(mkdir, ['-p', 'src', '.', '~'], { fs })).status).toBe(0);
		expect(await runBuiltin(mkdir, ['-p', 'a.txt', 'a.txt/sub'], { fs })).toMatchObject({
			status: 1,
			stderr:
				"mkdir: cannot create directory 'a.txt': File exists\n" +
				"mkdir: cannot create directory 'a.txt/sub': Not a directory\n"
		});
	});

	it('refuses folders outside the workspace', async () => {
		const result = await runBuiltin(mkdir, ['/tmp/x']);
		expect(result.stderr).toBe("mkdir: cannot create directory '/tmp/x': outside the workspace\n");
	});

	it('needs an operand', async () => {
		const result = await runBuiltin(mkdir, []);
		expect(result.status).toBe(1);
		expect(result.stderr).toBe('mkdir: missing operand\nUsage: mkdir [-p] DIR...\n');
	});
});

describe('fileBuiltins', () => {
	it('lists every file command, each with a summary and a synopsis', () => {
		expect(fileBuiltins.map((builtin) => builtin.name)).toEqual([
			'ls',
			'cat',
			'touch',
			'mkdir',
			'rm',
			'mv',
			'cp',
			'tree',
			'find'
		]);
		for (const builtin of fileBuiltins) {
			expect(builtin.summary).toMatch(/^[a-z].+[^.]$/);
			expect(builtin.usage.startsWith(`${builtin.name} `)).toBe(true);
		}
	});
});
