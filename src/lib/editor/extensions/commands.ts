import { Prec, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/** What the app does for the editor's own shortcuts. */
export interface EditorCommands {
	/** Ctrl/Cmd+S. */
	save(): void;
	/** Ctrl/Cmd+Enter. */
	run(): void;
}

/** Ctrl/Cmd+S and Ctrl/Cmd+Enter, ahead of CodeMirror's defaults (Mod-Enter inserts a blank line). */
export function commands(handlers: EditorCommands): Extension {
	return Prec.highest(
		keymap.of([
			{ key: 'Mod-s', preventDefault: true, run: () => (handlers.save(), true) },
			{ key: 'Mod-Enter', preventDefault: true, run: () => (handlers.run(), true) }
		])
	);
}
