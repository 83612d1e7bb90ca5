export { createTerminal, type TerminalHandle } from './terminal.ts';
export { TerminalSession, type Launcher, type TerminalSessionOptions } from './terminal-session.ts';
