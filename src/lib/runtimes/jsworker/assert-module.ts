// Node's `assert` (and `assert/strict`): the checks exercises use, with Node's AssertionError
// (code ERR_ASSERTION, actual/expected/operator) and messages in Node's words.
import { inspect } from 'node-inspect-extracted';
import { isDeepStrictEqual } from './util-module.ts';

/** Node's AssertionError. */
export class AssertionError extends Error {
	override name = 'AssertionError';
	readonly code = 'ERR_ASSERTION';
	readonly actual: unknown;
	readonly expected: unknown;
	readonly operator: string;
	readonly generatedMessage: boolean;

	constructor(options: {
		message?: string | Error;
		actual?: unknown;
		expected?: unknown;
		operator?: string;
	}) {
		const generated = options.message === undefined;
		super(
			generated
				? describe(options.actual, options.expected, options.operator ?? 'fail')
				: String(options.message instanceof Error ? options.message.message : options.message)
		);
		this.actual = options.actual;
		this.expected = options.expected;
		this.operator = options.operator ?? 'fail';
		this.generatedMessage = generated;
	}
}

Object.defineProperty(AssertionError, 'name', { value: 'AssertionError' });

function describe(actual: unknown, expected: unknown, operator: string): string {
	const show = (value: unknown) => inspect(value, { depth: 4 });
	switch (operator) {
		case '==':
		case 'ok':
			return operator === 'ok'
				? `The expression evaluated to a falsy value:\n\n  assert.ok(${show(actual)})\n`
				: `${show(actual)} == ${show(expected)}`;
		case 'strictEqual':
			return `Expected values to be strictly equal:\n\n${show(actual)} !== ${show(expected)}\n`;
		case 'deepStrictEqual':
		case 'deepEqual':
			return `Expected values to be ${operator === 'deepEqual' ? 'loosely' : 'strictly'} deep-equal:\n+ actual - expected\n\n+ ${show(actual).split('\n').join('\n+ ')}\n- ${show(expected).split('\n').join('\n- ')}\n`;
		case 'notStrictEqual':
			return `Expected "actual" to be strictly unequal to: ${show(expected)}`;
		case 'notDeepStrictEqual':
			return `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`;
		default:
			return `${show(actual)} ${operator} ${show(expected)}`;
	}
}

function check(
	pass: boolean,
	actual: unknown,
	expected: unknown,
	operator: string,
	message?: string | Error
): void {
	if (pass) return;
	if (message instanceof Error) throw message;
	throw new AssertionError({ message, actual, expected, operator });
}

function matches(error: unknown, expected: unknown): boolean {
	if (expected === undefined) return true;
	if (typeof expected === 'function') {
		if (expected.prototype !== undefined && error instanceof (expected as new () => unknown))
			return true;
		if (Object.prototype.isPrototypeOf.call(Error, expected) || expected === Error) return false;
		return (expected as (value: unknown) => unknown)(error) === true;
	}
	if (expected instanceof RegExp)
		return (
			expected.test(String(error instanceof Error ? error.message : error)) ||
			expected.test(String(error))
		);
	if (typeof expected === 'object' && expected !== null) {
		return Object.entries(expected).every(([key, value]) => {
			const actual = (error as Record<string, unknown>)?.[key];
			return value instanceof RegExp && typeof actual === 'string'
				? value.test(actual)
				: isDeepStrictEqual(actual, value);
		});
	}
	return false;
}

