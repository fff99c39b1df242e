/**
 * From positioned text runs (what a PDF text layer gives) back to paragraphs: lines are
 * rebuilt from runs, running headers and footers and page numbers are dropped,
 * footnotes are set apart, hyphenated line breaks are joined and paragraph breaks are
 * recovered from vertical gaps, indentation and short last lines. Pure and independent
 * of pdf.js, so the heuristics can be tested on synthetic pages.
 */

/** One text run as the PDF placed it: baseline origin in PDF units (y grows upwards). */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the text matrix scale). */
  size: number;
  hasEOL?: boolean;
}

export interface PageText {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
}

/** A paragraph, heading or footnote rebuilt from lines, with the page it starts on. */
export interface LayoutParagraph {
  kind: 'paragraph' | 'heading' | 'footnote';
  text: string;
  page: number;
  level?: number;
  /** For footnotes: the note's number or mark. */
  numbering?: string;
}

/** Body paragraphs in reading order, and footnotes (to be placed after the body). */
export interface Layout {
  paragraphs: LayoutParagraph[];
  footnotes: LayoutParagraph[];
  /** Lines removed as running headers, footers or page numbers (count). */
  droppedLines: number;
}

interface Line {
  page: number;
  text: string;
  x: number;
  right: number;
  y: number;
  /** Size of most of the line's characters. */
  size: number;
  /** A leading superscript or small number, as in a footnote's first line. */
  marker?: string;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function toSuperscript(digits: string): string {
  return digits.replace(/\d/g, (d) => SUPERSCRIPT[Number(d)] as string);
}

/** Groups a page's runs into lines, in reading order of the content stream. */
export function linesOf(page: PageText): Line[] {
  const groups: TextRun[][] = [];
  let current: TextRun[] = [];
  let top = Number.NEGATIVE_INFINITY;
  let bottom = Number.POSITIVE_INFINITY;
  const flush = () => {
    if (current.length > 0) groups.push(current);
    current = [];
    top = Number.NEGATIVE_INFINITY;
    bottom = Number.POSITIVE_INFINITY;
  };
  for (const run of page.runs) {
    if (run.str === '' || run.size <= 0) continue;
    const runBottom = run.y;
    const runTop = run.y + run.size * 0.75;
    if (current.length > 0) {
      const overlap = Math.min(top, runTop) - Math.max(bottom, runBottom);
      const minHeight = Math.min(top - bottom, runTop - runBottom);
      const last = current[current.length - 1] as TextRun;
      const backwards = run.x < last.x - run.size * 0.5 && Math.abs(run.y - last.y) > 0.5;
      if (overlap < minHeight * 0.3 || backwards) flush();
    }
    current.push(run);
    top = Math.max(top, runTop);
    bottom = Math.min(bottom, runBottom);
  }
  flush();
  return groups.map((runs) => buildLine(page.number, runs)).filter((l): l is Line => l !== undefined);
}

function buildLine(page: number, runs: TextRun[]): Line | undefined {
  const sorted = [...runs].sort((a, b) => a.x - b.x);
  // The dominant size and baseline: the run with most characters.
  const weights = new Map<number, number>();
  for (const r of sorted) {
    const key = Math.round(r.size * 2) / 2;
    weights.set(key, (weights.get(key) ?? 0) + r.str.trim().length);
  }
  let size = 0;
  let best = -1;
  for (const [s, w] of weights) {
    if (w > best || (w === best && s > size)) {
      best = w;
      size = s;
    }
  }
  const baseRun = sorted.find((r) => Math.round(r.size * 2) / 2 === size) ?? (sorted[0] as TextRun);
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  let marker: string | undefined;
  sorted.forEach((r, i) => {
    let s = r.str;
    const small = r.size < size * 0.8;
    const raised = r.y - baseRun.y > size * 0.15;
    if (small && /^\s*\d{1,3}\s*$/.test(s)) {
      if (i === 0 || text.trim() === '') marker = s.trim();
      else if (raised) s = toSuperscript(s.trim());
    }
    if (text !== '' && !/\s$/.test(text) && !/^\s/.test(s)) {
      const gap = r.x - end;
      if (gap > Math.min(r.size, size) * 0.18 && !(small && raised)) text += ' ';
    }
    text += s;
    end = Math.max(end, r.x + r.width);
  });
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  const line: Line = { page, text, x: (sorted[0] as TextRun).x, right: end, y: baseRun.y, size };
  if (marker !== undefined) line.marker = marker;
  return line;
}

const PAGE_NUMBER = /^(page\s+)?[-–—(]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)]?(\s*(of|\/)\s*\d{1,4})?$/i;

