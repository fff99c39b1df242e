import { formatInstant, type Inline, inlines, type Reply, type ReplyTable, type RichText } from './reply.js';

/**
 * Renders a {@link Reply} as a self-contained Markdown document (GitHub-flavoured: tables,
 * lists, headings). Chat adapters attach it when a reply does not fit their message limits;
 * e-mail can send it as the text part. A file cannot show each reader their own local time,
 * so instants are written out in a stated zone with its abbreviation.
 */

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** IANA zone for instants that do not name their own; defaults to UTC. */
  zone?: string;
  /** Base for `relative` times ("in 3 days"); without it relative times are written in full. */
  now?: Date;
}

/** Characters that open or close Markdown constructs anywhere in a line. */
const INLINE_SPECIALS = /[\\`*_~[\]<>|&]/g;

/**
 * Normalises line ends and removes what no reader wants in a report: control characters
 * other than tab and newline, and lone UTF-16 surrogates (replaced, as they cannot be
 * encoded as UTF-8).
 */
export function sanitize(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}

/**
 * The largest of `values` and `floor`. A loop, not `Math.max(...values)`: spreading a
 * hostile 200 000-row table into arguments overflows the stack.
 */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Length of the longest run of backticks in `text` (a code span's fence must be longer). */
export function longestBacktickRun(text: string): number {
  return maxOf(Array.from(text.matchAll(/`+/g), (m) => m[0].length));
}

/** Escapes the characters that could open a Markdown construct inside a line. */
function escapeInline(text: string): string {
  return sanitize(text).replace(INLINE_SPECIALS, '\\$&');
}

/**
 * Makes every line start as plain paragraph text: indentation (which would start a code
 * block) is dropped and a heading, quote, list or rule marker is escaped. Runs on whole
 * lines, after inline pieces are joined, because only there is "start of line" known.
 */
function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.replace(/^[ \t]+/, '').replace(/^([#>+\-=]|\d{1,9}[.)])/, (marker: string) => `\\${marker}`),
    )
    .join('\n');
}

/** Escapes text so that Markdown shows it literally. */
export function escapeMarkdownText(text: string): string {
  return escapeLineStarts(escapeInline(text));
}

/** A code span that survives backticks inside the code; `|` escaped inside tables. */
function codeSpan(code: string, inTable = false): string {
  let clean = sanitize(code).replace(/\s*\n\s*/g, ' ');
  if (clean.trim() === '') return '';
  if (inTable) clean = clean.replace(/\|/g, '\\|');
  const longest = longestBacktickRun(clean);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Emphasis markers must hug the text, so surrounding whitespace goes outside them. */
function wrap(text: string, marker: string): string {
  const flat = sanitize(text).replace(/\s*\n\s*/g, ' ');
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(flat);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  return core === '' ? flat : `${lead}${marker}${escapeInline(core)}${marker}${trail}`;
}

/** An http(s) or mailto URL made safe inside `(...)` and `<...>`, or undefined for anything else. */
export function safeLinkUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) return undefined;
    return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined;
  }
}

function inline(piece: Inline, options: MarkdownOptions, inTable: boolean): string {
  if (typeof piece === 'string') return escapeInline(piece);
  if ('time' in piece) {
    const style = piece.style === 'relative' && options.now === undefined ? 'full' : piece.style;
    return escapeInline(formatInstant(piece.time, piece.zone ?? options.zone ?? 'UTC', style, options.now));
  }
  if ('code' in piece) return codeSpan(piece.code, inTable);
  if ('strong' in piece) return wrap(piece.strong, '**');
  if ('em' in piece) return wrap(piece.em, '*');
  const url = safeLinkUrl(piece.link);
  if (url === undefined) return escapeInline(piece.label ? `${piece.label} (${piece.link})` : piece.link);
  return piece.label?.trim() ? `[${escapeInline(piece.label).replace(/\n/g, ' ')}](${url})` : `<${url}>`;
}

