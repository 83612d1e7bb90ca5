// Starting, restarting and stopping the real server process.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, test } from 'vitest';
import { migrations } from '../../server/store/index.ts';
import {
	cleanUp,
	exitWithin,
	makeTempDir,
	spawnServer,
	startServer,
	writeFixtureBuild
} from '../support/server.ts';

afterEach(cleanUp);

async function health(url: string): Promise<Record<string, unknown>> {
	const response = await fetch(`${url}/api/health`);
	expect(response.status).toBe(200);
	return (await response.json()) as Record<string, unknown>;
}

function appliedMigrations(dataDir: string): { id: number; name: string }[] {
	const db = new DatabaseSync(join(dataDir, 'bytestorm.sqlite'), { readOnly: true });
	try {
		return db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as {
			id: number;
			name: string;
		}[];
	} finally {
		db.close();
	}
}

describe('health and restarts', () => {
	test('keeps the instance id and applies each migration once across restarts', async () => {
		const env = { DATA_DIR: await makeTempDir('data'), BUILD_DIR: await writeFixtureBuild() };

		const first = await startServer(env);
		const report = await health(first.url);
		expect(report).toMatchObject({ status: 'ok', database: 'ok', version: '0.1.0' });
		expect(report.instanceId).toMatch(/^[0-9a-f-]{36}$/);
		expect(typeof report.uptimeSeconds).toBe('number');
		first.child.kill('SIGTERM');
		expect((await exitWithin(first, 5000)).code).toBe(0);

		const second = await startServer(env);
		expect((await health(second.url)).instanceId).toBe(report.instanceId);
		second.child.kill('SIGTERM');
		await exitWithin(second, 5000);

		expect(appliedMigrations(env.DATA_DIR)).toEqual(
			migrations.map(({ id, name }) => ({ id, name }))
		);
	});

	test('creates a missing data folder', async () => {
		const dataDir = join(await makeTempDir('parent'), 'nested', 'data');
		const server = await startServer({ DATA_DIR: dataDir, BUILD_DIR: await writeFixtureBuild() });
		expect((await health(server.url)).status).toBe('ok');
	});
});

describe('refusing to start', () => {
	test('exits with code 2 and names every bad variable, without a stack trace', async () => {
		const server = spawnServer({ PORT: 'abc', LOG_LEVEL: 'loud' });
		const exit = await exitWithin(server, 10_000);
		expect(exit.code).toBe(2);
		expect(server.stderr()).toContain('PORT must be a whole number from 0 to 65535 (got "abc").');
		expect(server.stderr()).toContain('LOG_LEVEL must be one of');
		expect(server.stderr()).toContain('(got "loud")');
		expect(server.stderr()).not.toMatch(/\n\s+at /);
		expect(server.stdout()).not.toContain('running at');
	});

	test('refuses a database written by a newer version, and leaves it untouched', async () => {
		const dataDir = await makeTempDir('data');
		const first = await startServer({ DATA_DIR: dataDir, BUILD_DIR: await writeFixtureBuild() });
		first.child.kill('SIGTERM');
		await exitWithin(first, 5000);

		const futureId = migrations.length + 1;
		const db = new DatabaseSync(join(dataDir, 'bytestorm.sqlite'));
		db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
			futureId,
			'from-the-future',
			new Date().toISOString()
		);
		db.close();

		const second = spawnServer({ DATA_DIR: dataDir });
		const exit = await exitWithin(second, 10_000);
		expect(exit.code).toBe(1);
		expect(second.stderr()).toContain('written by a newer version of Bytestorm');
		expect(second.stderr()).toContain(`migration ${futureId}`);
		expect(second.stderr()).not.toMatch(/\n\s+at /);
		expect(appliedMigrations(dataDir).map((row) => row.id)).toContain(futureId);
	});

	test('says so when the port is taken', async () => {
		const env = { DATA_DIR: await makeTempDir('data'), BUILD_DIR: await writeFixtureBuild() };
		const first = await startServer(env);
		const port = new URL(first.url).port;
		const second = spawnServer({ ...env, DATA_DIR: await makeTempDir('data'), PORT: port });
		expect((await exitWithin(second, 10_000)).code).toBe(1);
		expect(second.stderr()).toContain(`Port ${port} is already in use`);
	});
});

describe('stopping', () => {
	test('exits 0 on SIGTERM and closes the port', async () => {
		const server = await startServer({
			DATA_DIR: await makeTempDir('data'),
			BUILD_DIR: await writeFixtureBuild()
		});
		await health(server.url);
		server.child.kill('SIGTERM');
		expect(await exitWithin(server, 5000)).toEqual({ code: 0, signal: null });
		await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
	});

	test('exits 0 on SIGINT', async () => {
		const server = await startServer({
			DATA_DIR: await makeTempDir('data'),
			BUILD_DIR: await writeFixtureBuild()
		});
		server.child.kill('SIGINT');
		expect((await exitWithin(server, 5000)).code).toBe(0);
	});

	test('exits 1 after SHUTDOWN_TIMEOUT_MS when a request never finishes', async () => {
		const server = await startServer({
			DATA_DIR: await makeTempDir('data'),
			BUILD_DIR: await writeFixtureBuild(),
			SHUTDOWN_TIMEOUT_MS: '300'
		});
		// A request whose body never arrives stays in flight, so close() cannot finish.
		const { request } = await import('node:http');
		const stalled = request(`${server.url}/api/health`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'content-length': '1000' }
		});
		stalled.on('error', () => {});
		stalled.write('{"a":');
		await new Promise((resolve) => setTimeout(resolve, 200));

		const started = Date.now();
		server.child.kill('SIGTERM');
		expect((await exitWithin(server, 5000)).code).toBe(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		stalled.destroy();
	});
});
