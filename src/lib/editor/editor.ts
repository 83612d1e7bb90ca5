import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { ySyncFacet } from 'y-codemirror.next';
import type * as Y from 'yjs';
import { basics } from './extensions/basics.ts';
import { collab } from './extensions/collab.ts';
import { cursorReporter, type CursorPosition } from './extensions/cursor.ts';
import { language } from './extensions/language.ts';
import { theme } from './extensions/theme.ts';

/** What an editor needs to open one file. */
export interface EditorOptions {
	parent: HTMLElement;
	path: string;
	text: Y.Text;
	dark: boolean;
	/** Where to put the cursor (a document offset, clamped), e.g. where it was last time. */
	cursor?: number;
	onCursor?: (position: CursorPosition) => void;
}

/** A live editor on one file's shared text. */
export interface EditorHandle {
	readonly view: EditorView;
	/** The transaction origins of this editor's writes, to be tagged 'editor' by the workspace. */
	readonly origins: readonly object[];
	focus(): void;
	/** Moves the cursor to a 1-based line (and column) and scrolls it into view. */
	goTo(line: number, column?: number): void;
	destroy(): void;
}

/**
 * Opens a CodeMirror editor bound to a file's Y.Text; the grammar loads in the background.
 * The theme is fixed for the editor's life: a theme switch opens a new editor.
 */
export function createEditor(options: EditorOptions): EditorHandle {
	const grammar = new Compartment();
	const binding = collab(options.text);

	const view = new EditorView({
		parent: options.parent,
		state: EditorState.create({
			doc: options.text.toString(),
			selection: { anchor: Math.min(options.cursor ?? 0, options.text.length) },
			extensions: [
				basics(),
				binding.extension,
				theme(options.dark),
				grammar.of([]),
				cursorReporter((position) => options.onCursor?.(position)),
				EditorView.contentAttributes.of({ 'aria-label': `Editor: ${options.path}` })
			]
		})
	});

	let destroyed = false;
	void language(options.path).then((support) => {
		if (!destroyed) view.dispatch({ effects: grammar.reconfigure(support) });
	});

	return {
		view,
		origins: [view.state.facet(ySyncFacet), binding.undoManager],
		focus: () => view.focus(),
		goTo(line, column = 1) {
			const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
			const pos = Math.min(target.from + column - 1, target.to);
			view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
			view.focus();
		},
		destroy() {
			destroyed = true;
			view.destroy();
			binding.undoManager.destroy();
		}
	};
}
