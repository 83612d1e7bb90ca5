// Node's `util`: inspect and format are Node's own code (node-inspect-extracted); the rest is
// small enough to write here. isDeepStrictEqual is shared with `assert`.
import {
	format,
	formatWithOptions,
	inspect,
	stripVTControlCharacters
} from 'node-inspect-extracted';

/** Node's `util.isDeepStrictEqual`: same prototypes, same own enumerable keys, values deeply equal. */
export function isDeepStrictEqual(
	a: unknown,
	b: unknown,
	strict = true,
	seen = new Map<object, object>()
): boolean {
	if (strict ? Object.is(a, b) : a == b || (Number.isNaN(a) && Number.isNaN(b))) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
	if (seen.get(a) === b) return true;
	seen.set(a, b);
	const tag = Object.prototype.toString.call(a);
	if (tag !== Object.prototype.toString.call(b)) return false;
	if (a instanceof Date) return a.getTime() === (b as Date).getTime();
	if (a instanceof RegExp) return String(a) === String(b);
	if (a instanceof Error && a.message !== (b as Error).message) return false;
	if (ArrayBuffer.isView(a)) {
		const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
		const y = new Uint8Array(
			(b as ArrayBufferView).buffer,
			(b as ArrayBufferView).byteOffset,
			(b as ArrayBufferView).byteLength
		);
		return x.length === y.length && x.every((value, i) => value === y[i]);
	}
	if (a instanceof Map) {
		const other = b as Map<unknown, unknown>;
		if (a.size !== other.size) return false;
		for (const [key, value] of a) {
			if (!other.has(key) || !isDeepStrictEqual(value, other.get(key), strict, seen)) return false;
		}
		return true;
	}
	if (a instanceof Set) {
		const other = b as Set<unknown>;
		if (a.size !== other.size) return false;
		for (const value of a) {
			if (
				!other.has(value) &&
				![...other].some((candidate) => isDeepStrictEqual(value, candidate, strict, seen))
			)
				return false;
		}
		return true;
	}
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	for (const key of keysA) {
		if (!Object.hasOwn(b, key)) return false;
		if (
			!isDeepStrictEqual(
				(a as Record<string, unknown>)[key],
				(b as Record<string, unknown>)[key],
				strict,
				seen
			)
		)
			return false;
	}
	return true;
}

const custom = Symbol.for('nodejs.util.promisify.custom');

function promisify(
	original: (...args: unknown[]) => unknown
): (...args: unknown[]) => Promise<unknown> {
	if (typeof original !== 'function')
		throw new TypeError('The "original" argument must be of type function');
	const own = (original as unknown as Record<symbol, unknown>)[custom];
	if (typeof own === 'function') return own as (...args: unknown[]) => Promise<unknown>;
	return function (this: unknown, ...args: unknown[]) {
		return new Promise((resolve, reject) => {
			original.call(this, ...args, (error: unknown, value: unknown) =>
				error ? reject(error) : resolve(value)
			);
		});
	};
}

function callbackify(original: (...args: unknown[]) => Promise<unknown>) {
	return function (this: unknown, ...args: unknown[]) {
		const callback = args.pop() as (error: unknown, value?: unknown) => void;
		original.apply(this, args).then(
			(value) => queueMicrotask(() => callback(null, value)),
			(error: unknown) =>
				queueMicrotask(() =>
					callback(error ?? new Error('Promise was rejected with a falsy value'))
				)
		);
	};
}

function inherits(
	constructor: { prototype: object; super_?: unknown },
	superConstructor: { prototype: object }
): void {
	Object.defineProperty(constructor, 'super_', {
		value: superConstructor,
		writable: true,
		configurable: true
	});
	Object.setPrototypeOf(constructor.prototype, superConstructor.prototype);
}

const tagOf = (value: unknown) => Object.prototype.toString.call(value).slice(8, -1);

const types = {
	isPromise: (value: unknown) => value instanceof Promise,
	isDate: (value: unknown) => value instanceof Date,
	isRegExp: (value: unknown) => value instanceof RegExp,
	isMap: (value: unknown) => value instanceof Map,
	isSet: (value: unknown) => value instanceof Set,
	isNativeError: (value: unknown) => value instanceof Error,
	isTypedArray: (value: unknown) => ArrayBuffer.isView(value) && !(value instanceof DataView),
	isUint8Array: (value: unknown) => value instanceof Uint8Array,
	isArrayBuffer: (value: unknown) => value instanceof ArrayBuffer,
	isAnyArrayBuffer: (value: unknown) =>
		value instanceof ArrayBuffer || tagOf(value) === 'SharedArrayBuffer',
	isAsyncFunction: (value: unknown) => tagOf(value) === 'AsyncFunction',
	isGeneratorFunction: (value: unknown) => tagOf(value) === 'GeneratorFunction',
	isGeneratorObject: (value: unknown) => tagOf(value) === 'Generator',
	isBoxedPrimitive: (value: unknown) =>
		['Number', 'String', 'Boolean', 'BigInt', 'Symbol'].includes(tagOf(value)) &&
		typeof value === 'object',
	isProxy: () => false
};

/** Creates the `util` module. */
export function createUtil(): Record<string, unknown> {
	const warned = new Set<string>();
	return {
		format,
		formatWithOptions,
		inspect,
		stripVTControlCharacters,
		isDeepStrictEqual: (a: unknown, b: unknown) => isDeepStrictEqual(a, b),
		promisify: Object.assign(promisify, { custom }),
		callbackify,
		inherits,
		types,
		isArray: Array.isArray,
		deprecate: <T extends (...args: unknown[]) => unknown>(fn: T, message: string) =>
			function (this: unknown, ...args: unknown[]) {
				if (!warned.has(message)) {
					warned.add(message);
					process.emitWarning(`DeprecationWarning: ${message}`);
				}
				return fn.apply(this, args);
			},
		debuglog: () => () => {},
		styleText: (_format: unknown, text: string) => text,
		getSystemErrorName: (code: number) => `E${-code}`,
		toUSVString: (text: string) => String(text).toWellFormed(),
		TextEncoder,
		TextDecoder
	};
}
