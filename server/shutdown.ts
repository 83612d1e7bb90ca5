import type { FastifyInstance } from 'fastify';
import type { Store } from './store/index.ts';

/** What a graceful shutdown stops, and how long it may take. */
export interface ShutdownOptions {
	readonly app: FastifyInstance;
	readonly store: Store;
	/** After this, the process exits with code 1 even if requests are still running. */
	readonly timeoutMs: number;
}

/** On SIGTERM or SIGINT: stop accepting, finish in-flight requests, close the store, exit 0. */
export function exitGracefullyOnSignals({ app, store, timeoutMs }: ShutdownOptions): void {
	let stopping = false;

	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) {
			// A second Ctrl-C means "now": do not make the user wait for the timeout.
			app.log.warn({ signal }, 'second signal during shutdown: exiting now');
			process.exit(1);
		}
		stopping = true;
		app.log.info({ signal }, 'shutting down: finishing requests in progress');
		setTimeout(() => {
			app.log.error({ timeoutMs }, 'shutdown took too long: exiting without finishing');
			process.exit(1);
		}, timeoutMs);

		app.close().then(
			() => {
				store.close();
				app.log.info('stopped');
				process.exit(0);
			},
			(error: unknown) => {
				app.log.error({ err: error }, 'shutdown failed');
				process.exit(1);
			}
		);
	};

	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
