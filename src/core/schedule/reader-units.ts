/** The document cut into units (headings, lines, list items, sentences, table rows), and the labels and sections they sit under. */

import { alignedTable, pipedTable } from './aligned-table.js';
import { isPostStamp } from './announce.js';
import { cleanText } from './clean.js';
import { findDates } from './dates.js';
import type { ReaderCore } from './reader-core.js';
import { respell } from './respell.js';
import { classifyLabel, EXCLUDE_SECTION, LABEL_RE, type LabelKind, splitSentences } from './text-rules.js';

export function buildUnits(rd: ReaderCore): void {
  const { doc } = rd;
  doc.blocks.forEach((block, b) => {
    if (block.kind === 'code' || block.kind === 'reference') return;
    const base = { block: b, ...(block.page === undefined ? {} : { page: block.page }) };
    if (block.kind === 'heading') {
      const c = cleanText(block.text.replace(/\n/g, ' '), block.offset);
      rd.units.push({
        ...base,
        ...c,
        kind: 'heading',
        headingLevel: block.level ?? 1,
        depth: 0,
        ancestors: [],
        excludedSection: false,
        dates: [],
      });
      return;
    }
    if (block.kind === 'list-item') {
      // Line breaks stay: an address under "Location:" reads line by line.
      const c = cleanText(block.text, block.offset);
      const numbered = /^\d+[.)]$/.test(block.numbering ?? '');
      rd.units.push({
        ...base,
        ...c,
        kind: 'item',
        depth: (block.level ?? 1) * 100,
        ancestors: [],
        excludedSection: false,
        dates: [],
        ...(numbered ? { numbered } : {}),
      });
      return;
    }
    if (block.kind === 'table-cell' && block.cell) {
      const c = cleanText(block.text.replace(/\n/g, ' '), block.offset);
      const prev = rd.units[rd.units.length - 1];
      const prevBlock = prev ? doc.blocks[prev.block] : undefined;
      // An empty cell writes no block: its column still counts, so a row whose date cell is
      // blank ("continues the day above") keeps its time under the time column.
      const column = block.cell.column;
      if (
        prev?.kind === 'row' &&
        prevBlock?.cell &&
        prevBlock.cell.table === block.cell.table &&
        prevBlock.cell.row === block.cell.row
      ) {
        const cells = prev.cells ?? [];
        while (cells.length < column) cells.push({ text: '', index: prev.text.length });
        const offset = prev.text.length + 3;
        prev.text += ` | ${c.text}`;
        prev.map.pop();
        prev.map.push(block.offset, block.offset, block.offset, ...c.map);
        cells.push({ text: c.text, index: offset });
      } else {
        rd.units.push({
          ...base,
          ...c,
          kind: 'row',
          depth: 0,
          ancestors: [],
          excludedSection: false,
          dates: [],
          cells: [
            ...Array.from({ length: column }, () => ({ text: '', index: 0 })),
            { text: c.text, index: 0 },
          ],
        });
      }
      return;
    }
    // "Date        Time          Meeting": a table whose columns are aligned with spaces.
    const aligned = alignedTable(block.text);
    if (aligned) {
      const head = block.text.slice(0, aligned.start);
      if (head.trim()) linesToUnits(rd, base, head, block.offset, block.column);
      for (const line of aligned.lines) {
        const c = cleanText(line.raw, block.offset + line.offset);
        const cells = aligned.cells(c.text);
        rd.units.push({
          ...base,
          ...c,
          kind: 'row',
          depth: 0,
          ancestors: [],
          excludedSection: false,
          dates: [],
          cells,
        });
      }
      return;
    }
    linesToUnits(rd, base, block.text, block.offset, block.column);
  });
  // Split ordinals and ISO intervals, rewritten in place (same length: maps stay valid).
  for (const u of rd.units) {
    const text = respell(u.text);
    if (text === u.text) continue;
    u.text = text;
    for (const c of u.cells ?? []) c.text = text.slice(c.index, c.index + c.text.length);
  }
}

