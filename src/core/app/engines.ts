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
import { RapporteurError } from '../errors.js';
import type { AgreedTextInfo } from '../language/index.js';
import {
  type MeetingClaim,
  type ReconcileOptions,
  readAnnouncement,
  reconcile,
  type Schedule,
} from '../schedule/index.js';

import {
  answerDraftQuery,
  type DraftQueries,
  type DraftQuery,
  type DraftQueryKind,
} from './drafts/queries-parsed.js';
import {
  type IndexedText,
  indexAgreedText,
  type LanguageAnswer,
  type LanguageAsk,
  type LanguageReply,
  type LibraryLoad,
  type LibraryRef,
  ResidentLibraries,
} from './language-resident.js';
import { type JsonText, type ParsedInput, parsedOf, parsedText } from './parsed-input.js';

/** What `readAnnouncement` takes and returns, named for the port. */
export type AnnouncementSource = Parameters<typeof readAnnouncement>[1];
export type AnnouncementOptions = NonNullable<Parameters<typeof readAnnouncement>[2]>;
export type AnnouncementResult = ReturnType<typeof readAnnouncement>;

/**
 * A draft read where the engines run, handed back without its parse as objects: copying a
 * parse of a hostile draft (tens of MB of brackets and annotations) between threads, or
 * serialising it for the store, stalls the thread that does it for seconds. The parse stays
 * as JSON text, which the store keeps as it is, beside the small reports a post renders.
 */
export interface DraftReading {
  /**
   * The `ParsedDraft` as JSON text, for the store's cache input and `ParsedInput`: compressed
   * (as the store keeps it) when it came from the work pool and is large.
   */
  parsed: JsonText;
  /** Whether the draft has any text to read (an empty one is refused). */
  hasText: boolean;
  status: DraftStatus;
  /** What changed since `compare.before`, when one was given. */
  diff?: DraftDiff;
}

export type { JsonText, ParsedInput } from './parsed-input.js';
export { parsedOf } from './parsed-input.js';

/** A report as it crosses between threads: its JSON text and its top-level keys. */
export interface PackedReport {
  json: string;
  keys: string[];
  /** The text as the store will keep it (compressed when large), made where the report was. */
  stored?: JsonText;
}

/** The JSON text of reports that came as text (`unpackReport`), for a store to keep as it is. */
const reportTexts = new WeakMap<object, string>();
/** The stored form of reports that came with one (`PackedReport.stored`). */
const reportStored = new WeakMap<object, JsonText>();

/** A report's wire form (where it was computed). */
export function packReport(report: object): PackedReport {
  return { json: JSON.stringify(report), keys: Object.keys(report) };
}

/**
 * The report of a wire form, parsed when one of its fields is first read: a status of a draft
 * at the section limit is some 12 MB of objects, which cost the receiving thread far more to
 * copy than a string; often it is only stored (`reportText`) or a few numbers are read.
 */
export function unpackReport<T extends object>(wire: PackedReport): T {
  let parsed: Record<string, unknown> | undefined;
  const value = () => {
    parsed ??= JSON.parse(wire.json) as Record<string, unknown>;
    return parsed;
  };
  const report = {} as Record<string, unknown>;
  for (const key of wire.keys) {
    Object.defineProperty(report, key, {
      enumerable: true,
      configurable: true,
      get: () => value()[key],
      set(v: unknown) {
        value()[key] = v;
        reportTexts.delete(report);
        reportStored.delete(report);
      },
    });
  }
  reportTexts.set(report, wire.json);
  if (wire.stored) reportStored.set(report, wire.stored);
  return report as T;
}

/** The JSON text a report came as, when it is unchanged since; else undefined. */
export function reportText(report: object): string | undefined {
  return reportTexts.get(report);
}

/**
 * A report as a store keeps it, when it came as text and is unchanged since: compressed when
 * the worker that made it compressed it, so that this thread neither scans nor compresses it.
 */
export function reportStoredText(report: object): JsonText | undefined {
  const stored = reportStored.get(report);
  if (stored) return stored;
  const json = reportTexts.get(report);
  return json === undefined ? undefined : { json };
}

