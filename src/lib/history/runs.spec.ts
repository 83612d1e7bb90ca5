import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
	addRun,
	capOutput,
	clearRuns,
	listRuns,
	maxOutputChars,
	maxRunsPerWorkspace
} from './runs.ts';

const run = (workspaceId: string, startedAt: number, exitCode = 0) => ({
	workspaceId,
	command: 'python main.py',
	startedAt,
	durationMs: 12,
	exitCode,
	output: `run at ${startedAt}\n`,
	truncated: false
});

describe('run history', () => {
	it("lists a workspace's runs newest first, apart from other workspaces", async () => {
		await addRun(run('a', 1));
		await addRun(run('a', 3, 1));
		await addRun(run('b', 2));
		const runs = await listRuns('a');
		expect(runs.map((r) => [r.startedAt, r.exitCode])).toEqual([
			[3, 1],
			[1, 0]
		]);
		expect(runs.every((r) => typeof r.id === 'number')).toBe(true);
		expect((await listRuns('b')).length).toBe(1);
	});

	it(`keeps the newest ${maxRunsPerWorkspace} runs of a workspace`, async () => {
		for (let i = 0; i < maxRunsPerWorkspace + 5; i++) await addRun(run('many', 1000 + i));
		const runs = await listRuns('many');
		expect(runs.length).toBe(maxRunsPerWorkspace);
		expect(runs.at(-1)?.startedAt).toBe(1005);
	});

	it('clears one workspace only', async () => {
		await addRun(run('keep', 1));
		await addRun(run('drop', 1));
		await clearRuns('drop');
		expect(await listRuns('drop')).toEqual([]);
		expect((await listRuns('keep')).length).toBe(1);
	});

	it('keeps the end of a long output', () => {
		const long = 'x'.repeat(maxOutputChars) + 'Traceback: the end';
		const capped = capOutput(long);
		expect(capped.truncated).toBe(true);
		expect(capped.output.length).toBe(maxOutputChars);
		expect(capped.output.endsWith('Traceback: the end')).toBe(true);
		expect(capOutput('short')).toEqual({ output: 'short', truncated: false });
	});
});
