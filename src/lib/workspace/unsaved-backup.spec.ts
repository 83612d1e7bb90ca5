import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UnsavedBackup, unsavedBackupKey, type BackupStorage } from './unsaved-backup.ts';
import { Workspace } from './workspace.ts';

/** A localStorage stand-in: a Map under Storage's method names. */
class MemoryStorage extends Map<string, string> implements BackupStorage {
	getItem(key: string): string | null {
		return this.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.set(key, value);
	}
	removeItem(key: string): void {
		this.delete(key);
	}
}

describe('the backup of unsaved edits', () => {
	it('keeps the copy another tab of the workspace left, alongside its own', () => {
		const storage = new MemoryStorage();
		const otherTab = new Workspace(new Y.Doc());
		otherTab.writeFile('other.txt', 'from the other tab');
		const otherCopy = String.fromCharCode(...Y.encodeStateAsUpdate(otherTab.doc));
		storage.setItem(unsavedBackupKey('w'), btoa(otherCopy));

		const thisTab = new Workspace(new Y.Doc());
		thisTab.writeFile('mine.txt', 'from this tab');
		new UnsavedBackup(storage).save('w', Y.encodeStateAsUpdate(thisTab.doc));

		const reopened = new Workspace(new Y.Doc());
		Y.applyUpdate(reopened.doc, new UnsavedBackup(storage).take('w')!);
		expect(reopened.readText('mine.txt')).toBe('from this tab');
		expect(reopened.readText('other.txt')).toBe('from the other tab');
	});

	it.each([
		['not base64', '%%% not base64 %%%'],
		['not an update', btoa('\xff\xff\xff\xff')]
	])('ignores and removes a corrupt backup (%s)', (_, value) => {
		const storage = new MemoryStorage();
		storage.setItem(unsavedBackupKey('w'), value);
		expect(new UnsavedBackup(storage).take('w')).toBeNull();
		expect(storage.size).toBe(0);
	});
});
