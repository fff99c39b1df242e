import { randomUUID } from 'node:crypto';
import { type Kysely, type MigrationResult, Migrator, type Selectable, sql, type Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import { RapporteurError } from '../core/errors.js';
import type { Clock, Logger, Store, TenantInput, TenantStore } from '../core/ports/index.js';
import { PLATFORMS, type Platform, type TenantRecord } from '../core/store.js';
import { type Codec, plausibleId, readInstant, text } from './codec.js';
import type { Messages, TenantContext } from './context.js';
import { isRetryableTransactionError, mapDbError } from './errors.js';
import {
  LATEST_MIGRATION,
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  migrationProvider,
  migrationsFor,
  type SqlDialectName,
} from './migrations.js';
import type { Database, TenantsTable } from './schema.js';
import { measureStore, type StoreSize } from './size.js';
import type { AsyncMutex } from './sqlite.js';
import { changeFamily } from './tenant/changes.js';
import { channelFamily } from './tenant/channels.js';
import { notFound } from './tenant/common.js';
import { deliveryFamily } from './tenant/deliveries.js';
import { documentFamily } from './tenant/documents.js';
import { languageFamily } from './tenant/language.js';
import { peopleFamily } from './tenant/people.js';
import { processFamily } from './tenant/processes.js';
import { reminderFamily } from './tenant/reminders.js';
import { scheduleFamily } from './tenant/schedule.js';
import { watchFamily } from './tenant/watches.js';

/** Where the schema of a database stands relative to this code. */
export interface MigrationStatus {
  /** Migrations recorded as applied, oldest first. */
  applied: string[];
  /** Migrations this code has that the database has not applied yet. */
  pending: string[];
  /** Applied migrations this code does not know: the database was written by a newer Rapporteur. */
  unknown: string[];
  /** The migration this code expects to be the last. */
  latest: string;
}

/** What `migrate` did. */
export interface MigrationReport {
  /** Migrations applied by this call, in order (empty when already up to date). */
  applied: string[];
  status: MigrationStatus;
}

/** What a backup produced. */
export interface BackupReport {
  file: string;
  bytes: number;
  /** The newest migration the copy holds. */
  schemaVersion: string | null;
  durationMs: number;
}

/** Internals shared with the dialect-specific openers. */
export interface SqlStoreParts {
  db: Kysely<Database>;
  dialect: SqlDialectName;
  codec: Codec;
  /** For people: "SQLite at data/rapporteur.sqlite", "PostgreSQL at host:5432/db" (never a password). */
  location: string;
  clock: Clock;
  logger: Logger;
  /** SQLite only: the per-file write lock. */
  writeLock?: AsyncMutex;
  /** SQLite only: runs `fn` holding the database's write lock for a whole migration run. */
  exclusive?: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** SQLite only: an online backup to `file`. */
  backup?: (file: string) => Promise<BackupReport>;
  /** Releases what the opener created besides the Kysely instance. */
  onClose?: () => Promise<void>;
}

/** The store on a SQL database: the Store port plus schema and lifecycle operations. */
export class SqlStore implements Store {
  /** Which database this is. */
  readonly dialect: SqlDialectName;
  /** Where the data lives, for messages and logs (never a password). */
  readonly location: string;
  /**
   * The Kysely instance, for migrations, maintenance and tests. Queries made through it are
   * NOT scoped to a tenant: application code goes through `tenant(id)`.
   */
  readonly db: Kysely<Database>;
  readonly #parts: SqlStoreParts;
  readonly #views = new LRUCache<string, TenantStore>({ max: MAX_TENANT_VIEWS });
  #closed = false;

  constructor(parts: SqlStoreParts) {
    this.#parts = parts;
    this.db = parts.db;
    this.dialect = parts.dialect;
    this.location = parts.location;
  }

  /** Applies pending migrations (or up to `target`); safe to run from several processes at once. */
  async migrate(target?: string): Promise<MigrationReport> {
    const before = await this.migrationStatus();
    if (before.unknown.length > 0) throw newerSchemaError(this.location, before.unknown);
    if (target !== undefined && !(target in migrationsFor(this.dialect))) {
      throw new RapporteurError('INVALID_ARGUMENT', `There is no migration named ${target}.`, {
        hint: `The latest is ${LATEST_MIGRATION}.`,
      });
    }
    const run = async (db: Kysely<Database>) => {
      const migrator = new Migrator({
        db,
        provider: migrationProvider(this.dialect),
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: MIGRATION_LOCK_TABLE,
      });
      const result =
        target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
      // Throwing makes the SQLite run roll back as a whole (PostgreSQL's Migrator already does).
      if (result.error !== undefined) throw new MigrationFailed(result);
      return result;
    };
    let outcome: { error?: unknown; results?: MigrationResult[] };
    try {
      outcome = this.#parts.exclusive ? await this.#parts.exclusive(run) : await run(this.db);
    } catch (err) {
      if (!(err instanceof MigrationFailed))
        throw mapDbError(err, { action: 'migrate the store', location: this.location });
      outcome = err.result;
    }
    const applied = (outcome.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (outcome.error !== undefined) {
      const failed = (outcome.results ?? []).find((r) => r.status === 'Error')?.migrationName;
      const cause = outcome.error;
      if (cause instanceof Error && /corrupted migrations/.test(cause.message)) {
        throw newerSchemaError(this.location, [cause.message]);
      }
      const mapped = mapDbError(cause, {
        action: failed ? `apply migration ${failed}` : 'migrate the store',
        location: this.location,
      });
      throw mapped.code === 'INTERNAL'
        ? new RapporteurError('INTERNAL', `${mapped.message} Nothing of it was kept.`, {
            hint: 'Restore from a backup if the store misbehaves, and report the error with the log line.',
            cause,
          })
        : mapped;
    }
    for (const name of applied)
      this.#parts.logger.info({ migration: name, store: this.location }, 'store migrated');
    return { applied, status: await this.migrationStatus() };
  }

  /** Compares the migrations recorded in the database with those this code has. */
  /** The id created with this store (migration 0004): which store owns a queue prefix in Redis. */
  async identity(): Promise<string> {
    const row = await this.db
      .selectFrom('store_identity')
      .select('id')
      .orderBy('created_at')
      .executeTakeFirst();
    if (!row) {
      throw new RapporteurError('INTERNAL', `${this.location} has no identity.`, {
        hint: 'Run `rapporteur db migrate`; if it is up to date, restore the store_identity row from a backup.',
      });
    }
    return row.id;
  }

  async migrationStatus(): Promise<MigrationStatus> {
    const known = Object.keys(migrationsFor(this.dialect)).sort();
    let applied: string[] = [];
    try {
      const tables = await this.db.introspection.getTables();
      if (tables.some((t) => t.name === MIGRATION_TABLE)) {
        const rows = await sql<{
          name: string;
        }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(this.db);
        applied = rows.rows.map((r) => r.name);
      }
    } catch (err) {
      throw mapDbError(err, { action: 'read the schema version', location: this.location });
    }
    return {
      applied,
      pending: known.filter((m) => !applied.includes(m)),
      unknown: applied.filter((m) => !known.includes(m)),
      latest: LATEST_MIGRATION,
    };
  }

  /** The store's size on disk and what each tenant and process holds of it (`rapporteur db status`). */
  async sizeReport(): Promise<StoreSize> {
    const { applied } = await this.migrationStatus();
    if (applied.length === 0) return { totalBytes: 0, tenants: [] };
    try {
      return await measureStore(this.db, this.dialect, applied);
    } catch (err) {
      throw mapDbError(err, { action: 'measure the store', location: this.location });
    }
  }

  /**
   * A consistent copy of the store in a new file while the bot keeps running (SQLite's online
   * backup). PostgreSQL deployments use pg_dump instead.
   */
  async backup(file: string): Promise<BackupReport> {
    if (!this.#parts.backup) {
      throw this.dialect === 'postgres'
        ? new RapporteurError(
            'INVALID_ARGUMENT',
            `The store is ${this.location}; Rapporteur backs up only its SQLite store.`,
            {
              hint: 'Use pg_dump, e.g. pg_dump --format=custom --file=rapporteur.dump "$DATABASE_URL".',
            },
          )
        : new RapporteurError('INVALID_ARGUMENT', 'An in-memory store has no file to back up.', {
            hint: 'Open the store on a file (RAPPORTEUR_DATA_DIR) to keep and back up its data.',
          });
    }
    return this.#parts.backup(file);
  }

  /** Closes the connections. Calls after close fail with UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
    await this.#parts.onClose?.();
  }

  async ensureTenant(input: TenantInput): Promise<TenantRecord> {
    const platform = platformOf(input?.platform);
    const externalId = text('External id', input.externalId, 200);
    const name = text('Tenant name', input.name, 200);
    const row = await this.#write('register a tenant', async (trx) => {
      const existing = await trx
        .selectFrom('tenants')
        .selectAll()
        .where('platform', '=', platform)
        .where('external_id', '=', externalId)
        .executeTakeFirst();
      if (existing && existing.name === name) return existing;
      return trx
        .insertInto('tenants')
        .values({ id: randomUUID(), platform, external_id: externalId, name, created_at: this.#now() })
        .onConflict((oc) => oc.columns(['platform', 'external_id']).doUpdateSet({ name }))
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return toTenant(row);
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    if (!plausibleId(id)) return undefined;
    const row = await this.#read('read a tenant', (db) =>
      db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row && toTenant(row);
  }

  async findTenant(platform: Platform, externalId: string): Promise<TenantRecord | undefined> {
    if (!(PLATFORMS as readonly string[]).includes(platform) || !plausibleId(externalId)) return undefined;
    const row = await this.#read('find a tenant', (db) =>
      db
        .selectFrom('tenants')
        .selectAll()
        .where('platform', '=', platform)
        .where('external_id', '=', externalId.trim())
        .executeTakeFirst(),
    );
    return row && toTenant(row);
  }

  async listTenants(): Promise<TenantRecord[]> {
    const rows = await this.#read('list tenants', (db) =>
      db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute(),
    );
    return rows.map(toTenant);
  }

  async deleteTenant(id: string): Promise<void> {
    if (!plausibleId(id)) throw notFound('The tenant');
    await this.#write('delete a tenant', async (trx) => {
      const result = await trx.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound('The tenant');
    });
  }

  /**
   * The tenant's view of the store. Views hold no state beyond the tenant id, so each is made
   * once and shared (making one builds every method's closure: a cost a busy worker paid per job).
   */
  tenant(tenantId: string): TenantStore {
    const id = typeof tenantId === 'string' ? tenantId : '';
    let view = this.#views.get(id);
    if (!view) {
      view = Object.freeze(this.#makeTenant(id));
      this.#views.set(id, view);
    }
    return view;
  }

  #makeTenant(id: string): TenantStore {
    const ctx: TenantContext = {
      tenantId: id,
      db: this.db,
      codec: this.#parts.codec,
      clock: this.#parts.clock,
      lockRows: this.dialect === 'postgres',
      newId: () => randomUUID(),
      now: () => this.#now(),
      read: (action, fn) => this.#read(action, fn),
      write: (action, fn, messages) => this.#write(action, fn, messages),
      writeStatement: (action, fn) => this.#writeStatement(action, fn),
    };
    return {
      tenantId: id,
      ...processFamily(ctx),
      ...channelFamily(ctx),
      ...documentFamily(ctx),
      ...scheduleFamily(ctx),
      ...watchFamily(ctx),
      ...changeFamily(ctx),
      ...peopleFamily(ctx),
      ...reminderFamily(ctx),
      ...deliveryFamily(ctx),
      ...languageFamily(ctx),
    };
  }

  #now(): string {
    return this.#parts.clock.now().toISOString();
  }

  async #read<T>(action: string, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.#closed) throw closedError(action, this.location);
    try {
      return await fn(this.db);
    } catch (err) {
      throw mapDbError(err, { action, location: this.location });
    }
  }

  #writeStatement<T>(action: string, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.#retryingWrite(action, () => fn(this.db), {});
  }

  #write<T>(
    action: string,
    fn: (trx: Transaction<Database>) => Promise<T>,
    messages: Messages = {},
  ): Promise<T> {
    return this.#retryingWrite(action, () => this.db.transaction().execute(fn), messages);
  }

  /**
   * Runs a write behind the SQLite write lock (if any). PostgreSQL may pick it as a deadlock
   * victim; the whole of it (a transaction or a single statement) can then run again.
   */
  async #retryingWrite<T>(action: string, attempt: () => Promise<T>, messages: Messages): Promise<T> {
    if (this.#closed) throw closedError(action, this.location);
    const run = async () => {
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (err) {
          if (tries < 3 && isRetryableTransactionError(err)) continue;
          throw mapDbError(err, { action, location: this.location, ...messages });
        }
      }
    };
    return this.#parts.writeLock ? this.#parts.writeLock.run(run) : run();
  }
}

