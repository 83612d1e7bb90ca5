import type { Extension } from '@codemirror/state';
import { yCollab } from 'y-codemirror.next';
import * as Y from 'yjs';

/** Binds the editor to a file's shared text, with undo that only reverts this editor's own edits. */
export function collab(text: Y.Text): { extension: Extension; undoManager: Y.UndoManager } {
	const undoManager = new Y.UndoManager(text);
	return { extension: yCollab(text, null, { undoManager }), undoManager };
}
