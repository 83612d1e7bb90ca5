// `npm test`: every check the project has, in the order that fails fastest, with one summary.
// Every step runs even after a failure, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './start.ts';

const bin = (name: string) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const results: { step: string; ok: boolean; seconds: number }[] = [];

function step(name: string, command: string, args: string[]): boolean {
	const started = performance.now();
	console.log(`\n▶ ${name}`);
	const { status } = spawnSync(bin(command), args, { stdio: 'inherit' });
	const ok = status === 0;
	results.push({ step: name, ok, seconds: (performance.now() - started) / 1000 });
	return ok;
}

const started = performance.now();
// svelte-check and the tsconfig need the types SvelteKit generates.
spawnSync(bin('svelte-kit'), ['sync'], { stdio: 'inherit' });
step('format (prettier)', 'prettier', ['--check', '--log-level', 'warn', '.']);
step('lint (eslint)', 'eslint', ['.']);
step('types: app (svelte-check)', 'svelte-check', [
	'--tsconfig',
	'./tsconfig.json',
	'--fail-on-warnings',
	'--output',
	'human'
]);
step('types: server (tsc)', 'tsc', ['-p', 'server/tsconfig.json']);

const buildStarted = performance.now();
let built = true;
try {
	await ensureBuilt();
} catch (error) {
	built = false;
	console.error(error instanceof Error ? error.message : error);
}
results.push({
	step: 'build (when stale)',
	ok: built,
	seconds: (performance.now() - buildStarted) / 1000
});

// One vitest run for unit, server and e2e, so the counts below are the whole suite's.
const reportDir = mkdtempSync(join(tmpdir(), 'bytestorm-test-'));
const report = join(reportDir, 'vitest.json');
step('tests (vitest: unit, server, e2e)', 'vitest', [
	'run',
	...(built ? [] : ['--project', 'unit', '--project', 'server']),
	'--reporter=default',
	'--reporter=json',
	`--outputFile.json=${report}`
]);
let counts = { passed: 0, failed: 0, skipped: 0 };
try {
	const json = JSON.parse(readFileSync(report, 'utf8'));
	counts = {
		passed: json.numPassedTests,
		failed: json.numFailedTests,
		skipped: json.numPendingTests + json.numTodoTests
	};
} catch {
	counts.failed = Math.max(counts.failed, 1);
}
rmSync(reportDir, { recursive: true, force: true });

console.log('\nstep                                  result   seconds');
for (const r of results)
	console.log(
		`${r.step.padEnd(38)}${(r.ok ? 'ok' : 'FAILED').padEnd(9)}${r.seconds.toFixed(1).padStart(7)}`
	);
console.log(
	`${'total'.padEnd(47)}${((performance.now() - started) / 1000).toFixed(1).padStart(7)}`
);
const failedSteps = results.filter((r) => !r.ok).length;
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps > 0 || counts.failed > 0 ? 1 : 0);