/** Delimiters that merge into a different construct when two runs touch. */
const MERGING = '`*_~|';

/**
 * Joins rendered pieces; where both sides of the seam carry the same delimiter (two code
 * spans, two bold runs) the runs would merge, so a zero-width space keeps them apart. The
 * last character is tracked rather than read back: indexing a growing string flattens it
 * each time, which turned a 300 000-piece line quadratic.
 */
export function joinMarkdownPieces(pieces: Iterable<string>): string {
  const parts: string[] = [];
  let last = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (last !== '' && last === piece[0] && MERGING.includes(last)) parts.push('\u200b');
    parts.push(piece);
    last = piece[piece.length - 1] as string;
  }
  return parts.join('');
}

/** Rich text as Markdown; line breaks kept. */
export function richTextToMarkdown(text: RichText | undefined, options: MarkdownOptions = {}): string {
  return escapeLineStarts(joinMarkdownPieces(inlines(text).map((p) => inline(p, options, false))));
}

/** Rich text on a single line (list items, table cells): line breaks become spaces. */
function oneLine(text: RichText, options: MarkdownOptions, inTable = false): string {
  const joined = joinMarkdownPieces(inlines(text).map((p) => inline(p, options, inTable)))
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return escapeLineStarts(joined);
}

function plainLine(text: string): string {
  return escapeMarkdownText(text.replace(/\s*[\r\n]+\s*/g, ' ')).trim();
}

function table(t: ReplyTable, options: MarkdownOptions): string[] {
  const width = maxOf(
    t.rows.map((r) => r.length),
    Math.max(t.columns.length, 1),
  );
  const header = Array.from({ length: width }, (_, i) => plainLine(t.columns[i] ?? '') || ' ');
  const row = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  return [
    row(header),
    row(header.map(() => '---')),
    ...t.rows.map((r) => row(Array.from({ length: width }, (_, i) => oneLine(r[i] ?? '', options, true)))),
  ];
}

/** Renders the whole reply as Markdown ending in a newline. Pure and deterministic for fixed options. */
export function renderMarkdown(reply: Reply, options: MarkdownOptions = {}): string {
  const blocks: string[] = [`# ${plainLine(reply.title) || 'Report'}`];
  const summary = richTextToMarkdown(reply.summary, options).trim();
  if (summary) blocks.push(summary);
  for (const section of reply.sections) {
    const heading = plainLine(section.heading ?? '');
    if (heading) blocks.push(`## ${heading}`);
    const body = richTextToMarkdown(section.body, options).trim();
    if (body) blocks.push(body);
    if (section.fields?.length) {
      blocks.push(
        section.fields
          .map((f) => `- **${plainLine(f.name) || '(unnamed)'}:** ${oneLine(f.value, options)}`)
          .join('\n'),
      );
    }
    if (section.items?.length)
      blocks.push(section.items.map((item) => `- ${oneLine(item, options)}`).join('\n'));
    if (section.table) blocks.push(table(section.table, options).join('\n'));
    if (section.columns?.length) {
      // Side by side as a table: one column per source, item i of every source on row i.
      const columns = section.columns;
      const depth = maxOf(columns.map((c) => c.items.length));
      const rows = Array.from({ length: depth }, (_, i) => columns.map((c) => c.items[i] ?? ''));
      blocks.push(table({ columns: columns.map((c) => c.heading), rows }, options).join('\n'));
    }
  }
  if (reply.actions?.length) {
    const lines = reply.actions.map((a) => `- ${plainLine(a.label) || 'Run'}: ${codeSpan(a.command)}`);
    blocks.push(['**Next steps**', ...lines].join('\n'));
  }
  if (reply.attachments.length > 0) {
    blocks.push(`Attached: ${reply.attachments.map((a) => plainLine(a.filename)).join(', ')}`);
  }
  const footer = plainLine(reply.footer ?? '');
  if (footer) blocks.push(`---\n\n*${footer}*`);
  return `${blocks.join('\n\n')}\n`;
}
