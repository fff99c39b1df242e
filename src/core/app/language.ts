import { createHash } from 'node:crypto';
import { DRAFT_SCHEMA_VERSION } from '../drafts/index.js';
import { messageOf, RapporteurError } from '../errors.js';
import {
  type AgreedRank,
  type AgreedTextContent,
  type AgreedTextInfo,
  type AgreedTextRecord,
  addStoredSegment,
  type CheckReport,
  checkAgreedTextInfo,
  LANGUAGE_INDEX_SCHEMA,
  LanguageLibrary,
  type LibrarySummary,
  MAX_CHECK_CHARS,
  type ParagraphLanguage,
  type RollBack,
  type SectionLanguageReport,
  sectionReport,
} from '../language/index.js';
import type { TenantStore } from '../ports/index.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../store.js';
import { versionDate } from '../store.js';
import {
  type Actor,
  type AppDeps,
  type Resolved,
  requirePoster,
  resolveAsPoster,
  resolveProcess,
  type Scope,
  type UploadedFile,
} from './context.js';
import { parsedInput, selectVersionFor } from './drafts/versions.js';
import { enginesOf } from './engines.js';
import {
  buildLibrary,
  type IndexedText,
  type LanguageAnswer,
  type LanguageAsk,
  type LibraryDelta,
  type LibraryLoad,
  type LibraryRef,
  type LibraryRow,
  parsedJsonOf,
} from './language-resident.js';

/**
 * Previously agreed language as use cases: each process's library of agreed texts (added
 * by chairs' staff, or promoted from an adopted version of the process's own drafts), and
 * matching pasted text or a posted version against it. The library is built once per
 * library revision and kept resident where the engines run (one work-pool worker per library,
 * language-resident.ts), and every question about it is sent there; the store keeps each text's segment of the index
 * (written with the text, so adding a text writes only its own part, and a restart merges
 * the segments rather than re-reading every text) and each version's match (computed once
 * per version and library revision).
 *
 * One file (over 500 lines) because adding, removing, promoting and matching all go through
 * the same in-memory library per revision and its cache; split, each would need to know how
 * the others invalidate it.
 */

/** What adding to the library is called in the staff-only refusal. */
const ADD_TEXTS = 'add texts to the library of agreed language';

/** Schema of the match cached per version; bump when `ParagraphLanguage` changes shape (2: `label`). */
export const LANGUAGE_MATCH_SCHEMA = 2;
/** Libraries kept in memory at once (a library of a few hundred texts holds tens of megabytes). */
const MAX_LIBRARIES_IN_MEMORY = 4;

interface LoadedLibrary {
  revision: number;
  library: LanguageLibrary;
}

/** Built libraries by store, then by tenant and process: a cache, never shared across stores. */
const memory = new WeakMap<object, Map<string, LoadedLibrary>>();

function cacheFor(deps: AppDeps): Map<string, LoadedLibrary> {
  let map = memory.get(deps.store);
  if (!map) {
    map = new Map();
    memory.set(deps.store, map);
  }
  return map;
}

