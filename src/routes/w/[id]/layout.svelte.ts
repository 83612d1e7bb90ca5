const storageKey = 'bytestorm:layout';

type Size = 'sidebar' | 'panel' | 'preview';

function read(): Record<Size, number> {
	const sizes = { sidebar: 240, panel: 220, preview: 440 };
	try {
		const saved: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
		if (saved && typeof saved === 'object')
			for (const key of ['sidebar', 'panel', 'preview'] as const) {
				const value = (saved as Record<string, unknown>)[key];
				if (typeof value === 'number' && Number.isFinite(value)) sizes[key] = value;
			}
	} catch {
		// Default sizes.
	}
	return sizes;
}

class Layout {
	sidebar = $state(240);
	panel = $state(220);
	preview = $state(440);

	constructor() {
		const sizes = read();
		this.sidebar = sizes.sidebar;
		this.panel = sizes.panel;
		this.preview = sizes.preview;
	}

	/** Resizes a pane and remembers the size in this browser. */
	set(which: Size, size: number): void {
		this[which] = size;
		try {
			localStorage.setItem(
				storageKey,
				JSON.stringify({ sidebar: this.sidebar, panel: this.panel, preview: this.preview })
			);
		} catch {
			// The size holds for this tab.
		}
	}
}

/** The sizes of the workspace page's panes, shared by every workspace. */
export const layout = new Layout();
