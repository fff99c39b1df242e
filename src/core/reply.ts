import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';

/**
 * The neutral reply model. Commands, alerts, reminders and digests produce a `Reply`;
 * each adapter renders it within its platform's limits (Discord embeds, Slack blocks,
 * e-mail, the terminal). Content is structured, not pre-formatted, so that times can be
 * shown in each reader's own zone and long content can be cut at clean boundaries.
 */

/** An instant to be shown in the reader's local time where the platform can do so. */
export interface TimeInline {
  /** ISO 8601 instant. */
  time: string;
  /** Zone for platforms that cannot localise (terminal, e-mail); defaults to UTC. */
  zone?: string;
  /** `full`: weekday, date and time; `date`; `time`; `relative` ("in 3 hours"). */
  style?: 'full' | 'date' | 'time' | 'relative';
}

/** One piece of inline text. */
export type Inline =
  | string
  | TimeInline
  | { code: string }
  | { strong: string }
  | { em: string }
  | { link: string; label?: string };

/** Rich text is a sequence of inline pieces; a plain string is the common case. */
export type RichText = string | Inline[];

export interface ReplyField {
  name: string;
  value: RichText;
  /** Hint that the field is short and may sit beside others. */
  inline?: boolean;
}

export interface ReplyTable {
  columns: string[];
  rows: RichText[][];
}

export interface ReplySection {
  heading?: string;
  /** Prose paragraph(s). */
  body?: RichText;
  /** Bulleted items; adapters cut long lists with "... and N more". */
  items?: RichText[];
  fields?: ReplyField[];
  table?: ReplyTable;
  /** Side-by-side comparison: each column is one source's view. */
  columns?: { heading: string; items: RichText[] }[];
}

export interface ReplyAttachment {
  filename: string;
  contentType: string;
  content: string | Uint8Array;
  description?: string;
}

/** A button or follow-up the user can trigger; adapters without buttons show it as a hint. */
export interface ReplyAction {
  /** Stable id the adapter routes back to a command, e.g. `brackets diff --full`. */
  command: string;
  label: string;
}

export type ReplyTone = 'info' | 'success' | 'warning' | 'error';

export interface Reply {
  title: string;
  tone: ReplyTone;
  summary?: RichText;
  sections: ReplySection[];
  attachments: ReplyAttachment[];
  actions?: ReplyAction[];
  footer?: string;
  /** Shown only to the person who asked, where the platform supports it. */
  ephemeral?: boolean;
  /**
   * The web page that has the whole answer. Adapters that cut a reply for their platform's
   * limits end it with this link (beside the attached full report).
   */
  link?: { url: string; label: string };
}

/** A reply with sensible defaults. */
export function reply(title: string, parts: Partial<Omit<Reply, 'title'>> = {}): Reply {
  return { title, tone: 'info', sections: [], attachments: [], ...parts };
}

/** Normalises rich text to a list of inline pieces. */
export function inlines(text: RichText | undefined): Inline[] {
  if (text === undefined) return [];
  return typeof text === 'string' ? [text] : text;
}

/**
 * Formats an instant for readers who cannot get platform-local rendering (terminal,
 * e-mail, fallbacks): wall-clock time in `zone` with the zone's abbreviation and name,
 * e.g. "Mon 9 Jun 2014, 14:00 CEST (Europe/Zurich)". Formatters are cached per zone:
 * building an Intl formatter costs far more than using one, and replies format many times.
 */
