// What an uncaught exception prints, in Node's shape:
//
//   /workspace/app.js:3
//       throw new Error('boom');
//       ^
//
//   Error: boom
//       at Object.<anonymous> (/workspace/app.js:3:11)
//
//   Node.js v24.9.0
//
// Stack frames of the runtime itself are dropped, blob: URLs of ES modules become file names,
// and a syntax error (which V8 reports without a place) is located by parsing the file with acorn.
import { inspect } from 'node-inspect-extracted';
import type { CompileFailure } from './loader.ts';
import { NODE_VERSION } from './process-object.ts';

/** What the report needs to know about the run's modules. */
export interface ReportContext {
	/** blob: URL → file. */
	urls: ReadonlyMap<string, string>;
	/** Characters the runtime added before line 1 of a file. */
	prefixLengths: ReadonlyMap<string, number>;
	/** Files whose source did not compile, by error. */
	compileFailures: WeakMap<object, CompileFailure>;
	/** ES module sources, to look for a syntax error when the browser's loader rejects. */
	esmSources: ReadonlyMap<string, string>;
	/** The text of a file, if it is one. */
	source(path: string): string | undefined;
}

/** The text Node prints for an uncaught exception (ending in a newline). */
export async function describeUncaught(error: unknown, context: ReportContext): Promise<string> {
	if (!(error instanceof Error)) {
		return `Uncaught ${inspect(error)}\n\nNode.js ${NODE_VERSION}\n`;
	}
	const located = error instanceof SyntaxError ? await locateSyntaxError(error, context) : null;
	cleanStack(error, context, located);
	const where = located ?? topFrame(error.stack ?? '');
	let header = '';
	if (where) {
		const line = context.source(where.path)?.split('\n')[where.line - 1];
		header = `${where.path}:${where.line}\n`;
		if (line !== undefined) header += `${line}\n${' '.repeat(Math.max(0, where.column - 1))}^\n`;
		header += '\n';
	}
	return `${header}${inspect(error, { colors: false })}\n\nNode.js ${NODE_VERSION}\n`;
}

interface Place {
	path: string;
	line: number;
	column: number;
}

const frameLocation = /(\/[^\s():]+):(\d+):(\d+)/;

/** Rewrites blob: URLs to files, fixes line-1 columns and drops the runtime's own frames. */
function cleanStack(error: Error, context: ReportContext, located: Place | null): void {
	const stack = error.stack;
	if (typeof stack !== 'string') return;
	const lines = mapUrls(stack, context).split('\n');
	const kept = lines.filter((line, index) => {
		if (index === 0 || !/^\s+at /.test(line)) return true;
		// The program's frames name files (/workspace/...) or node: modules; the runtime's are URLs.
		return /\((\/|node:)|at (\/|node:)/.test(line);
	});
	let text = kept
		.map((line) =>
			line.replace(
				new RegExp(frameLocation.source, 'g'),
				(whole, path: string, row: string, column: string) =>
					row === '1' && context.prefixLengths.has(path)
						? `${path}:1:${Math.max(1, Number(column) - context.prefixLengths.get(path)!)}`
						: whole
			)
		)
		.join('\n');
	if (located && !/^\s+at /m.test(text))
		text += `\n    at ${located.path}:${located.line}:${located.column}`;
	try {
		Object.defineProperty(error, 'stack', { value: text, configurable: true, writable: true });
	} catch {
		// A frozen error keeps its own stack.
	}
	error.message = mapUrls(error.message, context);
}

function mapUrls(text: string, context: ReportContext): string {
	let out = text;
	for (const [url, path] of context.urls) out = out.replaceAll(url, path);
	return out;
}

function topFrame(stack: string): Place | null {
	for (const line of stack.split('\n').slice(1)) {
		const match = frameLocation.exec(line);
		if (match && match[1]!.startsWith('/') && !match[1]!.includes('/node_modules/')) {
			return { path: match[1]!, line: Number(match[2]), column: Number(match[3]) };
		}
	}
	return null;
}

/** Finds where a syntax error is, by parsing the failing file (or every ES module) with acorn. */
async function locateSyntaxError(
	error: SyntaxError,
	context: ReportContext
): Promise<Place | null> {
	const failure = context.compileFailures.get(error);
	const candidates: CompileFailure[] = failure
		? [failure]
		: [...context.esmSources].map(([path, source]) => ({ path, source, module: true }));
	if (candidates.length === 0) return null;
	const { parse } = await import('acorn');
	for (const candidate of candidates) {
		try {
			parse(candidate.source, {
				ecmaVersion: 'latest',
				sourceType: candidate.module ? 'module' : 'script',
				allowReturnOutsideFunction: !candidate.module,
				allowHashBang: true,
				allowAwaitOutsideFunction: candidate.module
			});
		} catch (parseError) {
			const loc = (parseError as { loc?: { line: number; column: number } }).loc;
			if (loc) return { path: candidate.path, line: loc.line, column: loc.column + 1 };
		}
	}
	return failure ? { path: failure.path, line: 1, column: 1 } : null;
}
