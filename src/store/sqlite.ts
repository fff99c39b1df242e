import { existsSync, linkSync, mkdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import { RapporteurError } from '../core/errors.js';
import { mapDbError } from './errors.js';

/**
 * SQLite specifics: opening the file with the right pragmas, write transactions that take
 * the write lock up front, and a per-file lock for store instances sharing one thread.
 */

/**
 * Kysely begins SQLite transactions with a plain (deferred) BEGIN. A deferred transaction
 * that reads and then writes can fail at once with SQLITE_BUSY when another connection wrote
 * in between, without waiting for the busy timeout. Every store transaction writes, so it
 * takes the write lock first (BEGIN IMMEDIATE) and waits its turn instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * The database as Kysely sees it, with prepared statements kept by SQL text. Kysely prepares
 * every query anew; preparing costs more than running most of the store's queries (about a
 * millisecond through Kysely), and the store runs the same few dozen statements over and
 * over. A statement that is busy (an iteration in progress) is not shared.
 */
export function cachingDatabase(db: Database.Database, max = 1000): SqliteDialectConfig['database'] {
  const cache = new LRUCache<string, Database.Statement>({ max });
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = db.prepare(sql);
      if (!cached) cache.set(sql, statement);
      return statement;
    },
  } as SqliteDialectConfig['database'];
}

/** Kysely's better-sqlite3 dialect with IMMEDIATE write transactions. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Serialises async sections: each `run` starts when the previous one has settled. */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

const fileLocks = new Map<string, AsyncMutex>();

/**
 * The write lock of one database file within this thread. better-sqlite3 is synchronous: if
 * two store instances in one thread shared a file and one held a transaction open across an
 * `await`, the other's busy wait would block the thread that must finish the first, and both
 * would stall for the whole busy timeout. Writers in one thread therefore queue here, and the
 * busy timeout only ever waits for other threads and processes.
 */
export function writeLockFor(file: string): AsyncMutex {
  if (file === ':memory:') return new AsyncMutex();
  let key: string;
  try {
    key = realpathSync(file);
  } catch {
    key = resolve(file);
  }
  let lock = fileLocks.get(key);
  if (!lock) {
    lock = new AsyncMutex();
    fileLocks.set(key, lock);
  }
  return lock;
}

/** Options for opening a SQLite file. */
export interface SqliteFileOptions {
  /** How long a writer waits for another process's write lock before giving up (default 5000 ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a SQLite database with WAL journaling, foreign keys enforced
 * and a busy timeout. Creates the parent directory. Refuses files that are not SQLite
 * databases with a message that says so.
 */
export function openSqliteFile(file: string, options: SqliteFileOptions = {}): Database.Database {
  const location = `SQLite at ${file}`;
  if (file !== ':memory:') {
    try {
      mkdirSync(dirname(resolve(file)), { recursive: true });
    } catch (err) {
      throw new RapporteurError('UNAVAILABLE', `Cannot create the data directory ${dirname(file)}.`, {
        hint: 'Check RAPPORTEUR_DATA_DIR and that this user may create it.',
        details: { code: (err as NodeJS.ErrnoException).code },
        cause: err,
      });
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    // WAL lets readers (status commands, a backup) run while the bot writes.
    if (file !== ':memory:') {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new RapporteurError(
          'UNAVAILABLE',
          `The store (${location}) cannot use WAL journaling (got ${String(mode)}).`,
          {
            hint: 'Put the data directory on a local file system (WAL does not work on some network shares).',
          },
        );
      }
    }
    db.pragma('foreign_keys = ON');
    // NORMAL with WAL: a committed transaction survives a crash of the process (the case that
    // matters for once-only delivery: a restarted worker sees what was sent); only a power cut
    // or OS crash can lose the last commits before a checkpoint. FULL fsyncs every commit
    // (about 6 ms each on ordinary disks), which capped deliveries at ~170 per second.
    db.pragma('synchronous = NORMAL');
    const version = String(db.prepare('select sqlite_version() as v').pluck().get());
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 3 || (major === 3 && minor < 35)) {
      throw new RapporteurError(
        'UNAVAILABLE',
        `SQLite ${version} is too old; the store needs 3.35 or newer.`,
        {
          hint: 'Reinstall dependencies (npm ci) so better-sqlite3 brings its bundled SQLite.',
        },
      );
    }
    return db;
  } catch (err) {
    db?.close();
    throw mapDbError(err, { action: 'open the store', location });
  }
}

/**
 * Copies a live SQLite database into `destination` with `VACUUM INTO`, so the copy is one
 * consistent snapshot even while the bot writes, and compact (free pages are not copied). The copy is written beside the destination under a
 * temporary name, checked, switched to a self-contained rollback journal, and only then put
 * in place (never over an existing file).
 */
export async function backupSqlite(
  source: Database.Database,
  destination: string,
  location: string,
  migrationTable: string,
): Promise<{ file: string; bytes: number; schemaVersion: string | null; durationMs: number }> {
  const started = performance.now();
  const target = resolve(destination);
  if (existsSync(target)) {
    throw new RapporteurError(
      'CONFLICT',
      `${destination} already exists; a backup never overwrites a file.`,
      {
        hint: 'Choose a new file name, or move the old backup away first.',
      },
    );
  }
  if (!existsSync(dirname(target))) {
    throw new RapporteurError('FILE_NOT_FOUND', `The directory of ${destination} does not exist.`, {
      hint: 'Create the directory first, or choose another path.',
    });
  }
  const partial = `${target}.partial-${process.pid}-${Date.now().toString(36)}`;
  const cleanup = () => {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) {
      try {
        unlinkSync(f);
      } catch {
        // Already gone.
      }
    }
  };
  try {
    // VACUUM INTO copies one read snapshot: writes by the bot meanwhile go to the WAL and
    // neither block nor restart it, so the time is bounded by the store's size alone. (The
    // online backup API restarts whenever another connection writes: with the bot writing
    // once a second a 900 MB store never finished.)
    source.prepare('VACUUM INTO ?').run(partial);
    let schemaVersion: string | null = null;
    const copy = new Database(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        throw new RapporteurError(
          'CORRUPT_FILE',
          `The backup copy failed its integrity check (${String(check)}).`,
          {
            hint: `The store (${location}) may be damaged; run \`rapporteur db backup\` again and keep the previous backup.`,
          },
        );
      }
      // A backup is one file: no -wal or -shm beside it to lose when it is copied around.
      copy.pragma('journal_mode = DELETE');
      const hasTable = copy
        .prepare("select 1 from sqlite_master where type = 'table' and name = ?")
        .pluck()
        .get(migrationTable);
      if (hasTable) {
        schemaVersion =
          (copy.prepare(`select max(name) from "${migrationTable}"`).pluck().get() as string | null) ?? null;
      }
    } finally {
      copy.close();
    }
    try {
      linkSync(partial, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new RapporteurError(
          'CONFLICT',
          `${destination} appeared while the backup ran; it was left untouched.`,
          {
            hint: 'Choose a new file name.',
          },
        );
      }
      throw err;
    }
    return {
      file: target,
      bytes: statSync(target).size,
      schemaVersion,
      durationMs: performance.now() - started,
    };
  } catch (err) {
    if (err instanceof RapporteurError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('E')) {
      throw new RapporteurError('UNAVAILABLE', `Could not write the backup to ${destination} (${code}).`, {
        hint: 'Check that the directory is writable and has space.',
        cause: err,
      });
    }
    throw mapDbError(err, { action: 'back up the store', location });
  } finally {
    cleanup();
  }
}
