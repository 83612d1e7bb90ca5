import type { TestProject } from 'vitest/node';
import { cleanUp, makeTempDir, startServer } from '../support/server.ts';
import { ensureBuilt } from '../../scripts/start.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The real server's address, serving the real build. */
		baseUrl: string;
	}
}

/** Builds the app if it is stale and starts the real server on a free port for the e2e suite. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	await ensureBuilt({ quiet: true });
	const server = await startServer({ DATA_DIR: await makeTempDir('e2e-data') });
	project.provide('baseUrl', server.url);
	return cleanUp;
}
