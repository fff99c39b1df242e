import { createHash } from 'node:crypto';
import {
  DRAFT_SCHEMA_VERSION,
  type DraftDiff,
  type DraftStatus,
  type ParsedDraft,
  type ReportedState,
  removedRanges,
  type SectionStatus,
  STATUS_SCHEMA,
  sectionShortLabel,
} from '../drafts/index.js';
import type { TenantStore } from '../ports/index.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../store.js';
import { versionDate } from '../store.js';
import type { AppDeps, Resolved } from './context.js';
import { loadParsed } from './drafts/versions.js';
import { diffFor, findStatusSection, loadStatus, partSections, withPackageDeal } from './drafts.js';
import { feedOf, type MeetingView, meetingViewsOf } from './schedule.js';
import { webNotFound } from './web-access.js';

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
// them, under its own schema version), so pages keep the last few in memory: reading and
// decoding a megabyte draft's cached parse costs far more than laying out a page of it.

const MEMO_LIMITS = { parsed: 6, status: 256 };
const parsedMemo = new Map<string, ParsedDraft>();
const statusMemo = new Map<string, DraftStatus>();

function remember<T>(memo: Map<string, T>, key: string, value: T, max: number): T {
  memo.delete(key);
  memo.set(key, value);
  while (memo.size > max) memo.delete(memo.keys().next().value as string);
  return value;
}

