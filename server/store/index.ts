export { openStore, databaseFileName } from './open.ts';
export type { OpenStoreOptions } from './open.ts';
export { applyMigrations } from './migrate.ts';
export type { MigrateOptions } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export type { InstanceInfo, InstanceStore, Migration, Store } from './types.ts';
