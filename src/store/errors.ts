import { type ErrorCode, RapporteurError } from '../core/errors.js';

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
  const fail = (kind: ErrorCode, text: string, hint: string) =>
    new RapporteurError(kind, text, { hint, details, cause: err });

  // Uniqueness: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY.
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return fail(
      'CONFLICT',
      ctx.conflict ?? `${what}: it clashes with an existing record.`,
      ctx.conflictHint ?? 'Look the existing record up instead of creating it again.',
    );
  }
  // A reference to a row that does not exist in this tenant: PostgreSQL 23503, SQLite _FOREIGNKEY.
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return fail(
      'NOT_FOUND',
      ctx.missing ?? `${what}: a record it refers to does not exist.`,
      ctx.missingHint ?? 'Check the id; the record may have been deleted.',
    );
  }
  if (
    code === '23514' ||
    code === '23502' ||
    code === 'SQLITE_CONSTRAINT_CHECK' ||
    code === 'SQLITE_CONSTRAINT_NOTNULL'
  ) {
    return fail(
      'INVALID_ARGUMENT',
      `${what}: a value is outside what the store accepts.`,
      'Check the values given; this is likely a bug in the caller, please report it.',
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return fail(
      'UNAVAILABLE',
      `${what}: the store (${ctx.location}) stayed locked by another process.`,
      'Try again in a moment; if it keeps happening, look for a stuck Rapporteur process using the same data directory.',
    );
  }
  if (code === 'SQLITE_FULL' || code === '53100') {
    return fail(
      'UNAVAILABLE',
      `${what}: the disk holding the store (${ctx.location}) is full.`,
      'Free disk space, then try again.',
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return fail(
      'CORRUPT_FILE',
      `${what}: the store (${ctx.location}) is damaged or not a SQLite database.`,
      'Restore the latest backup (made with `rapporteur db backup`) into the data directory.',
    );
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM')
  ) {
    return fail(
      'UNAVAILABLE',
      `${what}: the store (${ctx.location}) cannot be opened for writing.`,
      'Check that RAPPORTEUR_DATA_DIR exists and that this user may write to it.',
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return fail(
      'UNAVAILABLE',
      `${what}: reading or writing the store (${ctx.location}) failed (${code}).`,
      'Check the disk and the data directory, then try again.',
    );
  }
  if (code === '28P01' || code === '28000') {
    return fail(
      'CONFIG_INVALID',
      `${what}: ${ctx.location} refused the credentials.`,
      'Check the user and password in DATABASE_URL.',
    );
  }
  if (code === '3D000') {
    return fail(
      'CONFIG_INVALID',
      `${what}: the database named in DATABASE_URL does not exist.`,
      'Create it (createdb NAME) or correct DATABASE_URL.',
    );
  }
  if (PG_CONNECTION_CLASS.test(code) || NET_CODES.has(code) || LOST_CONNECTION.test(message)) {
    return fail(
      'UNAVAILABLE',
      `${what}: lost or could not open the connection to ${ctx.location}.`,
      'Check that the database is running and reachable (DATABASE_URL), then try again.',
    );
  }
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014') {
    return fail('UNAVAILABLE', `${what}: the database was too busy to finish it.`, 'Try again in a moment.');
  }
  return fail(
    'INTERNAL',
    `${what}: unexpected database error (${code || 'no code'}).`,
    'This is a bug or an unsupported database setup; please report it with the log line.',
  );
}

/** True for failures where re-running the whole transaction may succeed (PostgreSQL deadlock or serialisation). */
export function isRetryableTransactionError(err: unknown): boolean {
  const code = (err as DriverError | null)?.code;
  return code === '40001' || code === '40P01';
}
