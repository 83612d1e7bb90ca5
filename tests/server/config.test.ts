import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { ConfigError } from '../../server/errors.ts';

function configError(env: Record<string, string>): ConfigError {
	try {
		loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error;
		throw error;
	}
	throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
	test('uses the defaults when nothing is set', () => {
		expect(loadConfig({})).toEqual({
			port: 3000,
			host: 'localhost',
			dataDir: resolve('data'),
			buildDir: resolve('build'),
			logLevel: 'info',
			shutdownTimeoutMs: 10_000
		});
	});

	test('reads every variable and resolves folders to absolute paths', () => {
		const config = loadConfig({
			PORT: '0',
			HOST: '0.0.0.0',
			DATA_DIR: 'var/db',
			BUILD_DIR: '/srv/app',
			LOG_LEVEL: 'DEBUG',
			SHUTDOWN_TIMEOUT_MS: '250'
		});
		expect(config).toEqual({
			port: 0,
			host: '0.0.0.0',
			dataDir: resolve('var/db'),
			buildDir: '/srv/app',
			logLevel: 'debug',
			shutdownTimeoutMs: 250
		});
	});

	test('returns a frozen object', () => {
		const config = loadConfig({});
		expect(Object.isFrozen(config)).toBe(true);
	});

	test('treats an empty variable as unset', () => {
		expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
	});

	test.each(['abc', '-1', '65536', '80.5', '1e3'])('rejects PORT=%s', (port) => {
		expect(configError({ PORT: port }).problems).toEqual([
			`PORT must be a whole number from 0 to 65535 (got "${port}").`
		]);
	});

	test('lists every bad variable, one sentence each', () => {
		const error = configError({
			PORT: 'abc',
			LOG_LEVEL: 'loud',
			SHUTDOWN_TIMEOUT_MS: 'soon',
			HOST: '  '
		});
		expect(error.problems).toEqual([
			'PORT must be a whole number from 0 to 65535 (got "abc").',
			'HOST must be a host name or IP address, such as localhost or 0.0.0.0 (got "  ").',
			'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
			'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000 (got "soon").'
		]);
		expect(error.message).toBe(error.problems.join('\n'));
		expect(error.code).toBe('CONFIG_INVALID');
	});
});
