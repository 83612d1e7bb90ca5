// isomorphic-git calls Node's `Buffer` as a global (Buffer.from, Buffer.concat, ...) without
// importing it, and browsers have none. The `buffer` package is Node's Buffer for the browser:
// it is installed here, before any isomorphic-git code runs. Node keeps its own.
import { Buffer } from 'buffer';

const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= Buffer;
