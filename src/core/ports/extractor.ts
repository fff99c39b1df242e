import type { Document } from '../documents/types.js';

/**
 * The extraction port: uploaded bytes become a Document within the configured limits. The
 * sandbox in src/extract implements it in a worker thread with a heap and a time budget; tests
 * may read in-process.
 */

/** What the caller knows about a file besides its bytes. */
export interface ExtractInput {
  name?: string;
  contentType?: string;
  /** Whose work this is; the work pool queues each tenant apart (a single sandbox ignores it). */
  tenantId?: string;
}

/** Turns uploaded bytes into a Document. */
export interface Extractor {
  /** Reads one file; rejects with a RapporteurError (TIMEOUT and LIMIT_EXCEEDED included). */
  extract(bytes: Uint8Array, input?: ExtractInput): Promise<Document>;
  /** Releases what the extractor holds (the sandbox's worker); pending extractions are rejected. */
  close(): Promise<void>;
}