async function memoParsed(deps: AppDeps, store: TenantStore, version: VersionRecord): Promise<ParsedDraft> {
  const key = `${store.tenantId}:${version.id}:${DRAFT_SCHEMA_VERSION}`;
  const known = parsedMemo.get(key);
  if (known) return remember(parsedMemo, key, known, MEMO_LIMITS.parsed);
  return remember(parsedMemo, key, await loadParsed(deps, store, version), MEMO_LIMITS.parsed);
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

/** Which rendering of a version: with brackets marked, against the previous version, or clean. */
export type VersionMode = 'text' | 'diff' | 'clean';

/** A run of text with what it is inside of. */
export interface TextSegment {
  text: string;
  /** Negotiation bracket depth (0: agreed text). */
  depth: number;
  /** `open`/`close`: a bracket's own token; `note`: an editorial or procedural note (not counted). */
  kind: 'text' | 'open' | 'close' | 'note';
  /** The innermost bracket, when inside one. */
  bracket?: number;
  /** Inside a tracked qualifier ("as appropriate"). */
  qualifier?: boolean;
  /** Diff mode: the innermost bracket is new, or changed, or this is text agreed since the previous version. */
  change?: 'added' | 'changed' | 'agreed';
  /** On an opening token: who holds the bracket, its notes, its option label. */
  holders?: string[];
  notes?: string[];
  option?: string;
  /** On an opening token of one option of a choice: "choice 3, option 1 of 2". */
  alternative?: { choice: number; member: number; of: number };
}

/** A paragraph of the page. */
export interface ViewParagraph {
  id: string;
  line: number;
  heading: boolean;
  /** Section level of a heading (1 = top). */
  level?: number;
  /** Set on the first paragraph of a section: the section's id, for its anchor. */
  anchors: string[];
  segments: TextSegment[];
  /** Holders named on the paragraph as a whole. */
  holders: string[];
  contested: boolean;
  diagnostics: { severity: string; code: string; message: string; line: number }[];
  /** Diff mode: brackets of the previous version deleted with their text, that were here. */
  deleted: string[];
}

/** A page of a version: a run of whole sections, at most about `PAGE_CHARS` of text. */
export interface PageRange {
  start: number;
  end: number;
  /** Index of the first paragraph and one past the last. */
  first: number;
  last: number;
}

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

/** Text per page; a page ends at the first section heading after this much, and never holds twice as much. */
export const PAGE_CHARS = 100_000;

/** Splits a draft into pages of whole sections (whole paragraphs when one section is huge). */
export function pageRanges(parsed: ParsedDraft, pageChars = PAGE_CHARS): PageRange[] {
  const paragraphs = parsed.paragraphs;
  if (paragraphs.length === 0) return [{ start: 0, end: parsed.text.length, first: 0, last: 0 }];
  const headings = new Set<number>();
  for (const s of parsed.sections) if (s.headingParagraph >= 0) headings.add(s.headingParagraph);
  const pages: PageRange[] = [];
  let first = 0;
  let start = 0;
  for (let i = 1; i < paragraphs.length; i++) {
    const p = paragraphs[i] as (typeof paragraphs)[number];
    const size = p.start - start;
    if ((headings.has(i) && size >= pageChars) || size >= 2 * pageChars) {
      pages.push({ start, end: p.start, first, last: i });
      first = i;
      start = p.start;
    }
  }
  pages.push({ start, end: parsed.text.length, first, last: paragraphs.length });
  if (pages[0]) pages[0].start = 0;
  return pages;
}

/**
 * A version's page: the document, the version and the page are chosen from the address; a
 * section (id, number or title words, as in `/brackets status`) picks the page it is on.
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
  const parsed = await memoParsed(deps, store, version);
  const status = withPackageDeal(await memoStatus(deps, store, version), process.settings.packageDeal);
  const ranges = pageRanges(parsed);
  const pageOf = (offset: number) => {
    const i = ranges.findIndex((r) => offset >= r.start && offset < r.end);
    return i < 0 ? ranges.length : i + 1;
  };
  const sectionStart = new Map(parsed.sections.map((s) => [s.id, s.start]));
  let page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), ranges.length);
  if (input.section) {
    let found: SectionStatus | undefined;
    try {
      found = status.sections.find((s) => s.id === input.section) ?? findStatusSection(status, input.section);
    } catch {
      found = undefined;
    }
    const at = found ? sectionStart.get(found.id) : undefined;
    if (at !== undefined) page = pageOf(at);
  }
  const range = ranges[page - 1] as PageRange;
  const mode: VersionMode =
    input.mode === 'diff' && previous ? 'diff' : input.mode === 'clean' ? 'clean' : 'text';
  let diff: DraftDiff | null = null;
  if (mode === 'diff' && previous)
    diff = await diffFor(deps, store, previous, version, process.settings.packageDeal);
  const paragraphs = markParagraphs(parsed, range, mode, diff);
  const holders = new Map<string, number>();
  for (const b of parsed.brackets) {
    if (b.start < range.start || b.start >= range.end) continue;
    for (const h of b.holders) holders.set(h, (holders.get(h) ?? 0) + 1);
  }
  return {
    process,
    document,
    version,
    versions,
    previous,
    mode,
    status,
    contents: status.sections
      .filter((s) => s.kind !== 'front' && s.kind !== 'footnotes')
      .slice(0, CONTENTS_LIMIT)
      .map((s) => ({
        id: s.id,
        label: s.label,
        level: s.level,
        state: s.state,
        brackets: s.brackets.total,
        page: pageOf(sectionStart.get(s.id) ?? 0),
      })),
    page,
    pages: ranges.length,
    paragraphs,
    holders: [...holders]
      .map(([holder, brackets]) => ({ holder, brackets }))
      .sort((a, b) => b.brackets - a.brackets || a.holder.localeCompare(b.holder)),
    diff: diff?.summary ?? null,
    diagnosticCount: parsed.diagnostics.length,
  };
}

interface Boundary {
  at: number;
  /** Sorted so that at one offset, ends come before starts, outer starts before inner. */
  order: number;
  apply(state: MarkState): void;
}

interface MarkState {
  stack: number[];
  note: number;
  qualifier: number;
  agreed: number;
  token: 'open' | 'close' | null;
  opening: number;
}

