import { randomUUID } from 'node:crypto';
import { fastify, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { registerErrorHandler } from './http-errors.ts';
import { appRoutes } from './routes/app.ts';
import { healthRoutes } from './routes/health.ts';
import type { Store } from './store/index.ts';

/** Headers on every response: cross-origin isolation (SharedArrayBuffer for the runtimes) and basic hardening. */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-embedder-policy': 'require-corp',
	'cross-origin-resource-policy': 'same-origin',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin'
});

/** Creates the Fastify instance with every route and hook; the caller listens and closes it. */
export function buildApp(config: Config, store: Store): FastifyInstance {
	const app = fastify({
		logger: { level: config.logLevel },
		genReqId: () => randomUUID()
	});

	// onSend runs for every reply sent through Fastify: routes, static files, 404s and errors.
	app.addHook('onSend', async (request, reply, payload) => {
		reply.headers(securityHeaders);
		// Lets a user quote the id of a failed request, and us find it in the logs.
		reply.header('x-request-id', request.id);
		return payload;
	});
	registerErrorHandler(app);

	app.register(healthRoutes, { store });
	app.register(appRoutes, { buildDir: config.buildDir });
	return app;
}
