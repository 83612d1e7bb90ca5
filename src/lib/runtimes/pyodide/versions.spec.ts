import { describe, expect, it } from 'vitest';
import {
	compareVersions,
	isPrerelease,
	mentionsPrerelease,
	parseSpecifiers,
	parseVersion,
	satisfies
} from './versions.ts';

const version = (text: string) => {
	const parsed = parseVersion(text);
	if (!parsed) throw new Error(`not a version: ${text}`);
	return parsed;
};
const fits = (candidate: string, specifiers: string) =>
	satisfies(version(candidate), parseSpecifiers(specifiers));

describe('PEP 440 versions', () => {
	it('orders releases, pre-, post- and development releases as pip does', () => {
		const ordered = [
			'1.0.dev0',
			'1.0a1',
			'1.0b2',
			'1.0rc1',
			'1.0',
			'1.0.post1',
			'1.0.1',
			'1.10',
			'2!0.1'
		];
		const shuffled = [...ordered].reverse().map(version);
		expect(shuffled.sort(compareVersions).map((v) => v.text)).toEqual(ordered);
	});

	it('treats 1.0 and 1.0.0 as equal and normalises spellings', () => {
		expect(compareVersions(version('1.0'), version('1.0.0'))).toBe(0);
		expect(compareVersions(version('1.0-alpha-1'), version('1.0a1'))).toBe(0);
		expect(compareVersions(version('1.0-1'), version('1.0.post1'))).toBe(0);
		expect(parseVersion('not.a.version')).toBeNull();
	});

	it('knows pre-releases', () => {
		expect(isPrerelease(version('2.0rc1'))).toBe(true);
		expect(isPrerelease(version('2.0.dev3'))).toBe(true);
		expect(isPrerelease(version('2.0.post1'))).toBe(false);
	});
});

describe('specifiers', () => {
	it('matches ranges, exclusions and pins', () => {
		expect(fits('1.5', '>=1.0,<2')).toBe(true);
		expect(fits('2.0', '>=1.0,<2')).toBe(false);
		expect(fits('1.5', '!=1.5')).toBe(false);
		expect(fits('1.5.0', '==1.5')).toBe(true);
		expect(fits('1.5+local', '==1.5')).toBe(true);
		expect(fits('1.5', '(>=1.0)')).toBe(true);
	});

	it('matches wildcards and compatible releases', () => {
		expect(fits('3.12.1', '==3.12.*')).toBe(true);
		expect(fits('3.13', '==3.12.*')).toBe(false);
		expect(fits('2.4', '~=2.2')).toBe(true);
		expect(fits('3.0', '~=2.2')).toBe(false);
		expect(fits('1.4.9', '~=1.4.5')).toBe(true);
		expect(fits('1.5.0', '~=1.4.5')).toBe(false);
	});

	it("keeps a version's own pre-releases out of <V", () => {
		expect(fits('2.0rc1', '<2.0')).toBe(false);
		expect(fits('2.0.dev1', '<2.0')).toBe(false);
		expect(fits('1.9', '<2.0')).toBe(true);
		expect(fits('1.0.post1', '>1.0')).toBe(false);
	});

	it('says when a specifier asks for pre-releases', () => {
		expect(mentionsPrerelease(parseSpecifiers('>=2.0b1'))).toBe(true);
		expect(mentionsPrerelease(parseSpecifiers('>=2.0'))).toBe(false);
	});

	it('refuses a malformed clause', () => {
		expect(() => parseSpecifiers('>>1')).toThrow(/not a version specifier/);
	});
});
