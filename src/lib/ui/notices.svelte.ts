import { untrack } from 'svelte';

/** A message shown to the user in the corner of the page. */
export interface Notice {
	id: number;
	kind: 'info' | 'error';
	message: string;
}

let nextId = 1;

class Notices {
	list = $state<Notice[]>([]);

	/** Shows a message; information fades after a few seconds, errors stay until dismissed. */
	show(kind: Notice['kind'], message: string): void {
		const id = nextId++;
		// Untracked, so an effect that shows a notice does not also depend on the list it changes.
		const others = untrack(() => this.list.filter((n) => n.message !== message));
		this.list = [...others, { id, kind, message }];
		if (kind === 'info') setTimeout(() => this.dismiss(id), 5000);
	}

	/** Shows what went wrong in a sentence, whatever was thrown. */
	error(error: unknown): void {
		this.show('error', messageOf(error));
	}

	dismiss(id: number): void {
		this.list = this.list.filter((n) => n.id !== id);
	}
}

/** Turns anything thrown into a sentence for the user; never a stack trace or [object Object]. */
export function messageOf(error: unknown): string {
	if (error instanceof Error && error.message) return error.message;
	if (typeof error === 'string' && error) return error;
	return 'Something went wrong. Your files are safe; try again, or reload the page.';
}

/** The app-wide notice list. */
export const notices = new Notices();
