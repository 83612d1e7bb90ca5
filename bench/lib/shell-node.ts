// The shell benchmark's Node side: a generated tree of files, held both in a Workspace and on
// disk, and one command line timed either in our Shell or as GNU programs in child processes.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBuiltins } from '../../src/lib/shell/builtins/index.ts';
import { Shell } from '../../src/lib/shell/interpreter.ts';
import { bufferOutput, emptyInput } from '../../src/lib/shell/io.ts';
import { parse } from '../../src/lib/shell/parser.ts';
import { Workspace } from '../../src/lib/workspace/workspace.ts';

/** What grep looks for; one file in seven of the tree holds it. */
export const treePattern = 'TODO';

/** The files of a tree of `folders` x `perFolder` small Python-like modules, by path. */
export function pythonTree(folders: number, perFolder: number): Map<string, string> {
	const files = new Map<string, string>();
	for (let d = 0; d < folders; d++) {
		for (let f = 0; f < perFolder; f++) {
			const lines = [
				'import os',
				'',
				`def handler_${d}_${f}(request):`,
				`    value = request.get("key_${f}", ${d})`,
				...(f % 7 === 0 ? [`    # ${treePattern}: check the value of key_${f}`] : []),
				`    return os.path.join(str(value), "out_${f}")`,
				''
			];
			files.set(`pkg${d}/module_${f}.py`, lines.join('\n'));
		}
	}
	return files;
}

/** A text of exactly `bytes` ASCII bytes, in lines of code. */
export function bigText(bytes: number): string {
	const line = 'for index in range(100): total = total + index * 3  # a loop line\n';
	return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/** A Workspace holding `files`, written in one transaction. */
export function workspaceOf(files: Map<string, string>): Workspace {
	const fs = new Workspace();
	fs.doc.transact(() => {
		for (const [path, content] of files) fs.writeFile(path, content);
	});
	return fs;
}

/** Writes `files` under `dir` on disk. */
export async function writeTree(dir: string, files: Map<string, string>): Promise<void> {
	const folders = new Set([...files.keys()].map((path) => join(dir, path, '..')));
	for (const folder of folders) await mkdir(folder, { recursive: true });
	await Promise.all([...files].map(([path, content]) => writeFile(join(dir, path), content)));
}

/** One timed command line: how long it took, its exit status and what it printed. */
export interface Timed {
	ms: number;
	status: number;
	stdout: Uint8Array;
}

/** Runs `line` in a new Shell over `fs`, stdout to a buffer (not a terminal), and times it. */
export async function runInShell(fs: Workspace, line: string): Promise<Timed> {
	const stdout = bufferOutput();
	const stderr = bufferOutput();
	const shell = new Shell({
		fs,
		launcher: {
			programs: () => [],
			launch: () => Promise.reject(new Error('no programs in this benchmark'))
		},
		builtins: createBuiltins(),
		user: { name: 'bench', email: 'bench@example.com' },
		history: [],
		terminal: {
			openInput: () => emptyInput,
			stdout,
			stderr,
			notice: () => {},
			clear: () => {},
			size: () => ({ columns: 80, rows: 24 })
		}
	});
	const started = performance.now();
	const parsed = parse(line);
	if (!parsed.ok) throw new Error(`${line}: ${parsed.error.message}`);
	const status = await shell.run(parsed.script, line);
	const ms = performance.now() - started;
	if (stderr.text()) throw new Error(`${line} printed on stderr: ${stderr.text().slice(0, 500)}`);
	return { ms, status, stdout: stdout.bytes() };
}

/** Spawns `command` in `cwd`, drains its stdout from a pipe and times it until it has exited. */
export function runProcess(command: string, args: string[], cwd: string): Promise<Timed> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {
			cwd,
			// A fixed locale, so that sorting and matching do not depend on the machine's.
			env: { ...process.env, LC_ALL: 'C.UTF-8' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const chunks: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			const ms = performance.now() - started;
			if (stderr) reject(new Error(`${command} printed on stderr: ${stderr.slice(0, 500)}`));
			else resolve({ ms, status: code ?? -1, stdout: Buffer.concat(chunks) });
		});
	});
}

/** Both sides' samples of one measurement, run alternately after one warm-up run each. */
export interface Paired {
	ours: Timed[];
	gnu: Timed[];
}

/** Runs `ours` and `gnu` alternately `samples` times (plus one warm-up each, not kept). */
export async function alternate(
	samples: number,
	ours: () => Promise<Timed>,
	gnu: () => Promise<Timed>
): Promise<Paired> {
	await ours();
	await gnu();
	const result: Paired = { ours: [], gnu: [] };
	for (let i = 0; i < samples; i++) {
		result.ours.push(await ours());
		result.gnu.push(await gnu());
	}
	return result;
}
