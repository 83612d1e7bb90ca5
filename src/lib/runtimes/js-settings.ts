// The browser's JavaScript settings, kept in localStorage like the theme: which runtime to
// prefer, whether node_modules comes back from a WebContainer, and (for tests and slow links)
// how long a WebContainer may take to boot.
import { DEFAULT_BOOT_TIMEOUT_MS } from './webcontainer/boot.ts';

/** Which runtime runs JavaScript: decided by the browser (auto), or the user's preference. */
export type JavaScriptPreference = 'auto' | 'webcontainer' | 'offline';

/** Every preference, in the order the status bar offers them. */
export const JAVASCRIPT_PREFERENCES: readonly JavaScriptPreference[] = [
	'auto',
	'webcontainer',
	'offline'
];

const preferenceKey = 'bytestorm:js-runtime';
const syncNodeModulesKey = 'bytestorm:webcontainer-sync-node-modules';
const bootTimeoutKey = 'bytestorm:webcontainer-boot-timeout-ms';

/** The stored preference; `auto` when none (or an unknown value) is stored. */
export function readPreference(): JavaScriptPreference {
	const value = read(preferenceKey);
	return value === 'webcontainer' || value === 'offline' ? value : 'auto';
}

/** Remembers the preference in this browser (for this tab only where storage is refused). */
export function writePreference(preference: JavaScriptPreference): void {
	try {
		localStorage.setItem(preferenceKey, preference);
	} catch {
		// Storage refused (private mode): the chooser still holds the choice for this page.
	}
}

/** Whether what programs put in node_modules in a WebContainer comes back to the workspace. */
export function syncsNodeModules(): boolean {
	return read(syncNodeModulesKey) === 'true';
}

/** How long a WebContainer may take to boot before the offline runtime takes over, in ms. */
export function bootTimeoutMs(): number {
	const value = Number(read(bootTimeoutKey));
	return Number.isFinite(value) && value > 0 ? value : DEFAULT_BOOT_TIMEOUT_MS;
}

function read(key: string): string | null {
	try {
		return globalThis.localStorage?.getItem(key) ?? null;
	} catch {
		return null;
	}
}
