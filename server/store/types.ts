import type { DatabaseSync } from 'node:sqlite';

/** A schema change: applied once, in id order, inside a transaction. */
export interface Migration {
	/** Position in the sequence: 1, 2, 3... never reused or reordered once released. */
	readonly id: number;
	/** Short kebab-case label, recorded next to the id. */
	readonly name: string;
	/** Applies the change; throwing rolls the whole migration back. */
	up(db: DatabaseSync): void;
}

/** Identity of this Bytestorm installation, created on its first start. */
export interface InstanceInfo {
	/** Random UUID that stays the same for the life of the data folder. */
	readonly id: string;
	/** ISO 8601 time of the first start. */
	readonly createdAt: string;
}

/** Queries on the `instance` table group. */
export interface InstanceStore {
	/** The installation's id and creation time. */
	getInstanceInfo(): InstanceInfo;
}

/** The server's persistent state; each table group is one property, so the backend can change. */
export interface Store {
	/** Absolute path of the database file. */
	readonly path: string;
	/** The installation's identity. */
	readonly instance: InstanceStore;
	/** Runs a trivial query; throws if the database cannot answer. */
	check(): void;
	/** Closes the database; safe to call more than once. */
	close(): void;
}
