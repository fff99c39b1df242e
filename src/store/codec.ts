import { RapporteurError } from '../core/errors.js';
import type { Instant, InstantInput, JsonValue, ParsedCacheInput } from '../core/store.js';
import { isStorableText } from '../core/store.js';
import type { SqlDialectName } from './migrations.js';

/**
 * Values cross the store boundary here, in both directions. Input is validated (bad input is
 * an INVALID_ARGUMENT that names the field, never a database error); output is normalised so
 * that both databases return identical records.
 */

/** How one database represents the types the drivers disagree on. */
export interface Codec {
  readonly dialect: SqlDialectName;
  bool(value: boolean): boolean | number;
  readBool(value: boolean | number): boolean;
  readJson(value: unknown): JsonValue;
  bytes(value: Uint8Array): Uint8Array;
}

export const sqliteCodec: Codec = {
  dialect: 'sqlite',
  bool: (value) => (value ? 1 : 0),
  readBool: (value) => value === 1 || value === true,
  readJson: (value) => JSON.parse(value as string) as JsonValue,
  // better-sqlite3 binds Buffers as blobs; a Buffer view shares the caller's memory.
  bytes: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
};

export const postgresCodec: Codec = {
  dialect: 'postgres',
  bool: (value) => value,
  readBool: (value) => value === true || value === 1,
  // pg parses jsonb itself; a JSON string value arrives as a JS string, so never re-parse.
  readJson: (value) => value as JsonValue,
  bytes: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
};

/** A plain Uint8Array over a driver's Buffer, so callers see the same type from both databases. */
export function readBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function invalid(message: string, hint: string, details?: Record<string, unknown>): RapporteurError {
  return new RapporteurError(
    'INVALID_ARGUMENT',
    message,
    details === undefined ? { hint } : { hint, details },
  );
}

/** A required piece of text: trimmed, non-empty, at most `max` characters, storable on both databases. */
export function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalid(`${field} must be text.`, `Give ${field} as a string.`);
  const trimmed = value.trim();
  if (trimmed.length === 0) throw invalid(`${field} is empty.`, `Give a non-empty ${field}.`);
  if (trimmed.length > max) {
    throw invalid(
      `${field} is ${trimmed.length} characters long, over the limit of ${max}.`,
      `Shorten ${field}.`,
    );
  }
  if (!isStorableText(trimmed)) {
    throw invalid(
      `${field} contains a character that cannot be stored (U+0000 or an unpaired surrogate).`,
      `Remove control characters from ${field}.`,
    );
  }
  return trimmed;
}

/** Like `text`, but `undefined` and `null` give null. */
export function optionalText(field: string, value: unknown, max: number): string | null {
  return value === undefined || value === null ? null : text(field, value, max);
}

/**
 * Text that comes from the system rather than from a person (an error message): cut to `max`
 * characters and with unstorable characters replaced, because losing the record of a failure
 * over one odd character would be worse than showing U+FFFD.
 */
export function systemText(value: unknown, max: number): string {
  const raw = typeof value === 'string' ? value : String(value);
  let out = '';
  for (const ch of raw.slice(0, max + 1)) {
    const code = ch.codePointAt(0) ?? 0;
    out += code === 0 || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : ch;
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** True when `value` could be an id this store issued; anything else cannot match a row. */
export function plausibleId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 && isStorableText(value);
}

/** An integer within bounds. */
export function int(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      `${field} must be a whole number from ${min} to ${max}.`,
      `Give ${field} within that range.`,
      {
        value: typeof value === 'number' ? value : typeof value,
      },
    );
  }
  return value;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant normalised to `YYYY-MM-DDTHH:mm:ss.sssZ`. The fixed width matters: SQLite
 * compares timestamps as text, which orders correctly only when every value has this shape.
 */
export function instant(field: string, value: InstantInput): Instant {
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string' && ISO_INSTANT.test(value)) date = new Date(value);
  else {
    throw invalid(
      `${field} must be a Date or an ISO 8601 instant with a zone, such as 2014-06-09T12:00:00Z.`,
      'Give the instant in UTC (Z) or with an explicit offset.',
    );
  }
  const ms = date.getTime();
  // Years 1 to 9999 keep the fixed-width text form (and fit both databases' ranges).
  if (Number.isNaN(ms) || ms < -62135596800000 || ms > 253402300799999) {
    throw invalid(`${field} is not a valid instant between the years 1 and 9999.`, 'Check the date.');
  }
  return date.toISOString();
}

/** Like `instant`, but `null` stays null. */
export function optionalInstant(field: string, value: InstantInput | null | undefined): Instant | null {
  return value === null || value === undefined ? null : instant(field, value);
}

/** The form `instant` writes: SQLite text columns hold it, and it needs no parsing back. */
const CANONICAL_INSTANT =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * Reads a timestamp column (Date from pg, text from SQLite) as a normalised instant. Text in
 * the canonical form is returned as it is (a busy worker reads several per message); anything
 * else is parsed and normalised.
 */
export function readInstant(value: Date | string): Instant {
  if (value instanceof Date) return value.toISOString();
  return CANONICAL_INSTANT.test(value) ? value : new Date(value).toISOString();
}

/** Like `readInstant`, for nullable columns. */
export function readOptionalInstant(value: Date | string | null): Instant | null {
  return value === null ? null : readInstant(value);
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function localDate(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
  }
  throw invalid(
    `${field} must be a calendar date written YYYY-MM-DD.`,
    'Give the date as printed, e.g. 2014-06-03.',
  );
}

