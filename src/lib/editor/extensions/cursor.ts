import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** A cursor position for the status bar, 1-based like every editor shows it. */
export interface CursorPosition {
	line: number;
	column: number;
	selected: number;
}

/** Reports the main cursor's line and column whenever the selection or the document changes. */
export function cursorReporter(report: (position: CursorPosition) => void): Extension {
	return EditorView.updateListener.of((update) => {
		if (!update.selectionSet && !update.docChanged && !update.focusChanged) return;
		const range = update.state.selection.main;
		const line = update.state.doc.lineAt(range.head);
		report({
			line: line.number,
			column: range.head - line.from + 1,
			selected: Math.abs(range.to - range.from)
		});
	});
}
