import { createHash } from 'node:crypto';
import {
  DRAFT_SCHEMA_VERSION,
  type DraftDiff,
  type DraftStatus,
  type ReportedState,
  type SectionStatus,
  STATUS_SCHEMA,
  sectionShortLabel,
} from '../drafts/index.js';
import type { TenantStore } from '../ports/index.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../store.js';
import { versionDate } from '../store.js';
import type { AppDeps, Resolved } from './context.js';
import { findStatusSection, loadStatus, partSections, queryWithDiffs, withPackageDeal } from './drafts.js';
import { feedOf, type MeetingView, meetingViewsOf } from './schedule.js';
import { webNotFound } from './web-access.js';
import type { PageRequest, VersionMode, VersionPage, ViewParagraph } from './web-page.js';

export type { TextSegment, VersionMode, ViewParagraph } from './web-page.js';

/**
 * What the read-only web pages show, computed by the same use cases and engines as the chat
 * commands: the web layer only lays these models out. Every function takes a process already
 * opened by `openWebProcess`, so it reads only that tenant's store.
 *
 * One file (over 500 lines) because every page's model is a thin view over the same opened
 * process and the same cached parses; the pages differ in what they pick, not in how they
 * read.
 */

// ---------------------------------------------------------------------------------------
// A version's parse and status never change once posted (a new engine gives new versions of
// them, under its own schema version), so pages keep the last few statuses and cut pages in
// memory. A page is cut where the engines run, from the parse cache's stored text: the main
// thread never parses or walks a whole parse (tens of MB for the largest allowed draft).

const MEMO_LIMITS = { page: 16, status: 256 };
const pageMemo = new Map<string, ShownPage>();
const statusMemo = new Map<string, DraftStatus>();

function remember<T>(memo: Map<string, T>, key: string, value: T, max: number): T {
  memo.delete(key);
  memo.set(key, value);
  while (memo.size > max) memo.delete(memo.keys().next().value as string);
  return value;
}

/** A page as the engines cut it, with the comparison's totals in diff mode. */
type ShownPage = VersionPage & { diff?: DraftDiff['summary'] };

/** A page of a version, cut where the engines run from the parse cache's stored text. */
async function memoPage(
  deps: AppDeps,
  store: TenantStore,
  version: VersionRecord,
  request: PageRequest,
  previous: VersionRecord | null,
  packageDeal: boolean,
): Promise<ShownPage> {
  const key = JSON.stringify([
    store.tenantId,
    version.id,
    DRAFT_SCHEMA_VERSION,
    request.mode,
    request.page ?? 1,
    request.sectionId ?? '',
    previous?.id ?? '',
    packageDeal,
  ]);
  const known = pageMemo.get(key);
  if (known) return remember(pageMemo, key, known, MEMO_LIMITS.page);
  const pairs: [VersionRecord, VersionRecord][] = previous ? [[previous, version]] : [];
  const shown = await queryWithDiffs(deps, store, version, pairs, packageDeal, (steps) =>
    steps[0] ? { kind: 'page', request, diff: steps[0] } : { kind: 'page', request },
  );
  return remember(pageMemo, key, shown, MEMO_LIMITS.page);
}

async function memoStatus(deps: AppDeps, store: TenantStore, version: VersionRecord): Promise<DraftStatus> {
  const key = `${store.tenantId}:${version.id}:${STATUS_SCHEMA}`;
  const known = statusMemo.get(key);
  if (known) return remember(statusMemo, key, known, MEMO_LIMITS.status);
  return remember(statusMemo, key, await loadStatus(deps, store, version), MEMO_LIMITS.status);
}

// ---------------------------------------------------------------------------------------
// The process page: documents, versions and the bracket map

/** One version in the process overview. */
export interface OverviewVersion {
  version: VersionRecord;
  /** The date the version bears, else when it was posted. */
  date: string;
  brackets: number;
  agreedPercent: number;
  state: ReportedState;
}

/** One cell of the bracket map: a section in a version (null state: the section is not in it). */
export interface MapCell {
  state: ReportedState | null;
  brackets: number;
}

/** Sections down, versions across. */
export interface BracketMap {
  rows: { id: string; label: string; title: string }[];
  /** Indexes into the document's `versions` (withdrawn ones left out), oldest first. */
  columns: number[];
  /** `cells[row][column]`. */
  cells: MapCell[][];
  /** Sections or versions left out to keep the page bounded. */
  omittedRows: number;
  omittedColumns: number;
}

