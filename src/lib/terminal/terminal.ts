import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';

const lightTheme: ITheme = {
	background: '#ffffff',
	foreground: '#1f2328',
	cursor: '#1f2328',
	selectionBackground: '#b6d7ff',
	black: '#24292f',
	red: '#cf222e',
	green: '#116329',
	yellow: '#7d4e00',
	blue: '#0969da',
	magenta: '#8250df',
	cyan: '#1b7c83',
	white: '#6e7781',
	brightBlack: '#57606a',
	brightRed: '#a40e26',
	brightGreen: '#1a7f37',
	brightYellow: '#633c01',
	brightBlue: '#218bff',
	brightMagenta: '#a475f9',
	brightCyan: '#3192aa',
	brightWhite: '#8c959f'
};

const darkTheme: ITheme = {
	background: '#282c34',
	foreground: '#d4d4d4',
	cursor: '#d4d4d4',
	selectionBackground: '#264f78'
};

/** An xterm.js terminal fitted to its element. */
export interface TerminalHandle {
	readonly term: Terminal;
	/** The element the terminal fills. */
	readonly element: HTMLElement;
	setDark(dark: boolean): void;
	focus(): void;
	/** Refits rows and columns to the element (called on every resize of the element). */
	fit(): void;
	dispose(): void;
}

/** Opens a terminal in `parent` that follows its size and makes URLs clickable. */
export function createTerminal(parent: HTMLElement, dark: boolean): TerminalHandle {
	const term = new Terminal({
		fontFamily: getComputedStyle(parent).getPropertyValue('--font-mono') || 'monospace',
		fontSize: 13,
		cursorBlink: true,
		scrollback: 5000,
		// Programs print \n; the terminal needs \r\n to return to the first column.
		convertEol: true,
		theme: dark ? darkTheme : lightTheme
	});
	const fitAddon = new FitAddon();
	term.loadAddon(fitAddon);
	term.loadAddon(
		new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer'))
	);
	term.open(parent);

	const fit = () => {
		// A collapsed panel has no size; fitting it would leave xterm with 0 columns.
		if (parent.clientWidth > 0 && parent.clientHeight > 0) fitAddon.fit();
	};
	const observer = new ResizeObserver(() => fit());
	observer.observe(parent);
	fit();

	return {
		term,
		element: parent,
		setDark: (value) => (term.options.theme = value ? darkTheme : lightTheme),
		focus: () => term.focus(),
		fit,
		dispose() {
			observer.disconnect();
			term.dispose();
		}
	};
}