function remember(deps: AppDeps, key: string, loaded: LoadedLibrary): void {
  const map = cacheFor(deps);
  map.delete(key);
  map.set(key, loaded);
  while (map.size > MAX_LIBRARIES_IN_MEMORY) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

function infoOf(record: AgreedTextRecord): AgreedTextInfo {
  return {
    title: record.title,
    adopted: record.adopted,
    name: record.fileName,
    ...(record.symbol === null ? {} : { symbol: record.symbol }),
    ...(record.body === null ? {} : { body: record.body }),
    ...(record.rank === null ? {} : { rank: record.rank }),
  };
}

/** How to fill an empty library, in the chat's words. */
export const EMPTY_LIBRARY_HINT =
  'Chairs\' staff add agreed texts with `/language add <file> --title "Tunis Agenda" --adopted 2005-11-18 [--symbol …] [--rank summit]` (DOCX, PDF, HTML, Markdown or text), or promote an adopted version of a draft with `/language promote <version> --adopted YYYY-MM-DD`.';

function emptyLibrary(process: ProcessRecord): RapporteurError {
  return new RapporteurError('NOT_FOUND', `The library of agreed texts of ${process.name} is empty.`, {
    hint: EMPTY_LIBRARY_HINT,
  });
}

/** An id per store object: the key of a library names its store, as the cache above does. */
const storeIds = new WeakMap<object, number>();
let nextStoreId = 1;

/** The identity of a process's library where it is resident: store, tenant and process. */
function libraryKey(deps: AppDeps, store: TenantStore, process: ProcessRecord): string {
  let id = storeIds.get(deps.store);
  if (id === undefined) {
    id = nextStoreId++;
    storeIds.set(deps.store, id);
  }
  return `${id}/${store.tenantId}/${process.id}`;
}

/**
 * The library's texts as the store keeps them, to build it: each with its stored segment of
 * the current schema, and its parse only when it has none or is named in `parses` (its segment
 * unreadable); the parses are then read once for all texts.
 */
async function libraryRows(
  store: TenantStore,
  process: ProcessRecord,
  parses: readonly string[] = [],
): Promise<LibraryLoad> {
  const rows: LibraryRow[] = [];
  let contents: Map<string, AgreedTextContent> | undefined;
  for (const row of await store.listAgreedTextSegments(process.id)) {
    const base = { textId: row.record.id, info: infoOf(row.record), text: row.text };
    if (row.segment?.schemaVersion === LANGUAGE_INDEX_SCHEMA && !parses.includes(row.record.id)) {
      rows.push({ ...base, segment: row.segment.bytes });
      continue;
    }
    contents ??= new Map((await store.listAgreedTextContents(process.id)).map((c) => [c.record.id, c]));
    const content = contents.get(row.record.id);
    if (!content) continue; // removed meanwhile
    const parsedJson = parsedJsonOf(content.parsed);
    rows.push({ ...base, text: content.text, ...(parsedJson === undefined ? {} : { parsedJson }) });
  }
  return { rows };
}

/** Stores the segments a build made again, and logs the unreadable ones. */
async function afterBuild(
  deps: AppDeps,
  store: TenantStore,
  process: ProcessRecord,
  built: Pick<LanguageAnswer, 'rebuilt' | 'unreadable'>,
): Promise<void> {
  for (const u of built.unreadable) {
    deps.logger.warn(
      { tenant: store.tenantId, process: process.id, text: u.textId, error: u.error },
      'stored segment of the index of agreed texts unreadable; rebuilding it',
    );
  }
  for (const r of built.rebuilt) await storeSegment(deps, store, r.textId, r.bytes);
}

/**
 * The process's library, built in this thread from the store: from memory when the revision
 * is unchanged, else by merging the texts' stored segments. A text without a readable segment
 * of the current schema (stored before segments were, or by an older engine) is indexed from
 * its parse, and its segment stored for the next time. The use cases ask the engines instead
 * (`askLibrary`), where the library stays resident in one worker; this is for tools and tests.
 */
export async function loadLibrary(
  deps: AppDeps,
  store: TenantStore,
  process: ProcessRecord,
): Promise<LoadedLibrary> {
  const key = `${store.tenantId}/${process.id}`;
  const revision = await store.libraryRevision(process.id);
  const known = cacheFor(deps).get(key);
  if (known && known.revision === revision) {
    remember(deps, key, known);
    return known;
  }
  if (revision === 0) return { revision, library: new LanguageLibrary() };
  let built = buildLibrary((await libraryRows(store, process)).rows);
  if (built.needs.length > 0) {
    const unreadable = built.unreadable;
    built = buildLibrary((await libraryRows(store, process, built.needs)).rows);
    built.unreadable = unreadable;
  }
  await afterBuild(deps, store, process, built);
  const loaded = { revision, library: built.library };
  remember(deps, key, loaded);
  return loaded;
}

/** The last text added to each library, for the resident copy to grow by (`LibraryRef.delta`). */
const deltas = new Map<string, { to: number; delta: LibraryDelta }>();

function rememberDelta(key: string, to: number, delta: LibraryDelta): void {
  remembered(deltas, key, { to, delta });
}

/**
 * Asks the process's library, wherever the engines keep it resident (one work-pool worker per
 * library). Undefined when the library is empty (never filled, or every text removed).
 */
async function askLibrary(
  deps: AppDeps,
  store: TenantStore,
  process: ProcessRecord,
  ask: LanguageAsk,
): Promise<(LanguageAnswer & { revision: number }) | undefined> {
  const revision = await store.libraryRevision(process.id);
  if (revision === 0) return undefined;
  const key = libraryKey(deps, store, process);
  const pending = deltas.get(key);
  const ref: LibraryRef = { key, revision };
  if (pending?.to === revision) ref.delta = pending.delta;
  const answer = await enginesOf(deps).language(store.tenantId, ref, ask, (parses) =>
    libraryRows(store, process, parses),
  );
  if (pending && pending.to <= revision) deltas.delete(key);
  await afterBuild(deps, store, process, answer);
  remembered(summaries, key, { revision, summary: answer.summary });
  return answer.summary.texts.length === 0 ? undefined : { ...answer, revision };
}

/** The summaries of libraries last asked (a few KB each): a section report needs one. */
const summaries = new Map<string, { revision: number; summary: LibrarySummary }>();

/** Keeps `value` as the newest of a small map (insertion order: least recent first). */
function remembered<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}
const MAX_REMEMBERED = 64;

