import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { serviceUrl } from '../service-url.js';
import { postgresCodec, sqliteCodec } from './codec.js';
import { mapDbError } from './errors.js';
import { MIGRATION_TABLE } from './migrations.js';
import { preparingPool } from './pg-prepared.js';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';
import {
  backupSqlite,
  cachingDatabase,
  ImmediateSqliteDialect,
  openSqliteFile,
  writeLockFor,
} from './sqlite.js';

export type { ProcessSize, StoreSize, TenantSize } from './size.js';
export type { BackupReport, MigrationReport, MigrationStatus } from './sql-store.js';
export { SqlStore } from './sql-store.js';

import { type Clock, type Logger, silentLogger, systemClock } from '../core/ports/index.js';

/** Options every store opener takes. */
export interface StoreOptions {
  /** Apply pending migrations on open (default true). `db backup` and `db status` open without. */
  migrate?: boolean;
  /** Source of bookkeeping timestamps (createdAt, updatedAt, defaults); the system clock by default. */
  clock?: Clock;
  logger?: Logger;
}

/** Options for the embedded SQLite store. */
export interface SqliteStoreOptions extends StoreOptions {
  /** The database file, or `:memory:` for a private in-memory database. */
  file: string;
  /** How long a write waits for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

/** Options for the PostgreSQL store. */
export interface PostgresStoreOptions extends StoreOptions {
  /** A postgres:// URL. */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before UNAVAILABLE (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * Keep the store's statements prepared per connection (default true). Turn off behind a
   * connection pooler that hands one client's statements to another (PgBouncer in
   * transaction mode before 1.21).
   */
  preparedStatements?: boolean;
}

/** The SQLite file used when no DATABASE_URL is set. */
export function sqliteFileFor(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'rapporteur.sqlite');
}

/**
 * Opens the store the configuration names: PostgreSQL when `databaseUrl` is set, else SQLite
 * at `${dataDir}/rapporteur.sqlite` (creating the directory). Runs pending migrations unless
 * `migrate: false`.
 */
export function openStore(
  config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'databasePreparedStatements'>>,
  options: StoreOptions = {},
): Promise<SqlStore> {
  return config.databaseUrl
    ? openPostgresStore({
        ...options,
        url: config.databaseUrl,
        preparedStatements: config.databasePreparedStatements ?? true,
      })
    : openSqliteStore({ ...options, file: sqliteFileFor(config) });
}

/** Opens (creating if needed) a SQLite store. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqlStore> {
  const file = options.file;
  const location = `SQLite at ${file}`;
  const raw = openSqliteFile(
    file,
    options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
  );
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: cachingDatabase(raw) }),
  });
  const writeLock = writeLockFor(file);
  const store = new SqlStore({
    db,
    dialect: 'sqlite',
    codec: sqliteCodec,
    location,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    writeLock,
    // Two processes starting at once must not both create the tables: the whole migration run
    // holds SQLite's write lock and rolls back as one if any step fails.
    exclusive: (fn) =>
      writeLock.run(() =>
        db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (err) {
            await sql`rollback`.execute(conn).catch(() => undefined);
            throw err;
          }
        }),
      ),
    ...(file === ':memory:'
      ? {}
      : {
          backup: (destination: string) =>
            writeLock.run(() => backupSqlite(raw, destination, location, MIGRATION_TABLE)),
        }),
  });
  return finishOpening(store, options);
}

/** Opens a PostgreSQL store, checking the connection first. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlStore> {
  const location = describePostgresUrl(options.url);
  const logger = options.logger ?? silentLogger;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'rapporteur',
  });
  // A connection the server drops must not crash the process. pg-pool listens for errors only
  // on idle clients, and a client in use emits 'error' as well as failing its query: every
  // client gets a listener of its own, and the failed call surfaces as UNAVAILABLE.
  pool.on('error', (err) =>
    logger.warn({ store: location, error: err.message }, 'idle database connection failed'),
  );
  pool.on('connect', (client) => {
    client.on('error', (err) =>
      logger.warn({ store: location, error: err.message }, 'database connection failed'),
    );
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : preparingPool(pool) }),
  });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw mapDbError(err, { action: 'connect to the store', location });
  }
  const store = new SqlStore({
    db,
    dialect: 'postgres',
    codec: postgresCodec,
    location,
    clock: options.clock ?? systemClock,
    logger,
  });
  return finishOpening(store, options);
}

async function finishOpening(store: SqlStore, options: StoreOptions): Promise<SqlStore> {
  if (options.migrate === false) return store;
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

/** "PostgreSQL at host:5432/db", never the password or the query string. */
export function describePostgresUrl(url: string): string {
  const parsed = serviceUrl(url, {
    setting: 'DATABASE_URL',
    protocols: ['postgres:', 'postgresql:'],
    kind: 'a postgres://',
    invalidHint: 'Write it as postgres://user:password@host:5432/database.',
    otherProtocolHint: 'Unset DATABASE_URL to use the embedded SQLite store.',
  });
  return `PostgreSQL at ${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
}