/** Where each bracket token, note, qualifier and (in diff mode) agreed span starts and ends on the page, in order. */
function markBoundaries(parsed: ParsedDraft, range: PageRange, diff: DraftDiff | null): Boundary[] {
  const inRange = (s: number, e: number) => e > range.start && s < range.end;
  const bounds: Boundary[] = [];
  const push = (at: number, order: number, apply: (s: MarkState) => void) =>
    bounds.push({ at, order, apply });
  for (const b of parsed.brackets) {
    if (!inRange(b.start, b.end)) continue;
    const id = b.id;
    push(b.start, 10 + b.depth, (s) => {
      s.stack.push(id);
      s.token = 'open';
      s.opening = id;
    });
    push(b.start + b.openLength, 5, (s) => {
      s.token = null;
    });
    if (b.closeLength > 0) {
      push(b.end - b.closeLength, 5, (s) => {
        s.token = 'close';
      });
    }
    push(b.end, 1 - b.depth / 1000, (s) => {
      const at = s.stack.lastIndexOf(id);
      if (at >= 0) s.stack.splice(at, 1);
      s.token = null;
    });
  }
  for (const a of parsed.annotations) {
    if (!inRange(a.start, a.end)) continue;
    push(a.start, 8, (s) => {
      s.note += 1;
    });
    push(a.end, 2, (s) => {
      s.note -= 1;
    });
  }
  for (const q of parsed.qualifiers) {
    if (!inRange(q.start, q.end)) continue;
    push(q.start, 9, (s) => {
      s.qualifier += 1;
    });
    push(q.end, 3, (s) => {
      s.qualifier -= 1;
    });
  }
  if (diff) {
    for (const c of diff.resolvedKept) {
      const after = c.after;
      if (!after || !inRange(after.start, after.end)) continue;
      push(after.start, 9, (s) => {
        s.agreed += 1;
      });
      push(after.end, 3, (s) => {
        s.agreed -= 1;
      });
    }
  }
  bounds.sort((a, b) => a.at - b.at || a.order - b.order);
  return bounds;
}

/** What the page shows beside each paragraph's text: changes, deletions, alternatives, anchors, diagnostics, heading levels. */
function paragraphFacts(parsed: ParsedDraft, range: PageRange, diff: DraftDiff | null) {
  const change = new Map<number, 'added' | 'changed'>();
  const deletedAt = new Map<string, string[]>();
  if (diff) {
    for (const c of diff.added) if (c.new !== null) change.set(c.new, 'added');
    for (const c of diff.changed) if (c.new !== null) change.set(c.new, 'changed');
    for (const c of diff.resolvedDeleted) {
      const where = c.now?.paragraph;
      if (!where || !c.before) continue;
      const list = deletedAt.get(where) ?? [];
      list.push(c.before.text);
      deletedAt.set(where, list);
    }
  }
  const alternativeOf = new Map<number, { choice: number; member: number; of: number }>();
  parsed.alternatives.forEach((alt, choice) => {
    alt.members.forEach((m, k) => {
      if (m.bracket !== undefined)
        alternativeOf.set(m.bracket, { choice: choice + 1, member: k + 1, of: alt.members.length });
    });
  });
  const anchorsAt = new Map<number, string[]>();
  for (const s of parsed.sections) {
    const p = s.headingParagraph >= 0 ? s.headingParagraph : s.firstParagraph;
    const list = anchorsAt.get(p) ?? [];
    list.push(s.id);
    anchorsAt.set(p, list);
  }
  const diagnosticsAt = new Map<number, ViewParagraph['diagnostics']>();
  const paragraphStarts = parsed.paragraphs.map((p) => p.start);
  for (const d of parsed.diagnostics) {
    const offset = d.offset ?? -1;
    let index = -1;
    if (offset >= 0) index = upperBound(paragraphStarts, offset) - 1;
    else index = parsed.paragraphs.findLastIndex((p) => p.line <= d.line);
    if (index < range.first || index >= range.last) continue;
    const list = diagnosticsAt.get(index) ?? [];
    list.push({ severity: d.severity, code: d.code, message: d.message, line: d.line });
    diagnosticsAt.set(index, list);
  }
  const headingLevel = new Map<number, number>();
  for (const s of parsed.sections) if (s.headingParagraph >= 0) headingLevel.set(s.headingParagraph, s.level);
  return { change, deletedAt, alternativeOf, anchorsAt, diagnosticsAt, headingLevel };
}

/**
 * Cuts the page's text into segments at every bracket token, note, qualifier and (in diff
 * mode) agreed span, each segment knowing its depth and innermost bracket. Works on offsets
 * only, so overlapping marks never produce broken nesting: the layer turns each segment into
 * one element.
 */
