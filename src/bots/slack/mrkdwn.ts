import { DateTime } from 'luxon';
import { formatInstant, type Inline, inlines, type RichText, type TimeInline } from '../../core/reply.js';

/**
 * Rich text to Slack mrkdwn. Slack's markup is not Markdown: bold is `*x*`, italics `_x_`,
 * links `<url|label>`, and `&`, `<`, `>` are control characters that must be sent as
 * entities. Everything a user or a draft supplied is escaped, so a draft that contains
 * `<!channel>` cannot ping a channel and `a < b` cannot open a link.
 */

/** Where times are shown when Slack cannot localise them, and "now" for relative times. */
export interface MrkdwnContext {
  zone: string;
  now?: Date;
}

/** Replaces unpaired UTF-16 surrogates, which Slack rejects, with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Escapes the three characters Slack parses as markup. Nothing else may be entity-encoded. */
export function escapeMrkdwn(text: string): string {
  return wellFormed(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Length of `text` once escaped, without building the string. */
export function mrkdwnLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 38) n += 4;
    else if (c === 60 || c === 62) n += 3;
  }
  return n;
}

const DATE_FORMATS: Record<NonNullable<TimeInline['style']>, string> = {
  // The long form names the weekday: it matters here (Whit Monday, a Saturday session).
  full: '{date_long_pretty} {time}',
  date: '{date_long_pretty}',
  time: '{time}',
  relative: '{ago}',
};

/**
 * A Slack date token: each reader sees the instant in their own zone and locale; the
 * fallback (notifications, old clients) shows it in the reply's zone with the zone named.
 */
export function slackDate(piece: TimeInline, ctx: MrkdwnContext): string {
  const dt = DateTime.fromISO(piece.time, { zone: 'utc' });
  if (!dt.isValid) return escapeMrkdwn(piece.time);
  const style = piece.style ?? 'full';
  const fallback = formatInstant(piece.time, piece.zone ?? ctx.zone, style, ctx.now).replace(/[|^]/g, ' ');
  return `<!date^${Math.floor(dt.toSeconds())}^${DATE_FORMATS[style]}|${escapeMrkdwn(fallback)}>`;
}

/** `*x*`-style emphasis only when it will render as such; otherwise the text, escaped. */
function wrap(text: string, mark: string): string {
  const core = text.trim();
  if (core === '' || core.includes(mark) || /[\r\n]/.test(core)) return escapeMrkdwn(text);
  const lead = text.slice(0, text.indexOf(core));
  const trail = text.slice(lead.length + core.length);
  return `${escapeMrkdwn(lead)}${mark}${escapeMrkdwn(core)}${mark}${escapeMrkdwn(trail)}`;
}

/** Only web and mail links become Slack links; anything else (javascript:, data:) stays text. */
function safeUrl(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return undefined;
  return wellFormed(url.href)
    .replace(/\|/g, '%7C')
    .replace(/&/g, '&amp;')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E');
}

/** One inline piece as mrkdwn. */
export function inlineToMrkdwn(piece: Inline, ctx: MrkdwnContext): string {
  if (typeof piece === 'string') return escapeMrkdwn(piece);
  if ('time' in piece) return slackDate(piece, ctx);
  if ('code' in piece) {
    return piece.code.includes('`') || /[\r\n]/.test(piece.code) || piece.code.trim() === ''
      ? escapeMrkdwn(piece.code)
      : `\`${escapeMrkdwn(piece.code)}\``;
  }
  if ('strong' in piece) return wrap(piece.strong, '*');
  if ('em' in piece) return wrap(piece.em, '_');
  const url = safeUrl(piece.link);
  const label = piece.label?.trim() ? piece.label : undefined;
  if (url === undefined) return escapeMrkdwn(label ? `${label} (${piece.link})` : piece.link);
  return label ? `<${url}|${escapeMrkdwn(label.replace(/[\r\n]+/g, ' '))}>` : `<${url}>`;
}

/** Rich text as mrkdwn. */
export function richToMrkdwn(text: RichText | undefined, ctx: MrkdwnContext): string {
  return inlines(text)
    .map((p) => inlineToMrkdwn(p, ctx))
    .join('');
}

/** The result of fitting text into a length budget. */
export interface Fitted {
  text: string;
  /** False when something was left out. */
  complete: boolean;
}

/**
 * Renders rich text as mrkdwn in at most `max` characters (and `options.json` characters
 * once JSON-encoded). When it does not fit, it stops at a clean boundary (line, sentence,
 * word; never inside an entity, a token, a code span or a character) and appends the
 * marker (" …" by default).
 */
