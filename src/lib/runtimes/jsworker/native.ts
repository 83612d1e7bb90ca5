// The worker's own timers, captured before a program replaces the globals with Node's versions,
// so the runtime's bookkeeping never goes through (or is counted by) the program's event loop.

/** The browser's setTimeout, untouched by the program. */
export const nativeSetTimeout: typeof setTimeout = globalThis.setTimeout.bind(globalThis);
/** The browser's clearTimeout, untouched by the program. */
export const nativeClearTimeout: typeof clearTimeout = globalThis.clearTimeout.bind(globalThis);
