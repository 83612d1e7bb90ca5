import { describe, expect, it } from 'vitest';
import { storageLabel, storageTooltip, storageWarning } from './storage-estimate.ts';

const MB = 1024 * 1024;

describe('what the app says about browser storage', () => {
	it('labels persistent and best-effort storage', () => {
		expect(storageLabel({ persisted: true, usage: null, quota: null })).toBe('Storage: persistent');
		expect(storageLabel({ persisted: false, usage: null, quota: null })).toBe(
			'Storage: may be cleared by the browser'
		);
		expect(storageLabel({ persisted: null, usage: null, quota: null })).toBe(
			'Storage: may be cleared by the browser'
		);
	});

	it('says in the tooltip what it means and how full it is', () => {
		expect(storageTooltip({ persisted: false, usage: 12 * MB, quota: 2048 * MB })).toBe(
			'The browser may clear your workspaces when disk space runs low. Click to ask it to keep them (bookmarking or installing the app helps); export important work as a .zip. 12 MB used of 2.0 GB available.'
		);
		expect(storageTooltip({ persisted: true, usage: null, quota: null })).toBe(
			'The browser has promised to keep your workspaces, even when disk space runs low.'
		);
	});

	it('warns past 80% of the quota, not before', () => {
		expect(storageWarning({ persisted: true, usage: 79 * MB, quota: 100 * MB })).toBeNull();
		expect(storageWarning({ persisted: true, usage: 85 * MB, quota: 100 * MB })).toBe(
			'Browser storage is 85% full (85 MB of 100 MB): new edits may soon fail to save. Export workspaces you need as .zip files and delete those you do not.'
		);
		expect(storageWarning({ persisted: null, usage: null, quota: null })).toBeNull();
		expect(storageWarning({ persisted: false, usage: 5, quota: 0 })).toBeNull();
	});
});
