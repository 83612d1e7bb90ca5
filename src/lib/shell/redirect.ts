// Redirections to and from workspace files: `< in.txt`, `> out.txt`, `>> log.txt`. Output goes
// into the workspace as it is written (flushed every 100 ms while a program runs, and when the
// command ends), so a long-running `python gen.py > out.txt` shows progress in the editor.
import { contentFromBytes } from '../workspace/content.ts';
import { FileTooLargeError } from '../workspace/errors.ts';
import type { FileSystem } from '../workspace/types.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/workspace.ts';
import { concatBytes } from '../bytes.ts';
import { inputFrom, type InputStream, type OutputStream } from './io.ts';

const FLUSH_INTERVAL_MS = 100;

/** An OutputStream into a workspace file; `close()` writes what is left. */
export interface FileOutput extends OutputStream {
	close(): void;
}

/**
 * Opens `path` for writing: truncated (or created) now, before the command runs, as a shell
 * does; with `append`, written after its current content. Throws the workspace's errors
 * (a folder, a missing parent folder).
 */
export function openForWriting(fs: FileSystem, path: string, append: boolean): FileOutput {
	let base: Uint8Array = new Uint8Array(0);
	if (fs.exists(path)) {
		// stat throws IsADirectoryError-like errors through readBytes for folders.
		if (fs.stat(path).type === 'dir') fs.readBytes(path);
		if (append) base = fs.readBytes(path);
		else fs.writeFile(path, '', { origin: 'shell', createParents: false });
	} else {
		fs.writeFile(path, '', { origin: 'shell', createParents: false });
	}
	const chunks: Uint8Array[] = [base];
	let size = base.length;
	let dirty = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	// A write that failed in the background (storage full, file removed) fails the next one.
	let failure: unknown;
	const limit = (fs as { maxFileBytes?: number }).maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
	const flush = () => {
		clearTimeout(timer);
		timer = undefined;
		if (!dirty) return;
		dirty = false;
		const bytes = concatBytes(chunks);
		chunks.length = 0;
		chunks.push(bytes);
		fs.writeFile(path, contentFromBytes(bytes), { origin: 'shell', createParents: true });
	};
	const flushLater = () => {
		try {
			flush();
		} catch (error) {
			failure = error;
		}
	};
	return {
		isTerminal: false,
		columns: 80,
		async write(data) {
			const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
			if (failure) throw failure;
			if (!bytes.length) return;
			if (size + bytes.length > limit)
				throw new FileTooLargeError(path, size + bytes.length, limit);
			chunks.push(bytes);
			size += bytes.length;
			dirty = true;
			timer ??= setTimeout(flushLater, FLUSH_INTERVAL_MS);
		},
		close() {
			if (failure) throw failure;
			flush();
		}
	};
}

/** Opens `path` for reading as stdin (`< file`): the whole file, streamed in chunks. */
export function openForReading(fs: FileSystem, path: string): InputStream {
	return inputFrom(fs.readBytes(path));
}
