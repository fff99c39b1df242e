import { describeType } from '../core/documents/detect.js';
import type { CalendarEvent, CalendarTime, Document } from '../core/documents/types.js';
import { RapporteurError } from '../core/errors.js';
import { createExtractor } from '../extract/sandbox.js';
import { readInputFile } from '../input-files.js';
import type { CliContext, CliGroup } from './context.js';

const USAGE = `Usage: rapporteur doc extract FILE [--json]

Reads a DOCX, PDF, HTML, Markdown, plain-text, e-mail (.eml) or iCalendar (.ics) file and
prints its text block by block, with comments, tracked changes, calendar events and
attachments. --json prints the same as JSON: type, pages, metadata, blocks[] (kind, text,
page, level, numbering, cell), comments[] (author, date, text, anchor, holders),
revisions[] (kind, author, date, text, anchor), events[], attachments[], warnings[].

Limits (environment): RAPPORTEUR_MAX_FILE_MB, RAPPORTEUR_MAX_UNZIPPED_MB,
RAPPORTEUR_MAX_ZIP_ENTRIES, RAPPORTEUR_MAX_PDF_PAGES, RAPPORTEUR_EXTRACT_TIMEOUT_MS,
RAPPORTEUR_EXTRACT_MEMORY_MB.`;

/** `rapporteur doc ...`: document extraction from the command line. */
export const docGroup: CliGroup = {
  summary: 'Read a document (DOCX, PDF, HTML, Markdown, text, e-mail, iCalendar) and print its text.',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const [sub, ...rest] = args;
    if (sub !== 'extract') {
      throw new RapporteurError(
        'INVALID_ARGUMENT',
        sub === undefined ? 'Missing subcommand.' : `Unknown subcommand "${sub}".`,
        { hint: 'Usage: rapporteur doc extract FILE [--json]' },
      );
    }
    let json = false;
    const files: string[] = [];
    for (const arg of rest) {
      if (arg === '--json') json = true;
      else if (arg.startsWith('-') && arg !== '-') {
        throw new RapporteurError('INVALID_ARGUMENT', `Unknown option "${arg}".`, {
          hint: 'Usage: rapporteur doc extract FILE [--json]',
        });
      } else files.push(arg);
    }
    if (files.length !== 1) {
      throw new RapporteurError(
        'INVALID_ARGUMENT',
        files.length === 0 ? 'Name a file to read.' : 'Name one file at a time.',
        {
          hint: 'Usage: rapporteur doc extract FILE [--json]',
        },
      );
    }
    const input = await readInputFile(files[0] as string, ctx.cwd, ctx.config.limits.maxFileBytes);
    const extractor = createExtractor(ctx.config.limits);
    let doc: Document;
    try {
      doc = await extractor.extract(input.bytes, { name: input.name });
    } finally {
      await extractor.close();
    }
    ctx.stdout(json ? `${JSON.stringify(toJson(doc), null, 2)}\n` : renderText(doc));
    return 0;
  },
};

/** The JSON shape of `doc extract --json` (documented in README). */
export function toJson(doc: Document): Record<string, unknown> {
  return {
    type: doc.type,
    name: doc.name,
    pages: doc.metadata.pages ?? null,
    metadata: doc.metadata,
    ...(doc.email ? { email: doc.email } : {}),
    blocks: doc.blocks.map((b) => ({
      kind: b.kind,
      text: b.text,
      page: b.page ?? null,
      line: b.line,
      ...(b.level !== undefined ? { level: b.level } : {}),
      ...(b.numbering !== undefined ? { numbering: b.numbering } : {}),
      ...(b.cell !== undefined ? { cell: b.cell } : {}),
      ...(b.style !== undefined ? { style: b.style } : {}),
    })),
    comments: doc.comments.map((c) => ({
      id: c.id,
      author: c.author ?? null,
      date: c.date ?? null,
      text: c.text,
      anchor: c.anchor ?? null,
      ...(c.initials ? { initials: c.initials } : {}),
      ...(c.holders ? { holders: c.holders } : {}),
      ...(c.parentId ? { parentId: c.parentId } : {}),
      ...(c.resolved ? { resolved: true } : {}),
    })),
    revisions: doc.revisions.map((r) => ({
      kind: r.kind,
      author: r.author ?? null,
      date: r.date ?? null,
      text: r.text,
      anchor: r.anchor ?? null,
    })),
    events: doc.events,
    attachments: doc.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType ?? null,
      size: a.size,
      ...(a.document ? { document: toJson(a.document) } : {}),
      ...(a.error ? { error: a.error } : {}),
    })),
    warnings: doc.warnings,
  };
}

