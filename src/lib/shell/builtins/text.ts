// Builtins that read and print text: echo, head, tail, wc, grep, each in its own module. Files
// are read whole from the workspace (they are in memory anyway); stdin is streamed, so
// `cat big | head -1` stops at once and a 20 MB pipe into wc or grep is never joined into one
// string.
import type { Builtin } from '../types.ts';
import { echo } from './echo.ts';
import { grep } from './grep.ts';
import { head, tail } from './head-tail.ts';
import { wc } from './wc.ts';

/** echo, head, tail, wc and grep. */
export const textBuiltins: readonly Builtin[] = [echo, head, tail, wc, grep];
