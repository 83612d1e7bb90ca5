import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkEachTest, launch, screenshot, type BrowserSession } from './browser.ts';
import { terminalOn } from './terminal.ts';
import { createWorkspaceAsUser } from './workspaces.ts';

const baseUrl = inject('baseUrl');

let browser: BrowserSession;
let page: Page;

const row = (name: string) => page.getByRole('treeitem', { name, exact: true });
const terminal = terminalOn(() => page);
const { typeCommand, waitForOutput, clear } = terminal;

async function press(...keys: string[]): Promise<void> {
	for (const key of keys) await page.keyboard.press(key);
}

describe('the shell, as a user types into it', () => {
	beforeAll(async () => {
		browser = await launch();
		page = browser.page;
		await page.goto(baseUrl);
		await page.evaluate(() =>
			localStorage.setItem('bytestorm:layout', JSON.stringify({ sidebar: 240, panel: 420 }))
		);
		await createWorkspaceAsUser(page, 'Python', { name: 'Shell' });
	});
	afterAll(async () => {
		await browser?.close();
	});
	checkEachTest(() => browser, 'shell');

	it('works on the workspace: what commands change shows in the tree at once', async () => {
		await clear();
		await typeCommand('mkdir -p src/app && cd src && echo "print(40 + 2)" > app/calc.py');
		await waitForOutput(/~\/src \$\s*$/m);
		await row('src').click();
		await row('app').click();
		await row('calc.py').waitFor();
		await typeCommand('ls -R; pwd');
		await waitForOutput(/\.:\s+app\s+\.\/app:\s+calc\.py\s+\/workspace\/src/);
		await typeCommand('cat app/calc.py | wc -c');
		await waitForOutput(/^14$/m);
		await screenshot(page, 'shell-01-workspace');
	});

	it('pipes a builtin into Python and Python into a file', async () => {
		await clear();
		await typeCommand('cd ~; echo "3 4 5" > data.txt');
		await typeCommand(
			`python -c "import sys; print(sum(int(x) for x in sys.stdin.read().split()))" < data.txt > sum.txt && cat sum.txt`
		);
		await waitForOutput(/^12$/m);
		await typeCommand(
			'cat data.txt | python -c "import sys; print(sys.stdin.read().upper())" | wc -l'
		);
		await waitForOutput(/^2$/m);
		await row('sum.txt').waitFor();
	});

	it('sees what the editor holds, and the editor shows what commands write', async () => {
		await clear();
		await row('main.py').click();
		const editor = page.getByRole('textbox', { name: 'Editor: main.py' });
		await editor.click();
		await press('ControlOrMeta+a', 'Delete');
		await page.keyboard.insertText('print("edited")\n');
		await typeCommand('grep -n edited main.py');
		await waitForOutput(/1:print\("edited"\)/);
		await typeCommand('echo "# appended" >> main.py');
		await expect.poll(() => editor.innerText()).toContain('# appended');
	});

	it('edits the line: history, Ctrl+R, Ctrl+A/E/U/W, and Tab completion', async () => {
		await clear();
		await typeCommand('echo first-entry');
		await waitForOutput(/^first-entry$/m);
		// Up recalls it; Ctrl+A then typing inserts at the start.
		await press('ArrowUp', 'Control+a');
		await page.keyboard.type('X=1 ');
		await press('Enter');
		await waitForOutput(/\$ X=1 echo first-entry\s+first-entry/);
		// Reverse search finds the older line.
		await press('Control+r');
		await page.keyboard.type('first');
		await waitForOutput(/reverse-i-search\)'first'/);
		await press('Enter');
		await waitForOutput(/first-entry\s[\s\S]*first-entry\s[\s\S]*first-entry/);
		// Ctrl+W drops a word, Ctrl+U the line.
		await page.keyboard.type('echo keep drop');
		await press('Control+w', 'Control+w');
		await page.keyboard.type('kept');
		await press('Enter');
		await waitForOutput(/^kept$/m);
		// Tab completes a command and a path.
		await clear();
		await page.keyboard.type('whoa');
		await press('Tab');
		await page.keyboard.type('; ca');
		await press('Tab');
		await page.keyboard.type('da');
		await press('Tab', 'Enter');
		await waitForOutput(/whoami ; cat data\.txt\s+student\s+3 4 5/);
		await screenshot(page, 'shell-02-line-editing');
	});

	it('runs each line of a pasted block in turn, keeping the last unfinished line', async () => {
		await clear();
		// A real paste event, as the browser sends for Ctrl+V: xterm.js takes it from there.
		await page
			.locator('.terminal-panel [role="tabpanel"]:not([hidden]) .xterm-helper-textarea')
			.evaluate((textarea) => {
				const data = new DataTransfer();
				data.setData('text/plain', 'echo pasted-one\necho pasted-two\necho not-yet');
				textarea.dispatchEvent(
					new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
				);
			});
		await waitForOutput(/^pasted-one\n[\s\S]*^pasted-two\n~ \$ echo not-yet\s*$/m);
		await press('Control+u');
	});

	it('stops a running command with Ctrl+C, and runs jobs in the background', async () => {
		await clear();
		await typeCommand('sleep 30; echo not-reached');
		await waitForOutput(/sleep 30; echo not-reached\s*$/);
		await press('Control+c');
		await waitForOutput(/\^C\s*~ \$\s*$/m);
		expect(await terminal.text()).not.toMatch(/^not-reached$/m);
		await typeCommand('sleep 0.3 && echo job-finished &');
		await waitForOutput(/^\[1\] \d+$/m);
		await typeCommand('jobs');
		await waitForOutput(/\[1\]\+\s+Running\s+sleep 0\.3 && echo job-finished/);
		await waitForOutput(/^job-finished$/m);
		await typeCommand('true');
		await waitForOutput(/\[1\]\+\s+Done\s+sleep 0\.3 && echo job-finished/);
	});

	it('refuses rm -rf / and paths outside the workspace, and keeps the files', async () => {
		await clear();
		await typeCommand('rm -rf /');
		await waitForOutput(/rm: refusing to remove the whole workspace/);
		await typeCommand('cat /etc/passwd; cd ../..');
		await waitForOutput(/cat: \/etc\/passwd: outside the workspace/);
		await waitForOutput(/cd: \.\.\/\.\.: outside the workspace/);
		await typeCommand('ls');
		await waitForOutput(/main\.py/);
		await row('main.py').waitFor();
	});

	it('says what it cannot run, and reports syntax errors with the column', async () => {
		await clear();
		await typeCommand('gcc main.c');
		await waitForOutput(/gcc: command not found: it needs a full Linux machine/, {
			joinRows: true
		});
		await typeCommand('npm install left-pad');
		await waitForOutput(/npm needs the network and a WebContainer/, {
			joinRows: true
		});
		await typeCommand('echo a | | b');
		await waitForOutput(/syntax error near unexpected token '\|' \(column 10\)/, {
			joinRows: true
		});
		// An open quote asks for the rest of the line, as bash does.
		await typeCommand('echo "two');
		await waitForOutput(/^>\s*$/m);
		await typeCommand('lines"');
		await waitForOutput(/^two\nlines$/m);
		await screenshot(page, 'shell-03-errors');
	});

	it('runs git on the workspace, offline', async () => {
		await clear();
		await typeCommand('git init && git add . && git commit -m "first version"');
		await waitForOutput(/\[main \(root-commit\) [0-9a-f]{7}\] first version/);
		await typeCommand('echo more >> data.txt; git status --short; git diff');
		await waitForOutput(/M data\.txt/);
		await waitForOutput(/^\+more$/m);
		await typeCommand('git commit -am "more data" && git log --oneline');
		await waitForOutput(/[0-9a-f]{7} (\(HEAD -> main\) )?more data\s+[0-9a-f]{7} first version/);
		await screenshot(page, 'shell-04-git');
	});

	it('opens more terminals, each with its own folder, with Ctrl+Shift+`', async () => {
		await typeCommand('cd src');
		await press('Control+Shift+Backquote');
		await expect.poll(() => page.getByRole('tab', { name: /Terminal 2/ }).count()).toBe(1);
		await waitForOutput(/~ \$\s*$/m);
		await typeCommand('pwd');
		await waitForOutput(/^\/workspace$/m);
		await screenshot(page, 'shell-05-tabs');
		// `exit` closes its tab; the other terminal kept its own folder.
		await typeCommand('exit');
		await expect.poll(() => page.getByRole('tab', { name: /Terminal 2/ }).count()).toBe(0);
		await waitForOutput(/~\/src \$\s*$/m);
	});

	it('keeps the history of the workspace across a reload', async () => {
		await page.reload();
		// The editor takes the focus when it opens: wait for it, then go to the terminal.
		await page.getByRole('textbox', { name: 'Editor: main.py' }).waitFor();
		await page.locator('.xterm-rows').waitFor();
		await waitForOutput(/~ \$\s*$/m);
		await terminal.clear();
		await press('ArrowUp');
		await waitForOutput(/~ \$ exit\s*$/m);
		await press('ArrowUp');
		await waitForOutput(/~ \$ pwd\s*$/m);
	});
});
