export { createEditor, type EditorHandle, type EditorOptions } from './editor.ts';
export { languageIdFor, languageLabelFor } from './extensions/language.ts';
export type { CursorPosition } from './extensions/cursor.ts';
