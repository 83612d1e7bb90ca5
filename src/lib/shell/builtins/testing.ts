// Test helpers for the builtins: a workspace holding given files, and stdin inputs that come in
// chunks or never end, recording how they were read.
import { Workspace } from '../../workspace/workspace.ts';
import type { InputStream } from '../io.ts';

const encoder = new TextEncoder();

/** A new workspace with `files` (path to content) written in it. */
export function workspace(files: Record<string, string | Uint8Array> = {}): Workspace {
	const ws = new Workspace();
	for (const [path, content] of Object.entries(files)) ws.writeFile(path, content);
	return ws;
}

/** An input that yields the given chunks, recording whether it was closed and how often read. */
export function chunks(
	...parts: (string | Uint8Array)[]
): InputStream & { closed: boolean; reads: number } {
	const queue = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
	return {
		closed: false,
		reads: 0,
		async read() {
			this.reads++;
			return this.closed ? null : (queue.shift() ?? null);
		},
		close() {
			this.closed = true;
		}
	};
}

/** An input that never ends: `line` over and over, until it is closed. */
export function endless(line: string): InputStream & { closed: boolean; reads: number } {
	const bytes = encoder.encode(line.repeat(1000));
	return {
		closed: false,
		reads: 0,
		async read() {
			this.reads++;
			return this.closed ? null : bytes;
		},
		close() {
			this.closed = true;
		}
	};
}
