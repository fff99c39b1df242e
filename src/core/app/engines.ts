import type { Document } from '../documents/types.js';
import {
  type DiffOptions,
  type DraftDiff,
  type DraftStatus,
  diffDrafts,
  draftStatus,
  type ParsedDraft,
  type ParseOptions,
  parseDraft,
  type StatusOptions,
} from '../drafts/index.js';
import {
  type MeetingClaim,
  type ReconcileOptions,
  readAnnouncement,
  reconcile,
  type Schedule,
} from '../schedule/index.js';

/** What `readAnnouncement` takes and returns, named for the port. */
export type AnnouncementSource = Parameters<typeof readAnnouncement>[1];
export type AnnouncementOptions = NonNullable<Parameters<typeof readAnnouncement>[2]>;
export type AnnouncementResult = ReturnType<typeof readAnnouncement>;

/**
 * The CPU-heavy engines as the use cases call them. The engines themselves stay pure
 * functions; this port decides where they run. The runtime fills it with the work pool
 * (worker threads with time and memory limits, one queue per tenant), so a hostile draft in
 * one tenant neither blocks the process's event loop (chat heartbeats, acknowledgements) nor
 * delays another tenant's commands. `inlineEngines` runs them in the calling thread (tests,
 * command-line tools). Every method names the tenant the work is for, which is how the pool
 * keeps tenants' queues apart; a refusal is a `RapporteurError` (LIMIT_EXCEEDED, TIMEOUT).
 */
export interface Engines {
  /** `parseDraft`: a document's brackets, sections and alternatives. */
  parseDraft(tenantId: string, document: Document, options: ParseOptions): Promise<ParsedDraft>;
  /** `draftStatus`: the status report of a parsed draft. */
  draftStatus(tenantId: string, parsed: ParsedDraft, options?: StatusOptions): Promise<DraftStatus>;
  /** `diffDrafts`: what changed between two parsed versions. */
  diffDrafts(
    tenantId: string,
    before: ParsedDraft,
    after: ParsedDraft,
    options: DiffOptions,
  ): Promise<DraftDiff>;
  /** `readAnnouncement`: the meeting claims a document makes. */
  readAnnouncement(
    tenantId: string,
    document: Document,
    source: AnnouncementSource,
    options: AnnouncementOptions,
  ): Promise<AnnouncementResult>;
  /** `reconcile`: all claims of a process into meetings. */
  reconcile(tenantId: string, claims: MeetingClaim[], options: ReconcileOptions): Promise<Schedule>;
}

/** The engines in the calling thread, for tests and tools that need no pool. */
export const inlineEngines: Engines = {
  parseDraft: async (_tenant, document, options) => parseDraft(document, options),
  draftStatus: async (_tenant, parsed, options) => draftStatus(parsed, options),
  diffDrafts: async (_tenant, before, after, options) => diffDrafts(before, after, options),
  readAnnouncement: async (_tenant, document, source, options) => readAnnouncement(document, source, options),
  reconcile: async (_tenant, claims, options) => reconcile(claims, options),
};

/** The engines a use case should call: the runtime's, or the inline ones when none was given. */
export function enginesOf(deps: { engines?: Engines | undefined }): Engines {
  return deps.engines ?? inlineEngines;
}