/** Tenant views kept at once; a worker serving more tenants than this rebuilds them now and then. */
const MAX_TENANT_VIEWS = 10_000;

class MigrationFailed extends Error {
  constructor(readonly result: { error?: unknown; results?: MigrationResult[] }) {
    super('migration failed');
  }
}

function toTenant(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    platform: row.platform as Platform,
    externalId: row.external_id,
    name: row.name,
    createdAt: readInstant(row.created_at),
  };
}

function platformOf(value: unknown): Platform {
  if (typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)) return value as Platform;
  throw new RapporteurError('INVALID_ARGUMENT', `The platform must be one of ${PLATFORMS.join(', ')}.`, {
    hint: 'Register the tenant with the platform it lives on.',
  });
}

function closedError(action: string, location: string): RapporteurError {
  return new RapporteurError('UNAVAILABLE', `Could not ${action}: the store (${location}) is closed.`, {
    hint: 'The process is shutting down; try again once it has restarted.',
  });
}

function newerSchemaError(location: string, unknown: string[]): RapporteurError {
  return new RapporteurError(
    'CONFIG_INVALID',
    `The store (${location}) was written by a newer version of Rapporteur (it has migrations this version does not know: ${unknown.join(', ')}).`,
    {
      hint: 'Upgrade Rapporteur, or point it at a backup made by this version.',
      details: { unknown },
    },
  );
}