/** The units of a paragraph's lines: headings, table rows written with pipes, lines and sentences. */
function linesToUnits(
  rd: ReaderCore,
  base: { block: number; page?: number },
  text: string,
  offset: number,
  column: number,
): void {
  // "4 March | 10:00-12:00 | Technical committee" under "Date | Time | Meeting": a row, however few its pipes.
  const piped = pipedTable(text.split('\n'));
  // Whether the rows' first and last pipes frame them is said by the first row: "| Date | Time |".
  const firstPiped = text.split('\n').find((l) => l.includes('|')) ?? '';
  const framed = { opens: /^\s*\|/.test(firstPiped), closes: /\|\s*$/.test(firstPiped) };
  for (const line of logicalLines(rd, text, offset, column, piped)) {
    if (line.heading !== undefined) {
      const raw = line.raw.replace(/^\s*#{1,6}\s+/, (m) => ' '.repeat(m.length));
      const c = cleanText(raw.replace(/\n/g, ' '), line.offset);
      const lead = c.text.length - c.text.trimStart().length;
      rd.units.push({
        ...base,
        text: c.text.slice(lead),
        map: c.map.slice(lead),
        kind: 'heading',
        headingLevel: line.heading,
        depth: 0,
        ancestors: [],
        excludedSection: false,
        dates: [],
      });
      continue;
    }
    const pipes = line.raw.match(/\|/g)?.length ?? 0;
    if (/^\s*\|.*\|\s*$/.test(line.raw) || pipes >= 3 || (piped && pipes >= 1)) {
      if (/^\s*\|?[\s:|-]+\|?\s*$/.test(line.raw)) continue;
      const c = cleanText(line.raw, line.offset);
      const cells: { text: string; index: number }[] = [];
      let from = 0;
      const parts = c.text.split('|');
      // The pipes that open and close a row frame it; an empty cell is a blank column, kept
      // so that the cells after it stay under their headers.
      // Under "Date | Time | Meeting", "            | 14:00 | Bureau" opens with a blank cell.
      const opens = framed.opens && /^\s*\|/.test(c.text);
      const closes = framed.closes && /\|\s*$/.test(c.text);
      for (const [i, part] of parts.entries()) {
        const lead = part.length - part.trimStart().length;
        if (!((i === 0 && opens) || (i === parts.length - 1 && closes)))
          cells.push({ text: part.trim(), index: from + (part.trim() ? lead : 0) });
        from += part.length + 1;
      }
      rd.units.push({
        ...base,
        ...c,
        kind: 'row',
        depth: line.indent,
        ancestors: [],
        excludedSection: false,
        dates: [],
        cells,
      });
      continue;
    }
    const c = cleanText(line.raw, line.offset);
    if (!line.structured && c.text.length > 60) {
      for (const s of splitSentences(c.text)) {
        rd.units.push({
          ...base,
          text: c.text.slice(s.start, s.end),
          map: c.map.slice(s.start, s.end + 1),
          kind: 'sentence',
          depth: line.indent,
          ancestors: [],
          excludedSection: false,
          dates: [],
        });
      }
    } else {
      rd.units.push({
        ...base,
        ...c,
        kind: 'line',
        depth: line.indent,
        ancestors: [],
        excludedSection: false,
        dates: [],
      });
    }
  }
}

/**
 * Joins the physical lines of a paragraph into logical lines: a wrapped sentence becomes
 * one line again, while labelled lines ("on: ...", "TIME: ..."), lines that open with a
 * date, a weekday or a time, and indented children stay apart.
 */
export function logicalLines(
  rd: ReaderCore,
  text: string,
  offset: number,
  column: number,
  piped = false,
): { raw: string; offset: number; indent: number; structured: boolean; heading?: number }[] {
  const physical: { raw: string; offset: number; indent: number }[] = [];
  let pos = 0;
  for (const whole of text.split('\n')) {
    // "> " quote marks of a forwarded or replied message are a margin, like indentation: blanked
    // (same length, so offsets stay verbatim); a line that was only a quote mark ends a paragraph.
    const quote = QUOTE_MARKS.exec(whole)?.[0].length ?? 0;
    const part = whole.slice(quote);
    const lead = part.length - part.trimStart().length;
    const indent =
      (pos === 0 && quote === 0 ? column - 1 : 0) + part.slice(0, lead).replace(/\t/g, '    ').length;
    physical.push({ raw: part.replace(/\r$/, ''), offset: offset + pos + quote, indent });
    pos += whole.length + 1;
  }
  const out: { raw: string; offset: number; indent: number; structured: boolean; heading?: number }[] = [];
  const plain = rd.doc.type !== 'markdown';
  // Hard-wrapped text (mail, plain-text notes) keeps its lines short; a paragraph with a
  // long line was not wrapped, so each of its line breaks ends a title or a sentence.
  const wrapped = physical.every((l) => l.raw.length <= 100);
  let paragraphEnd = false;
  // The line before, as written: two lines in a row that each give a full date and open with a
  // capital or a digit are a list of dated lines ("Session 1 - 8 June 2027, 14:00"), not wrapped prose.
  let prevDated = false;
  for (const line of physical) {
    const body = line.raw.trim();
    if (!body) {
      paragraphEnd = out.length > 0;
      prevDated = false;
      continue;
    }
    // (Columns aligned with runs of spaces are a table, read as one by aligned-table.ts.)
    const dated = /^[\p{Lu}\d]/u.test(body) && !/\S(?: {2,}|\t)\S/.test(body) && FULL_DATE.test(body);
    const datedList = dated && prevDated;
    prevDated = dated;
    const prev = out[out.length - 1];
    // Plain text marks headings the Markdown way too: an underline of = or -, or leading #.
    const underline = /^([=\-~_*#])\1{2,}$/.exec(body);
    if (underline) {
      if (plain && prev && prev.heading === undefined && !/^\s*[-*]\s/.test(prev.raw))
        prev.heading = underline[1] === '=' ? 1 : 2;
      continue;
    }
    const hashes = plain ? /^(#{1,6})\s+\S/.exec(body) : null;
    if (hashes) {
      out.push({ ...line, structured: true, heading: (hashes[1] as string).length });
      continue;
    }
    const startsStructure =
      datedList ||
      LABEL_RE.test(body) ||
      isPostStamp(body) ||
      /^\|/.test(body) ||
      (body.match(/\|/g)?.length ?? 0) >= (piped ? 1 : 2) ||
      /^(?:[-*+\u2022]\s|\d{1,2}[.)]\s)/.test(body) ||
      /^(?:\d{1,2}[:h.]\d{2}|\d{4}\s*[-\u2013]|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.))/i.test(body) ||
      /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\d/i.test(body) ||
      /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(
        body,
      );
    const continues =
      prev !== undefined &&
      !paragraphEnd &&
      !startsStructure &&
      (wrapped || /^[a-z]/.test(body)) &&
      !/:\s*$/.test(prev.raw) &&
      prev.heading === undefined &&
      // A post's stamp ("alice · comment · 2025-03-04") stands alone: its date is the post's.
      !isPostStamp(prev.raw) &&
      line.indent <= prev.indent + 2 &&
      line.indent >= prev.indent - 2;
    if (continues && prev) {
      // Keep the original text between the lines so offsets stay verbatim.
      // Only the part added is unquoted: re-reading the whole paragraph per line would be quadratic.
      const added = rd.doc.text.slice(prev.offset + prev.raw.length, line.offset + line.raw.length);
      prev.raw += added.includes('>') ? unquoteLines(added) : added;
      continue;
    }
    paragraphEnd = false;
    out.push({ ...line, structured: startsStructure || line.indent > (out[0]?.indent ?? line.indent) });
  }
  // A paragraph of several short labelled or indented lines is structured, not prose.
  if (out.length > 1) for (const l of out) l.structured ||= l.raw.trim().length < 100;
  return out;
}

/** A day, a month by name and a year: "8 June 2027", "June 8, 2027". */
const FULL_DATE =
  /\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b/i;

/** The quote marks that open a line of a forwarded or replied message: "> ", "> > ". */
const QUOTE_MARKS = /^(?:[ \t]*>)+[ \t]?/;

/** Lines joined into one sentence, their quote marks blanked to spaces (same length: offsets stay verbatim). */
function unquoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const n = QUOTE_MARKS.exec(line)?.[0].length ?? 0;
      return ' '.repeat(n) + line.slice(n);
    })
    .join('\n');
}

