import { RapporteurError } from '../errors.js';
import type { PartyAliasTable } from './aliases.js';

/**
 * The limits extraction enforces. The documents module owns them: the configuration reads
 * them from the environment (src/config.ts) and hands them in.
 */
export interface ExtractLimits {
  /** Largest accepted input file, in bytes. */
  maxFileBytes: number;
  /** Largest total decompressed size of a DOCX/ZIP, in bytes. */
  maxUnzippedBytes: number;
  maxZipEntries: number;
  maxPdfPages: number;
  /** Wall-clock budget for extracting one file. */
  extractTimeoutMs: number;
}

/** The extraction limits and the heap budget of the sandbox that runs extraction in a worker thread. */
export interface Limits extends ExtractLimits {
  /** Heap budget for the extraction sandbox, in MB. */
  extractMemoryMb: number;
}

/** Bounds for expanding recurring calendar events (RRULE/RDATE). */
export interface RecurrenceWindow {
  /** Expand from this instant (ISO 8601); default: the event's own start. */
  start?: string;
  /** Expand up to this instant (ISO 8601, exclusive); default: one year after `start`. */
  end?: string;
  /** At most this many occurrences per recurring event; default 500. */
  maxOccurrences?: number;
}

/** Everything `extractDocument` needs besides the bytes. */
export interface ExtractOptions {
  /** The file name as the user gave it; used for type detection and in every message. */
  name?: string;
  /** A MIME type from the transport (e-mail part, HTTP response, chat upload), if any. */
  contentType?: string;
  limits: ExtractLimits;
  /** Party and group names to recognise at the start of comments; default: `DEFAULT_PARTY_ALIASES`. */
  partyAliases?: PartyAliasTable;
  recurrenceWindow?: RecurrenceWindow;
  /** Cancels the extraction between steps (pages, zip entries, attachments). */
  signal?: AbortSignal;
}

/** Default limits, equal to the configuration defaults, for callers without a `Config`. */
export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipEntries: 5000,
  maxPdfPages: 2000,
  extractTimeoutMs: 60_000,
};

/** Nesting allowed for e-mails inside e-mails (forwarded as attachments). */
export const MAX_ATTACHMENT_DEPTH = 4;

/**
 * State shared by one top-level extraction and everything nested in it (e-mail
 * attachments): one deadline and one byte budget, so nesting cannot multiply the limits.
 */
export interface ExtractContext {
  readonly name: string;
  readonly limits: ExtractLimits;
  readonly options: ExtractOptions;
  readonly depth: number;
  readonly budget: { attachmentBytes: number };
  /** Throws TIMEOUT when the time budget is spent, or the signal's reason when aborted. */
  check(): void;
}

/**
 * Builds the context for a top-level call. The deadline uses the monotonic
 * `performance.now()`: a cooperative check between steps. A single CPU-bound step cannot be
 * interrupted here; the extraction sandbox enforces the hard limit.
 */
export function createContext(options: ExtractOptions): ExtractContext {
  const name = options.name?.trim() || 'the file';
  const deadline = performance.now() + options.limits.extractTimeoutMs;
  const { signal } = options;
  return {
    name,
    limits: options.limits,
    options,
    depth: 0,
    budget: { attachmentBytes: options.limits.maxFileBytes },
    check() {
      if (signal?.aborted) {
        const reason: unknown = signal.reason;
        if (reason instanceof RapporteurError) throw reason;
        throw new RapporteurError('TIMEOUT', `Reading ${name} was cancelled.`, {
          hint: 'Send the file again if the cancellation was not intended.',
          cause: reason,
        });
      }
      if (performance.now() > deadline) throw timeoutError(name, options.limits.extractTimeoutMs);
    },
  };
}

/** A child context for a nested part (an e-mail attachment): same deadline and budget. */
export function childContext(parent: ExtractContext, name: string, contentType?: string): ExtractContext {
  const options: ExtractOptions = { ...parent.options, name };
  if (contentType === undefined) delete options.contentType;
  else options.contentType = contentType;
  return { ...parent, name, options, depth: parent.depth + 1 };
}

/** The TIMEOUT error, worded the same whether raised in the core or by the sandbox. */
export function timeoutError(name: string, ms: number): RapporteurError {
  return new RapporteurError('TIMEOUT', `Reading ${name} took longer than ${formatMs(ms)} and was stopped.`, {
    hint: 'The file may be very large or malformed; send a smaller or simpler version, or raise RAPPORTEUR_EXTRACT_TIMEOUT_MS.',
    details: { timeoutMs: ms },
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