/** The summary of the process's library (texts, passages, words); NOT_FOUND when empty. */
async function librarySummary(deps: AppDeps, resolved: Resolved): Promise<LibrarySummary> {
  const { store, process } = resolved;
  const known = summaries.get(libraryKey(deps, store, process));
  const revision = await store.libraryRevision(process.id);
  if (known && known.revision === revision && known.summary.texts.length > 0) return known.summary;
  return (await requireAnswer(deps, resolved, { summary: true })).summary;
}

async function storeSegment(
  deps: AppDeps,
  store: TenantStore,
  textId: string,
  bytes: Uint8Array,
): Promise<void> {
  try {
    await store.setLanguageSegment(textId, { schemaVersion: LANGUAGE_INDEX_SCHEMA, bytes });
  } catch (err) {
    // The segment only saves time at the next load; answering does not depend on it.
    deps.logger.warn(
      { tenant: store.tenantId, text: textId, error: messageOf(err) },
      'could not store a segment of the index of agreed texts',
    );
  }
}

/** An answer of the process's library; NOT_FOUND with how to fill it when it is empty. */
async function requireAnswer(
  deps: AppDeps,
  resolved: Resolved,
  ask: LanguageAsk,
): Promise<LanguageAnswer & { revision: number }> {
  const answer = await askLibrary(deps, resolved.store, resolved.process, ask);
  if (!answer) throw emptyLibrary(resolved.process);
  return answer;
}

// ---------------------------------------------------------------------------------------
// Managing the library

/** What `/language add` names besides the file. */
export interface AgreedTextDetails {
  title: string;
  adopted: string;
  symbol?: string | undefined;
  body?: string | undefined;
  rank?: AgreedRank | undefined;
}

export interface AddedText {
  process: ProcessRecord;
  text: AgreedTextRecord;
  /** Passages (paragraphs, headings) the text brought to the library. */
  passages: number;
  /** Texts in the library now. */
  texts: number;
}

function detailsInfo(details: AgreedTextDetails, name: string): AgreedTextInfo {
  const info: AgreedTextInfo = {
    title: details.title.trim(),
    adopted: details.adopted.trim(),
    name,
    ...(details.symbol ? { symbol: details.symbol.trim() } : {}),
    ...(details.body ? { body: details.body.trim() } : {}),
    ...(details.rank ? { rank: details.rank } : {}),
  };
  checkAgreedTextInfo(info);
  return info;
}

/**
 * Adds an agreed text to the process's library (chairs' staff and administrators): reads
 * the file with the documents module (whose errors say what is wrong with it), parses its
 * paragraphs, and stores it with its metadata.
 */
export async function addAgreedText(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: AgreedTextDetails & { file: UploadedFile; process?: string | undefined },
): Promise<AddedText> {
  const resolved = await resolveAsPoster(deps, scope, actor, input.process, ADD_TEXTS);
  const info = detailsInfo(input, input.file.name);
  const tenantId = resolved.store.tenantId;
  const doc = await deps.extractor.extract(input.file.bytes, {
    name: input.file.name,
    ...(input.file.contentType ? { contentType: input.file.contentType } : {}),
    tenantId,
  });
  // Parsed and indexed where the engines run: a large text is neither parsed nor serialised here.
  const indexed = await enginesOf(deps).indexAgreedText(tenantId, { document: doc }, info);
  if (indexed.text.trim().length === 0) {
    throw new RapporteurError('NO_TEXT', `${input.file.name} contains no text to read.`, {
      hint: 'Send the agreed text as DOCX, PDF with a text layer, HTML, Markdown or plain text.',
    });
  }
  return storeAgreedText(deps, resolved, actor, info, indexed, {
    fileName: input.file.name,
    contentType: input.file.contentType ?? 'application/octet-stream',
    sha256: createHash('sha256').update(input.file.bytes).digest('hex'),
    size: input.file.bytes.byteLength,
  });
}

