import { afterEach, beforeEach, expect, onTestFailed } from 'vitest';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.ts';

/** Where screenshots of the main states go, to be looked at after a run. */
export const artifactsDir = join(import.meta.dirname, 'artifacts');

/** A Chromium with its own profile folder, which survives `restart()` like a real user's. */
export interface BrowserSession {
	context: BrowserContext;
	page: Page;
	profile: string;
	/** Uncaught errors and console errors of the page: a user-facing flow should have none. */
	errors: string[];
	/** Closes the browser and opens it again on the same profile. */
	restart(): Promise<void>;
	close(): Promise<void>;
}

/** Launches Chromium on a fresh profile; `timezoneId` (IANA) is the time zone the pages see. */
export async function launch(
	options: { colorScheme?: 'light' | 'dark'; timezoneId?: string } = {}
): Promise<BrowserSession> {
	const profile = await mkdtemp(join(tmpdir(), 'bytestorm-profile-'));
	const open = async () => {
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath,
			args: chromiumArgs,
			viewport: { width: 1280, height: 800 },
			colorScheme: options.colorScheme ?? 'light',
			timezoneId: options.timezoneId,
			acceptDownloads: true
		});
		const page = context.pages()[0] ?? (await context.newPage());
		page.on('pageerror', (error) => session.errors.push(`uncaught: ${error.message}`));
		page.on('console', (message) => {
			if (message.type() === 'error') session.errors.push(`console: ${message.text()}`);
		});
		return { context, page };
	};
	const session = { profile, errors: [] as string[] } as BrowserSession;
	Object.assign(session, await open());
	session.restart = async () => {
		await session.context.close();
		Object.assign(session, await open());
	};
	session.close = async () => {
		await session.context.close();
		await rm(profile, { recursive: true, force: true });
	};
	return session;
}

/** Saves a full-page screenshot under tests/e2e/artifacts/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
	await mkdir(artifactsDir, { recursive: true });
	await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/**
 * Registers, for every test of the calling suite: a screenshot named `failed-PREFIX-test-name`
 * when the test fails, and a check that the page logged no error and threw nothing.
 */
export function checkEachTest(browser: () => BrowserSession, prefix: string): void {
	beforeEach(({ task }) => {
		onTestFailed(() =>
			screenshot(browser().page, `failed-${prefix}-${task.name.replace(/\W+/g, '-')}`)
		);
	});
	afterEach(() => {
		expect(browser().errors.splice(0)).toEqual([]);
	});
}

/**
 * Takes the errors a test provoked on purpose (a 404 page, an app's 500) off the session's list,
 * failing if there were none; any other error still fails the test in checkEachTest.
 */
export function expectErrors(browser: BrowserSession, pattern: RegExp): void {
	const expected = browser.errors.filter((error) => pattern.test(error));
	expect(expected.length).toBeGreaterThan(0);
	browser.errors.splice(
		0,
		browser.errors.length,
		...browser.errors.filter((error) => !expected.includes(error))
	);
}

/**
 * Drops errors matching `pattern` whether or not there are any: for an error a test causes on
 * purpose that may come again, or not, while it goes on (a page that throws each time it loads).
 */
export function allowErrors(browser: BrowserSession, pattern: RegExp): void {
	const others = browser.errors.filter((error) => !pattern.test(error));
	browser.errors.splice(0, browser.errors.length, ...others);
}
