import { DateTime } from 'luxon';
import { type Inline, inlines, type RichText, type TimeInline } from '../../core/reply.js';
import { joinMarkdownPieces, longestBacktickRun, safeLinkUrl, sanitize } from '../../core/reply-markdown.js';

/**
 * Discord-flavoured Markdown for rendered replies, built from "atoms" so that text can be
 * cut at a clean boundary: between words, never inside a `<t:...>` token, a code span, a
 * link or an escape sequence, and never inside a character or grapheme cluster.
 */

/** How a {@link TimeInline} style shows in Discord (`<t:unix:STYLE>`), localised for each reader. */
export const TIME_STYLE: Record<NonNullable<TimeInline['style']>, string> = {
  // F: weekday, date and time. The weekday matters here: Whit Monday, a Saturday session.
  full: 'F',
  // D: the date with the month as a word; reads the same in every locale, unlike d's numerals.
  date: 'D',
  time: 't',
  relative: 'R',
};

/**
 * A piece of a line: plain text (sanitised, one line, escaped when rendered; may be cut
 * between words) or a construct that is kept whole.
 */
export type Atom =
  | { kind: 'text'; raw: string }
  | {
      kind: 'fixed';
      /** Rendered Markdown that must not be split. */
      text: string;
      /** Plain text to fall back on when the construct alone is too long to show. */
      raw: string;
    };

const ELLIPSIS = '…';

let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** A URL word (kept as is: escapes inside would break the link) or one character to escape. */
const ESCAPABLE = /(?<!\S)https?:\/\/\S+|[\\*_~`|<>]|\](?=\()/g;

/**
 * Escapes sanitised plain text for Discord Markdown in one pass. URLs are left alone,
 * `(` after `]` is escaped so document text never forms a masked link, and `<` so it never
 * forms a mention, custom emoji or timestamp.
 */
function escapeClean(text: string): string {
  // Without URLs a replacement pattern is much faster than a callback per match.
  if (!text.includes('://')) return text.replace(/[\\*_~`|<>]/g, '\\$&').replace(/\](?=\()/g, ']\\');
  return text.replace(ESCAPABLE, (m) => (m.length > 1 ? m : m === ']' ? ']\\' : `\\${m}`));
}

/** Escapes any text for Discord Markdown (sanitising it first). */
export function escapeDiscord(text: string): string {
  return escapeClean(sanitize(text));
}

/**
 * Escapes a marker that would make a line a heading, subtext or list item. Discord needs a
 * space after each marker, so "64.4% agreed" and "#hashtag" stay as they are; the escape goes
 * before punctuation only, because a backslash before a digit would show ("\\12. item").
 * Quote and bullet markers (`>`, `*`) are escaped wherever they appear by the inline escaper.
 */
