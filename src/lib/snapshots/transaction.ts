import { toSnapshotError } from './errors.ts';

/** The part of an idb transaction that `run` needs. */
interface Transaction {
	readonly done: Promise<void>;
	abort(): void;
}

/**
 * Runs `body` in `tx` and waits for the commit. Anything thrown aborts the transaction, so nothing
 * of it is kept, and comes out as a SnapshotError; when the browser aborted it (quota), the
 * transaction's own error is the one that names the cause.
 */
export async function run<T>(tx: Transaction, body: () => Promise<T>): Promise<T> {
	try {
		const result = await body();
		await tx.done;
		return result;
	} catch (error) {
		try {
			tx.abort();
		} catch {
			// Already aborted by the browser, or already finished.
		}
		const cause = await tx.done.then(
			() => error,
			(reason: unknown) => (isAbort(reason) || reason == null ? error : reason)
		);
		throw toSnapshotError(cause);
	}
}

function isAbort(reason: unknown): boolean {
	return reason instanceof Error && reason.name === 'AbortError';
}
