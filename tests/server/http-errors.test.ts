// The error boundary and the health check, in process: buildApp with a real store, requests via inject.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { BadRequestError, NotFoundError } from '../../server/errors.ts';
import { internalErrorMessage, toErrorResponse } from '../../server/http-errors.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { cleanUp, makeTempDir, writeFixtureBuild } from '../support/server.ts';

let app: FastifyInstance | undefined;
let store: Store | undefined;

afterEach(async () => {
	await app?.close();
	store?.close();
	await cleanUp();
});

async function makeApp(): Promise<FastifyInstance> {
	const dataDir = await makeTempDir('data');
	store = openStore(dataDir);
	const config = loadConfig({
		DATA_DIR: dataDir,
		BUILD_DIR: await writeFixtureBuild(),
		LOG_LEVEL: 'silent'
	});
	app = buildApp(config, store);
	return app;
}

describe('error responses', () => {
	test('a ServerError keeps its status, code and message', async () => {
		const app = await makeApp();
		app.get('/api/test/missing', async () => {
			throw new NotFoundError('There is no workspace abc.');
		});
		const response = await app.inject('/api/test/missing');
		expect(response.statusCode).toBe(404);
		expect(response.json()).toEqual({
			error: { code: 'NOT_FOUND', message: 'There is no workspace abc.' }
		});
		expect(response.headers['cross-origin-embedder-policy']).toBe('require-corp');
	});

	test('schema validation fails with 400 and the reason', async () => {
		const app = await makeApp();
		app.post(
			'/api/test/named',
			{
				schema: {
					body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }
				}
			},
			async () => ({ ok: true })
		);
		const response = await app.inject({ method: 'POST', url: '/api/test/named', payload: {} });
		expect(response.statusCode).toBe(400);
		expect(response.json().error.code).toBe('VALIDATION_FAILED');
		expect(response.json().error.message).toContain('name');
	});

	test('a zod error fails with 400 and names the field', async () => {
		const app = await makeApp();
		app.post('/api/test/zod', async (request) => {
			z.object({ size: z.number().int() }).parse(request.body);
			return { ok: true };
		});
		const response = await app.inject({
			method: 'POST',
			url: '/api/test/zod',
			payload: { size: 'big' }
		});
		expect(response.statusCode).toBe(400);
		expect(response.json().error.code).toBe('VALIDATION_FAILED');
		expect(response.json().error.message).toMatch(/^size: /);
	});

	test('malformed JSON is a 400 the client can read', async () => {
		const app = await makeApp();
		app.post('/api/test/json', async () => ({ ok: true }));
		const response = await app.inject({
			method: 'POST',
			url: '/api/test/json',
			headers: { 'content-type': 'application/json' },
			payload: '{"a":'
		});
		expect(response.statusCode).toBe(400);
		expect(response.json().error.code).toBe('BAD_REQUEST');
	});

	test('an unexpected error is a 500 with a generic message and no details', async () => {
		const app = await makeApp();
		app.get('/api/test/boom', async () => {
			throw new Error('secret connection string postgres://x');
		});
		const response = await app.inject('/api/test/boom');
		expect(response.statusCode).toBe(500);
		expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: internalErrorMessage } });
		expect(response.body).not.toContain('secret');
		expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
	});

	test('toErrorResponse maps thrown values that are not errors to a 500', () => {
		expect(toErrorResponse('a string').statusCode).toBe(500);
		expect(toErrorResponse(undefined).body.error.message).toBe(internalErrorMessage);
		expect(toErrorResponse(new BadRequestError('Nope.')).body.error).toEqual({
			code: 'BAD_REQUEST',
			message: 'Nope.'
		});
	});

	test('a non-GET request to an unknown page is a JSON 404, not the fallback page', async () => {
		const app = await makeApp();
		const response = await app.inject({ method: 'POST', url: '/w/abc' });
		expect(response.statusCode).toBe(404);
		expect(response.json().error.code).toBe('NOT_FOUND');
	});
});

describe('health', () => {
	test('answers 503 with status error when the database fails', async () => {
		const app = await makeApp();
		const instanceId = store?.instance.getInstanceInfo().id;
		await app.ready();
		store?.close();
		const response = await app.inject('/api/health');
		expect(response.statusCode).toBe(503);
		expect(response.json()).toMatchObject({ status: 'error', database: 'error', instanceId });
		expect(response.headers['cache-control']).toBe('no-store');
	});
});