/** Creates `assert`; `strict` makes equal/deepEqual the strict versions (assert/strict). */
export function createAssert(strict: boolean): Record<string, unknown> {
	const ok = (value: unknown, message?: string | Error) =>
		check(Boolean(value), value, true, 'ok', message);
	const strictEqual = (a: unknown, b: unknown, message?: string | Error) =>
		check(Object.is(a, b), a, b, 'strictEqual', message);
	const deepStrictEqual = (a: unknown, b: unknown, message?: string | Error) =>
		check(isDeepStrictEqual(a, b), a, b, 'deepStrictEqual', message);
	const notStrictEqual = (a: unknown, b: unknown, message?: string | Error) =>
		check(!Object.is(a, b), a, b, 'notStrictEqual', message);
	const notDeepStrictEqual = (a: unknown, b: unknown, message?: string | Error) =>
		check(!isDeepStrictEqual(a, b), a, b, 'notDeepStrictEqual', message);
	const throws = (fn: () => unknown, expected?: unknown, message?: string) => {
		if (typeof expected === 'string') [message, expected] = [expected, undefined];
		try {
			fn();
		} catch (error) {
			if (!matches(error, expected)) throw error;
			return;
		}
		throw new AssertionError({
			message: message ?? 'Missing expected exception.',
			operator: 'throws'
		});
	};
	const rejects = async (
		promise: Promise<unknown> | (() => Promise<unknown>),
		expected?: unknown,
		message?: string
	) => {
		if (typeof expected === 'string') [message, expected] = [expected, undefined];
		try {
			await (typeof promise === 'function' ? promise() : promise);
		} catch (error) {
			if (!matches(error, expected)) throw error;
			return;
		}
		throw new AssertionError({
			message: message ?? 'Missing expected rejection.',
			operator: 'rejects'
		});
	};
	const assert = Object.assign((value: unknown, message?: string | Error) => ok(value, message), {
		ok,
		strictEqual,
		deepStrictEqual,
		notStrictEqual,
		notDeepStrictEqual,
		equal: strict
			? strictEqual
			: (a: unknown, b: unknown, message?: string | Error) =>
					check(a == b || (Number.isNaN(a) && Number.isNaN(b)), a, b, '==', message),
		notEqual: strict
			? notStrictEqual
			: (a: unknown, b: unknown, message?: string | Error) => check(a != b, a, b, '!=', message),
		deepEqual: strict
			? deepStrictEqual
			: (a: unknown, b: unknown, message?: string | Error) =>
					check(isDeepStrictEqual(a, b, false), a, b, 'deepEqual', message),
		notDeepEqual: strict
			? notDeepStrictEqual
			: (a: unknown, b: unknown, message?: string | Error) =>
					check(!isDeepStrictEqual(a, b, false), a, b, 'notDeepEqual', message),
		throws,
		doesNotThrow: (fn: () => unknown, message?: string) => {
			try {
				fn();
			} catch (error) {
				throw new AssertionError({
					message:
						message ??
						`Got unwanted exception.\nActual message: "${error instanceof Error ? error.message : String(error)}"`,
					actual: error,
					operator: 'doesNotThrow'
				});
			}
		},
		rejects,
		doesNotReject: async (promise: Promise<unknown> | (() => Promise<unknown>)) => {
			await (typeof promise === 'function' ? promise() : promise);
		},
		match: (value: string, pattern: RegExp, message?: string | Error) =>
			check(
				pattern.test(value),
				value,
				pattern,
				'match',
				message ??
					`The input did not match the regular expression ${String(pattern)}. Input:\n\n${inspect(value)}\n`
			),
		doesNotMatch: (value: string, pattern: RegExp, message?: string | Error) =>
			check(
				!pattern.test(value),
				value,
				pattern,
				'doesNotMatch',
				message ??
					`The input was expected to not match the regular expression ${String(pattern)}. Input:\n\n${inspect(value)}\n`
			),
		fail: (message: string | Error = 'Failed') => {
			if (message instanceof Error) throw message;
			throw new AssertionError({ message, operator: 'fail' });
		},
		ifError: (value: unknown) => {
			if (value !== null && value !== undefined) throw value;
		},
		AssertionError
	});
	return Object.assign(assert, {
		strict: strict ? assert : createAssert(true)
	}) as unknown as Record<string, unknown>;
}
