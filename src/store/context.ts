import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../core/ports/index.js';
import type { Codec } from './codec.js';
import type { ErrorContext } from './errors.js';
import type { Database } from './schema.js';

/** Wording for the expected failures of one operation. */
export type Messages = Omit<ErrorContext, 'action' | 'location'>;

/**
 * What every method family of a tenant store works with. `tenantId` is fixed at
 * construction and every query adds `where tenant_id = tenantId`; no family receives a
 * tenant id from its caller.
 */
export interface TenantContext {
  readonly tenantId: string;
  readonly db: Kysely<Database>;
  readonly codec: Codec;
  readonly clock: Clock;
  /** A new random id. */
  newId(): string;
  /** The store clock's now, normalised. */
  now(): string;
  /** Runs a read, mapping driver errors. */
  read<T>(action: string, fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a write transaction (SQLite: BEGIN IMMEDIATE behind the file's write lock;
   * PostgreSQL: READ COMMITTED, re-run on deadlock), mapping driver errors with `messages`.
   */
  write<T>(action: string, fn: (trx: Transaction<Database>) => Promise<T>, messages?: Messages): Promise<T>;
  /**
   * Runs one write statement that is atomic on its own, without BEGIN and COMMIT around it
   * (SQLite: behind the file's write lock; PostgreSQL: autocommit, re-run on deadlock). Saves
   * PostgreSQL two round trips per write where a single statement does the whole job.
   */
  writeStatement<T>(action: string, fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** True on PostgreSQL, where rows must be locked explicitly; SQLite transactions are already serialised. */
  readonly lockRows: boolean;
}
