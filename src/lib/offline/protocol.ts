// The messages between the page and the service worker.

/** Sent by the page to a waiting service worker: activate now (the user chose Reload). */
export const SKIP_WAITING = 'bytestorm:skip-waiting';

/** The shape of SKIP_WAITING on the wire. */
export interface SkipWaitingMessage {
	type: typeof SKIP_WAITING;
}

/** True when `data` (a message event's payload) asks the service worker to activate. */
export function isSkipWaiting(data: unknown): data is SkipWaitingMessage {
	return (
		typeof data === 'object' && data !== null && (data as { type?: unknown }).type === SKIP_WAITING
	);
}
