import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ServerError } from './errors.ts';

/** The JSON body of every error response. */
export interface ErrorBody {
	readonly error: { readonly code: string; readonly message: string };
}

/** How an error is reported over HTTP. */
export interface ErrorResponse {
	readonly statusCode: number;
	readonly body: ErrorBody;
}

/** Message of every unexpected failure; the details go to the log only. */
export const internalErrorMessage = 'Something went wrong on the server.';

/** Converts any thrown value into the status and body a client sees: the one table of the boundary. */
export function toErrorResponse(error: unknown): ErrorResponse {
	if (error instanceof ServerError) {
		return respond(error.statusCode, error.code, error.message);
	}
	if (error instanceof z.ZodError) {
		return respond(400, 'VALIDATION_FAILED', describeIssues(error.issues));
	}
	if (isFastifyError(error)) {
		if (error.validation) return respond(400, 'VALIDATION_FAILED', sentence(error.message));
		// Fastify's own 4xx (bad JSON, body too large, unsupported media type) say what the client did wrong.
		const status = error.statusCode ?? 500;
		if (status >= 400 && status < 500) {
			return respond(status, codeFor(status), sentence(error.message));
		}
	}
	return respond(500, 'INTERNAL', internalErrorMessage);
}

/** Installs the error handler that reports every error as `{ error: { code, message } }`. */
export function registerErrorHandler(app: FastifyInstance): void {
	app.setErrorHandler((error, request, reply) => {
		const { statusCode, body } = toErrorResponse(error);
		if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
		return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
	});
}

function respond(statusCode: number, code: string, message: string): ErrorResponse {
	return { statusCode, body: { error: { code, message } } };
}

function isFastifyError(error: unknown): error is FastifyError {
	return error instanceof Error && ('statusCode' in error || 'validation' in error);
}

// 413 -> PAYLOAD_TOO_LARGE: the same shape as our own codes.
function codeFor(status: number): string {
	return (STATUS_CODES[status] ?? 'Bad Request').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
	return issues
		.map((issue) => {
			const field = issue.path.length > 0 ? issue.path.join('.') : 'The request';
			return sentence(`${field}: ${issue.message}`);
		})
		.join(' ');
}

function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
