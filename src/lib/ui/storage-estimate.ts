/** The share of the quota past which the app warns that storage is running out. */
export const NEARLY_FULL = 0.8;

/** What the browser tells about its storage for this site (a subset of StorageManager). */
export interface StorageFacts {
	/** Whether the browser promised not to clear the site's data; null when it cannot say. */
	persisted: boolean | null;
	usage: number | null;
	quota: number | null;
}

/** The status line's words for a storage state. */
export function storageLabel(facts: StorageFacts): string {
	return facts.persisted ? 'Storage: persistent' : 'Storage: may be cleared by the browser';
}

/** The tooltip: what the state means, and how full storage is. */
export function storageTooltip(facts: StorageFacts): string {
	const meaning =
		facts.persisted === true
			? 'The browser has promised to keep your workspaces, even when disk space runs low.'
			: facts.persisted === false
				? 'The browser may clear your workspaces when disk space runs low. Click to ask it to keep them (bookmarking or installing the app helps); export important work as a .zip.'
				: 'This browser cannot keep storage persistent: export important work as a .zip.';
	const used =
		facts.usage !== null && facts.quota
			? ` ${size(facts.usage)} used of ${size(facts.quota)} available.`
			: '';
	return meaning + used;
}

/** A warning sentence when usage passed NEARLY_FULL of the quota, else null. */
export function storageWarning(facts: StorageFacts): string | null {
	if (facts.usage === null || !facts.quota || facts.usage / facts.quota < NEARLY_FULL) return null;
	const percent = Math.round((facts.usage / facts.quota) * 100);
	return `Browser storage is ${percent}% full (${size(facts.usage)} of ${size(facts.quota)}): new edits may soon fail to save. Export workspaces you need as .zip files and delete those you do not.`;
}

function size(bytes: number): string {
	if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
	if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