/**
 * Promotes a version of one of the process's drafts to the library (chairs' staff and
 * administrators): the version as adopted becomes agreed language, dated by `adopted` or,
 * without it, by the version's own date.
 */
export async function promoteVersion(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: {
    title?: string | undefined;
    adopted?: string | undefined;
    symbol?: string | undefined;
    body?: string | undefined;
    rank?: AgreedRank | undefined;
    version?: string | undefined;
    document?: string | undefined;
    process?: string | undefined;
  },
): Promise<AddedText & { document: DocumentRecord; version: VersionRecord }> {
  const selected = await selectVersionFor(deps, scope, input);
  const { resolved, document, version } = selected;
  await requirePoster(resolved.store, resolved.process, actor, ADD_TEXTS);
  const info = detailsInfo(
    {
      ...input,
      title: input.title ?? `${document.name} (${version.label})`,
      adopted: input.adopted ?? versionDate(version).slice(0, 10),
    },
    version.fileName,
  );
  const indexed = await enginesOf(deps).indexAgreedText(
    resolved.store.tenantId,
    { parsed: await parsedInput(deps, resolved.store, version) },
    info,
  );
  const added = await storeAgreedText(deps, resolved, actor, info, indexed, {
    fileName: version.fileName,
    contentType: version.contentType,
    sha256: version.sha256,
    size: version.size,
    sourceVersionId: version.id,
  });
  return { ...added, document, version };
}

async function storeAgreedText(
  deps: AppDeps,
  resolved: Resolved,
  actor: Actor,
  info: AgreedTextInfo,
  indexed: IndexedText,
  file: { fileName: string; contentType: string; sha256: string; size: number; sourceVersionId?: string },
): Promise<AddedText> {
  const { store, process } = resolved;
  // Indexed alone (`indexed`), it says how many passages it brings, so a text with none is
  // refused, and gives its segment of the index: stored with the text, the only part of the
  // index an add writes.
  const { passages, segment: segmentBytes } = indexed;
  if (passages === 0) {
    throw new RapporteurError('NO_TEXT', `${info.name ?? info.title} has no paragraph of words to match.`, {
      hint: 'Check that the file holds the agreed text itself, not only a scanned image of it.',
    });
  }
  const before = cacheFor(deps).get(`${store.tenantId}/${process.id}`);
  const text = await store.addAgreedText({
    processId: process.id,
    title: info.title,
    adopted: info.adopted,
    symbol: info.symbol ?? null,
    body: info.body ?? null,
    rank: info.rank ?? null,
    ...file,
    addedBy: actor.userId,
    addedAt: deps.clock.now(),
    text: indexed.text,
    parsed: { schemaVersion: DRAFT_SCHEMA_VERSION, json: indexed.json },
    segment: { schemaVersion: LANGUAGE_INDEX_SCHEMA, bytes: segmentBytes },
  });
  const revision = await store.libraryRevision(process.id);
  const texts = (await store.listAgreedTexts(process.id)).length;
  // The resident library grows by this text's segment when nothing else changed meanwhile,
  // rather than being merged again from every segment at the next question.
  if (before && before.revision === revision - 1 && before.library.texts.length === texts - 1) {
    addStoredSegment(before.library, segmentBytes, indexed.text);
    remember(deps, `${store.tenantId}/${process.id}`, { revision, library: before.library });
  }
  rememberDelta(libraryKey(deps, store, process), revision, {
    from: revision - 1,
    texts,
    segment: segmentBytes,
    text: indexed.text,
  });
  deps.logger.info(
    { tenant: store.tenantId, process: process.id, text: text.id, passages, revision },
    'agreed text added to the library',
  );
  return { process, text, passages, texts };
}

