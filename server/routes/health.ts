import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/index.ts';

/** Options of the health routes. */
export interface HealthRoutesOptions {
	readonly store: Store;
}

/** What GET /api/health answers. */
export interface HealthReport {
	readonly status: 'ok' | 'error';
	readonly version: string;
	readonly uptimeSeconds: number;
	readonly instanceId: string;
	readonly database: 'ok' | 'error';
}

/** GET /api/health: is the server up and can it reach its database (503 if not). */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { store }) => {
	const startedAt = performance.now();
	const version = packageVersion();
	// Read once: the id never changes, and the report should still name the instance when
	// the database is what is failing.
	const instanceId = store.instance.getInstanceInfo().id;

	app.get('/api/health', async (request, reply) => {
		let database: HealthReport['database'] = 'ok';
		try {
			store.check();
		} catch (error) {
			request.log.error({ err: error }, 'health check: database query failed');
			database = 'error';
		}
		const report: HealthReport = {
			status: database === 'ok' ? 'ok' : 'error',
			version,
			uptimeSeconds: Math.floor((performance.now() - startedAt) / 1000),
			instanceId,
			database
		};
		return reply
			.code(report.status === 'ok' ? 200 : 503)
			.header('cache-control', 'no-store')
			.send(report);
	});
};

function packageVersion(): string {
	const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
	return String(manifest.version);
}