export function fitMrkdwn(
  text: RichText | undefined,
  max: number,
  ctx: MrkdwnContext,
  options: { json?: number; marker?: string } = {},
): Fitted {
  const marker = options.marker ?? ' …';
  const jsonMax = options.json ?? Number.POSITIVE_INFINITY;
  const pieces = inlines(text);
  const whole = pieces.map((p) => inlineToMrkdwn(p, ctx));
  const joined = whole.join('');
  if (joined.length <= max && jsonLength(joined) <= jsonMax) return { text: joined, complete: true };
  const room = max - marker.length;
  const jsonRoom = jsonMax - jsonLength(marker);
  let out = '';
  let outJson = 0;
  for (let i = 0; i < pieces.length; i++) {
    const rendered = whole[i] as string;
    const renderedJson = jsonLength(rendered);
    if (out.length + rendered.length <= room && outJson + renderedJson <= jsonRoom) {
      out += rendered;
      outJson += renderedJson;
      continue;
    }
    // A piece that does not fit whole is cut as plain text; a date token is never cut.
    const piece = pieces[i] as Inline;
    const raw =
      typeof piece === 'string'
        ? piece
        : 'strong' in piece
          ? piece.strong
          : 'em' in piece
            ? piece.em
            : 'code' in piece
              ? piece.code
              : 'link' in piece
                ? (piece.label ?? piece.link)
                : '';
    out += escapeMrkdwn(cleanPrefix(wellFormed(raw), room - out.length, { json: jsonRoom - outJson }));
    break;
  }
  return { text: `${out.trimEnd()}${marker}`, complete: false };
}

/** Options for {@link cleanPrefix}. */
export interface PrefixOptions {
  /** Budget for the prefix once serialised as a JSON string (quotes excluded). */
  json?: number;
  /** Count characters as they are (plain_text) rather than escaped for mrkdwn. */
  plain?: boolean;
  /** Return '' rather than a cut inside a word when no clean boundary is close. */
  requireClean?: boolean;
}

/** Extra characters JSON.stringify adds for one UTF-16 unit. */
function jsonExtra(c: number): number {
  if (c === 34 || c === 92 || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) return 1;
  return c < 0x20 ? 5 : 0;
}

/** Length of `text` inside a JSON string (without the quotes). */
export function jsonLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) n += jsonExtra(text.charCodeAt(i));
  return n;
}

/**
 * The longest prefix of `raw` whose rendered form fits in `room` characters (and in
 * `options.json` once JSON-encoded), pulled back to a line end, sentence end or space
 * when one keeps most of the room. Never splits a surrogate pair; the caller escapes it.
 */
export function cleanPrefix(raw: string, room: number, options: PrefixOptions = {}): string {
  if (room <= 0) return '';
  const jsonRoom = options.json ?? Number.POSITIVE_INFINITY;
  let end = 0;
  let used = 0;
  let usedJson = 0;
  while (end < raw.length) {
    const c = raw.charCodeAt(end);
    const pair = c >= 0xd800 && c <= 0xdbff && end + 1 < raw.length ? 1 : 0;
    const width = options.plain ? 1 : c === 38 ? 5 : c === 60 || c === 62 ? 4 : 1;
    const json = width + jsonExtra(c);
    if (used + width + pair > room || usedJson + json + pair > jsonRoom) break;
    used += width + pair;
    usedJson += json + pair;
    end += 1 + pair;
  }
  if (end >= raw.length) return raw;
  const hard = raw.slice(0, end);
  const floor = Math.floor(end * 0.6);
  const line = hard.lastIndexOf('\n');
  if (line >= floor && line > 0) return hard.slice(0, line);
  const sentence = Math.max(hard.lastIndexOf('. '), hard.lastIndexOf('; '), hard.lastIndexOf('? '));
  if (sentence >= floor && sentence > 0) return hard.slice(0, sentence + 1);
  const space = hard.search(/\s\S*$/);
  if (space >= floor && space > 0) return hard.slice(0, space);
  return options.requireClean ? '' : hard;
}

/** Cuts plain text (for plain_text objects) to `max` characters at a word, adding an ellipsis. */
export function cutPlain(text: string, max: number): string {
  const clean = wellFormed(text);
  if (clean.length <= max) return clean;
  return `${cleanPrefix(clean, max - 1, { plain: true }).trimEnd()}…`;
}