/** The human-readable rendering: a summary line, the blocks, then annotations. */
export function renderText(doc: Document, indent = ''): string {
  const out: string[] = [];
  const counts = [
    doc.metadata.pages ? `${doc.metadata.pages} page${doc.metadata.pages === 1 ? '' : 's'}` : undefined,
    `${doc.blocks.length} block${doc.blocks.length === 1 ? '' : 's'}`,
    doc.comments.length ? `${doc.comments.length} comment${doc.comments.length === 1 ? '' : 's'}` : undefined,
    doc.revisions.length
      ? `${doc.revisions.length} tracked change${doc.revisions.length === 1 ? '' : 's'}`
      : undefined,
    doc.events.length ? `${doc.events.length} event${doc.events.length === 1 ? '' : 's'}` : undefined,
    doc.attachments.length
      ? `${doc.attachments.length} attachment${doc.attachments.length === 1 ? '' : 's'}`
      : undefined,
  ].filter(Boolean);
  out.push(`${doc.name ?? 'document'}: ${describeType(doc.type)}, ${counts.join(', ')}`);
  if (doc.metadata.title) out.push(`Title: ${doc.metadata.title}`);
  if (doc.email) {
    const e = doc.email;
    if (e.from) out.push(`From: ${e.from}`);
    if (e.date) out.push(`Date: ${e.date}`);
    if (e.subject) out.push(`Subject: ${e.subject}`);
  }
  out.push('');
  let page: number | undefined;
  for (const b of doc.blocks) {
    if (b.page !== undefined && b.page !== page) {
      page = b.page;
      out.push(`--- page ${page} ---`, '');
    }
    const label =
      b.kind === 'heading'
        ? `${'#'.repeat(Math.min(b.level ?? 1, 6))} ${b.numbering ? `${b.numbering} ` : ''}`
        : b.kind === 'footnote'
          ? `[footnote ${b.numbering ?? ''}] `.replace(' ]', ']')
          : b.numbering
            ? `${indentOf(b.level)}${b.numbering} `
            : b.kind === 'table-cell' && b.cell
              ? `[table ${b.cell.table + 1}, row ${b.cell.row + 1}, column ${b.cell.column + 1}] `
              : '';
    out.push(`${label}${b.text}`, '');
  }
  if (doc.comments.length > 0) {
    out.push('Comments:');
    for (const c of doc.comments) {
      const who = [c.author, c.date].filter(Boolean).join(', ');
      const on = c.anchor?.text ? ` on "${clip(c.anchor.text, 60)}"` : '';
      const holders = c.holders ? ` [holders: ${c.holders.join(', ')}]` : '';
      const reply = c.parentId ? ` (reply to ${c.parentId})` : '';
      out.push(`  #${c.id} ${who}${on}${reply}: ${c.text}${holders}`);
    }
    out.push('');
  }
  if (doc.revisions.length > 0) {
    out.push('Tracked changes:');
    for (const r of doc.revisions) {
      const who = [r.author, r.date].filter(Boolean).join(', ');
      out.push(
        `  ${r.kind === 'insert' ? '+ inserted' : '- deleted'}${who ? ` (${who})` : ''}: "${clip(r.text, 80)}"`,
      );
    }
    out.push('');
  }
  if (doc.events.length > 0) {
    out.push('Events:');
    for (const e of doc.events) out.push(`  ${describeEvent(e)}`);
    out.push('');
  }
  if (doc.attachments.length > 0) {
    out.push('Attachments:');
    for (const a of doc.attachments) {
      const what = `${a.filename ?? '(unnamed)'} (${a.contentType ?? 'unknown type'}, ${a.size} bytes)`;
      if (a.error) out.push(`  ${what}: not read: ${a.error.message}`);
      else if (a.document)
        out.push(`  ${what}: ${describeType(a.document.type)}, ${a.document.blocks.length} blocks`);
      else out.push(`  ${what}`);
    }
    out.push('');
  }
  if (doc.warnings.length > 0) {
    out.push('Warnings:');
    for (const w of doc.warnings) out.push(`  ${w.message}${w.page ? ` (page ${w.page})` : ''}`);
    out.push('');
  }
  return `${out.map((l) => (l === '' ? '' : indent + l)).join('\n')}\n`;
}

/**
 * Deepest list level shown by indentation. Deeper items keep the last indentation and say
 * their level: 5,000 nested lists repeated the indentation per level and turned 120 KB of
 * HTML into 100 MB of text.
 */
const MAX_INDENT_LEVELS = 8;

function indentOf(level = 1): string {
  if (level <= MAX_INDENT_LEVELS) return '  '.repeat(Math.max(0, level - 1));
  return `${'  '.repeat(MAX_INDENT_LEVELS - 1)}[level ${level}] `;
}

function describeEvent(e: CalendarEvent): string {
  const when = `${time(e.start)}${e.end ? ` to ${time(e.end)}` : ''}`;
  const bits = [
    e.method,
    e.status,
    `seq ${e.sequence}`,
    e.recurrenceId ? `occurrence ${e.recurrenceId}` : undefined,
  ].filter(Boolean);
  return `${e.summary ?? '(no title)'}: ${when}${e.location ? ` at ${e.location}` : ''} [${bits.join(', ')}] uid ${e.uid}`;
}

function time(t: CalendarTime): string {
  if (t.dateOnly) return `${t.local} (all day)`;
  const zone = t.timeZone ?? (t.floating ? 'floating' : t.sourceTimeZone);
  return `${t.local.replace('T', ' ')}${zone ? ` ${zone}` : ''}${t.utc && t.timeZone !== 'Etc/UTC' ? ` (${t.utc})` : ''}`;
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
