import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** How a test drives the workspace page's terminal, as a user types into it. */
export interface TerminalDriver {
	/** The terminal's visible rows, one per line. */
	text(): Promise<string>;
	/** The visible rows joined: a long message wrapped over several rows reads whole. */
	joinedText(): Promise<string>;
	/** Types a command at the prompt and presses Enter. */
	typeCommand(command: string): Promise<void>;
	/** Waits until the screen shows `pattern` (in the joined rows with `joinRows`). */
	waitForOutput(pattern: RegExp, options?: { joinRows?: boolean }): Promise<void>;
	/** Clears the screen (Ctrl+L at the prompt) so that a test reads only its own output. */
	clear(): Promise<void>;
}

/** The visible terminal tab (the others are hidden but keep running). */
const visible = '.terminal-panel [role="tabpanel"]:not([hidden])';

/** A driver for the visible terminal of whatever page `page()` returns when called. */
export function terminalOn(page: () => Page): TerminalDriver {
	const text = () => page().locator(`${visible} .xterm-rows`).innerText();
	const joinedText = async () => (await text()).replace(/\n/g, '');
	const focus = () => page().locator(`${visible} .xterm-helper-textarea`).focus();
	return {
		text,
		joinedText,
		async typeCommand(command) {
			await focus();
			await page().keyboard.type(command);
			await page().keyboard.press('Enter');
		},
		async waitForOutput(pattern, { joinRows = false } = {}) {
			await expect.poll(joinRows ? joinedText : text, { timeout: 30_000 }).toMatch(pattern);
		},
		async clear() {
			await focus();
			await page().keyboard.press('Control+l');
			await expect.poll(text).toMatch(/^\s*~\S* \$\s*$/);
		}
	};
}
