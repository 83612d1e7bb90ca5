import { describe, expect, it } from 'vitest';
import {
	evaluateMarker,
	markerVariables,
	normalizeName,
	parseRequirement,
	pyodideMarkerEnvironment
} from './requirements.ts';

const environment = pyodideMarkerEnvironment('3.14.2');

describe('requirements', () => {
	it('reads names, extras, specifiers and markers', () => {
		const requirement = parseRequirement(
			'Requests[Socks, security] (>=2.0,<3) ; python_version >= "3.8"'
		);
		expect(requirement).toMatchObject({
			name: 'Requests',
			extras: ['socks', 'security'],
			specifiers: [
				{ operator: '>=', version: '2.0' },
				{ operator: '<', version: '3' }
			],
			marker: 'python_version >= "3.8"',
			url: null,
			text: 'Requests[Socks, security] (>=2.0,<3)'
		});
	});

	it('reads a bare name and a URL requirement', () => {
		expect(parseRequirement('greeter')).toMatchObject({
			name: 'greeter',
			specifiers: [],
			marker: null
		});
		expect(
			parseRequirement('pkg @ https://example.org/pkg.whl ; os_name == "posix"')
		).toMatchObject({
			url: 'https://example.org/pkg.whl',
			marker: 'os_name == "posix"'
		});
	});

	it('says what is wrong with a bad requirement', () => {
		expect(() => parseRequirement('-greeter')).toThrow(/package name/);
		expect(() => parseRequirement('greeter 1.0')).toThrow(/not a version specifier/);
		expect(() => parseRequirement('greeter; python_version >')).toThrow(/cannot read the marker/);
	});

	it('normalises names as PEP 503 does', () => {
		expect(normalizeName('Foo_Bar.baz')).toBe('foo-bar-baz');
	});
});

describe('markers', () => {
	it("evaluates Pyodide's platform and Python version", () => {
		expect(evaluateMarker('sys_platform == "win32"', environment)).toBe(false);
		expect(evaluateMarker('sys_platform == "emscripten"', environment)).toBe(true);
		expect(evaluateMarker('python_version < "3.8"', environment)).toBe(false);
		expect(evaluateMarker('python_version >= "3.10"', environment)).toBe(true);
		expect(evaluateMarker("python_full_version >= '3.14.1'", environment)).toBe(true);
		expect(evaluateMarker('platform_system != "Windows" and os_name == "posix"', environment)).toBe(
			true
		);
	});

	it('handles parentheses, or, in and legacy names', () => {
		expect(
			evaluateMarker(
				'(sys_platform == "win32" or sys_platform == "cygwin") and python_version > "3"',
				environment
			)
		).toBe(false);
		expect(evaluateMarker('"wasm" in platform_machine', environment)).toBe(true);
		expect(evaluateMarker('sys.platform != "darwin"', environment)).toBe(true);
	});

	it('holds for an extra only when that extra was asked for', () => {
		expect(evaluateMarker('extra == "socks"', environment)).toBe(false);
		expect(evaluateMarker('extra == "socks"', environment, ['security', 'socks'])).toBe(true);
		expect(evaluateMarker('extra == "Fancy_Extra"', environment, ['fancy-extra'])).toBe(true);
	});

	it('names the variables a marker tests', () => {
		expect([...markerVariables('extra == "x" and sys_platform == "linux"')].sort()).toEqual([
			'extra',
			'sys_platform'
		]);
	});
});