/** The process's library, newest adoption first. */
export async function listAgreedTexts(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined },
): Promise<{ process: ProcessRecord; texts: AgreedTextRecord[] }> {
  const { store, process } = await resolveProcess(deps, scope, input.process);
  return { process, texts: await store.listAgreedTexts(process.id) };
}

/**
 * Finds a text of the library by what people type: its id (or the first eight characters
 * of it, as `/language list` shows), its symbol, or its title (whole, or a part that only
 * one title has).
 */
export function findAgreedText(texts: readonly AgreedTextRecord[], query: string): AgreedTextRecord {
  const q = query.trim().toLowerCase();
  const byId = texts.filter(
    (t) => t.id.toLowerCase() === q || (q.length >= 6 && t.id.toLowerCase().startsWith(q)),
  );
  if (byId.length === 1) return byId[0] as AgreedTextRecord;
  const exact = texts.filter((t) => t.symbol?.toLowerCase() === q || t.title.toLowerCase() === q);
  if (exact.length === 1) return exact[0] as AgreedTextRecord;
  const partial = exact.length > 1 ? exact : texts.filter((t) => t.title.toLowerCase().includes(q));
  if (partial.length === 1) return partial[0] as AgreedTextRecord;
  const list = (partial.length > 1 ? partial : texts)
    .slice(0, 10)
    .map((t) => `${t.title} (${t.adopted}, id ${t.id.slice(0, 8)})`)
    .join('; ');
  throw new RapporteurError(
    'NOT_FOUND',
    partial.length > 1 ? `"${query}" matches several agreed texts.` : `No agreed text matches "${query}".`,
    { hint: texts.length === 0 ? EMPTY_LIBRARY_HINT : `Name one by its id or symbol: ${list}.` },
  );
}

/** Removes a text from the library (chairs' staff and administrators). */
export async function removeAgreedText(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: { text: string; process?: string | undefined },
): Promise<{ process: ProcessRecord; text: AgreedTextRecord; texts: number }> {
  const { store, process } = await resolveAsPoster(
    deps,
    scope,
    actor,
    input.process,
    'remove texts from the library of agreed language',
  );
  const all = await store.listAgreedTexts(process.id);
  if (all.length === 0) throw emptyLibrary(process);
  const text = findAgreedText(all, input.text);
  await store.removeAgreedText(text.id);
  deps.logger.info({ tenant: store.tenantId, process: process.id, text: text.id }, 'agreed text removed');
  return { process, text, texts: all.length - 1 };
}

// ---------------------------------------------------------------------------------------
// Matching

/**
 * Where the words of a pasted text come from. A text over the limit is refused before the
 * library is read; an empty library answers with how to fill it.
 */
export async function checkText(
  deps: AppDeps,
  scope: Scope,
  input: { text: string; process?: string | undefined },
): Promise<{ process: ProcessRecord; report: CheckReport }> {
  if (input.text.length > MAX_CHECK_CHARS) {
    throw new RapporteurError(
      'LIMIT_EXCEEDED',
      `The text to check is ${input.text.length.toLocaleString('en-US')} characters, over the ${MAX_CHECK_CHARS.toLocaleString('en-US')}-character limit.`,
      {
        hint: 'Check a phrase or a paragraph at a time; for a whole draft, post it with `/draft post` and use `/language section <section>`.',
        details: { length: input.text.length, limit: MAX_CHECK_CHARS },
      },
    );
  }
  const resolved = await resolveProcess(deps, scope, input.process);
  const { check } = await requireAnswer(deps, resolved, { check: input.text });
  return { process: resolved.process, report: check as CheckReport };
}

/**
 * The match of a whole version against the library: from the store when it was computed
 * for this library revision, else computed where the library is resident and stored (once per
 * version and revision). Undefined when the library is empty.
 */
export async function versionLanguage(
  deps: AppDeps,
  store: TenantStore,
  process: ProcessRecord,
  version: VersionRecord,
): Promise<ParagraphLanguage[] | undefined> {
  const revision = await store.libraryRevision(process.id);
  if (revision === 0) return undefined;
  const cached = await store.getLanguageMatch(version.id);
  if (
    cached &&
    cached.libraryRevision === revision &&
    cached.schemaVersion === LANGUAGE_MATCH_SCHEMA &&
    typeof cached.data === 'object' &&
    cached.data !== null &&
    'paragraphs' in cached.data
  ) {
    return (cached.data as unknown as { paragraphs: ParagraphLanguage[] }).paragraphs;
  }
  const answer = await askLibrary(deps, store, process, { draft: await parsedInput(deps, store, version) });
  if (!answer) return undefined;
  const paragraphs = answer.paragraphs ?? [];
  await store.setLanguageMatch(version.id, {
    libraryRevision: answer.revision,
    schemaVersion: LANGUAGE_MATCH_SCHEMA,
    data: { paragraphs },
  });
  return paragraphs;
}