/** A lower-case hexadecimal SHA-256. */
export function sha256Hex(field: string, value: unknown): string {
  if (typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  throw invalid(
    `${field} must be a SHA-256 digest in hexadecimal (64 characters).`,
    'Hash the content with SHA-256.',
  );
}

/** A URL; `webOnly` restricts it to http and https. */
export function url(field: string, value: unknown, webOnly: boolean): string {
  const raw = text(field, value, 2048);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid(
      `${field} is not a valid URL.`,
      'Give a full address such as https://www.itu.int/net4/wsis/forum/.',
    );
  }
  if (webOnly && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`${field} must be an http or https address.`, 'Only web pages and feeds can be watched.');
  }
  return raw;
}

/**
 * Serialises engine output to JSON text, refusing what JSON would silently alter (NaN,
 * Infinity, undefined in an array, functions, Dates, Maps, class instances, cycles) and what
 * PostgreSQL's JSON types cannot hold (U+0000, unpaired surrogates), so both databases return
 * exactly what was stored, or neither stores it.
 *
 * Parse caches run to megabytes, so this is built for speed: the native serialiser does the
 * work, a walk checks only types, and characters are checked once on the output, where
 * JSON.stringify writes U+0000 and unpaired surrogates as `\u` escapes.
 */
export function encodeJson(field: string, value: unknown): string {
  let out: string | undefined;
  let problem: string | undefined;
  try {
    out = JSON.stringify(value);
    problem = out === undefined ? 'nothing to store' : plainProblem(value, '$');
  } catch (err) {
    // Cycles and BigInts make JSON.stringify throw; very deep nesting overflows the stack.
    problem =
      err instanceof RangeError
        ? 'it is nested too deeply'
        : err instanceof Error
          ? err.message
          : String(err);
  }
  if (problem === undefined && out !== undefined && UNSTORABLE_ESCAPE.test(out)) {
    problem = 'a string or key with U+0000 or an unpaired surrogate';
  }
  if (out !== undefined && out.length > MAX_JSON_CHARS) {
    throw new RapporteurError(
      'LIMIT_EXCEEDED',
      `${field} is ${Math.round(out.length / 1048576)} MB of JSON, over the 256 MB limit.`,
      {
        hint: 'Store a summary instead of the whole result, or split it.',
      },
    );
  }
  if (problem !== undefined || out === undefined) {
    throw invalid(
      `${field} is not plain JSON data: ${problem ?? 'nothing to store'}.`,
      'Store plain objects, arrays, strings, finite numbers, booleans and null only.',
    );
  }
  return out;
}

/**
 * A cache's JSON text: `data` serialised and checked by `encodeJson`, or `json` already
 * serialised by the caller, checked here only for what the databases cannot hold.
 */
export function encodeCache(field: string, cache: ParsedCacheInput | undefined): string {
  if (cache && 'packed' in cache) {
    throw invalid(`${field} cannot be compressed here.`, 'Pass the JSON text or the data itself.');
  }
  if (!cache || !('json' in cache)) return encodeJson(field, cache?.data);
  if (typeof cache.json !== 'string' || cache.json.length === 0) {
    throw invalid(`${field} must be JSON text.`, 'Pass the output of JSON.stringify, or the data itself.');
  }
  if (cache.json.length > MAX_JSON_CHARS) {
    throw new RapporteurError(
      'LIMIT_EXCEEDED',
      `${field} is ${Math.round(cache.json.length / 1048576)} MB of JSON, over the 256 MB limit.`,
      { hint: 'Store a summary instead of the whole result, or split it.' },
    );
  }
  // Most parses have no escape at all: one scan for it is far cheaper than the pattern.
  if (cache.json.includes('\\u') && UNSTORABLE_ESCAPE.test(cache.json)) {
    throw invalid(
      `${field} is not plain JSON data: a string or key with U+0000 or an unpaired surrogate.`,
      'Store plain objects, arrays, strings, finite numbers, booleans and null only.',
    );
  }
  return cache.json;
}

/** The largest JSON value stored: both databases cap a value at 1 GB, and caches should stay far below. */
const MAX_JSON_CHARS = 256 * 1024 * 1024;

/** A `\u0000` or lone-surrogate escape that is not itself an escaped backslash followed by text. */
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;

/** The first thing in `value` that JSON would not keep as it is, with its path, or undefined. */
function plainProblem(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `the number ${value} at ${path}`;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          if (item === undefined) return `undefined at ${path}[${i}]`;
          const p = plainProblem(item, path);
          if (p !== undefined) return p;
        }
        return undefined;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        return `a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object at ${path}`;
      }
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        // An undefined property is simply absent in JSON, as for an optional field.
        if (item === undefined) continue;
        const p = plainProblem(item, `${path}.${key}`);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    default:
      return `a ${typeof value} at ${path}`;
  }
}

/** JSON with object keys sorted, to compare values whatever order a database returns keys in. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Turns zod-style issues into one INVALID_ARGUMENT. */
export function invalidSettings(
  what: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): RapporteurError {
  const problems = issues.map((i) => `${i.path.map(String).join('.') || what}: ${i.message}`);
  return invalid(
    `The ${what} are not valid: ${problems.join('; ')}.`,
    'Correct these values and try again.',
    {
      problems,
    },
  );
}
