import { LRUCache } from 'lru-cache';
import { IANAZone } from 'luxon';
import {
  formatInstant,
  type Inline,
  inlines,
  type Reply,
  type ReplySection,
  type ReplyTone,
  type RichText,
  renderPlain,
  type TimeInline,
} from '../../core/reply.js';
import { mapReplyText } from '../../core/reply-map.js';

/**
 * Reply -> e-mail: a subject line that cannot inject headers, a plain-text body (the same
 * rendering as the terminal) and an HTML body with inline styles, since mail clients drop
 * style sheets. Every piece of text is escaped; links are kept only for http(s) and mailto.
 * Times show in the zone they were stated in (the venue's) and, when the recipient's zone
 * is known and differs, in the recipient's too.
 */

/** How to render a reply for one message. */
export interface MailRenderOptions {
  /** The recipient's IANA zone, when known (a person, not a list). Invalid zones are ignored. */
  timeZone?: string;
  /** Subject instead of the reply's title. */
  subject?: string;
  /** Prefix such as `[Rapporteur]`, kept ahead of the subject. */
  subjectPrefix?: string;
  /** "Now" for relative times; defaults to the wall clock at render time. */
  now?: Date;
}

/** The parts of a rendered mail; the sender puts text and HTML in a multipart/alternative. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Longest subject kept, in user-perceived characters; mail clients cut long ones anyway. */
export const MAX_SUBJECT_LENGTH = 180;

// Line breaks of every kind (the injection risk), other controls, and bidirectional
// overrides/isolates that can make a subject read differently from what it is.
const SUBJECT_UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * A subject line safe to put in a header: no CR/LF or other controls (so no header
 * injection), whitespace collapsed, at most `maxLength` characters (cut on a character
 * boundary, with an ellipsis). Never empty.
 */
