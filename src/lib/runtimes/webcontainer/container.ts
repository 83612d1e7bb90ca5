// The part of @webcontainer/api the adapter uses, as a type: the real `WebContainer` satisfies
// it, and the unit tests drive the adapter through an in-memory object that implements it.
import type { WebContainer, WebContainerProcess } from '@webcontainer/api';

/** What the adapter needs of a booted WebContainer. */
export type Container = Pick<WebContainer, 'fs' | 'spawn' | 'on' | 'mount' | 'teardown'>;

/** A process spawned in a container. */
export type ContainerProcess = WebContainerProcess;

/** Programs the WebContainer backend runs (jsh has many more; these are what Bytestorm routes to it). */
export const WEBCONTAINER_COMMANDS: readonly string[] = ['node', 'npm', 'npx', 'pnpm', 'yarn'];

/** Workspace folders that stay inside the container unless the user asks for them. */
export const CONTAINER_ONLY_FOLDERS: readonly string[] = ['node_modules', '.npm', '.cache'];
