import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { INSTALLED_PACKAGES_KEY, InstalledPackages } from './installed-packages.ts';

const greeter = {
	name: 'greeter',
	version: '1.0',
	source: 'index' as const,
	url: 'http://x/greeter-1.0.whl'
};
const numpy = {
	name: 'numpy',
	version: '2.4.6',
	source: 'pyodide' as const,
	url: 'http://cdn/numpy.whl'
};

describe("the workspace's packages", () => {
	it("keeps them in the doc's meta map, newest version replacing the old", () => {
		const doc = new Y.Doc();
		const packages = new InstalledPackages(doc);
		expect(packages.list()).toEqual([]);
		packages.apply({ installed: [numpy, greeter], removed: [] });
		packages.apply({ installed: [{ ...greeter, name: 'Greeter', version: '1.1' }], removed: [] });
		expect(packages.list().map((entry) => `${entry.name}==${entry.version}`)).toEqual([
			'numpy==2.4.6',
			'Greeter==1.1'
		]);
		// Another copy of the document (a reload, a collaborator) sees the same list.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		expect(new InstalledPackages(copy).list()).toEqual(packages.list());
	});

	it('forgets removed packages, and the key with the last one', () => {
		const doc = new Y.Doc();
		const packages = new InstalledPackages(doc);
		packages.apply({ installed: [numpy, greeter], removed: [] });
		packages.apply({ installed: [], removed: ['greeter'] });
		expect(packages.list()).toEqual([numpy]);
		packages.apply({ installed: [], removed: ['numpy'] });
		expect(doc.getMap('meta').has(INSTALLED_PACKAGES_KEY)).toBe(false);
	});

	it('writes with the runtime as origin, and skips entries that are not well formed', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (transaction) => origins.push(transaction.origin));
		new InstalledPackages(doc).apply({ installed: [greeter], removed: [] });
		expect(origins).toEqual(['runtime']);
		doc.getMap('meta').set(INSTALLED_PACKAGES_KEY, [greeter, { name: 3 }, null]);
		expect(new InstalledPackages(doc).list()).toEqual([greeter]);
	});
});
