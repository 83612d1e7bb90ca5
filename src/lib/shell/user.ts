// Who the user is, for `whoami` and as git's author: a setting kept in this browser.

/** localStorage keys of the user's name and email. */
export const USER_NAME_KEY = 'bytestorm:user-name';
export const USER_EMAIL_KEY = 'bytestorm:user-email';

const defaults = { name: 'student', email: 'student@bytestorm.local' };

/** The user's name and email from the browser's settings, or the defaults. */
export function shellUser(): { name: string; email: string } {
	const read = (key: string) => {
		try {
			return globalThis.localStorage?.getItem(key)?.trim() || undefined;
		} catch {
			// Storage disabled: the defaults will do.
			return undefined;
		}
	};
	return {
		name: read(USER_NAME_KEY) ?? defaults.name,
		email: read(USER_EMAIL_KEY) ?? defaults.email
	};
}

/** Saves the user's name or email in this browser (git config --global user.name does this). */
export function saveShellUser(field: 'name' | 'email', value: string): boolean {
	try {
		globalThis.localStorage?.setItem(field === 'name' ? USER_NAME_KEY : USER_EMAIL_KEY, value);
		return true;
	} catch {
		return false;
	}
}
