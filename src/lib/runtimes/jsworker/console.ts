// Node's `console` for the program: util.format/inspect formatting (`{ a: 1, b: [ 1, 2 ] }`),
// log/info/debug to stdout, warn/error/trace to stderr, groups, counters, timers and table.
import { formatWithOptions, inspect } from 'node-inspect-extracted';

type Write = (kind: 'stdout' | 'stderr', text: string) => void;

/** Creates the program's console, writing through `write`. */
export function createConsole(write: Write): Console {
	let indent = '';
	const counts = new Map<string, number>();
	const timers = new Map<string, number>();
	const out = (kind: 'stdout' | 'stderr', args: unknown[]) => {
		const text = formatWithOptions({ colors: false }, ...args);
		write(kind, (indent ? indent + text.split('\n').join(`\n${indent}`) : text) + '\n');
	};
	const elapsed = (label: string) => {
		const start = timers.get(label);
		if (start === undefined) {
			write('stderr', `(node:42) Warning: No such label '${label}' for console.timeEnd()\n`);
			return null;
		}
		const ms = performance.now() - start;
		return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
	};
	const console = {
		log: (...args: unknown[]) => out('stdout', args),
		info: (...args: unknown[]) => out('stdout', args),
		debug: (...args: unknown[]) => out('stdout', args),
		warn: (...args: unknown[]) => out('stderr', args),
		error: (...args: unknown[]) => out('stderr', args),
		trace: (...args: unknown[]) => {
			const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
			out('stderr', [
				`Trace${args.length ? ': ' + formatWithOptions({ colors: false }, ...args) : ''}\n${stack}`
			]);
		},
		dir: (value: unknown, options?: object) =>
			write('stdout', `${indent}${inspect(value, { ...options, colors: false })}\n`),
		dirxml: (...args: unknown[]) => out('stdout', args),
		assert: (condition: unknown, ...args: unknown[]) => {
			if (!condition)
				out(
					'stderr',
					args.length
						? [`Assertion failed: ${formatWithOptions({}, ...args)}`]
						: ['Assertion failed']
				);
		},
		group: (...args: unknown[]) => {
			if (args.length) out('stdout', args);
			indent += '  ';
		},
		groupCollapsed: (...args: unknown[]) => console.group(...args),
		groupEnd: () => {
			indent = indent.slice(2);
		},
		count: (label = 'default') => {
			const count = (counts.get(label) ?? 0) + 1;
			counts.set(label, count);
			out('stdout', [`${label}: ${count}`]);
		},
		countReset: (label = 'default') => void counts.delete(label),
		time: (label = 'default') => void timers.set(label, performance.now()),
		timeEnd: (label = 'default') => {
			const time = elapsed(label);
			timers.delete(label);
			if (time) out('stdout', [`${label}: ${time}`]);
		},
		timeLog: (label = 'default', ...args: unknown[]) => {
			const time = elapsed(label);
			if (time) out('stdout', [`${label}: ${time}`, ...args]);
		},
		table: (data: unknown) => write('stdout', `${indent}${table(data)}\n`),
		clear: () => write('stdout', '\x1b[2J\x1b[H')
	};
	return console as unknown as Console;
}

/** console.table's box drawing, for arrays and objects of rows. */
function table(data: unknown): string {
	if (typeof data !== 'object' || data === null) return inspect(data);
	const rows = Object.entries(data as Record<string, unknown>);
	const columns: string[] = [];
	let hasValues = false;
	for (const [, row] of rows) {
		if (typeof row === 'object' && row !== null) {
			for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
		} else hasValues = true;
	}
	const header = ['(index)', ...columns, ...(hasValues ? ['Values'] : [])];
	const show = (value: unknown) =>
		value === undefined ? '' : inspect(value, { depth: 0, breakLength: Infinity });
	const body = rows.map(([index, row]) => [
		index,
		...columns.map((key) =>
			typeof row === 'object' && row !== null && key in row
				? show((row as Record<string, unknown>)[key])
				: ''
		),
		...(hasValues ? [typeof row === 'object' && row !== null ? '' : show(row)] : [])
	]);
	const widths = header.map(
		(title, i) => Math.max(title.length, ...body.map((row) => row[i]!.length)) + 2
	);
	const line = (left: string, mid: string, right: string) =>
		left + widths.map((width) => '─'.repeat(width)).join(mid) + right;
	const cells = (row: string[]) =>
		'│' +
		row
			.map((cell, i) => {
				const space = widths[i]! - cell.length;
				return ' '.repeat(Math.floor(space / 2)) + cell + ' '.repeat(Math.ceil(space / 2));
			})
			.join('│') +
		'│';
	return [
		line('┌', '┬', '┐'),
		cells(header),
		line('├', '┼', '┤'),
		...body.map(cells),
		line('└', '┴', '┘')
	].join('\n');
}
