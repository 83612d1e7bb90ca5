import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { oneDark } from '@codemirror/theme-one-dark';

// Sizing shared by both themes: the editor fills its panel and uses the app's monospace font.
const layout = EditorView.theme({
	'&': { height: '100%', fontSize: '14px' },
	'.cm-scroller': {
		fontFamily: 'var(--font-mono)',
		lineHeight: '1.5'
	},
	'.cm-content': { paddingBottom: '40vh' }
});

const light: Extension = [
	EditorView.theme(
		{
			'&': { backgroundColor: 'var(--bg-editor)', color: 'var(--fg)' },
			'.cm-gutters': {
				backgroundColor: 'var(--bg-editor)',
				color: 'var(--fg-muted)',
				border: 'none'
			},
			'.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--bg-active-line)' }
		},
		{ dark: false }
	),
	syntaxHighlighting(defaultHighlightStyle, { fallback: true })
];

/** The editor's colours: Bytestorm's light theme or One Dark. */
export function theme(dark: boolean): Extension {
	return [layout, dark ? oneDark : light];
}