export function assignLabels(rd: ReaderCore): void {
  let stack: { depth: number; kind: LabelKind; block: number; list: boolean }[] = [];
  let excludedLevel: number | undefined;
  let lastBlock = -1;
  for (const u of rd.units) {
    if (u.kind === 'heading') {
      stack = [];
      const level = u.headingLevel ?? 1;
      if (excludedLevel !== undefined && level <= excludedLevel) excludedLevel = undefined;
      if (excludedLevel === undefined && EXCLUDE_SECTION.test(u.text.trim())) excludedLevel = level;
      u.excludedSection = excludedLevel !== undefined;
      lastBlock = u.block;
      continue;
    }
    u.excludedSection = excludedLevel !== undefined;
    const list = u.kind === 'item';
    if (u.block !== lastBlock) {
      // A new paragraph starts a new context; list items keep their list's context.
      if (!list) stack = [];
      else stack = stack.filter((s) => s.list);
    }
    lastBlock = u.block;
    stack = stack.filter((s) => s.depth < u.depth);
    u.ancestors = stack.map((s) => s.kind);
    if (u.kind === 'sentence' || u.kind === 'row') continue;
    const m = LABEL_RE.exec(u.text);
    // "Saturday 31 May: 10:00-13:00" opens a day, it is not a field label.
    if (m && findDates(m[1] as string).mentions.length === 0 && !/^\s*\d/.test(m[1] as string)) {
      const name = (m[1] as string).trim();
      const valueStart = m[0].length;
      const kind = classifyLabel(name, u.text.slice(valueStart));
      u.label = { name, kind, valueStart };
      stack.push({ depth: u.depth, kind, block: u.block, list });
    } else if (/^[A-Za-z][A-Za-z /&'-]{1,40}$/.test(u.text.trim()) && !/\d/.test(u.text)) {
      // "Dinner", "TUESDAY DINNER" without a colon still heads the lines under it.
      const kind = classifyLabel(u.text.trim(), '');
      if (kind !== 'other' || list) {
        u.label = { name: u.text.trim(), kind, valueStart: u.text.length };
        stack.push({ depth: u.depth, kind, block: u.block, list });
      }
    }
  }
}
