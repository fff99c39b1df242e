import { gunzipSync } from 'node:zlib';
import type { ParsedDraft } from '../drafts/index.js';

/**
 * JSON text compressed as the store keeps a large cache (gzip of its UTF-8, migration 0008),
 * with its length in characters. A worker compresses a parse it made, so that the main thread
 * receives a few MB of bytes (moved, not copied) and the store writes them as they are;
 * a stored parse goes back to a worker the same way, and only the worker inflates it.
 */
export interface PackedJsonText {
  packed: Uint8Array;
  chars: number;
}

/** JSON text, plain or compressed (`PackedJsonText`). */
export type JsonText = { json: string } | PackedJsonText;

/** A parsed draft as the engines take it: the object, or its JSON text, plain or compressed. */
export type ParsedInput = ParsedDraft | { json: string } | { packed: Uint8Array };

/** The largest JSON text inflated from compressed bytes: the store's limit, in UTF-8 bytes at worst. */
const MAX_INFLATED_BYTES = 3 * 256 * 1024 * 1024;

/** The JSON text of a `ParsedInput` given as text, inflated if compressed; undefined for an object. */
export function parsedText(input: ParsedInput): string | undefined {
  if ('json' in input && typeof input.json === 'string') return input.json;
  if ('packed' in input && input.packed instanceof Uint8Array) {
    return gunzipSync(input.packed, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  }
  return undefined;
}

/** The parsed draft of a `ParsedInput`. */
export function parsedOf(input: ParsedInput): ParsedDraft {
  const json = parsedText(input);
  return json === undefined ? (input as ParsedDraft) : (JSON.parse(json) as ParsedDraft);
}
