import type { DraftQuery } from '../core/app/drafts/queries-parsed.js';
import type {
  AnnouncementOptions,
  AnnouncementResult,
  AnnouncementSource,
  DraftReading,
  PackedReport,
  ParsedInput,
} from '../core/app/engines.js';
import type {
  IndexedText,
  LanguageAsk,
  LanguageReply,
  LibraryLoad,
  LibraryRef,
} from '../core/app/language-resident.js';
import type { Document } from '../core/documents/types.js';
import type {
  DiffOptions,
  DraftDiff,
  ParsedDraft,
  ParseOptions,
  StatusOptions,
} from '../core/drafts/index.js';
import type { AgreedTextInfo } from '../core/language/index.js';
import type { MeetingClaim, ReconcileOptions, Schedule } from '../core/schedule/index.js';
import type { ExtractRequest, SerializedError } from '../extract/protocol.js';
import type { PackedDocument } from './packed.js';

/** A document as a job takes it: its wire form (packed.ts) when it came from the pool. */
type WireDocument = Document | PackedDocument;

/**
 * The jobs a work-pool worker runs: each kind names one pure engine, its input and its output.
 * Inputs and outputs are plain data (structured cloning). A large object graph costs the thread
 * that copies it seconds, so a parse crosses as JSON text (`draft.read`, `ParsedInput`).
 * Adding a kind: its input and output here, its runner in jobs.ts, its wording in pool.ts.
 */
export interface WorkKinds {
  extract: {
    /** What the extraction sandbox sends its own worker, less the message id. */
    input: Omit<ExtractRequest, 'id'>;
    output: PackedDocument;
  };
  'draft.parse': { input: { document: WireDocument; options: ParseOptions }; output: ParsedDraft };
  'draft.read': {
    input: {
      document: WireDocument;
      options: ParseOptions;
      compare?: { before: ParsedInput; options: DiffOptions };
    };
    /** The status as text too: at the section limit it is some 12 MB of objects. */
    output: Omit<DraftReading, 'status'> & { status: PackedReport };
  };
  'draft.status': { input: { parsed: ParsedInput; options?: StatusOptions }; output: PackedReport };
  'draft.diff': {
    input: { before: ParsedInput; after: ParsedInput; options: DiffOptions };
    output: DraftDiff;
  };
  /** A question reading a version's whole parse; only the (small) answer comes back. */
  'draft.query': { input: { parsed: ParsedInput; query: DraftQuery }; output: unknown };
  'schedule.read': {
    input: { document: WireDocument; source: AnnouncementSource; options: AnnouncementOptions };
    output: AnnouncementResult;
  };
  'schedule.reconcile': { input: { claims: MeetingClaim[]; options: ReconcileOptions }; output: Schedule };
  /**
   * A question to a library of agreed texts, resident in the worker that built it: the pool
   * routes every job of one library (`affinity`) to that worker. `missing` asks for `load`.
   */
  language: { input: { ref: LibraryRef; ask: LanguageAsk; load?: LibraryLoad }; output: LanguageReply };
  /** An agreed text to add to a library: parsed (from its document) and indexed alone. */
  'language.index': {
    input: {
      source: { document: WireDocument } | { parsed: ParsedInput };
      info: AgreedTextInfo;
      options: ParseOptions;
    };
    output: IndexedText;
  };
}

export type WorkKind = keyof WorkKinds;

export interface WorkRequest<K extends WorkKind = WorkKind> {
  id: number;
  kind: K;
  input: WorkKinds[K]['input'];
  /** Bytes of memory outside the JavaScript heap (buffers, inflated streams) the job may hold. */
  externalBytes: number;
  /** Bounds of the libraries of agreed texts the worker keeps resident (language jobs). */
  resident: { budgetBytes: number; maxLibraries: number };
}

export type WorkResponse =
  | { type: 'ready' }
  /** Loading done (a reader's module, say): the job's own time budget starts now. */
  | { type: 'started'; id: number }
  /** The job holds more memory outside the heap than allowed; the parent stops the worker. */
  | { type: 'external'; id: number; bytes: number }
  | { type: 'result'; id: number; ok: true; output: unknown; held: string[] }
  | { type: 'result'; id: number; ok: false; error: SerializedError; held: string[] };