export function sanitiseSubject(value: string, maxLength = MAX_SUBJECT_LENGTH): string {
  const clean = value.replace(SUBJECT_UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (clean === '') return 'Rapporteur';
  const parts = [...graphemes.segment(clean)].map((s) => s.segment);
  if (parts.length <= maxLength) return clean;
  return `${parts
    .slice(0, Math.max(1, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

/** The subject of an answer: one `Re: ` in front of the (sanitised) original. */
export function replySubject(original: string | undefined): string {
  const clean = sanitiseSubject(original ?? '');
  return /^re:/i.test(clean) ? clean : sanitiseSubject(`Re: ${clean}`);
}

// Control characters other than tab, line feed and CRLF pairs: never wanted in a body, and
// some (NUL, form feed, lone carriage returns) upset mail clients or HTML parsers.
const BODY_UNSAFE = /(?![\t\n\r])\p{Cc}|\r(?!\n)/gu;

function cleanBody(text: string): string {
  return text.replace(BODY_UNSAFE, '').replace(/\r\n/g, '\n');
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return cleanBody(text).replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

// Checking a zone builds an Intl formatter (~0.1 ms); replies repeat the same few zones.
const zoneValidity = new LRUCache<string, boolean>({ max: 1000 });

function validZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    zoneValidity.set(zone, valid);
  }
  return valid ? zone : undefined;
}

// Formatting an instant with its zone name costs ~0.3 ms (luxon builds an Intl formatter
// per call), and a digest to many subscribers formats the same instants again and again.
const formattedTimes = new LRUCache<string, string>({ max: 20_000 });

/** A time as text: in its stated zone, plus the recipient's when that differs. */
export function formatTimeFor(piece: TimeInline, recipientZone?: string, now?: Date): string {
  if (piece.style === 'relative') return formatTimeUncached(piece, recipientZone, now);
  const key = `${piece.time}|${piece.zone ?? ''}|${piece.style ?? ''}|${recipientZone ?? ''}`;
  let text = formattedTimes.get(key);
  if (text === undefined) {
    text = formatTimeUncached(piece, recipientZone, now);
    formattedTimes.set(key, text);
  }
  return text;
}

function formatTimeUncached(piece: TimeInline, recipientZone?: string, now?: Date): string {
  const reader = validZone(recipientZone);
  const stated = validZone(piece.zone);
  const style = piece.style ?? 'full';
  if (style === 'relative') return formatInstant(piece.time, stated ?? reader ?? 'UTC', 'relative', now);
  if (stated === undefined) return formatInstant(piece.time, reader ?? 'UTC', style);
  const venue = formatInstant(piece.time, stated, style);
  if (reader === undefined || reader === stated) return venue;
  const local = formatInstant(piece.time, reader, style === 'date' ? 'date' : 'full');
  return local === venue ? venue : `${venue} (your time: ${local})`;
}

const TONE_COLOUR: Record<ReplyTone, string> = {
  info: '#0969da',
  success: '#1a7f37',
  warning: '#9a6700',
  error: '#cf222e',
};

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;
const CODE_STYLE =
  'font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;background:#f6f8fa;padding:0 3px;border-radius:3px';
const CELL = 'border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top';

class HtmlRenderer {
  constructor(private readonly formatTime: (t: TimeInline) => string) {}

  inline(piece: Inline): string {
    if (typeof piece === 'string') return escapeHtml(piece).replace(/\n/g, '<br>');
    if ('time' in piece) {
      return `<time datetime="${escapeHtml(piece.time)}">${escapeHtml(this.formatTime(piece))}</time>`;
    }
    if ('code' in piece) return `<code style="${CODE_STYLE}">${escapeHtml(piece.code)}</code>`;
    if ('strong' in piece) return `<strong>${escapeHtml(piece.strong)}</strong>`;
    if ('em' in piece) return `<em>${escapeHtml(piece.em)}</em>`;
    const label = piece.label ?? piece.link;
    if (!SAFE_LINK.test(piece.link.trim())) {
      // A javascript: or data: URL is shown as text, never made clickable.
      return escapeHtml(piece.label ? `${piece.label} (${piece.link})` : piece.link);
    }
    return `<a href="${escapeHtml(piece.link.trim())}" style="color:#0969da">${escapeHtml(label)}</a>`;
  }

  rich(text: RichText | undefined): string {
    return inlines(text)
      .map((p) => this.inline(p))
      .join('');
  }

  paragraphs(text: RichText): string {
    // Blank lines in prose separate paragraphs; single line breaks stay line breaks.
    const html = this.rich(text);
    return html
      .split(/(?:<br>){2,}/)
      .filter((p) => p.trim() !== '')
      .map((p) => `<p style="margin:0 0 10px">${p}</p>`)
      .join('\n');
  }

  section(s: ReplySection): string {
    const out: string[] = [];
    if (s.heading) out.push(`<h2 style="font-size:16px;margin:22px 0 8px">${escapeHtml(s.heading)}</h2>`);
    if (s.body !== undefined) out.push(this.paragraphs(s.body));
    if (s.fields?.length) {
      const rows = s.fields.map(
        (f) =>
          `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 16px 2px 0;white-space:nowrap">${escapeHtml(f.name)}</th><td style="padding:2px 0">${this.rich(f.value)}</td></tr>`,
      );
      out.push(
        `<table role="presentation" style="border-collapse:collapse;margin:0 0 10px">${rows.join('')}</table>`,
      );
    }
    if (s.items?.length) {
      out.push(
        `<ul style="margin:0 0 10px;padding-left:22px">${s.items.map((i) => `<li>${this.rich(i)}</li>`).join('')}</ul>`,
      );
    }
    if (s.table) {
      const head = s.table.columns
        .map((c) => `<th style="${CELL};background:#f6f8fa">${escapeHtml(c)}</th>`)
        .join('');
      const body = s.table.rows
        .map(
          (r) =>
            `<tr>${s.table?.columns.map((_, i) => `<td style="${CELL}">${this.rich(r[i])}</td>`).join('')}</tr>`,
        )
        .join('');
      out.push(
        `<table style="border-collapse:collapse;margin:0 0 10px;font-size:14px"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`,
      );
    }
    if (s.columns?.length) {
      const width = Math.floor(100 / s.columns.length);
      const cells = s.columns.map(
        (c) =>
          `<td width="${width}%" style="vertical-align:top;padding:6px 10px;border:1px solid #d0d7de"><div style="font-weight:600;margin-bottom:4px">${escapeHtml(c.heading)}</div><ul style="margin:0;padding-left:18px">${c.items.map((i) => `<li>${this.rich(i)}</li>`).join('')}</ul></td>`,
      );
      out.push(
        `<table role="presentation" width="100%" style="border-collapse:collapse;table-layout:fixed;margin:0 0 10px"><tr>${cells.join('')}</tr></table>`,
      );
    }
    return out.join('\n');
  }

  document(r: Reply, title: string): string {
    const parts = [
      `<h1 style="font-size:20px;margin:0 0 10px;padding-left:10px;border-left:4px solid ${TONE_COLOUR[r.tone]}">${escapeHtml(r.title)}</h1>`,
    ];
    if (r.summary !== undefined) parts.push(this.paragraphs(r.summary));
    for (const s of r.sections) parts.push(this.section(s));
    if (r.attachments.length > 0) {
      parts.push(
        `<p style="margin:16px 0 10px">Attached: ${r.attachments.map((a) => escapeHtml(a.filename)).join(', ')}</p>`,
      );
    }
    if (r.actions?.length) {
      const items = r.actions.map(
        (a) => `<li>${escapeHtml(a.label)}: <code style="${CODE_STYLE}">${escapeHtml(a.command)}</code></li>`,
      );
      parts.push(
        `<p style="margin:16px 0 4px">To go further, send one of these as the subject of a mail to the bot:</p><ul style="margin:0 0 10px;padding-left:22px">${items.join('')}</ul>`,
      );
    }
    if (r.footer) {
      parts.push(
        `<hr style="border:0;border-top:1px solid #d0d7de;margin:20px 0 8px"><p style="margin:0;color:#59636e;font-size:13px">${escapeHtml(r.footer)}</p>`,
      );
    }
    return [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeHtml(title)}</title></head>`,
      '<body style="margin:0;padding:16px;background:#ffffff;color:#1f2328;font-family:-apple-system,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">',
      '<div style="max-width:760px">',
      ...parts,
      '</div>',
      '</body>',
      '</html>',
      '',
    ].join('\n');
  }
}

/** Renders a reply as a mail: sanitised subject, plain text and HTML bodies. */
export function renderMail(reply: Reply, options: MailRenderOptions = {}): RenderedMail {
  const prefix = options.subjectPrefix ? `${sanitiseSubject(options.subjectPrefix)} ` : '';
  const subject = sanitiseSubject(prefix + sanitiseSubject(options.subject ?? reply.title));
  const asText = (t: TimeInline) => formatTimeFor(t, options.timeZone, options.now);
  const plainReply = mapReplyText(reply, { time: asText });
  const text = `${cleanBody(renderPlain(plainReply, 'UTC'))}\n`;
  const html = new HtmlRenderer(asText).document(reply, subject);
  return { subject, text, html };
}
