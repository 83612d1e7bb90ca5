export { createTerminal, type TerminalHandle } from './terminal.ts';
export { ShellSession, type ShellSessionOptions } from './shell-session.ts';
