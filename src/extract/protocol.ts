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

/**
 * What a worker thread's crash means to the person who sent the work: past its heap budget,
 * LIMIT_EXCEEDED naming the variable that sets it; anything else, INTERNAL. `worker` names the
 * worker ("extraction worker", "work-pool worker"), `retry` what to send again.
 */
export function workerCrashError(
  err: Error,
  name: string,
  memoryMb: number,
  worker: string,
  retry = 'the file',
): RapporteurError {
  const code = (err as { code?: string }).code;
  if (
    code === 'ERR_WORKER_OUT_OF_MEMORY' ||
    /out of memory|heap limit|allocation failed/i.test(err.message)
  ) {
    return new RapporteurError(
      'LIMIT_EXCEEDED',
      `Reading ${name} needed more than ${memoryMb} MB of memory and was stopped.`,
      {
        hint: 'The file may be hostile or unusually complex; send a smaller or simpler version, or raise RAPPORTEUR_EXTRACT_MEMORY_MB.',
        details: { limit: 'RAPPORTEUR_EXTRACT_MEMORY_MB', memoryMb },
      },
    );
  }
  return new RapporteurError(
    'INTERNAL',
    `The ${worker} failed while reading ${name} (${err.message.slice(0, 160)}).`,
    {
      hint: `Send ${retry} again; if it keeps failing, report it.`,
    },
  );
}
