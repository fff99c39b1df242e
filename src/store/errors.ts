import { RapporteurError } from '../core/errors.js';

/**
 * Database failures become RapporteurErrors with stable codes, so that use cases, jobs and
 * adapters decide on the code (a CONFLICT is answered, an UNAVAILABLE is retried) and people
 * read what to do, never a driver's stack trace.
 */

/** What the failed call was doing, for the message, and the wording of its expected failures. */
export interface ErrorContext {
  /** "post a version", in the form "Could not <action>". */
  action: string;
  /** Where the store lives, for people: "SQLite at data/rapporteur.sqlite". */
  location: string;
  /** Message when a uniqueness rule was hit. */
  conflict?: string;
  conflictHint?: string;
  /** Message when a referenced row does not exist (in this tenant). */
  missing?: string;
  missingHint?: string;
}

interface DriverError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  constraint?: unknown;
}

const PG_CONNECTION_CLASS = /^(08|53|57P0[1-3])/;
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const LOST_CONNECTION =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|driver has already been destroyed|database connection is not open/i;

/** Maps anything a database call threw to a RapporteurError; RapporteurErrors pass through unchanged. */
export function mapDbError(err: unknown, ctx: ErrorContext): RapporteurError {
  if (err instanceof RapporteurError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as DriverError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const what = `Could not ${ctx.action}`;
  const details = { driverCode: code || undefined };

  // Uniqueness: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY.
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new RapporteurError('CONFLICT', ctx.conflict ?? `${what}: it clashes with an existing record.`, {
      hint: ctx.conflictHint ?? 'Look the existing record up instead of creating it again.',
      details,
      cause: err,
    });
  }
  // A reference to a row that does not exist in this tenant: PostgreSQL 23503, SQLite _FOREIGNKEY.
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new RapporteurError('NOT_FOUND', ctx.missing ?? `${what}: a record it refers to does not exist.`, {
      hint: ctx.missingHint ?? 'Check the id; the record may have been deleted.',
      details,
      cause: err,
    });
  }
  if (
    code === '23514' ||
    code === '23502' ||
    code === 'SQLITE_CONSTRAINT_CHECK' ||
    code === 'SQLITE_CONSTRAINT_NOTNULL'
  ) {
    return new RapporteurError('INVALID_ARGUMENT', `${what}: a value is outside what the store accepts.`, {
      hint: 'Check the values given; this is likely a bug in the caller, please report it.',
      details,
      cause: err,
    });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new RapporteurError(
      'UNAVAILABLE',
      `${what}: the store (${ctx.location}) stayed locked by another process.`,
      {
        hint: 'Try again in a moment; if it keeps happening, look for a stuck Rapporteur process using the same data directory.',
        details,
        cause: err,
      },
    );
  }
  if (code === 'SQLITE_FULL' || code === '53100') {
    return new RapporteurError(
      'UNAVAILABLE',
      `${what}: the disk holding the store (${ctx.location}) is full.`,
      {
        hint: 'Free disk space, then try again.',
        details,
        cause: err,
      },
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new RapporteurError(
      'CORRUPT_FILE',
      `${what}: the store (${ctx.location}) is damaged or not a SQLite database.`,
      {
        hint: 'Restore the latest backup (made with `rapporteur db backup`) into the data directory.',
        details,
        cause: err,
      },
    );
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM')
  ) {
    return new RapporteurError(
      'UNAVAILABLE',
      `${what}: the store (${ctx.location}) cannot be opened for writing.`,
      {
        hint: 'Check that RAPPORTEUR_DATA_DIR exists and that this user may write to it.',
        details,
        cause: err,
      },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new RapporteurError(
      'UNAVAILABLE',
      `${what}: reading or writing the store (${ctx.location}) failed (${code}).`,
      {
        hint: 'Check the disk and the data directory, then try again.',
        details,
        cause: err,
      },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new RapporteurError('CONFIG_INVALID', `${what}: ${ctx.location} refused the credentials.`, {
      hint: 'Check the user and password in DATABASE_URL.',
      details,
      cause: err,
    });
  }
  if (code === '3D000') {
    return new RapporteurError(
      'CONFIG_INVALID',
      `${what}: the database named in DATABASE_URL does not exist.`,
      {
        hint: 'Create it (createdb NAME) or correct DATABASE_URL.',
        details,
        cause: err,
      },
    );
  }
  if (PG_CONNECTION_CLASS.test(code) || NET_CODES.has(code) || LOST_CONNECTION.test(message)) {
    return new RapporteurError(
      'UNAVAILABLE',
      `${what}: lost or could not open the connection to ${ctx.location}.`,
      {
        hint: 'Check that the database is running and reachable (DATABASE_URL), then try again.',
        details,
        cause: err,
      },
    );
  }
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014') {
    return new RapporteurError('UNAVAILABLE', `${what}: the database was too busy to finish it.`, {
      hint: 'Try again in a moment.',
      details,
      cause: err,
    });
  }
  return new RapporteurError('INTERNAL', `${what}: unexpected database error (${code || 'no code'}).`, {
    hint: 'This is a bug or an unsupported database setup; please report it with the log line.',
    details,
    cause: err,
  });
}

/** True for failures where re-running the whole transaction may succeed (PostgreSQL deadlock or serialisation). */
export function isRetryableTransactionError(err: unknown): boolean {
  const code = (err as DriverError | null)?.code;
  return code === '40001' || code === '40P01';
}