export function formatInstant(
  iso: string,
  zone = 'UTC',
  style: TimeInline['style'] = 'full',
  now?: Date,
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (style === 'relative') {
    const dt = DateTime.fromJSDate(date, { zone });
    return (dt.isValid ? dt.toRelative(now ? { base: DateTime.fromJSDate(now) } : {}) : null) ?? iso;
  }
  const parts = wallClockParts(date, zone);
  if (!parts) return iso;
  const day = `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
  const time = `${parts.hour}:${parts.minute}`;
  switch (style) {
    case 'date':
      return day;
    case 'time':
      return `${time} ${parts.zoneName}`;
    default:
      return `${day}, ${time} ${parts.zoneName} (${zone})`;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A compact timestamp for tables and lists, always labelled with its zone:
 * "2014-06-01 12:00 CEST" in the reader's zone (UTC when unknown).
 */
export function formatStamp(iso: string, zone = 'UTC'): string {
  const parts = wallClockParts(iso, zone) ?? wallClockParts(iso, 'UTC');
  if (!parts) return iso;
  const month = String(MONTHS.indexOf(parts.month) + 1).padStart(2, '0');
  return `${parts.year}-${month}-${parts.day.padStart(2, '0')} ${parts.hour}:${parts.minute} ${parts.zoneName}`;
}

/** An instant's wall-clock parts in a zone, as people read them ("Mon", "9", "Jun", "14", "00", "CEST"). */
export interface WallClockParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
  /** Short zone name ("CEST", "GMT+10"). */
  zoneName: string;
}

// One formatter per zone: building an Intl formatter costs far more than using one, and a
// worker sending a thousand reminders at once formats thousands of times.
// An unknown zone is remembered as `false`, so it is not tried again and again.
const formatters = new LRUCache<string, Intl.DateTimeFormat | false>({ max: 500 });

/**
 * The wall-clock parts of an instant in an IANA zone, or undefined for an invalid instant
 * or zone. The one place times are broken down for people; never the machine's zone.
 */
export function wallClockParts(iso: string | Date, zone: string): WallClockParts | undefined {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  if (Number.isNaN(ms)) return undefined;
  let fmt = formatters.get(zone);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      fmt = false;
    }
    formatters.set(zone, fmt);
  }
  if (!fmt) return undefined;
  // A burst of reminders for one meeting formats the same few instants in the same few zones
  // over and over, and formatToParts is the slow part.
  const key = `${zone}|${ms}`;
  const known = recentParts.get(key);
  if (known) return known;
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(ms)) out[p.type] = p.value;
  const parts: WallClockParts = Object.freeze({
    weekday: out.weekday ?? '',
    day: out.day ?? '',
    month: out.month ?? '',
    year: out.year ?? '',
    hour: out.hour ?? '',
    minute: out.minute ?? '',
    second: out.second ?? '',
    zoneName: out.timeZoneName ?? zone,
  });
  recentParts.set(key, parts);
  return parts;
}

const recentParts = new LRUCache<string, WallClockParts>({ max: 5_000 });

/** Renders rich text as plain text (no markup), times in `zone`. */
export function plainText(text: RichText | undefined, zone = 'UTC'): string {
  return inlines(text)
    .map((piece) => {
      if (typeof piece === 'string') return piece;
      if ('time' in piece) return formatInstant(piece.time, piece.zone ?? zone, piece.style);
      if ('code' in piece) return piece.code;
      if ('strong' in piece) return piece.strong;
      if ('em' in piece) return piece.em;
      return piece.label ? `${piece.label} <${piece.link}>` : piece.link;
    })
    .join('');
}

/** Renders a whole reply as plain text for terminals, e-mail bodies and attached reports. */
export function renderPlain(r: Reply, zone = 'UTC'): string {
  const out: string[] = [r.title, '='.repeat(Math.min(r.title.length, 72))];
  if (r.summary !== undefined) out.push(plainText(r.summary, zone));
  for (const s of r.sections) {
    out.push('');
    if (s.heading) out.push(s.heading, '-'.repeat(Math.min(s.heading.length, 72)));
    if (s.body !== undefined) out.push(plainText(s.body, zone));
    for (const f of s.fields ?? []) out.push(`${f.name}: ${plainText(f.value, zone)}`);
    for (const item of s.items ?? []) out.push(`- ${plainText(item, zone)}`);
    if (s.table) out.push(...renderTable(s.table, zone));
    for (const col of s.columns ?? []) {
      out.push(`[${col.heading}]`);
      for (const item of col.items) out.push(`  ${plainText(item, zone)}`);
    }
  }
  if (r.attachments.length > 0) {
    out.push('', `Attached: ${r.attachments.map((a) => a.filename).join(', ')}`);
  }
  if (r.actions?.length) out.push('', ...r.actions.map((a) => `> ${a.label}: ${a.command}`));
  if (r.footer) out.push('', r.footer);
  return out.join('\n');
}

function renderTable(table: ReplyTable, zone: string): string[] {
  const cells = table.rows.map((row) => row.map((c) => plainText(c, zone)));
  const widths = table.columns.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(table.columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}