export interface OverviewDocument {
  document: DocumentRecord;
  versions: OverviewVersion[];
  map: BracketMap;
}

export interface ProcessOverview {
  process: ProcessRecord;
  documents: OverviewDocument[];
  meetings: { upcoming: number; total: number };
}

/** Bounds of the bracket map, so a page stays small whatever the drafts' size. */
export const MAP_LIMITS = { rows: 400, columns: 60 };

/** The process page's content: each document's versions with their counts, and its bracket map. */
export async function processOverview(deps: AppDeps, resolved: Resolved): Promise<ProcessOverview> {
  const { store, process } = resolved;
  const documents: OverviewDocument[] = [];
  for (const document of await store.listDocuments(process.id)) {
    const records = await store.listVersions(document.id, { includeWithdrawn: true });
    const statuses = await Promise.all(records.map((v) => memoStatus(deps, store, v)));
    const versions: OverviewVersion[] = [];
    const live: { index: number; status: DraftStatus }[] = [];
    records.forEach((version, i) => {
      const status = withPackageDeal(statuses[i] as DraftStatus, process.settings.packageDeal);
      versions.push({
        version,
        date: versionDate(version),
        brackets: status.brackets.total,
        agreedPercent: status.agreedPercent,
        state: status.state,
      });
      if (!version.withdrawn) live.push({ index: i, status });
    });
    documents.push({ document, versions, map: bracketMap(live) });
  }
  const meetings = await store.listMeetings(process.id);
  const now = deps.clock.now().getTime();
  const upcoming = meetings.filter((m) => {
    const end = m.endsAt ?? m.startsAt;
    return end !== null && Date.parse(end) >= now;
  }).length;
  return { process, documents, meetings: { upcoming, total: meetings.length } };
}

/**
 * The rows of the map for one version: the innermost sections (the action lines, the
 * articles), where brackets are negotiated; the draft's parts when there are too many.
 */
export function mapSections(status: DraftStatus): SectionStatus[] {
  const real = status.sections.filter((s) => s.kind !== 'front' && s.kind !== 'footnotes');
  const parents = new Set(real.map((s) => s.parent).filter((p) => p !== null));
  const leaves = real.filter((s) => !parents.has(s.id));
  return leaves.length > 0 && leaves.length <= MAP_LIMITS.rows ? leaves : partSections(status);
}

/** Builds the map from the versions' status reports: one row per part of the draft, in reading order. */
export function bracketMap(live: readonly { index: number; status: DraftStatus }[]): BracketMap {
  const shown = live.slice(-MAP_LIMITS.columns);
  const order: string[] = [];
  const labels = new Map<string, { label: string; title: string }>();
  const perVersion = shown.map(({ status }) => {
    const byId = new Map<string, SectionStatus>();
    let previous = -1;
    for (const sec of mapSections(status)) {
      byId.set(sec.id, sec);
      const short = sectionShortLabel(sec);
      // "C5 Building confidence…": the number people cite, then the title's first words.
      labels.set(sec.id, {
        label: short && sec.title && !sec.label.startsWith(sec.title) ? `${short} ${sec.title}` : sec.label,
        title: sec.label,
      });
      // Keep reading order across versions: a new section goes after the one it follows here.
      const at = order.indexOf(sec.id);
      if (at >= 0) previous = at;
      else {
        order.splice(previous + 1, 0, sec.id);
        previous += 1;
      }
    }
    return byId;
  });
  const rows = order
    .slice(0, MAP_LIMITS.rows)
    .map((id) => ({ id, ...(labels.get(id) as { label: string; title: string }) }));
  const cells = rows.map((row) =>
    perVersion.map((byId): MapCell => {
      const sec = byId.get(row.id);
      return sec ? { state: sec.state, brackets: sec.brackets.total } : { state: null, brackets: 0 };
    }),
  );
  return {
    rows,
    columns: shown.map((s) => s.index),
    cells,
    omittedRows: Math.max(0, order.length - rows.length),
    omittedColumns: live.length - shown.length,
  };
}

