/** The user's colour choice: follow the system, or force light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const storageKey = 'bytestorm:theme';

function readChoice(): ThemeChoice {
	try {
		const value = localStorage.getItem(storageKey);
		return value === 'light' || value === 'dark' ? value : 'system';
	} catch {
		return 'system';
	}
}

class Theme {
	choice = $state<ThemeChoice>(readChoice());
	private systemDark = $state(false);
	/** Whether the app is dark right now. */
	dark = $derived(this.choice === 'dark' || (this.choice === 'system' && this.systemDark));

	constructor() {
		if (typeof matchMedia !== 'function') return;
		const query = matchMedia('(prefers-color-scheme: dark)');
		this.systemDark = query.matches;
		query.addEventListener('change', (event) => (this.systemDark = event.matches));
	}

	/** Switches to a choice and remembers it in this browser. */
	set(choice: ThemeChoice): void {
		this.choice = choice;
		try {
			localStorage.setItem(storageKey, choice);
		} catch {
			// Storage refused (private mode): the choice still holds for this tab.
		}
	}

	/** Cycles system -> light -> dark -> system. */
	cycle(): void {
		this.set(this.choice === 'system' ? 'light' : this.choice === 'light' ? 'dark' : 'system');
	}
}

/** The app-wide theme state. */
export const theme = new Theme();
