import { type DraftDiff, type ParsedDraft, removedRanges } from '../drafts/index.js';

/**
 * A page of a version as the web's version view shows it: pages of whole sections, and each
 * paragraph's text cut into segments at every bracket, note, qualifier and (against the
 * previous version) change. Pure functions of a parse (and a diff): they run where the
 * engines run (a work-pool job, `Engines.queryDraft` with the `page` question), so showing a
 * page of the largest allowed draft neither parses tens of megabytes of JSON nor walks its
 * brackets on the main thread; only the page comes back.
 */

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

/** What the version view asks of a version's parse: which page, in which mode. */
export interface PageRequest {
  mode: VersionMode;
  /** The page asked for (1-based; clamped to the pages there are). */
  page?: number | undefined;
  /** A section whose page to show instead (an id, found by the caller in the status). */
  sectionId?: string | undefined;
  /** Sections whose page the contents list shows. */
  contents: string[];
}

/** A page of a version, all the version view needs of the parse. */
export interface VersionPage {
  page: number;
  pages: number;
  paragraphs: ViewParagraph[];
  /** Holders on this page, with how many open brackets each is named on. */
  holders: { holder: string; brackets: number }[];
  /** The page each of the request's `contents` starts on. */
  contentPages: number[];
  /** Diagnostics of the whole version. */
  diagnosticCount: number;
}

/** The page of a version a request asks for (`diff`: against the previous version, in diff mode). */
export function versionPage(parsed: ParsedDraft, request: PageRequest, diff: DraftDiff | null): VersionPage {
  const ranges = pageRanges(parsed);
  const pageOf = (offset: number) => {
    const i = ranges.findIndex((r) => offset >= r.start && offset < r.end);
    return i < 0 ? ranges.length : i + 1;
  };
  const sectionStart = new Map(parsed.sections.map((s) => [s.id, s.start]));
  let page = Math.min(Math.max(1, Math.floor(request.page ?? 1)), ranges.length);
  const at = request.sectionId === undefined ? undefined : sectionStart.get(request.sectionId);
  if (at !== undefined) page = pageOf(at);
  const range = ranges[page - 1] as PageRange;
  const paragraphs = markParagraphs(parsed, range, request.mode, request.mode === 'diff' ? diff : null);
  const holders = new Map<string, number>();
  for (const b of parsed.brackets) {
    if (b.start < range.start || b.start >= range.end) continue;
    for (const h of b.holders) holders.set(h, (holders.get(h) ?? 0) + 1);
  }
  return {
    page,
    pages: ranges.length,
    paragraphs,
    holders: [...holders]
      .map(([holder, brackets]) => ({ holder, brackets }))
      .sort((a, b) => b.brackets - a.brackets || a.holder.localeCompare(b.holder)),
    contentPages: request.contents.map((id) => pageOf(sectionStart.get(id) ?? 0)),
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
