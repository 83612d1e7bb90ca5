export { createTerminal, type TerminalHandle } from './terminal.ts';
export { PendingShell } from './pending-shell.ts';