export function markParagraphs(
  parsed: ParsedDraft,
  range: PageRange,
  mode: VersionMode,
  diff: DraftDiff | null,
): ViewParagraph[] {
  const text = parsed.text;
  const removed = mode === 'clean' ? removedRanges(parsed, 'delete') : [];
  const bounds = mode === 'clean' ? [] : markBoundaries(parsed, range, diff);

  const { change, deletedAt, alternativeOf, anchorsAt, diagnosticsAt, headingLevel } = paragraphFacts(
    parsed,
    range,
    diff,
  );

  const state: MarkState = { stack: [], note: 0, qualifier: 0, agreed: 0, token: null, opening: -1 };
  let next = 0;
  // Marks that opened before the page began are applied first, so the page starts at the right depth.
  while (next < bounds.length && (bounds[next] as Boundary).at <= range.start)
    (bounds[next++] as Boundary).apply(state);
  let removedAt = 0;
  const out: ViewParagraph[] = [];
  for (let i = range.first; i < range.last; i++) {
    const p = parsed.paragraphs[i];
    if (!p) continue;
    const segments: TextSegment[] = [];
    let at = Math.max(p.start, range.start);
    const end = Math.min(p.end, range.end);
    const emit = (to: number) => {
      if (to <= at) return;
      let piece = text.slice(at, to);
      if (mode === 'clean') {
        piece = '';
        let cursor = at;
        while (removedAt < removed.length && (removed[removedAt + 1] as number) <= cursor) removedAt += 2;
        let k = removedAt;
        while (cursor < to) {
          const rs = k < removed.length ? (removed[k] as number) : Number.POSITIVE_INFINITY;
          const re = k < removed.length ? (removed[k + 1] as number) : Number.POSITIVE_INFINITY;
          if (rs >= to) {
            piece += text.slice(cursor, to);
            break;
          }
          if (rs > cursor) piece += text.slice(cursor, rs);
          cursor = Math.max(cursor, re);
          k += 2;
        }
        at = to;
        if (piece) segments.push({ text: piece, depth: 0, kind: 'text' });
        return;
      }
      const inner = state.stack.at(-1);
      const seg: TextSegment = {
        text: piece,
        depth: state.stack.length,
        kind: state.note > 0 && state.token === null ? 'note' : (state.token ?? 'text'),
      };
      if (inner !== undefined) {
        seg.bracket = inner;
        const c = change.get(inner);
        if (c) seg.change = c;
      }
      if (state.agreed > 0 && seg.depth === 0) seg.change = 'agreed';
      if (state.qualifier > 0) seg.qualifier = true;
      if (state.token === 'open' && state.opening >= 0) {
        const b = parsed.brackets[state.opening];
        if (b) {
          if (b.holders.length) seg.holders = b.holders;
          if (b.notes.length) seg.notes = b.notes;
          if (b.option) seg.option = b.option;
          const alt = alternativeOf.get(b.id);
          if (alt) seg.alternative = alt;
        }
        state.opening = -1;
      }
      segments.push(seg);
      at = to;
    };
    if (mode === 'clean') emit(end);
    else {
      while (next < bounds.length && (bounds[next] as Boundary).at < end) {
        const bound = bounds[next] as Boundary;
        emit(Math.max(at, bound.at));
        bound.apply(state);
        next++;
      }
      emit(end);
      // Marks that end between this paragraph and the next.
      const nextStart = parsed.paragraphs[i + 1]?.start ?? range.end;
      while (next < bounds.length && (bounds[next] as Boundary).at < nextStart)
        (bounds[next++] as Boundary).apply(state);
    }
    if (mode === 'clean' && segments.every((s) => s.text.trim() === '')) continue;
    const level = headingLevel.get(i);
    out.push({
      id: p.id,
      line: p.line,
      heading: p.kind === 'heading',
      ...(level !== undefined ? { level } : {}),
      anchors: anchorsAt.get(i) ?? [],
      segments,
      holders: p.holders,
      contested: p.contested,
      diagnostics: mode === 'clean' ? [] : (diagnosticsAt.get(i) ?? []),
      deleted: deletedAt.get(p.id) ?? [],
    });
  }
  return out;
}

function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
