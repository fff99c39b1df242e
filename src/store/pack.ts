import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { messageOf, RapporteurError } from '../core/errors.js';
import type { JsonValue } from '../core/store.js';
import type { Codec } from './codec.js';

/**
 * Large values compressed before they are stored (migration 0008). A 1.3 MB draft's parse
 * cache is about 7 MB of JSON and gzip keeps about a ninth of it; the status and diff caches
 * and Markdown or HTML originals shrink as much. zlib runs on libuv's thread pool, so a large
 * value does not hold the event loop; reading back is bounded by the size recorded with it.
 * Rows written before 0008 are plain and read as they are.
 */

const run = { gzip: promisify(gzip), gunzip: promisify(gunzip) };

/** Below this a value is stored plain: compression would save little and cost a round of zlib. */
export const PACK_FROM_BYTES = 16 * 1024;
/** Originals above this are stored as sent: large files are mostly already compressed (DOCX, PDF). */
const PACK_ORIGINALS_UP_TO = 64 * 1024 * 1024;
/** A compressed original is kept only if it saves at least this share. */
const WORTHWHILE = 0.9;
/** The largest JSON text the store accepts (codec.ts), in characters and in UTF-8 bytes at worst. */
const MAX_JSON_CHARS = 256 * 1024 * 1024;
const MAX_JSON_BYTES = 3 * MAX_JSON_CHARS;

/** What goes into a JSON cache row: `data` plain, or `data` null and `packed` holding it. */
export interface PackedJson {
  data: string;
  packed?: Buffer;
}

/** JSON text (from `encodeJson`) as it is stored. */
export async function packJson(json: string): Promise<PackedJson> {
  if (json.length < PACK_FROM_BYTES) return { data: json };
  return { data: 'null', packed: await run.gzip(json) };
}

/**
 * JSON text compressed elsewhere (a pool worker's `packJsonText`), as it is stored. The packer
 * ran `encodeCache`'s checks on the text; here the form and the reported length are checked.
 */
export function packedAsStored(field: string, cache: { packed: unknown; chars: unknown }): PackedJson {
  const { packed, chars } = cache;
  if (!(packed instanceof Uint8Array) || packed.byteLength < 18 || packed[0] !== 0x1f || packed[1] !== 0x8b) {
    throw new RapporteurError('INVALID_ARGUMENT', `${field} must be gzip-compressed JSON text.`, {
      hint: 'Pass JSON text as { json }, or the output of the work pool as it came.',
    });
  }
  if (typeof chars !== 'number' || !Number.isInteger(chars) || chars < 1) {
    throw new RapporteurError('INVALID_ARGUMENT', `${field} must say how long its JSON text is (chars).`, {
      hint: 'Pass the output of the work pool as it came.',
    });
  }
  if (chars > MAX_JSON_CHARS) {
    throw new RapporteurError(
      'LIMIT_EXCEEDED',
      `${field} is ${Math.round(chars / 1048576)} MB of JSON, over the 256 MB limit.`,
      { hint: 'Store a summary instead of the whole result, or split it.' },
    );
  }
  return { data: 'null', packed: Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength) };
}

/** A cache row's value, from either form. */
export async function unpackJson(
  codec: Codec,
  row: { data: unknown; packed?: Uint8Array | null | undefined },
): Promise<JsonValue> {
  if (row.packed === undefined || row.packed === null) return codec.readJson(row.data);
  const text = await inflate(row.packed, MAX_JSON_BYTES, 'a cached result');
  return JSON.parse(text.toString('utf8')) as JsonValue;
}

/** A cache row's JSON text, from either form, without parsing it (for callers that pass it on as text). */
export async function unpackJsonText(data: string, packed: Uint8Array | null | undefined): Promise<string> {
  if (packed === undefined || packed === null) return data;
  return (await inflate(packed, MAX_JSON_BYTES, 'a cached result')).toString('utf8');
}

/** An original as stored: compressed when that saves a tenth or more. */
export async function packOriginal(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; encoding: 'gzip' } | undefined> {
  if (bytes.byteLength < PACK_FROM_BYTES || bytes.byteLength > PACK_ORIGINALS_UP_TO) return undefined;
  const packed = await run.gzip(bytes);
  return packed.byteLength <= bytes.byteLength * WORTHWHILE ? { bytes: packed, encoding: 'gzip' } : undefined;
}

/** An original as it was sent. */
export async function unpackOriginal(row: {
  bytes: Uint8Array;
  encoding?: string | null | undefined;
  size: number;
}): Promise<Uint8Array> {
  if (row.encoding === undefined || row.encoding === null) return row.bytes;
  const out = await inflate(row.bytes, row.size, 'an original file');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

async function inflate(bytes: Uint8Array, max: number, what: string): Promise<Buffer> {
  try {
    return await run.gunzip(bytes, { maxOutputLength: Math.max(1, max) });
  } catch (err) {
    throw new RapporteurError('INTERNAL', `The store could not decompress ${what}.`, {
      hint: 'The row is damaged; restore the store from a backup, or post the version again.',
      details: { reason: messageOf(err) },
    });
  }
}