export function escapeLineStart(line: string): string {
  const marker = /^(#{1,3}|-#|[-+]|\d{1,9}[.)])(?=[ \t])/.exec(line)?.[1];
  if (marker === undefined) return line;
  if (/^\d/.test(marker)) return `${marker.slice(0, -1)}\\${line.slice(marker.length - 1)}`;
  return `\\${line}`;
}

/** Unix seconds of an ISO instant, or undefined when it is not a valid instant. */
function unixSeconds(iso: string): number | undefined {
  const dt = DateTime.fromISO(iso, { setZone: true });
  return dt.isValid ? Math.floor(dt.toMillis() / 1000) : undefined;
}

function codeSpan(code: string): string | undefined {
  const clean = sanitize(code).replace(/\s*\n\s*/g, ' ');
  if (clean.trim() === '') return undefined;
  const longest = longestBacktickRun(clean);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

const flatten = (text: string) => sanitize(text).replace(/\s*\n\s*/g, ' ');

function wrapped(text: string, marker: string): Atom[] {
  const flat = flatten(text);
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(flat);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  if (core === '') return flat === '' ? [] : [{ kind: 'text', raw: flat }];
  const atoms: Atom[] = [];
  if (lead) atoms.push({ kind: 'text', raw: lead });
  atoms.push({ kind: 'fixed', text: `${marker}${escapeClean(core)}${marker}`, raw: core });
  if (trail) atoms.push({ kind: 'text', raw: trail });
  return atoms;
}

/** Plain text for a time where Discord cannot localise it (when a timestamp must degrade to text). */
export type TimeFallback = (time: TimeInline) => string;

function inlineAtoms(piece: Exclude<Inline, string>, fallback: TimeFallback): Atom[] {
  if ('time' in piece) {
    const seconds = unixSeconds(piece.time);
    if (seconds === undefined)
      return piece.time.trim() === '' ? [] : [{ kind: 'text', raw: flatten(piece.time) }];
    const text = `<t:${seconds}:${TIME_STYLE[piece.style ?? 'full']}>`;
    // The fallback formats with time-zone data, which is slow; it is rarely needed.
    return [
      {
        kind: 'fixed',
        text,
        get raw() {
          return fallback(piece);
        },
      },
    ];
  }
  if ('code' in piece) {
    const text = codeSpan(piece.code);
    return text === undefined ? [] : [{ kind: 'fixed', text, raw: flatten(piece.code) }];
  }
  if ('strong' in piece) return wrapped(piece.strong, '**');
  if ('em' in piece) return wrapped(piece.em, '*');
  const url = safeLinkUrl(piece.link);
  const label = piece.label === undefined ? undefined : flatten(piece.label).trim();
  if (url === undefined)
    return [{ kind: 'text', raw: flatten(label ? `${label} (${piece.link})` : piece.link) }];
  if (!label) return [{ kind: 'fixed', text: url, raw: url }];
  return [
    { kind: 'fixed', text: `[${escapeClean(label).replace(/[[\]]/g, (c) => `\\${c}`)}](${url})`, raw: label },
  ];
}

/**
 * Rich text as lines of atoms. Newlines inside plain strings start new lines; a line break
 * inside a construct (bold, code) is flattened to a space.
 */
export function richTextLines(text: RichText | undefined, fallback: TimeFallback): Atom[][] {
  const lines: Atom[][] = [[]];
  for (const piece of inlines(text)) {
    if (typeof piece === 'string') {
      sanitize(piece)
        .split('\n')
        .forEach((part, i) => {
          if (i > 0) lines.push([]);
          if (part !== '') (lines[lines.length - 1] as Atom[]).push({ kind: 'text', raw: part });
        });
    } else {
      (lines[lines.length - 1] as Atom[]).push(...inlineAtoms(piece, fallback));
    }
  }
  return lines.map(trimAtoms);
}

/** Rich text flattened to one line (list items, cells). */
export function richTextLine(text: RichText | undefined, fallback: TimeFallback): Atom[] {
  const joined: Atom[] = [];
  richTextLines(text, fallback).forEach((line, i) => {
    if (i > 0 && line.length > 0 && joined.length > 0) joined.push({ kind: 'text', raw: ' ' });
    for (const atom of line) joined.push(atom);
  });
  return trimAtoms(joined);
}

/** Drops leading and trailing whitespace of a line (leading spaces would start a code block elsewhere). */
function trimAtoms(atoms: Atom[]): Atom[] {
  const out = [...atoms];
  while (out[0]?.kind === 'text') {
    const trimmed = out[0].raw.trimStart();
    if (trimmed !== '') {
      out[0] = { kind: 'text', raw: trimmed };
      break;
    }
    out.shift();
  }
  while (true) {
    const last = out[out.length - 1];
    if (last?.kind !== 'text') break;
    const trimmed = last.raw.trimEnd();
    if (trimmed !== '') {
      out[out.length - 1] = { kind: 'text', raw: trimmed };
      break;
    }
    out.pop();
  }
  return out;
}

function renderText(raw: string, first: boolean): string {
  const escaped = escapeClean(raw);
  return first ? escapeLineStart(escaped) : escaped;
}

function renderAtom(atom: Atom, first: boolean): string {
  return atom.kind === 'fixed' ? atom.text : renderText(atom.raw, first);
}

/** Renders atoms as one line of Discord Markdown. */
export function renderAtoms(atoms: Atom[], lineStart = true): string {
  return joinMarkdownPieces(atoms.map((atom, i) => renderAtom(atom, lineStart && i === 0)));
}

/** Whether a zero-width space must separate `left` from `right` (see joinMarkdownPieces). */
function seam(left: string, right: string): string {
  const last = left[left.length - 1];
  return last !== undefined && last === right[0] && '`*_~|'.includes(last) ? '\u200b' : '';
}

/**
 * The largest `k` in [0, count] with `fits(k)`, given that `fits` is monotonic (true up to
 * some k, false after). Binary search keeps hostile million-character inputs cheap.
 */
function largestFitting(count: number, fits: (k: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Offsets just after each run of whitespace: where a cut leaves whole words. */
function wordEnds(text: string, limit: number): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/\s+/g)) {
    const end = (m.index ?? 0) + m[0].length;
    if (m.index !== undefined && m.index > limit) break;
    ends.push(end);
  }
  return ends;
}

/**
 * The longest prefix of `text`, ending on a grapheme boundary, whose measured length is at
 * most `room`. Only the first `room` + slack units are segmented; the last grapheme of
 * that window is dropped because the slice may have cut it.
 */
function graphemePrefix(text: string, room: number, measure: (prefix: string) => number): string {
  if (room <= 0) return '';
  const window = graphemes(text.slice(0, room + 16));
  if (text.length > room + 16) window.pop();
  const ends: number[] = [];
  let end = 0;
  for (const g of window) {
    end += g.length;
    ends.push(end);
  }
  const k = largestFitting(ends.length, (n) => measure(text.slice(0, ends[n - 1])) <= room);
  return k === 0 ? '' : text.slice(0, ends[k - 1]);
}

/**
 * The longest prefix of `atoms`, rendered, that fits `budget` characters including a
 * closing ellipsis. Whole atoms are kept while they fit; plain text is then cut between
 * words; when not even one word fits at the start, at a grapheme boundary. A construct is
 * never split: when it alone is too long, its plain text is cut instead. Returns undefined
 * when nothing useful fits.
 */
export function cutAtoms(atoms: Atom[], budget: number, lineStart = true): string | undefined {
  if (budget <= ELLIPSIS.length) return undefined;
  const room = budget - ELLIPSIS.length;
  // `out` stays within `room` (at most a few thousand characters), so reading its end is cheap.
  let out = '';
  for (const [i, atom] of atoms.entries()) {
    const first = lineStart && i === 0;
    // Escaping only lengthens text, so a raw text longer than the room cannot fit whole.
    if (atom.kind === 'fixed' || atom.raw.length <= room - out.length) {
      const piece = renderAtom(atom, first);
      if (piece === '') continue;
      const joined = out + seam(out, piece) + piece;
      if (joined.length <= room) {
        out = joined;
        continue;
      }
    }
    const raw = atom.kind === 'text' ? atom.raw : i === 0 ? atom.raw : undefined;
    if (raw !== undefined) {
      const render = (prefix: string) => {
        const piece = renderText(prefix, first);
        return out + seam(out, piece) + piece;
      };
      const ends = wordEnds(raw, room);
      const k = largestFitting(ends.length, (n) => render(raw.slice(0, ends[n - 1])).length <= room);
      let prefix = k === 0 ? '' : raw.slice(0, ends[k - 1]);
      if (prefix.trim() === '' && out.trim() === '')
        prefix = graphemePrefix(raw, room, (p) => render(p).length);
      if (prefix.trim() !== '') out = render(prefix);
    }
    break;
  }
  const trimmed = out.trimEnd();
  return trimmed === '' ? undefined : `${trimmed}${ELLIPSIS}`;
}

/** Plain text (no Markdown rendering, e.g. an embed footer) cut at a word or grapheme boundary. */
export function cutPlain(text: string, budget: number): string {
  const clean = sanitize(text);
  if (clean.length <= budget) return clean;
  if (budget <= ELLIPSIS.length) return '';
  const room = budget - ELLIPSIS.length;
  const ends = wordEnds(clean, room);
  const k = largestFitting(ends.length, (n) => (ends[n - 1] ?? 0) <= room);
  let out = k === 0 ? '' : clean.slice(0, ends[k - 1]);
  if (out.trim() === '') out = graphemePrefix(clean, room, (prefix) => prefix.length);
  return `${out.trimEnd()}${ELLIPSIS}`;
}

function lineAtoms(text: string): Atom[] {
  return trimAtoms([{ kind: 'text', raw: flatten(text) }]);
}

/** Single-line text (embed title, field name) escaped for Markdown, whole. */
export function escapedLine(text: string): string {
  return renderAtoms(lineAtoms(text));
}

/** Single-line text escaped for Markdown and cut to `budget` at a clean boundary. */
export function cutEscapedLine(text: string, budget: number): string {
  const atoms = lineAtoms(text);
  const full = renderAtoms(atoms);
  if (full.length <= budget) return full;
  return cutAtoms(atoms, budget) ?? '';
}