/** Each paragraph of one section of a posted version: its sources, options and roll-backs. */
export async function sectionLanguageReport(
  deps: AppDeps,
  scope: Scope,
  input: {
    section: string;
    version?: string | undefined;
    document?: string | undefined;
    process?: string | undefined;
  },
): Promise<{ document: DocumentRecord; version: VersionRecord; report: SectionLanguageReport }> {
  const { resolved, document, version } = await selectVersionFor(deps, scope, input);
  const summary = await librarySummary(deps, resolved);
  // The section and its paragraphs (subsections included), found where the engines run.
  const found = await enginesOf(deps).queryDraft(
    resolved.store.tenantId,
    await parsedInput(deps, resolved.store, version),
    { kind: 'section', section: input.section },
  );
  if ('candidates' in found) {
    const list = found.candidates;
    throw new RapporteurError(
      'NOT_FOUND',
      `${found.several ? 'Several sections match' : 'No section matches'} "${input.section}" in ${document.name} #${version.sequence}.`,
      { hint: `Use one of: ${list.slice(0, 30).join(', ')}${list.length > 30 ? ', ...' : ''}.` },
    );
  }
  const { section } = found;
  const wanted = new Set(found.paragraphIds);
  const all = await versionLanguage(deps, resolved.store, resolved.process, version);
  if (!all) throw emptyLibrary(resolved.process);
  const paragraphs = all.filter((p) => wanted.has(p.id));
  return {
    document,
    version,
    report: sectionReport(summary, `${document.name} #${version.sequence}`, section, paragraphs),
  };
}

// ---------------------------------------------------------------------------------------
// The draft alert

/** Roll-backs shown in an alert; the rest are counted. */
const ALERT_ROLLBACKS = 3;

function rollBackKey(r: RollBack): string {
  return [
    r.wording.replace(/\s+/g, ' ').trim().toLowerCase(),
    r.follows.text.title,
    r.follows.passage.id,
    r.newer.text.title,
    r.newer.passage.id,
  ].join('\u0001');
}

/**
 * Lines for the alert of a new version: the roll-backs it has that the previous version did
 * not (a proposal or option that follows an older agreed text where a newer one reads
 * differently). Matches both versions (each once, then from the store). Never fails a
 * post: a problem is logged and the alert goes out without these lines.
 */
export async function languageAlertLines(
  deps: AppDeps,
  resolved: Resolved,
  version: VersionRecord,
  previous: VersionRecord | null,
): Promise<string[]> {
  const { store, process } = resolved;
  try {
    const now = ((await versionLanguage(deps, store, process, version)) ?? []).flatMap((p) => p.rollBacks);
    if (now.length === 0) return [];
    const before = new Set(
      previous
        ? ((await versionLanguage(deps, store, process, previous)) ?? [])
            .flatMap((p) => p.rollBacks)
            .map(rollBackKey)
        : [],
    );
    const seen = new Set<string>();
    const added = now.filter((r) => {
      const key = rollBackKey(r);
      if (before.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (added.length === 0) return [];
    const lines = [
      `Agreed language: ${added.length} new roll-back${added.length === 1 ? '' : 's'} to older agreed text (the most recent agreed text wins).`,
      ...added.slice(0, ALERT_ROLLBACKS).map((r) => `Roll-back: ${r.message}.`),
    ];
    if (added.length > ALERT_ROLLBACKS) {
      lines.push(`... and ${added.length - ALERT_ROLLBACKS} more (\`/language section\` shows each).`);
    }
    return lines;
  } catch (err) {
    deps.logger.warn(
      {
        tenant: store.tenantId,
        version: version.id,
        error: messageOf(err),
      },
      'could not match the new version against the library of agreed texts; the alert goes without it',
    );
    return [];
  }
}
