import type { PartyAliasTable } from '../core/documents/aliases.js';
import type { ExtractLimits, RecurrenceWindow } from '../core/documents/options.js';
import type { Document } from '../core/documents/types.js';
import { type ErrorCode, RapporteurError } from '../core/errors.js';

/** Messages between the extraction sandbox and its worker thread. */
export interface ExtractRequest {
  id: number;
  bytes: Uint8Array;
  name?: string;
  contentType?: string;
  limits: ExtractLimits;
  partyAliases?: PartyAliasTable;
  recurrenceWindow?: RecurrenceWindow;
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

export type ExtractResponse =
  | { type: 'ready' }
  /** The reader for the request's format is loaded; its time budget starts now. */
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; ok: true; document: Document }
  | { type: 'result'; id: number; ok: false; error: SerializedError };

/** A RapporteurError as plain data, for postMessage (class instances do not survive structured cloning). */
export function serializeError(err: RapporteurError): SerializedError {
  const out: SerializedError = { code: err.code, message: err.message };
  if (err.hint !== undefined) out.hint = err.hint;
  if (err.details !== undefined) out.details = err.details;
  return out;
}

export function deserializeError(data: SerializedError): RapporteurError {
  const options: { hint?: string; details?: Record<string, unknown> } = {};
  if (data.hint !== undefined) options.hint = data.hint;
  if (data.details !== undefined) options.details = data.details;
  return new RapporteurError(data.code, data.message, options);
}
