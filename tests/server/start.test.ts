// The build freshness check of scripts/start.ts, against a fixture project whose `vite` is a
// tiny script: the real build is slow and belongs to the e2e tests.
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BuildError } from '../../server/errors.ts';
import { buildState, buildStampFile, ensureBuilt } from '../../scripts/start.ts';
import { cleanUp, makeTempDir } from '../support/server.ts';

afterEach(async () => {
	vi.restoreAllMocks();
	await cleanUp();
});

// Stands in for `vite build`: counts its runs, writes build/200.html, or fails when asked to.
const fakeVite = `
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
appendFileSync('vite-runs.log', process.argv.slice(2).join(' ') + '\\n');
if (existsSync('src/fail')) { console.error('fake vite: syntax error in src/fail'); process.exit(1); }
mkdirSync('build', { recursive: true });
writeFileSync('build/200.html', '<!doctype html>');
`;

async function fixtureProject(): Promise<string> {
	const root = await makeTempDir('project');
	await mkdir(join(root, 'src', 'routes'), { recursive: true });
	await mkdir(join(root, 'static'), { recursive: true });
	await mkdir(join(root, 'node_modules', '.bin'), { recursive: true });
	await writeFile(join(root, 'src', 'routes', '+page.svelte'), '<h1>hi</h1>');
	await writeFile(join(root, 'static', 'robots.txt'), '');
	await writeFile(join(root, 'package.json'), '{"type":"module"}');
	await writeFile(join(root, 'vite.config.ts'), 'export default {};');
	await writeFile(join(root, 'node_modules', '.bin', 'vite'), fakeVite);
	return root;
}

async function viteRuns(root: string): Promise<string[]> {
	const log = await readFile(join(root, 'vite-runs.log'), 'utf8').catch(() => '');
	return log.split('\n').filter(Boolean);
}

describe('ensureBuilt', () => {
	test('builds on the first run, then not again until a source changes', async () => {
		const root = await fixtureProject();
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		expect((await buildState(root)).state).toBe('missing');

		expect(await ensureBuilt({ root })).toBe('built');
		expect(log).toHaveBeenCalledWith('Building the app (first run)...');
		expect(await viteRuns(root)).toEqual(['build']);
		expect((await readFile(join(root, 'build', buildStampFile), 'utf8')).trim()).toBe(
			(await buildState(root)).fingerprint
		);

		expect(await ensureBuilt({ root })).toBe('fresh');
		expect(await viteRuns(root)).toHaveLength(1);

		const page = join(root, 'src', 'routes', '+page.svelte');
		await utimes(page, new Date(), new Date(Date.now() + 5000));
		expect((await buildState(root)).state).toBe('stale');
		expect(await ensureBuilt({ root })).toBe('built');
		expect(log).toHaveBeenCalledWith('Building the app (sources changed)...');
		expect(await viteRuns(root)).toHaveLength(2);
	});

	test.each([
		['a new file in static/', (root: string) => writeFile(join(root, 'static', 'new.txt'), 'x')],
		['an edited package.json', (root: string) => writeFile(join(root, 'package.json'), '{ }')],
		['a new package-lock.json', (root: string) => writeFile(join(root, 'package-lock.json'), '{}')]
	])('sees %s as a change', async (_label, change) => {
		const root = await fixtureProject();
		await ensureBuilt({ root, quiet: true });
		await change(root);
		expect((await buildState(root)).state).toBe('stale');
	});

	test('rebuilds when the build output was deleted', async () => {
		const root = await fixtureProject();
		await ensureBuilt({ root, quiet: true });
		await writeFile(join(root, 'build', buildStampFile), 'an old fingerprint\n');
		expect((await buildState(root)).state).toBe('stale');
		const { rm } = await import('node:fs/promises');
		await rm(join(root, 'build', '200.html'));
		expect((await buildState(root)).state).toBe('missing');
	});

	test('fails with a clear message, shows the build output, and writes no stamp', async () => {
		const root = await fixtureProject();
		await writeFile(join(root, 'src', 'fail'), '');
		const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

		const failure = ensureBuilt({ root, quiet: true });
		await expect(failure).rejects.toThrow(BuildError);
		await expect(failure).rejects.toThrow(
			'The app did not build (vite build exited with code 1): fix the errors shown above, then run npm start again.'
		);
		expect(String(stderr.mock.calls[0]?.[0])).toContain('fake vite: syntax error in src/fail');
		expect((await buildState(root)).state).toBe('missing');
	});

	test('says to install when vite is missing', async () => {
		const root = await makeTempDir('empty-project');
		await expect(ensureBuilt({ root, quiet: true })).rejects.toThrow(
			'Cannot find vite in node_modules: run npm install first.'
		);
	});
});
