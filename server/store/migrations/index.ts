import type { Migration } from '../types.ts';
import { instance } from './001-instance.ts';

/** Every migration the code knows, in the order they apply. Append only. */
export const migrations: readonly Migration[] = [instance];
