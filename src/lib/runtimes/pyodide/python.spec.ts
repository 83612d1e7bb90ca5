// The Python worker's logic with a real Pyodide in Node: what a user sees in the terminal.
import { beforeAll, describe, expect, it } from 'vitest';
import { fatalReason } from './python.ts';
import { TestPython, type RunOptions } from './testing.ts';

const python = new TestPython();
let bootMs = 0;

beforeAll(async () => {
	bootMs = await python.boot();
}, 60_000);

describe('booting', () => {
	it('boots in Node from the npm package and answers python --version', () => {
		expect(bootMs).toBeGreaterThan(0);
		console.info(`Pyodide booted in Node in ${Math.round(bootMs)} ms`);
		const result = python.run(['python', '--version']);
		expect(result.stdout).toMatch(/^Python 3\.\d+\.\d+\n$/);
		expect(result.code).toBe(0);
	});
});

describe('output', () => {
	it('streams stdout with partial lines and carriage returns, in order', () => {
		const result = python.python(
			'import sys\nprint("a", end="")\nsys.stdout.flush()\nprint("b\\rc")\nprint("tail", end="")'
		);
		expect(result.stdout).toBe('ab\rc\ntail');
		expect(result.code).toBe(0);
	});

	it('keeps stderr apart from stdout and in order', () => {
		const result = python.python(
			'import sys\nprint("out 1")\nprint("err", file=sys.stderr)\nprint("out 2")'
		);
		expect(result.outputs.map(({ kind, text }) => [kind, text])).toEqual([
			['stdout', 'out 1\n'],
			['stderr', 'err\n'],
			['stdout', 'out 2\n']
		]);
	});

	it('delivers output while the program is still running, not at its end', () => {
		const result = python.python(
			'import time\nprint("first")\nprint("second")\nend = time.monotonic() + 0.4\nwhile time.monotonic() < end: pass\nprint("last")'
		);
		const second = result.outputs.find((output) => output.text.includes('second'));
		expect(result.stdout).toBe('first\nsecond\nlast\n');
		expect(second).toBeDefined();
		expect(result.endedAt - second!.at).toBeGreaterThan(300);
	});

	it('shows output written before time.sleep during the sleep', () => {
		const result = python.python('import time\nprint("waiting", end="")\ntime.sleep(0.3)');
		expect(result.stdout).toBe('waiting');
		expect(result.endedAt - result.outputs[0]!.at).toBeGreaterThan(250);
	});

	it('streams more than the output ring holds, the program waiting for the reader as on a pipe', () => {
		const started = performance.now();
		const result = python.python(
			'line = "x" * 999\nfor i in range(20_000):\n    print(line)\nprint("done")'
		);
		console.info(`20 MB printed in Node in ${Math.round(performance.now() - started)} ms`);
		expect(result.stdout.length).toBe(20_000 * 1000 + 'done\n'.length);
		expect(result.stdout.endsWith('xxx\ndone\n')).toBe(true);
		expect(result.code).toBe(0);
	});

	it('decodes UTF-8 split across writes', () => {
		const result = python.python(
			'import sys\nb = "héllo ✓ 🐍\\n".encode()\nfor i in range(len(b)):\n    sys.stdout.buffer.write(b[i:i+1]); sys.stdout.buffer.flush()'
		);
		expect(result.stdout).toBe('héllo ✓ 🐍\n');
	});
});

