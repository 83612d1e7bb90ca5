import { describe, expect, it } from 'vitest';
import { Workspace } from '../workspace/workspace.ts';
import { complete, type CompletionContext } from './completion.ts';

function workspace(): Workspace {
	const fs = new Workspace();
	for (const path of [
		'main.py',
		'notes.txt',
		'notebook.py',
		'.env',
		'.gitignore',
		'src/app.py',
		'src/api/routes.py',
		'src/.cache/x',
		'my docs/read me.md',
		"it's.txt"
	])
		fs.writeFile(path, '');
	fs.mkdir('empty');
	return fs;
}

const commands = ['cat', 'cd', 'clear', 'cp', 'echo', 'git', 'ls', 'python', 'cat'];
const gitSubcommands = ['add', 'branch', 'checkout', 'clone', 'commit', 'status'];

function context(cwd = ''): CompletionContext {
	return { commands, fs: workspace(), cwd, gitSubcommands };
}

/** The candidates for the word at the end of `line`. */
function candidates(line: string, cwd = ''): string[] {
	return complete(line, line.length, context(cwd)).candidates;
}

describe('completion', () => {
	it('completes command names at the start of a command', () => {
		expect(candidates('c')).toEqual(['cat', 'cd', 'clear', 'cp']);
		expect(candidates('  ec')).toEqual(['echo']);
		expect(complete('ec', 2, context())).toEqual({
			from: 0,
			to: 2,
			candidates: ['echo'],
			display: ['echo']
		});
	});

	it('completes commands after |, &&, ||, ; and &', () => {
		for (const line of [
			'ls | ca',
			'ls && ca',
			'false || ca',
			'cd src; ca',
			'sleep 1 & ca',
			'ls|ca'
		])
			expect(candidates(line), line).toEqual(['cat']);
		expect(candidates('FOO=1 ca')).toEqual(['cat']);
		expect(candidates('echo $(ca')).toEqual(['cat']);
	});

	it('completes git subcommands after git, and paths after those', () => {
		expect(candidates('git c')).toEqual(['checkout', 'clone', 'commit']);
		expect(candidates('ls && git st')).toEqual(['status']);
		expect(candidates('git add ma')).toEqual(['main.py']);
		expect(candidates('echo git c')).toEqual([]);
	});

	it('completes paths relative to the current folder, folders with a slash', () => {
		expect(candidates('cat ma')).toEqual(['main.py']);
		expect(candidates('cat note')).toEqual(['notebook.py', 'notes.txt']);
		expect(candidates('cd s')).toEqual(['src/']);
		expect(candidates('cat src/')).toEqual(['src/api/', 'src/app.py']);
		expect(candidates('cat src/api/r')).toEqual(['src/api/routes.py']);
		expect(candidates('cat a', 'src')).toEqual(['api/', 'app.py']);
		expect(candidates('cat ../ma', 'src')).toEqual(['../main.py']);
		expect(candidates('ls e')).toEqual(['empty/']);
		expect(candidates('ls empty/')).toEqual([]);
	});

	it('lists a path by its last part', () => {
		expect(complete('cat src/a', 9, context()).display).toEqual(['api/', 'app.py']);
	});

	it('keeps ~/ and /workspace/ as typed', () => {
		expect(candidates('cat ~/src/a', 'src')).toEqual(['~/src/api/', '~/src/app.py']);
		expect(candidates('cat /workspace/ma', 'src')).toEqual(['/workspace/main.py']);
		expect(candidates('cd ~')).toEqual(['~/']);
		expect(candidates('cd /w')).toEqual(['/workspace/']);
		expect(candidates('cat /etc/pa')).toEqual([]);
	});

	it('offers dot files only when the prefix starts with a dot', () => {
		expect(candidates('cat ')).toEqual([
			'empty/',
			"it\\'s.txt",
			'main.py',
			'my\\ docs/',
			'notebook.py',
			'notes.txt',
			'src/'
		]);
		expect(candidates('cat .')).toEqual(['.env', '.gitignore']);
		expect(candidates('ls src/.')).toEqual(['src/.cache/']);
		expect(candidates('./')).toEqual([
			'./empty/',
			"./it\\'s.txt",
			'./main.py',
			'./my\\ docs/',
			'./notebook.py',
			'./notes.txt',
			'./src/'
		]);
	});

	it('escapes spaces and quotes in unquoted words, and reads escaped words', () => {
		expect(candidates('cd my')).toEqual(['my\\ docs/']);
		expect(candidates('cat my\\ docs/re')).toEqual(['my\\ docs/read\\ me.md']);
		expect(candidates('cat it')).toEqual(["it\\'s.txt"]);
	});

	it('completes inside quotes, closing them after a file', () => {
		expect(candidates('cat "my')).toEqual(['"my docs/']);
		expect(candidates('cat "my docs/r')).toEqual(['"my docs/read me.md"']);
		expect(candidates("cat 'my docs/r")).toEqual(["'my docs/read me.md'"]);
		expect(candidates("cat 'it")).toEqual(["'it'\\''s.txt'"]);
		expect(candidates('cat "my docs"/r')).toEqual(['"my docs"/read\\ me.md']);
		expect(complete('cat "my docs/r', 14, context())).toMatchObject({ from: 4, to: 14 });
	});

	it('completes a file name after a redirection', () => {
		expect(candidates('echo hi > no')).toEqual(['notebook.py', 'notes.txt']);
		expect(candidates('>ma')).toEqual(['main.py']);
		expect(candidates('ls 2>ma')).toEqual(['main.py']);
		expect(candidates('ls 2>&1 | ca')).toEqual(['cat']);
	});

	it('completes the word before the cursor, leaving the rest of the line', () => {
		const line = 'cat ma | wc -l';
		expect(complete(line, 6, context())).toMatchObject({ from: 4, to: 6, candidates: ['main.py'] });
		expect(complete('ls | wc', 3, context())).toMatchObject({ from: 3, to: 3 });
	});

	it('offers nothing in a comment, and never throws on odd input', () => {
		expect(candidates('ls # ma')).toEqual([]);
		const odd = [
			'',
			'"',
			"'",
			'\\',
			'ls \\',
			'|||',
			'&&&',
			'$((',
			'a"b\'c',
			'\u0000\x1b[A',
			'😀 😀'
		];
		for (const line of odd) {
			for (let cursor = -1; cursor <= line.length + 1; cursor++)
				expect(() => complete(line, cursor, context())).not.toThrow();
		}
		expect(complete('ls', Number.NaN, context())).toMatchObject({ from: 0, to: 0 });
		const broken = { commands, cwd: 'gone', fs: { list: () => [] } } as CompletionContext;
		expect(complete('cat x', 5, broken).candidates).toEqual([]);
		const throwing = {
			commands,
			cwd: '',
			fs: {
				list: () => {
					throw new Error('no such folder');
				}
			}
		} as CompletionContext;
		expect(complete('cat x', 5, throwing).candidates).toEqual([]);
	});
});
