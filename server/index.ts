// The server's entry point: wiring only. Importing this file starts the server.
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { ConfigError, ServerError } from './errors.ts';
import { exitGracefullyOnSignals } from './shutdown.ts';
import { openStore, type Store } from './store/index.ts';

const config = loadConfigOrExit();
const store = openStoreOrExit(config);
const app = buildApp(config, store);
exitGracefullyOnSignals({ app, store, timeoutMs: config.shutdownTimeoutMs });

try {
	await app.listen({ port: config.port, host: config.host });
} catch (error) {
	store.close();
	exitOnStartError(describeListenError(error, config));
}

const url = publicUrl(config.host, app.server.address());
app.log.info({ url }, 'Bytestorm is running');
// A plain line for people and for harnesses that wait for the server (the log above is JSON).
process.stdout.write(`Bytestorm is running at ${url}\n`);

function loadConfigOrExit(): Config {
	try {
		return loadConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		process.stderr.write(
			`Bytestorm cannot start: fix these environment variables.\n${error.message}\n`
		);
		process.exit(2);
	}
}

function openStoreOrExit(config: Config): Store {
	try {
		return openStore(config.dataDir);
	} catch (error) {
		exitOnStartError(error);
	}
}

// Errors we raise on purpose carry a message written for the reader: print it without a stack.
function exitOnStartError(error: unknown): never {
	process.stderr.write('Bytestorm cannot start.\n');
	if (error instanceof ServerError) process.stderr.write(`${error.message}\n`);
	else console.error(error);
	process.exit(1);
}

function describeListenError(error: unknown, config: Config): unknown {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EADDRINUSE') {
		return new ServerError(
			`Port ${config.port} is already in use on ${config.host}: stop the other server or set PORT to another port.`,
			{ cause: error }
		);
	}
	if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
		return new ServerError(
			`Cannot listen on host ${config.host}: set HOST to a name or address of this machine.`,
			{ cause: error }
		);
	}
	return error;
}

function publicUrl(host: string, address: ReturnType<typeof app.server.address>): string {
	const port = typeof address === 'object' && address !== null ? address.port : config.port;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	return `http://${shownHost}:${port}`;
}