function normalise(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** Weighted mode of line sizes: the body text size. */
function bodySize(lines: Line[]): number {
  const weights = new Map<number, number>();
  for (const l of lines) weights.set(l.size, (weights.get(l.size) ?? 0) + l.text.length);
  let size = 0;
  let best = -1;
  for (const [s, w] of weights) {
    if (w > best) {
      best = w;
      size = s;
    }
  }
  return size;
}

/**
 * Lines repeated at the same place on most pages (running headers and footers) and
 * page numbers in the page margins.
 */
function runningLines(pages: Line[][], heights: number[]): Set<Line> {
  const drop = new Set<Line>();
  const n = pages.length;
  const candidates = new Map<string, Line[]>();
  pages.forEach((lines, i) => {
    const byY = [...lines].sort((a, b) => b.y - a.y);
    const edge = [...byY.slice(0, 3), ...byY.slice(-3)];
    const height = heights[i] ?? 842;
    for (const line of new Set(edge)) {
      const inMargin = line.y > height * 0.8 || line.y < height * 0.2;
      if (inMargin && PAGE_NUMBER.test(line.text)) {
        drop.add(line);
        continue;
      }
      const key = normalise(line.text);
      const list = candidates.get(key) ?? [];
      list.push(line);
      candidates.set(key, list);
    }
  });
  if (n < 2) return drop;
  const needed = Math.max(2, Math.ceil(n * 0.5));
  for (const list of candidates.values()) {
    // Count pages where the line sits at (about) its usual height.
    const ys = list.map((l) => Math.round(l.y));
    const usual = mode(ys);
    const same = list.filter((l) => Math.abs(l.y - usual) <= 4);
    const pagesWith = new Set(same.map((l) => l.page));
    if (pagesWith.size >= needed && (sameText(same) || numbersFollowPages(same)))
      for (const l of same) drop.add(l);
  }
  return drop;
}

function sameText(lines: Line[]): boolean {
  return lines.every((l) => l.text === (lines[0] as Line).text);
}

/**
 * Lines that differ only in their numbers repeat as a running header or footer only when
 * one of the numbers moves with the page ("Page 3", "ADP.2015.11 3 of 54"); body lines
 * such as "Paragraph 1" and "Paragraph 30" at the top of two pages do not.
 */
function numbersFollowPages(lines: Line[]): boolean {
  const numbers = lines.map((l) => (l.text.match(/\d+/g) ?? []).map(Number));
  const count = numbers[0]?.length ?? 0;
  if (count === 0 || numbers.some((n) => n.length !== count)) return false;
  for (let i = 0; i < count; i++) {
    const offsets = new Set(lines.map((l, j) => (numbers[j]?.[i] ?? Number.NaN) - l.page));
    if (offsets.size === 1) return true;
  }
  return false;
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  let best = values[0] ?? 0;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

const MARKER_START = /^(\d{1,3})(?=\s|[A-Z(“"'])\s*|^([*†‡§]+)\s*/;

/**
 * Splits off a footnote zone at the bottom of a page: the lowest lines, all in a smaller
 * font than the body, starting with a note mark (or continuing the previous page's note),
 * and not reaching above the lower part of the page.
 */
function footnoteZone(
  lines: Line[],
  body: number,
  height: number,
  hasPrevious: boolean,
): { body: Line[]; notes: Line[] } {
  const byY = [...lines].sort((a, b) => a.y - b.y);
  const zone: Line[] = [];
  for (const line of byY) {
    if (line.size >= body * 0.96) break;
    zone.push(line);
  }
  if (zone.length === 0) return { body: lines, notes: [] };
  zone.sort((a, b) => b.y - a.y);
  const first = zone[0] as Line;
  if (first.y > height * 0.55) return { body: lines, notes: [] };
  const inZone = new Set(zone);
  const bodyLines = lines.filter((l) => !inZone.has(l));
  const startsWithMark = first.marker !== undefined || MARKER_START.test(first.text);
  const continuation =
    hasPrevious && bodyLines.length > 0 && zone.length <= Math.max(3, bodyLines.length * 0.4);
  if (!startsWithMark && !continuation) return { body: lines, notes: [] };
  return { body: bodyLines, notes: zone };
}

/** Lower-case words as they appear inside lines, to decide hyphenated line ends from the document itself. */
function vocabulary(lines: Line[]): Set<string> {
  const words = new Set<string>();
  for (const line of lines) {
    for (const token of line.text.split(/\s+/)) {
      const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
      if (word.length > 1) words.add(word);
    }
  }
  return words;
}

/**
 * Joins two lines of one paragraph. A hyphen at the end of the first line is either a
 * hyphenation (removed: "negotia-" + "tion") or part of a compound ("capacity-" +
 * "building", kept): the document's own vocabulary decides when it contains either form;
 * otherwise a hyphen before a capital or digit is kept and one before a lower-case letter
 * is removed. Soft hyphens are always removed.
 */
function joinLines(a: string, b: string, words: Set<string>): string {
  if (a.endsWith('\u00ad')) return a.slice(0, -1) + b;
  if (/[\p{L}][-\u2010]$/u.test(a) && /^[\p{L}\p{N}]/u.test(b)) {
    const head = /([\p{L}\p{N}]+)[-\u2010]$/u.exec(a)?.[1]?.toLowerCase() ?? '';
    const tail = /^([\p{L}\p{N}]+)/u.exec(b)?.[1]?.toLowerCase() ?? '';
    if (words.has(`${head}-${tail}`)) return a + b;
    if (words.has(head + tail)) return a.slice(0, -1) + b;
    if (/^[\p{Lu}\p{N}]/u.test(b)) return a + b;
    return a.slice(0, -1) + b;
  }
  return `${a} ${b}`;
}

/** Sentence-final punctuation, possibly followed by closing quotes or brackets ("...energy.]"). */
const ENDS_SENTENCE = /[.:;!?]["”’)\]]*$/;
/**
 * How numbered or labelled paragraphs start, optionally inside an opening bracket: bullets,
 * "(a)", "iv)", "12.", "12.1", "3)", "12 bis", "Pp12", "Op3", "C5", "Article 4", "Option 2", "Alt 1".
 */
const STARTS_ITEM =
  /^\[?\s*(?:[•▪‣◦●–-]|\(?(?:[a-z]{1,2}|[ivxlc]{1,6})\)|\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\d{1,3}\s+(?:bis|ter|quater)\b|[A-Z][a-z]?\d{1,3}(?:\.\d{1,3})?|(?:Article|Option|Alt\.?|Alternative|Section|Chapter|Annex|Decision)\s+[\dIVXL]+)(?:\s|$)/i;

/** Builds paragraphs, headings and footnotes from pages of runs. */
export function layoutPages(pages: PageText[]): Layout {
  const pageLines = pages.map(linesOf);
  const all = pageLines.flat();
  const body = bodySize(all) || 10;
  const drop = runningLines(
    pageLines,
    pages.map((p) => p.height),
  );
  const bodyLines: Line[] = [];
  const notes: { marker?: string; lines: Line[] }[] = [];
  pageLines.forEach((lines, i) => {
    const kept = lines.filter((l) => !drop.has(l));
    const { body: b, notes: zone } = footnoteZone(kept, body, pages[i]?.height ?? 842, notes.length > 0);
    bodyLines.push(...b);
    for (const line of zone) {
      // A note starts at a (small or plain) number or mark; other lines continue the last note.
      const plain = line.marker === undefined ? MARKER_START.exec(line.text) : null;
      const marker = line.marker ?? (plain ? ((plain[1] ?? plain[2]) as string) : undefined);
      const last = notes[notes.length - 1];
      if (marker !== undefined) {
        const rest = line.text.slice(
          line.marker !== undefined ? line.marker.length : (plain as RegExpExecArray)[0].length,
        );
        notes.push({ marker, lines: [{ ...line, text: rest.trim() }] });
      } else if (last) {
        last.lines.push(line);
      } else {
        notes.push({ lines: [line] });
      }
    }
  });

  // Typical distance between lines of body text, for paragraph breaks.
  const gaps: number[] = [];
  for (let i = 1; i < bodyLines.length; i++) {
    const a = bodyLines[i - 1] as Line;
    const b = bodyLines[i] as Line;
    if (a.page === b.page && a.size === body && b.size === body && a.y > b.y) gaps.push(a.y - b.y);
  }
  gaps.sort((x, y) => x - y);
  // Lines inside a paragraph sit 1.1-1.3 font sizes apart; when every line is its own
  // paragraph the observed gaps are paragraph gaps, hence the cap.
  const leading =
    gaps.length >= 3 ? Math.min(gaps[Math.floor(gaps.length * 0.3)] as number, body * 1.5) : body * 1.2;
  const rights = (lines: Line[]) =>
    lines
      .filter((l) => l.size === body)
      .map((l) => l.right)
      .sort((x, y) => x - y);
  const percentile90 = (values: number[]) => values[Math.floor(values.length * 0.9)];
  const docRight = percentile90(rights(bodyLines));
  const rightEdge = new Map<number, number>();
  for (const p of pageLines) {
    const r = rights(p);
    const edge = r.length >= 4 ? percentile90(r) : docRight;
    if (p[0] && edge !== undefined) rightEdge.set(p[0].page, edge);
  }

  const words = vocabulary(all);
  const paragraphs: LayoutParagraph[] = [];
  let cur: { text: string; page: number; lines: Line[] } | undefined;
  const headingSizes = [...new Set(bodyLines.filter((l) => l.size >= body * 1.15).map((l) => l.size))].sort(
    (a, b) => b - a,
  );
  const finish = () => {
    if (!cur) return;
    const first = cur.lines[0] as Line;
    const heading = first.size >= body * 1.15 && cur.lines.length <= 3 && cur.text.length < 200;
    const para: LayoutParagraph = { kind: heading ? 'heading' : 'paragraph', text: cur.text, page: cur.page };
    if (heading) para.level = Math.min(6, headingSizes.indexOf(first.size) + 1 || 1);
    paragraphs.push(para);
    cur = undefined;
  };
  let prev: Line | undefined;
  for (const line of bodyLines) {
    let breakHere = prev === undefined || cur === undefined;
    if (!breakHere && prev) {
      const samePage = prev.page === line.page;
      const prevEnds = ENDS_SENTENCE.test(prev.text);
      const right = rightEdge.get(prev.page) ?? prev.right;
      const prevShort = prev.right < right - prev.size * 3;
      if (Math.abs(prev.size - line.size) > 0.75) breakHere = true;
      else if (samePage) {
        const gap = prev.y - line.y;
        if (gap <= 0 || gap > leading * 1.18 + 0.5) breakHere = true;
        else if ((prevEnds || prevShort) && STARTS_ITEM.test(line.text)) breakHere = true;
        else if (prevEnds && prevShort) breakHere = true;
        else if (prevEnds && line.x > prev.x + line.size * 0.8) breakHere = true;
      } else {
        // A paragraph continues on the next page unless the last line closed it.
        const oneLiner = (cur?.lines.length ?? 0) === 1;
        if (STARTS_ITEM.test(line.text) || (prevEnds && (prevShort || oneLiner))) breakHere = true;
      }
    }
    if (breakHere) {
      finish();
      cur = { text: line.text, page: line.page, lines: [line] };
    } else if (cur) {
      cur.text = joinLines(cur.text, line.text, words);
      cur.lines.push(line);
    }
    prev = line;
  }
  finish();

  const footnotes: LayoutParagraph[] = notes.map((n) => {
    const text = n.lines.map((l) => l.text).reduce((a, b) => (a === '' ? b : joinLines(a, b, words)), '');
    const note: LayoutParagraph = { kind: 'footnote', text, page: (n.lines[0] as Line).page };
    if (n.marker !== undefined) note.numbering = n.marker;
    return note;
  });
  return { paragraphs, footnotes, droppedLines: drop.size };
}