// ---------------------------------------------------------------------------------------
// The version page: the text with its brackets, a page of sections at a time
export interface VersionView {
  process: ProcessRecord;
  document: DocumentRecord;
  version: VersionRecord;
  /** Versions of the document (withdrawn ones included), oldest first, for navigation. */
  versions: VersionRecord[];
  previous: VersionRecord | null;
  mode: VersionMode;
  status: DraftStatus;
  /** Sections of the draft (at most `CONTENTS_LIMIT`) with their state, depth and the page each starts on. */
  contents: {
    id: string;
    label: string;
    level: number;
    state: ReportedState;
    brackets: number;
    page: number;
  }[];
  page: number;
  pages: number;
  paragraphs: ViewParagraph[];
  /** Holders on this page, with how many open brackets each is named on. */
  holders: { holder: string; brackets: number }[];
  /** Diff mode: the comparison's totals. */
  diff: DraftDiff['summary'] | null;
  /** Diagnostics of the whole version. */
  diagnosticCount: number;
}

/** Sections listed in a version page's contents. */
export const CONTENTS_LIMIT = 500;

/**
 * A version's page: the document, the version and the page are chosen from the address; a
 * section (id, number or title words, as in `/brackets status`) picks the page it is on. The
 * page itself is cut from the parse where the engines run (`versionPage`, the `page`
 * question): this thread hands over the parse cache's stored text and gets the page back.
 */
export async function versionView(
  deps: AppDeps,
  resolved: Resolved,
  input: { document: string; sequence: number; mode?: VersionMode; section?: string; page?: number },
): Promise<VersionView> {
  const { store, process } = resolved;
  const document = await store.findDocument(process.id, input.document);
  if (!document) throw webNotFound();
  const version = await store.getVersionBySequence(document.id, input.sequence);
  if (!version) throw webNotFound();
  const versions = await store.listVersions(document.id, { includeWithdrawn: true });
  const previous = versions.filter((v) => v.sequence < version.sequence && !v.withdrawn).at(-1) ?? null;
  const status = withPackageDeal(await memoStatus(deps, store, version), process.settings.packageDeal);
  let sectionId: string | undefined;
  if (input.section) {
    try {
      sectionId = (
        status.sections.find((s) => s.id === input.section) ?? findStatusSection(status, input.section)
      ).id;
    } catch {
      sectionId = undefined;
    }
  }
  const mode: VersionMode =
    input.mode === 'diff' && previous ? 'diff' : input.mode === 'clean' ? 'clean' : 'text';
  const contents = status.sections
    .filter((s) => s.kind !== 'front' && s.kind !== 'footnotes')
    .slice(0, CONTENTS_LIMIT);
  const request: PageRequest = { mode, page: input.page, sectionId, contents: contents.map((s) => s.id) };
  const packageDeal = process.settings.packageDeal;
  const shown = await memoPage(deps, store, version, request, mode === 'diff' ? previous : null, packageDeal);
  return {
    process,
    document,
    version,
    versions,
    previous,
    mode,
    status,
    contents: contents.map((s, i) => ({
      id: s.id,
      label: s.label,
      level: s.level,
      state: s.state,
      brackets: s.brackets.total,
      page: shown.contentPages[i] ?? 1,
    })),
    page: shown.page,
    pages: shown.pages,
    paragraphs: shown.paragraphs,
    holders: shown.holders,
    diff: shown.diff ?? null,
    diagnosticCount: shown.diagnosticCount,
  };
}

// ---------------------------------------------------------------------------------------
// Meetings and the calendar feed

export interface MeetingsPage {
  process: ProcessRecord;
  upcoming: MeetingView[];
  /** Most recent first. */
  past: MeetingView[];
  now: string;
}

/** Upcoming and past meetings with their flags, conflicts and participants' local times. */
export async function meetingsPage(deps: AppDeps, resolved: Resolved): Promise<MeetingsPage> {
  const views = await meetingViewsOf(deps, resolved, { limit: 500 });
  const now = deps.clock.now();
  const upcoming: MeetingView[] = [];
  const past: MeetingView[] = [];
  for (const v of views) {
    const end = v.record.endsAt ?? v.record.startsAt;
    if (end === null || Date.parse(end) >= now.getTime()) upcoming.push(v);
    else past.push(v);
  }
  return { process: resolved.process, upcoming, past: past.reverse().slice(0, 200), now: now.toISOString() };
}

/** The calendar feed with what HTTP caching needs: a strong validator and the last change. */
export async function calendarFeed(
  resolved: Resolved,
): Promise<{ ics: string; etag: string; lastModified: string; meetings: number }> {
  const { ics, meetings, lastModified } = await feedOf(resolved);
  const etag = `"${createHash('sha256').update(ics).digest('base64url').slice(0, 32)}"`;
  return { ics, etag, meetings, lastModified: lastModified ?? resolved.process.updatedAt };
}
