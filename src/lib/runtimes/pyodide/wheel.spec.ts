import { describe, expect, it } from 'vitest';
import { buildWheel, zip } from '../../../../tests/support/wheels.ts';
import {
	formatSize,
	isPurePythonWheel,
	metadataFields,
	parseWheelName,
	readWheelMetadata,
	requiresDist
} from './wheel.ts';

const pure = (fileName: string) => isPurePythonWheel(parseWheelName(fileName)!, '3.14.2');

describe('wheel file names', () => {
	it('reads the tags of a wheel name', () => {
		expect(parseWheelName('numpy_stl-3.2.0-cp314-cp314-manylinux_2_17_x86_64.whl')).toEqual({
			distribution: 'numpy_stl',
			version: '3.2.0',
			build: 0,
			pythonTags: ['cp314'],
			abiTags: ['cp314'],
			platformTags: ['manylinux_2_17_x86_64']
		});
		expect(parseWheelName('pkg-1.0-2-py3-none-any.whl')?.build).toBe(2);
		expect(parseWheelName('pkg-1.0.tar.gz')).toBeNull();
	});

	it('accepts pure Python 3 wheels only', () => {
		expect(pure('greeter-1.0-py3-none-any.whl')).toBe(true);
		expect(pure('six-1.17.0-py2.py3-none-any.whl')).toBe(true);
		expect(pure('modern-1.0-py312-none-any.whl')).toBe(true);
		expect(pure('future-1.0-py315-none-any.whl')).toBe(false);
		expect(pure('old-1.0-py2-none-any.whl')).toBe(false);
		expect(pure('fast-1.0-cp314-cp314-manylinux_2_17_x86_64.whl')).toBe(false);
		expect(pure('abi-1.0-cp39-abi3-win_amd64.whl')).toBe(false);
	});
});

describe('METADATA', () => {
	it('reads METADATA from deflated and stored wheels', async () => {
		for (const deflate of [true, false]) {
			const { data } = buildWheel({
				name: 'greeter',
				version: '1.0',
				requires: ['shouter>=0.2', 'colorama; sys_platform == "win32"'],
				deflate
			});
			const metadata = await readWheelMetadata(data);
			expect(metadata).toContain('Name: greeter');
			// The description after the headers is not a dependency.
			expect(requiresDist(metadata)).toEqual(['shouter>=0.2', 'colorama; sys_platform == "win32"']);
		}
	});

	it('joins continuation lines', () => {
		expect(metadataFields('Name: x\nSummary: one\n  two\n\nBody')).toEqual([
			['name', 'x'],
			['summary', 'one\ntwo']
		]);
	});

	it('says what is wrong with a file that is not a wheel', async () => {
		await expect(readWheelMetadata(new TextEncoder().encode('<html>'))).rejects.toThrow(
			'not a zip archive'
		);
		await expect(readWheelMetadata(zip([{ name: 'pkg/__init__.py', data: '' }]))).rejects.toThrow(
			'no .dist-info/METADATA'
		);
	});
});

describe('sizes', () => {
	it('shows sizes the way pip does', () => {
		expect(formatSize(812)).toBe('812 bytes');
		expect(formatSize(3_210)).toBe('3.2 kB');
		expect(formatSize(45_600)).toBe('45 kB');
		expect(formatSize(1_500_000)).toBe('1.5 MB');
	});
});
