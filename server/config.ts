import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/** Log levels accepted by LOG_LEVEL, most to least severe. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of the accepted log levels. */
export type LogLevel = (typeof logLevels)[number];

/** The server's settings, read once from the environment at start-up. */
export interface Config {
	/** TCP port to listen on; 0 lets the system pick a free one. */
	readonly port: number;
	/** Host name or address to listen on. */
	readonly host: string;
	/** Absolute path of the folder holding the database. */
	readonly dataDir: string;
	/** Absolute path of the built front end (vite build output). */
	readonly buildDir: string;
	/** Minimum level of the JSON logs. */
	readonly logLevel: LogLevel;
	/** How long a graceful shutdown may take before the process is forced to exit. */
	readonly shutdownTimeoutMs: number;
}

function wholeNumber(min: number, max: number) {
	return z
		.string()
		.trim()
		.regex(/^\d+$/)
		.transform(Number)
		.refine((value) => value >= min && value <= max);
}

// An empty variable (`PORT= npm start`) means "not set", as in most tools, so it takes the default.
function variable<T extends z.ZodType>(fallback: string, schema: T) {
	return z.preprocess((value) => (value === undefined || value === '' ? fallback : value), schema);
}

const envSchema = z.object({
	PORT: variable('3000', wholeNumber(0, 65535)),
	HOST: variable('localhost', z.string().trim().min(1)),
	DATA_DIR: variable('./data', z.string().trim().min(1)),
	BUILD_DIR: variable('./build', z.string().trim().min(1)),
	LOG_LEVEL: variable('info', z.string().trim().toLowerCase().pipe(z.enum(logLevels))),
	SHUTDOWN_TIMEOUT_MS: variable('10000', wholeNumber(0, 600_000))
});

type Variable = keyof typeof envSchema.shape;

// What each variable must be, phrased to follow "NAME must be ...": zod's own messages are
// written for developers, these for whoever starts the server.
const expectations: Record<Variable, string> = {
	PORT: 'a whole number from 0 to 65535',
	HOST: 'a host name or IP address, such as localhost or 0.0.0.0',
	DATA_DIR: 'a folder path',
	BUILD_DIR: 'a folder path',
	LOG_LEVEL: `one of ${logLevels.join(', ')}`,
	SHUTDOWN_TIMEOUT_MS: 'a whole number of milliseconds from 0 to 600000'
};

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const result = envSchema.safeParse(env);
	if (!result.success) {
		const bad = new Set(result.error.issues.map((issue) => issue.path[0] as Variable));
		const problems = [...bad].map(
			(name) => `${name} must be ${expectations[name]} (got ${JSON.stringify(env[name])}).`
		);
		throw new ConfigError(problems);
	}
	const values = result.data;
	return Object.freeze({
		port: values.PORT,
		host: values.HOST,
		dataDir: resolve(values.DATA_DIR),
		buildDir: resolve(values.BUILD_DIR),
		logLevel: values.LOG_LEVEL,
		shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS
	});
}
