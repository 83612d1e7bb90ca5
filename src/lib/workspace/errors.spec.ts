import { describe, expect, it } from 'vitest';
import {
	FileTooLargeError,
	NotFoundError,
	QuotaExceededError,
	StorageError,
	StorageUnavailableError,
	WorkspaceError,
	toStorageError
} from './errors.ts';

describe('workspace errors', () => {
	it('carry a code, the path and a sentence', () => {
		const error = new NotFoundError('src/main.py');
		expect(error).toBeInstanceOf(WorkspaceError);
		expect(error.name).toBe('NotFoundError');
		expect(error.code).toBe('ENOENT');
		expect(error.path).toBe('src/main.py');
		expect(error.message).toBe('There is no file or folder at "src/main.py".');
	});

	it('name sizes in MB', () => {
		const mb = 1024 * 1024;
		expect(new FileTooLargeError('a', 60.5 * mb, 50 * mb).message).toContain(
			'is 60.5 MB, more than the 50 MB limit'
		);
		expect(new FileTooLargeError('a', 2000, 1000).message).toContain(
			'is 0.0019 MB, more than the 0.00095 MB limit'
		);
	});
});

describe('toStorageError', () => {
	const dom = (name: string) => new DOMException('details', name);

	it('recognises a full quota, also when wrapped in a plain Error', () => {
		expect(toStorageError(dom('QuotaExceededError'), 'write')).toBeInstanceOf(QuotaExceededError);
		const wrapped = new Error(String(dom('QuotaExceededError')));
		expect(toStorageError(wrapped, 'write')).toBeInstanceOf(QuotaExceededError);
		expect(toStorageError(wrapped, 'write').code).toBe('EDQUOT');
	});

	it('treats every failure to open as unavailable storage', () => {
		for (const cause of [
			dom('SecurityError'),
			dom('InvalidStateError'),
			new ReferenceError('indexedDB is not defined')
		]) {
			const error = toStorageError(cause, 'open');
			expect(error).toBeInstanceOf(StorageUnavailableError);
			expect(error.code).toBe('EUNAVAILABLE');
			expect(error.cause).toBe(cause);
		}
	});

	it('reports a closed database as lost access and anything else as a failed save', () => {
		expect(toStorageError(dom('InvalidStateError'), 'write').message).toContain('lost access');
		const other = toStorageError(dom('DataError'), 'write');
		expect(other).toBeInstanceOf(StorageError);
		expect(other).not.toBeInstanceOf(StorageUnavailableError);
		expect(other.code).toBe('EIO');
		const already = new QuotaExceededError();
		expect(toStorageError(already, 'open')).toBe(already);
	});
});