describe('errors and exit codes', () => {
	it('prints a traceback with workspace-relative file names and exits 1', () => {
		python.files({
			'main.py': 'from lib.helpers import explode\n\nexplode()\n',
			'lib/helpers.py': 'def explode():\n    raise ValueError("boom")\n'
		});
		const result = python.run(['python', 'main.py']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'Traceback (most recent call last):\n' +
				'  File "main.py", line 3, in <module>\n' +
				'    explode()\n' +
				'    ~~~~~~~^^\n' +
				'  File "lib/helpers.py", line 2, in explode\n' +
				'    raise ValueError("boom")\n' +
				'ValueError: boom\n'
		);
	});

	it('reports a syntax error with the file name', () => {
		python.files({ 'bad.py': 'print("ok"\n' });
		const result = python.run(['python', 'bad.py']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('File "bad.py", line 1');
		expect(result.stderr).toContain('SyntaxError');
		expect(result.stderr).not.toContain('/workspace');
	});

	it('turns sys.exit into the exit code', () => {
		expect(python.python('import sys; sys.exit(3)').code).toBe(3);
		expect(python.python('import sys; sys.exit()').code).toBe(0);
		const message = python.python('import sys; sys.exit("bye")');
		expect(message.code).toBe(1);
		expect(message.stderr).toBe('bye\n');
	});

	it('answers a missing file like CPython, with exit code 2', () => {
		const result = python.run(['python', 'nope.py']);
		expect(result.stderr).toBe(
			"python: can't open file 'nope.py': [Errno 2] No such file or directory\n"
		);
		expect(result.code).toBe(2);
	});

	it('refuses unknown options with a usage error (exit 2)', () => {
		const result = python.run(['python', '-x', 'main.py']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('unknown option -x\nusage: python');
	});
});

describe('the interactive prompt', () => {
	const repl = (typed: string | (string | null)[], argv = ['python']) =>
		python.run(argv, { stdin: typed, closeStdin: true });

	it('raises EOFError in an input() on Ctrl+D and keeps the prompt', () => {
		const result = repl(['input()\n', null, '6 * 7\n'], ['python', '-q']);
		expect(result.stdout).toBe('>>> >>> 42\n>>> \n');
		expect(result.stderr).toMatch(/File "<stdin>", line 1, in <module>\n[\s\S]*EOFError/);
		expect(result.code).toBe(0);
	});

	it('shows the banner, echoes results and keeps variables from line to line', () => {
		const result = repl('1 + 1\nx = 20\nx + 1\n"text"\n');
		expect(result.stdout).toMatch(
			/^Python 3\.\d+\.\d+ \(Pyodide [^)]+\) on emscripten\nType "help", "copyright", "credits" or "license" for more information\.\n/
		);
		expect(result.stdout.slice(result.stdout.indexOf('>>> '))).toBe(
			">>> 2\n>>> >>> 21\n>>> 'text'\n>>> \n"
		);
		expect(result.code).toBe(0);
	});

	it('continues an incomplete block with ... until a blank line', () => {
		const result = repl(
			'def triple(n):\n    return n * 3\n\nfor i in range(2):\n    print(triple(i))\n\n',
			['python', '-q']
		);
		expect(result.stdout).toBe('>>> ... ... >>> ... ... 0\n3\n>>> \n');
	});

	it('prints a traceback and goes on; a syntax error too', () => {
		const result = repl('1 / 0\nx = = 1\nprint("still here")\n', ['python', '-q']);
		expect(result.stderr).toMatch(
			/^Traceback \(most recent call last\):\n {2}File "<stdin>", line 1, in <module>\n[\s\S]*ZeroDivisionError: division by zero\n/
		);
		expect(result.stderr).toContain('  File "<stdin>", line 1\n    x = = 1\n');
		expect(result.stderr).toContain('SyntaxError: invalid syntax\n');
		expect(result.stderr).not.toContain('_bytestorm');
		expect(result.stderr).not.toContain('code.py');
		expect(result.stdout).toContain('still here\n');
		expect(result.code).toBe(0);
	});

	it('ends with exit(), quit() or sys.exit() with their exit code, and input still works after', () => {
		expect(repl('exit(3)\nprint("not reached")\n', ['python', '-q']).code).toBe(3);
		expect(repl('quit()\n', ['python', '-q']).code).toBe(0);
		expect(repl('import sys\nsys.exit(4)\n', ['python', '-q']).code).toBe(4);
		expect(repl('exit\n', ['python', '-q']).stdout).toContain(
			'Use exit() or Ctrl-D (i.e. EOF) to exit'
		);
		expect(python.python('print(input())', { stdin: 'after\n' }).stdout).toBe('after\n');
	});

	it('runs a file first with -i, then prompts in its namespace without a banner', () => {
		python.files({ 'setup.py': 'answer = 42\nprint("set up")\n' });
		const result = repl('answer\n', ['python', '-i', 'setup.py']);
		expect(result.stdout).toBe('set up\n>>> 42\n>>> \n');
		const failed = repl('answer\n', ['python', '-i', '-c', 'answer = 7\nraise ValueError("bad")']);
		expect(failed.stderr).toContain('ValueError: bad');
		expect(failed.stdout).toBe('>>> 7\n>>> \n');
		expect(repl('', ['python', '-i', 'missing.py']).code).toBe(2);
	});

	it('stops a running statement on Ctrl+C and keeps the variables', async () => {
		const press = await python.interruptAfter(300);
		const result = repl('kept = "yes"\nwhile True: pass\n\nprint(kept)\n', ['python', '-q']);
		expect(press.pressedAt()).toBeGreaterThan(0);
		expect(result.stderr).toMatch(/File "<stdin>", line 1, in <module>\nKeyboardInterrupt\n$/);
		expect(result.stdout).toContain('yes\n');
		expect(result.code).toBe(0);
	});

	it('drops the line on Ctrl+C at the prompt and prompts again', async () => {
		await python.interruptAfter(150);
		python.hooks.onStdinWanted = () => {
			if (python.outputs.some((output) => output.text === 'KeyboardInterrupt\n')) {
				python.writer.write(new TextEncoder().encode('print("after")\n'));
				python.writer.close();
			}
		};
		try {
			const result = python.run(['python', '-q']);
			expect(result.stderr).toBe('KeyboardInterrupt\n');
			expect(result.stdout).toBe('>>> >>> after\n>>> \n');
			expect(result.code).toBe(0);
		} finally {
			python.hooks.onStdinWanted = undefined;
		}
	});
});

describe('Tab at the interactive prompt', () => {
	const typed = (text: string) => python.writer.write(new TextEncoder().encode(text));

	/** Presses Tab after `word` at the prompt of `python -i -c setup`, then types `next`. */
	async function tabAtPrompt(word: string, next: string) {
		const answers: string[][] = [];
		python.hooks.onCompletions = (_id, matches) => {
			answers.push(matches);
			// Typed after the Tab: the prompt reads this line, and nothing else.
			typed(next);
			python.writer.close();
		};
		const stop = await python.completeAfter(100, word);
		try {
			const result = python.run(['python', '-i', '-c', 'import os; answer = 42']);
			return { answers, result };
		} finally {
			stop();
			python.hooks.onCompletions = undefined;
		}
	}

	it('completes a name in the namespace while the prompt waits, then reads what is typed after', async () => {
		const { answers, result } = await tabAtPrompt('pri', 'print(os.sep, answer)\n');
		expect(answers).toEqual([['print(']]);
		expect(result.stdout).toBe('>>> / 42\n>>> \n');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
	});

	it("completes a module's attributes, and the program's own names and keywords", async () => {
		const attributes = await tabAtPrompt('os.pa', 'answer\n');
		const [matches] = attributes.answers;
		expect(matches).toEqual(expect.arrayContaining(['os.pardir', 'os.path', 'os.pathsep']));
		expect(matches!.every((match) => match.startsWith('os.pa'))).toBe(true);
		expect(attributes.result.stdout).toBe('>>> 42\n>>> \n');
		expect((await tabAtPrompt('answ', 'answer\n')).answers).toEqual([['answer']]);
		expect((await tabAtPrompt('impo', 'answer\n')).answers).toEqual([['import ']]);
	});

	it('stops a completion that hangs on Ctrl+C, and the prompt goes on', async () => {
		const answers: string[][] = [];
		python.hooks.onCompletions = (_id, matches) => answers.push(matches);
		python.hooks.onStdinWanted = () => {
			if (!python.outputs.some((output) => output.text === 'KeyboardInterrupt\n')) return;
			typed('print("after")\n');
			python.writer.close();
		};
		// Completing `slow.forever.` evaluates the property, which never returns.
		const stop = await python.completeAfter(50, 'slow.forever.');
		await python.interruptAfter(1000);
		const setup =
			'class Slow:\n    @property\n    def forever(self):\n        while True: pass\nslow = Slow()';
		try {
			const result = python.run(['python', '-i', '-c', setup]);
			expect(answers).toEqual([]);
			expect(result.stderr).toBe('KeyboardInterrupt\n');
			expect(result.stdout).toBe('>>> >>> after\n>>> \n');
		} finally {
			stop();
			python.hooks.onStdinWanted = undefined;
			python.hooks.onCompletions = undefined;
		}
	});

	it("leaves a program's input() alone, answering at the prompt that follows", async () => {
		const answers: string[][] = [];
		let wakes = 0;
		// The first call is input() starting to wait; the next, its wake by the Tab.
		python.hooks.onStdinWanted = () => {
			if (++wakes === 2) typed('pri\n');
		};
		python.hooks.onCompletions = (_id, matches) => {
			answers.push(matches);
			typed('print(typed)\n');
			python.writer.close();
		};
		const stop = await python.completeAfter(150, 'pri', { atPrompt: false });
		try {
			const result = python.run(['python', '-i', '-c', 'typed = input("? ")']);
			expect(wakes).toBeGreaterThanOrEqual(2);
			expect(answers).toEqual([['print(']]);
			expect(result.stdout).toBe('? >>> pri\n>>> \n');
		} finally {
			stop();
			python.hooks.onStdinWanted = undefined;
			python.hooks.onCompletions = undefined;
		}
	});
});

describe('runs are independent', () => {
	it('starts every run with a fresh __main__', () => {
		python.python('leaked = 42');
		expect(python.python('print("leaked" in globals())').stdout).toBe('False\n');
	});

	it('imports an edited module afresh on the next run', () => {
		python.files({
			'settings.py': 'VALUE = 1\n',
			'show.py': 'import settings\nprint(settings.VALUE)\n'
		});
		expect(python.run(['python', 'show.py']).stdout).toBe('1\n');
		python.files({ 'settings.py': 'VALUE = 2\n' });
		expect(python.run(['python', 'show.py']).stdout).toBe('2\n');
	});

	it('finds a module created after a run failed to import it, in a package too', () => {
		python.files({ 'app.py': 'import lib.later\nprint(lib.later.NAME)\n', 'lib/__init__.py': '' });
		expect(python.run(['python', 'app.py']).stderr).toContain(
			"ModuleNotFoundError: No module named 'lib.later'"
		);
		python.files({ 'lib/later.py': 'NAME = "found"\n' });
		expect(python.run(['python', 'app.py']).stdout).toBe('found\n');
		// A standard library module imported by a program stays imported: only the workspace's go.
		python.python('import colorsys');
		expect(python.python('import sys; print("colorsys" in sys.modules)').stdout).toBe('True\n');
		expect(python.python('import sys; print("lib.later" in sys.modules)').stdout).toBe('False\n');
	});

	it('sets sys.argv, the working folder and the environment', () => {
		python.files({
			'tools/args.py': 'import os, sys\nprint(sys.argv, os.getcwd(), os.environ.get("GREETING"))\n'
		});
		const result = python.run(['python', 'args.py', 'a', 'b c'], {
			cwd: 'tools',
			env: { GREETING: 'hi' }
		});
		expect(result.stdout).toBe("['args.py', 'a', 'b c'] /workspace/tools hi\n");
		expect(python.python('import os; print(os.environ.get("GREETING"))').stdout).toBe('None\n');
	});
});

describe('stdin', () => {
	it('reads a line typed ahead', () => {
		const result = python.python('name = input("Name? ")\nprint("Hello", name)', {
			stdin: 'Ada\n'
		});
		expect(result.stdout).toBe('Name? Hello Ada\n');
	});

	it('shows the prompt before blocking, then reads what the user types', () => {
		const seenBeforeAnswer: string[] = [];
		python.hooks.onStdinWanted = () => {
			seenBeforeAnswer.push(python.outputs.map((output) => output.text).join(''));
			python.writer.write(new TextEncoder().encode(`${seenBeforeAnswer.length * 10}\n`));
		};
		try {
			const result = python.python(
				'a = int(input("First: "))\nb = int(input("Second: "))\nprint(a + b)'
			);
			expect(seenBeforeAnswer).toEqual(['First: ', 'First: Second: ']);
			expect(result.stdout).toBe('First: Second: 30\n');
		} finally {
			python.hooks.onStdinWanted = undefined;
		}
	});

	it('gives EOFError when stdin is closed', () => {
		const result = python.python('input("? ")', { closeStdin: true });
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('EOFError');
	});

	it('gives EOFError once for Ctrl+D at the terminal, then reads on', () => {
		const result = python.python(
			'for _ in range(3):\n    try:\n        print("got", repr(input()))\n    except EOFError:\n        print("EOF")',
			{ stdin: ['a\n', null, 'b\n'] }
		);
		expect(result.stdout).toBe("got 'a'\nEOF\ngot 'b'\n");
	});

	it('says which streams are the terminal, as isatty() does, run by run', () => {
		const code =
			'import os, sys\nprint([f.isatty() for f in (sys.stdin, sys.stdout, sys.stderr)], [os.isatty(n) for n in range(3)])';
		const isatty = (options: RunOptions = {}) => python.python(code, options).stdout;
		expect(isatty()).toBe('[True, True, True] [True, True, True]\n');
		expect(isatty({ stdinIsTerminal: false })).toBe('[False, True, True] [False, True, True]\n');
		expect(isatty({ stdoutIsTerminal: false, stderrIsTerminal: false })).toBe(
			'[True, False, False] [True, False, False]\n'
		);
		expect(isatty()).toBe('[True, True, True] [True, True, True]\n');
	});

	it('runs the piped text as a script when stdin is not a terminal, as CPython does', () => {
		const piped = { stdin: 'import sys\nprint(1 + 1, repr(sys.argv[0]))\n', closeStdin: true };
		const result = python.run(['python'], { ...piped, stdinIsTerminal: false });
		expect(result.stdout).toBe("2 ''\n");
		expect(result.code).toBe(0);
		expect(python.run(['python', '-', 'x'], piped).stdout).toBe("2 '-'\n");
		const failing = python.run(['python'], {
			stdin: 'print("before")\n1 / 0\n',
			closeStdin: true,
			stdinIsTerminal: false
		});
		expect(failing.stdout).toBe('before\n');
		expect(failing.stderr).toMatch(/File "<stdin>", line 2, in <module>\n[\s\S]*ZeroDivisionError/);
		expect(failing.code).toBe(1);
	});
});

describe('Ctrl+C', () => {
	const cases = {
		'a busy loop': 'while True:\n    pass',
		'time.sleep(60)': 'import time\ntime.sleep(60)',
		'a blocked input()': 'input("Waiting: ")',
		'a print flood': 'while True:\n    print("x" * 1000)'
	};
	for (const [name, code] of Object.entries(cases)) {
		it(`interrupts ${name} with KeyboardInterrupt and exit code 130`, async () => {
			const press = await python.interruptAfter(150);
			const result = python.python(code);
			const latency = result.endedAt - press.pressedAt();
			expect(result.code).toBe(130);
			expect(result.stderr).toMatch(/KeyboardInterrupt\n$/);
			expect(result.stderr).not.toContain('_bytestorm');
			expect(latency).toBeGreaterThanOrEqual(0);
			expect(latency).toBeLessThan(250);
		});
	}

	it('leaves no interrupt behind for the next run', () => {
		expect(python.python('print("fine")').stdout).toBe('fine\n');
	});
});

describe('fatalReason', () => {
	it('says in words that the stack ran out, and passes other failures on as they are', () => {
		const overflow = new RangeError('Maximum call stack size exceeded');
		const told = fatalReason(overflow) as Error;
		expect(told.message).toBe(
			"it nested calls too deeply for the browser's stack: RangeError: Maximum call stack size exceeded"
		);
		expect(told.cause).toBe(overflow);
		const other = new RangeError('Invalid array length');
		expect(fatalReason(other)).toBe(other);
		const memory = new WebAssembly.RuntimeError('memory access out of bounds');
		expect(fatalReason(memory)).toBe(memory);
	});
});

describe('deep tracebacks', () => {
	it('cuts a deep traceback back, with a note, only while the recursion limit is raised', () => {
		const deep = python.python(
			[
				'import sys, traceback',
				'sys.setrecursionlimit(3000)',
				'def down(n):',
				'    if n == 2500:',
				'        raise ValueError("bottom")',
				'    return down(n + 1)',
				'try:',
				'    down(0)',
				'except ValueError as error:',
				'    print(len(traceback.extract_tb(error.__traceback__)))',
				'    print(error.__notes__[0])'
			].join('\n')
		);
		const [kept, note] = deep.stdout.trim().split('\n');
		expect(Number(kept)).toBeGreaterThanOrEqual(500);
		expect(Number(kept)).toBeLessThanOrEqual(1000);
		expect(note).toBe(
			'(Only the outermost frames of this traceback are kept: Python in the browser cannot free' +
				' one that is thousands of frames deep. It was raised at File "<string>", line 5, in down.)'
		);
		// At Python's own limit, nothing is cut and no hook runs.
		const shallow = python.python(
			[
				'import sys, traceback',
				'print(sys.getrecursionlimit(), sys.monitoring.get_events(4))',
				'def down(n):',
				'    if n == 900:',
				'        raise ValueError("bottom")',
				'    return down(n + 1)',
				'try:',
				'    down(0)',
				'except ValueError as error:',
				'    print(len(traceback.extract_tb(error.__traceback__)), error.__notes__ if hasattr(error, "__notes__") else None)'
			].join('\n')
		);
		expect(shallow.stdout).toBe('1000 0\n902 None\n');
	});

	it("takes tool id 4 back from the previous run's program", () => {
		python.python(
			'import sys\nsys.monitoring.free_tool_id(4)\nsys.monitoring.use_tool_id(4, "mine")'
		);
		expect(python.python('import sys\nprint(sys.monitoring.get_tool(4))').stdout).toBe(
			'bytestorm\n'
		);
	});
});