/** A draft's reading: parse, status and, given a previous version's parse, the diff against it. */
export function readDraft(
  document: Document,
  options: ParseOptions,
  compare?: { before: ParsedInput; options: DiffOptions },
): DraftReading {
  const parsed = parseDraft(document, options);
  const reading: DraftReading = {
    parsed: { json: JSON.stringify(parsed) },
    hasText: parsed.text.trim().length > 0,
    status: draftStatus(parsed),
  };
  if (compare) reading.diff = diffDrafts(parsedOf(compare.before), parsed, compare.options);
  return reading;
}

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
  /**
   * `readDraft`: parse, status and diff in one step, the parse handed back as JSON text. What
   * a post calls: however large the parse, it never crosses threads as objects.
   */
  readDraft(
    tenantId: string,
    document: Document,
    options: ParseOptions,
    compare?: { before: ParsedInput; options: DiffOptions },
  ): Promise<DraftReading>;
  /** `draftStatus`: the status report of a parsed draft. */
  draftStatus(tenantId: string, parsed: ParsedInput, options?: StatusOptions): Promise<DraftStatus>;
  /** `diffDrafts`: what changed between two parsed versions. */
  diffDrafts(
    tenantId: string,
    before: ParsedInput,
    after: ParsedInput,
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
  /** A question that reads a version's whole parse (drafts/queries-parsed.ts): only the answer comes back. */
  queryDraft<K extends DraftQueryKind>(
    tenantId: string,
    parsed: ParsedInput,
    query: DraftQuery<K>,
  ): Promise<DraftQueries[K]['answer']>;
  /**
   * `/language add` and `/language promote`: an agreed text's parse (from its document, or the
   * version's stored parse) and its segment of the index, made where the engines run.
   */
  indexAgreedText(
    tenantId: string,
    source: { document: Document } | { parsed: ParsedInput },
    info: AgreedTextInfo,
  ): Promise<IndexedText>;
  /**
   * A question to a library of agreed texts (language-resident.ts). The library stays
   * resident where it was built, and every question about it goes there; `load` reads its
   * texts from the store, called only when the holder does not have `ref`'s revision
   * (`parses`: texts to send with their parse instead of their unreadable segment).
   */
  language(
    tenantId: string,
    ref: LibraryRef,
    ask: LanguageAsk,
    load: (parses?: readonly string[]) => Promise<LibraryLoad>,
  ): Promise<LanguageAnswer>;
}

/** Libraries of the inline engines: the calling thread's, bounded like a worker's by default. */
const inlineLibraries = new ResidentLibraries({ budgetBytes: 1024 * 1048576, maxLibraries: 4 });

/** The engines in the calling thread, for tests and tools that need no pool. */
export const inlineEngines: Engines = {
  parseDraft: async (_tenant, document, options) => parseDraft(document, options),
  readDraft: async (_tenant, document, options, compare) => readDraft(document, options, compare),
  draftStatus: async (_tenant, parsed, options) => draftStatus(parsedOf(parsed), options),
  diffDrafts: async (_tenant, before, after, options) =>
    diffDrafts(parsedOf(before), parsedOf(after), options),
  readAnnouncement: async (_tenant, document, source, options) => readAnnouncement(document, source, options),
  reconcile: async (_tenant, claims, options) => reconcile(claims, options),
  queryDraft: async (_tenant, parsed, query) => answerDraftQuery(parsedOf(parsed), query),
  indexAgreedText: async (_tenant, source, info) => indexSource(source, info, {}),
  language: (_tenant, ref, ask, load) =>
    askResident(load, async (library) => inlineLibraries.answer(ref, ask, library)),
};

/** An agreed text indexed from its document (parsed with `options`) or its stored parse. */
export function indexSource(
  source: { document: Document } | { parsed: ParsedInput },
  info: AgreedTextInfo,
  options: ParseOptions,
): IndexedText {
  if ('document' in source) return indexAgreedText(info, parseDraft(source.document, options));
  const { parsed } = source;
  const json = parsedText(parsed);
  return indexAgreedText(
    info,
    json === undefined ? (parsed as ParsedDraft) : (JSON.parse(json) as ParsedDraft),
    json,
  );
}

/**
 * Asks a resident library (`answer`): first without its texts, then, if the holder does not
 * have it, with them, and once more with the parses of texts whose segment was unreadable.
 */
export async function askResident(
  load: (parses?: readonly string[]) => Promise<LibraryLoad>,
  answer: (library?: LibraryLoad) => Promise<LanguageReply>,
): Promise<LanguageAnswer> {
  let reply = await answer();
  if (reply.missing) reply = await answer(await load());
  let unreadable: LanguageAnswer['unreadable'] = [];
  if (reply.missing && reply.needs) {
    unreadable = reply.unreadable ?? [];
    reply = await answer(await load(reply.needs));
  }
  if (reply.missing) {
    throw new RapporteurError('INTERNAL', 'The library of agreed texts could not be loaded.');
  }
  return { ...reply, unreadable: [...unreadable, ...reply.unreadable] };
}

/** The engines a use case should call: the runtime's, or the inline ones when none was given. */
export function enginesOf(deps: { engines?: Engines | undefined }): Engines {
  return deps.engines ?? inlineEngines;
}
