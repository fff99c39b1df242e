import type { APIEmbed, APIEmbedField, RawFile, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import {
  formatInstant,
  inlines,
  type Reply,
  type ReplySection,
  type ReplyTable,
  type ReplyTone,
  type RichText,
} from '../../core/reply.js';
import { maxOf, renderMarkdown, sanitize } from '../../core/reply-markdown.js';
import {
  DEFAULT_UPLOAD_LIMIT_BYTES,
  EPHEMERAL_FLAG,
  MAX_ATTACHMENT_DESCRIPTION,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELD_NAME,
  MAX_EMBED_FIELD_VALUE,
  MAX_EMBED_FIELDS,
  MAX_EMBED_FOOTER_TEXT,
  MAX_EMBED_TITLE,
  MAX_EMBED_TOTAL_CHARS,
  MAX_FILES_PER_MESSAGE,
  MAX_MESSAGE_CONTENT,
} from './limits.js';
import {
  type Atom,
  cutAtoms,
  cutEscapedLine,
  cutPlain,
  escapeDiscord,
  escapedLine,
  renderAtoms,
  richTextLine,
  richTextLines,
  type TimeFallback,
} from './markdown.js';

/**
 * Renders a neutral {@link Reply} as one Discord message: an embed (title, description,
 * fields, footer, colour by tone) plus files. Whatever does not fit Discord's limits is cut
 * at a clean boundary with "... and N more", and the whole reply is attached as Markdown.
 *
 * One file (over 500 lines) because the embed's fields, description, footer and files are cut
 * against one running count of Discord's limits: laying out and cutting in separate files
 * would split that count.
 */

/** Embed colour per tone (Discord's own palette, so replies look native). */
export const TONE_COLOR: Record<ReplyTone, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

/** Options of {@link renderDiscordReply}. */
export interface DiscordRenderOptions {
  /** Zone for times where Discord cannot localise (footer, attached report); defaults to UTC. */
  zone?: string;
  /** "Now", for relative times in the attached report. */
  now?: Date;
  /** Per-file upload limit; an interaction's `attachmentSizeLimit` when known. */
  uploadLimitBytes?: number;
  /**
   * Also put the title in `content`. Push notifications and channel previews show content
   * but not embeds, so alerts and reminders should set this.
   */
  notification?: boolean;
}

/** A file to upload with the message. */
export interface DiscordFile {
  name: string;
  data: Uint8Array;
  contentType: string;
  description?: string;
}

/** A rendered message, independent of the API used to send it (see the `to...` converters). */
export interface DiscordMessagePayload {
  /** Empty when everything is in the embed. */
  content: string;
  embeds: APIEmbed[];
  files: DiscordFile[];
  /** Show only to the person who asked (interaction replies only). */
  ephemeral: boolean;
  /** True when something did not fit and the full report is attached. */
  truncated: boolean;
}

/** One line of a text area (description or field value), with what the cutter needs. */
interface Line {
  /** The line as rendered. */
  text: string;
  /** Whether the line is an entry that "... and N more" counts (item, row, paragraph line). */
  counted: boolean;
  /** Atoms to cut the line inside when it is the one that does not fit (prose and items). */
  atoms?: Atom[];
  /** The prefix rendered before the atoms (e.g. "- "). */
  prefix?: string;
  /** A line inside a code block: the block must be closed when the cut falls here. */
  inFence?: boolean;
  /** Which part of the reply the line came from, so later parts count as "more sections". */
  part: number;
  /** A lower bound of `text.length`, known without rendering. */
  minLength?: number;
}

const FENCE = '```';
const MIN_USEFUL_CUT = 24;
/**
 * Footer budget: far below Discord's 2048 because the footer counts against the embed's
 * 6000 characters and says little; the content belongs in the description and fields.
 */
const FOOTER_BUDGET = Math.min(MAX_EMBED_FOOTER_TEXT, 1024);
const ZERO_WIDTH = '\u200b';
/** Widest code-block table; wider ones wrap badly on phones and become lines instead. */
const MAX_TABLE_WIDTH = 56;

interface Ctx {
  fallback: TimeFallback;
  reportName: string;
}

/** A safe, short, ASCII file name for the attached report. */
export function reportFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'report'}.md`;
}

function isPlainCell(text: RichText): boolean {
  return inlines(text).every((p) => (typeof p === 'string' || 'code' in p) && !plainOf(p).includes('`'));
}

function plainOf(piece: ReturnType<typeof inlines>[number]): string {
  if (typeof piece === 'string') return piece;
  if ('code' in piece) return piece.code;
  return '';
}

function cellText(text: RichText): string {
  return sanitize(inlines(text).map(plainOf).join('')).replace(/\s+/g, ' ').trim();
}

function tableLines(table: ReplyTable, ctx: Ctx, part: number): Line[] {
  const width = maxOf(
    table.rows.map((r) => r.length),
    Math.max(table.columns.length, 1),
  );
  const header = Array.from({ length: width }, (_, i) =>
    sanitize(table.columns[i] ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  const plain = table.rows.every((r) => r.every(isPlainCell)) && header.every((h) => !h.includes('`'));
  if (plain) {
    const cells = table.rows.map((r) => Array.from({ length: width }, (_, i) => cellText(r[i] ?? '')));
    const widths = header.map((h, i) =>
      maxOf(
        cells.map((r) => (r[i] ?? '').length),
        h.length,
      ),
    );
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (width - 1);
    if (total <= MAX_TABLE_WIDTH) {
      const line = (row: string[]) =>
        row
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd();
      return [
        { text: FENCE, counted: false, part, inFence: true },
        { text: line(header), counted: false, part, inFence: true },
        { text: line(widths.map((w) => '-'.repeat(w))), counted: false, part, inFence: true },
        ...cells.map((r) => ({ text: line(r), counted: true, part, inFence: true })),
        { text: FENCE, counted: false, part },
      ];
    }
  }
  // Wide or rich tables: a header line, then one line per row with cells joined by " · ".
  const sep: Atom = { kind: 'fixed', text: ' · ', raw: ' · ' };
  const join = (row: Atom[][]): Atom[] => row.flatMap((c, i) => (i === 0 ? c : [sep, ...c]));
  const headerAtoms = join(header.map((h) => richTextLine(h, ctx.fallback)));
  const lines: Line[] = [];
  if (header.some((h) => h !== ''))
    lines.push({ text: `*${renderAtoms(headerAtoms, false)}*`, counted: false, part });
  for (const row of table.rows) {
    lines.push(
      lazyLine(
        () => join(Array.from({ length: width }, (_, i) => richTextLine(row[i] ?? '', ctx.fallback))),
        part,
      ),
    );
  }
  return lines;
}

function proseLines(text: RichText | undefined, ctx: Ctx, part: number): Line[] {
  return richTextLines(text, ctx.fallback)
    .filter((atoms) => atoms.length > 0)
    .map((atoms) => {
      let rendered: string | undefined;
      // Raw lengths bound the rendered length from below: a hostile megabyte line is
      // known not to fit without escaping all of it.
      const minLength = atoms.reduce((n, a) => n + (a.kind === 'text' ? a.raw.length : a.text.length), 0);
      return {
        counted: true,
        atoms,
        part,
        minLength,
        get text() {
          rendered ??= renderAtoms(atoms);
          return rendered;
        },
      };
    });
}

/**
 * A bulleted line whose atoms and text are built on first use: a list of thousands of
 * items is only rendered as far as the budget reaches.
 */
function lazyLine(make: () => Atom[], part: number): Line {
  let atoms: Atom[] | undefined;
  let text: string | undefined;
  return {
    counted: true,
    prefix: '- ',
    part,
    get atoms() {
      atoms ??= make();
      return atoms;
    },
    get text() {
      text ??= `- ${renderAtoms(this.atoms ?? [], false)}`;
      return text;
    },
  };
}

function itemLines(items: RichText[], ctx: Ctx, part: number): Line[] {
  return items.map((item) => lazyLine(() => richTextLine(item, ctx.fallback), part));
}

/** Length of the lines joined, counted only up to `cap` (enough to know whether they fit). */
function joinedLength(lines: Line[], cap: number): number {
  let total = -1;
  for (const line of lines) {
    total += (line.minLength !== undefined && line.minLength > cap ? line.minLength : line.text.length) + 1;
    if (total > cap) return total;
  }
  return Math.max(0, total);
}

function blank(part: number): Line {
  return { text: '', counted: false, part };
}

/** The body of a section as lines: prose, items, table (fields and columns are handled by the caller). */
function sectionBodyLines(section: ReplySection, ctx: Ctx, part: number): Line[] {
  const groups = [
    proseLines(section.body, ctx, part),
    itemLines(section.items ?? [], ctx, part),
    section.table ? tableLines(section.table, ctx, part) : [],
  ].filter((g) => g.length > 0);
  return groups.flatMap((g, i) => (i === 0 ? g : [blank(part), ...g]));
}

/** How much a cut note may say, from most to least helpful; chosen by the room there is. */
type NoteStyle = 'full' | 'short';

function moreNote(n: number, sections: number, ctx: Ctx, style: NoteStyle): string {
  const parts: string[] = [];
  if (n > 0) parts.push(`... and ${n} more`);
  if (sections > 0)
    parts.push(`${n > 0 ? 'and ' : '... and '}${sections} more section${sections === 1 ? '' : 's'}`);
  if (style === 'short') return `*${parts.length > 0 ? parts.join(', ') : '...'}*`;
  const lead = parts.length > 0 ? `${parts.join(', ')} ` : '';
  return `*${lead}(full report: ${escapeDiscord(ctx.reportName)})*`;
}

interface Fitted {
  text: string;
  cut: boolean;
}

/**
 * Lines joined with newlines within `budget` characters. When they do not all fit, whole
 * lines are kept while they fit, the first line that does not is cut between words when
 * enough room is left, an open code block is closed, and a note says how many entries of
 * that part and how many further parts were left out.
 */
function fitLines(lines: Line[], budget: number, ctx: Ctx): Fitted {
  const trimmed = trimBlankLines(lines);
  if (joinedLength(trimmed, budget) <= budget)
    return { text: trimmed.map((l) => l.text).join('\n'), cut: false };
  // Room kept back for the note, a newline before it and a code-block close.
  const overhead = FENCE.length + 2;
  const fullReserve = moreNote(trimmed.length, trimmed.length, ctx, 'full').length + overhead;
  const shortReserve = moreNote(trimmed.length, trimmed.length, ctx, 'short').length + overhead;
  let style: NoteStyle;
  let reserve: number;
  if (budget >= fullReserve + MIN_USEFUL_CUT) [style, reserve] = ['full', fullReserve];
  else if (budget >= shortReserve) [style, reserve] = ['short', shortReserve];
  else return { text: budget >= 1 ? '…' : '', cut: true };
  const room = budget - reserve;
  const out: string[] = [];
  const shownParts = new Set<number>();
  let used = 0;
  let index = 0;
  let partialShown = false;
  let fenceOpen = false;
  for (; index < trimmed.length; index++) {
    const line = trimmed[index] as Line;
    const sep = out.length > 0 ? 1 : 0;
    if ((line.minLength ?? 0) <= room - used - sep && used + sep + line.text.length <= room) {
      out.push(line.text);
      used += sep + line.text.length;
      if (line.text === FENCE) fenceOpen = !fenceOpen;
      if (line.counted) shownParts.add(line.part);
      continue;
    }
    const left = room - used - sep - (line.prefix?.length ?? 0);
    if (line.atoms && left >= MIN_USEFUL_CUT) {
      const cut = cutAtoms(line.atoms, left, line.prefix === undefined);
      if (cut !== undefined) {
        out.push(`${line.prefix ?? ''}${cut}`);
        used += sep + (line.prefix?.length ?? 0) + cut.length;
        partialShown = true;
        shownParts.add(line.part);
      }
    }
    break;
  }
  if (fenceOpen) {
    // Never leave a code block open; an empty one (only its opening) is dropped instead.
    if (out[out.length - 1] === FENCE) out.pop();
    else out.push(FENCE);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  const rest = trimmed.slice(partialShown ? index + 1 : index);
  const stopPart = trimmed[index]?.part;
  const continuing = stopPart !== undefined && shownParts.has(stopPart) ? stopPart : undefined;
  const n = rest.filter((l) => l.counted && l.part === continuing).length;
  const sections = new Set(rest.filter((l) => l.part !== continuing && !isBlank(l)).map((l) => l.part)).size;
  out.push(moreNote(n, sections, ctx, style));
  return { text: out.join('\n'), cut: true };
}

/** Counted lines always hold text; checking that first avoids rendering them. */
const isBlank = (line: Line | undefined) => line !== undefined && !line.counted && line.text === '';

function trimBlankLines(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
}

/** A field as the layout plans it, before cutting. */
interface PlannedField {
  name: string;
  lines: Line[];
  inline: boolean;
}

function planFields(sections: ReplySection[], firstPart: number, ctx: Ctx): PlannedField[] {
  const fields: PlannedField[] = [];
  sections.forEach((section, i) => {
    const part = firstPart + i;
    const heading = section.heading?.trim() ? section.heading : undefined;
    const body = sectionBodyLines(section, ctx, part);
    const hasMore = (section.fields?.length ?? 0) + (section.columns?.length ?? 0) > 0;
    if (body.length > 0 || (heading !== undefined && hasMore)) {
      fields.push({
        name: heading ?? ZERO_WIDTH,
        lines: body.length > 0 ? body : [{ text: ZERO_WIDTH, counted: false, part }],
        inline: false,
      });
    }
    for (const f of section.fields ?? []) {
      const lines = proseLines(f.value, ctx, part);
      fields.push({
        name: f.name,
        lines: lines.length > 0 ? lines : [{ text: '—', counted: false, part }],
        inline: f.inline ?? false,
      });
    }
    for (const column of section.columns ?? []) {
      const lines = itemLines(column.items, ctx, part);
      fields.push({
        name: column.heading,
        lines: lines.length > 0 ? lines : [{ text: '—', counted: false, part }],
        inline: true,
      });
    }
  });
  return fields;
}

function planDescription(reply: Reply, leading: ReplySection[], ctx: Ctx): Line[] {
  const lines: Line[] = proseLines(reply.summary, ctx, 0);
  leading.forEach((section, i) => {
    const part = i + 1;
    const body = sectionBodyLines(section, ctx, part);
    const heading = section.heading?.trim() ? cutEscapedLine(section.heading, 200) : undefined;
    if (body.length === 0 && heading === undefined) return;
    if (lines.length > 0) lines.push(blank(part));
    if (heading !== undefined) lines.push({ text: `**${heading}**`, counted: false, part });
    for (const line of body) lines.push(line);
  });
  return lines;
}

/** Actions become a trailing "Next steps" section until the bot routes buttons. */
function actionSection(reply: Reply): ReplySection[] {
  if (!reply.actions?.length) return [];
  return [
    {
      heading: 'Next steps',
      items: reply.actions.map((a) => [`${a.label}: `, { code: `/${a.command.replace(/^\//, '')}` }]),
    },
  ];
}

function safeFileName(name: string): string {
  const clean = sanitize(name)
    .replace(/[\\/:*?"<>|\s]+/g, '_')
    .replace(/^\.+/, '');
  if (clean.length <= 100) return clean || 'file';
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 12 ? clean.slice(dot) : '';
  return `${clean.slice(0, 100 - ext.length)}${ext}`;
}

/** Cuts a Markdown report to the upload limit at a line end; a UTF-8 line end is never inside a character. */
function fitReport(markdown: string, limit: number): Uint8Array {
  const bytes = new TextEncoder().encode(markdown);
  if (bytes.byteLength <= limit) return bytes;
  const note = new TextEncoder().encode(
    `\n\n*(report cut here: it is larger than the ${Math.floor(limit / 1024)} KiB upload limit)*\n`,
  );
  const room = Math.max(0, limit - note.byteLength);
  let end = bytes.lastIndexOf(0x0a, room - 1);
  if (end < 0) end = 0;
  const out = new Uint8Array(end + note.byteLength);
  out.set(bytes.subarray(0, end), 0);
  out.set(note, end);
  return out;
}

/**
 * Renders a reply as one Discord message within every limit: title (256), description
 * (4096), up to 25 fields (name 256, value 1024), footer (2048), 6000 characters across the
 * embed, 10 files each within the upload limit, content (2000). Times become `<t:unix:F>`
 * so every reader sees their own local time. Cut content ends in "... and N more" and the
 * full reply is attached as a Markdown file.
 */
export function renderDiscordReply(reply: Reply, options: DiscordRenderOptions = {}): DiscordMessagePayload {
  const zone = options.zone ?? 'UTC';
  const uploadLimit = options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  const fallback: TimeFallback = (t) => formatInstant(t.time, t.zone ?? zone, t.style, options.now);
  const ctx: Ctx = { fallback, reportName: reportFileName(reply.title) };

  const sections = [...reply.sections, ...actionSection(reply)];
  const firstFieldSection = sections.findIndex((s) => (s.fields?.length ?? 0) + (s.columns?.length ?? 0) > 0);
  const split = firstFieldSection < 0 ? sections.length : firstFieldSection;
  const descriptionLines = planDescription(reply, sections.slice(0, split), ctx);
  const plannedFields = planFields(sections.slice(split), split + 1, ctx);

  // Files first: what cannot be sent is said in the footer, which counts against the budget.
  const files: DiscordFile[] = [];
  const notSent: string[] = [];
  for (const a of reply.attachments) {
    const data = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content;
    const name = safeFileName(a.filename);
    if (data.byteLength > uploadLimit) notSent.push(`${name} (over the upload limit)`);
    else if (files.length >= MAX_FILES_PER_MESSAGE - 1) notSent.push(`${name} (too many files)`);
    else {
      files.push({
        name,
        data,
        contentType: a.contentType,
        ...(a.description?.trim()
          ? { description: cutPlain(a.description, MAX_ATTACHMENT_DESCRIPTION) }
          : {}),
      });
    }
  }
  const footerParts = [
    reply.footer?.trim() ?? '',
    notSent.length > 0 ? `Not attached: ${notSent.join(', ')}` : '',
  ]
    .filter((p) => p !== '')
    .join(' · ');

  const title = cutEscapedLine(reply.title, MAX_EMBED_TITLE);
  // Trimmed after sanitising: a footer of control characters and blanks is none (Discord refuses a blank one).
  const footerLine = sanitize(footerParts)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const footer = footerLine === '' ? '' : cutPlain(footerLine, FOOTER_BUDGET);
  let truncated = footer !== footerLine || title !== escapedLine(reply.title);
  let remaining = MAX_EMBED_TOTAL_CHARS - title.length - footer.length;

  // The description reads first, so it gets priority, but leaves fields a fair share.
  const fieldsIdeal = plannedFields.reduce(
    (sum, f) =>
      sum +
      Math.min(f.name.length, MAX_EMBED_FIELD_NAME) +
      Math.min(joinedLength(f.lines, MAX_EMBED_FIELD_VALUE), MAX_EMBED_FIELD_VALUE),
    0,
  );
  const descriptionBudget = Math.min(
    MAX_EMBED_DESCRIPTION,
    plannedFields.length === 0 ? remaining : Math.max(remaining - fieldsIdeal, Math.floor(remaining * 0.6)),
  );
  const description = fitLines(descriptionLines, descriptionBudget, ctx);
  truncated ||= description.cut;
  remaining -= description.text.length;

  const fields: APIEmbedField[] = [];
  const noteField = (left: number): APIEmbedField => ({
    name: '…',
    value: `*... and ${left} more (full report: ${escapeDiscord(ctx.reportName)})*`,
  });
  const noteReserve = noteField(plannedFields.length).value.length + 1;
  for (const [i, planned] of plannedFields.entries()) {
    const isLast = i === plannedFields.length - 1;
    const reserve = isLast ? 0 : noteReserve;
    const slots = MAX_EMBED_FIELDS - fields.length;
    const name = cutEscapedLine(planned.name, MAX_EMBED_FIELD_NAME) || ZERO_WIDTH;
    const valueBudget = Math.min(MAX_EMBED_FIELD_VALUE, remaining - reserve - name.length);
    if ((slots <= 1 && !isLast) || valueBudget < MIN_USEFUL_CUT + 8) {
      const left = plannedFields.length - i;
      const note = noteField(left);
      if (note.name.length + note.value.length <= remaining && slots >= 1) {
        fields.push(note);
        remaining -= note.name.length + note.value.length;
      }
      truncated = true;
      break;
    }
    const value = fitLines(planned.lines, valueBudget, ctx);
    truncated ||= value.cut || (name !== escapedLine(planned.name) && planned.name !== ZERO_WIDTH);
    const text = value.text.trim() === '' ? ZERO_WIDTH : value.text;
    fields.push({ name, value: text, ...(planned.inline ? { inline: true } : {}) });
    remaining -= name.length + text.length;
  }

  const embed: APIEmbed = { color: TONE_COLOR[reply.tone] ?? TONE_COLOR.info };
  if (title.trim() !== '') embed.title = title;
  if (description.text.trim() !== '') embed.description = description.text;
  if (fields.length > 0) embed.fields = fields;
  if (footer !== '') embed.footer = { text: footer };
  if (embed.title === undefined && embed.description === undefined && fields.length === 0) {
    embed.description = '*(nothing to show)*';
  }

  if (truncated) {
    const markdown = renderMarkdown(reply, { zone, ...(options.now ? { now: options.now } : {}) });
    files.push({
      name: ctx.reportName,
      data: fitReport(markdown, uploadLimit),
      contentType: 'text/markdown; charset=utf-8',
      description: 'The full report',
    });
  }

  const head = options.notification ? cutEscapedLine(reply.title, Math.min(MAX_MESSAGE_CONTENT, 300)) : '';
  // A cut reply ends with the link to the web page that has all of it.
  const link =
    truncated && reply.link && reply.link.url.length <= 1500
      ? `${cutEscapedLine(reply.link.label, 100)}: <${reply.link.url}>`
      : '';
  const content = [head, link].filter((p) => p !== '').join('\n');
  return { content, embeds: [embed], files, ephemeral: reply.ephemeral === true, truncated };
}

/** Mentions in document text (`@everyone`, `<@id>`) must never ping anyone. */
const NO_MENTIONS = { parse: [] as [] };

/** The payload as a REST body for `POST /channels/:id/messages` (and webhooks), with files. */
export function toRestMessage(payload: DiscordMessagePayload): {
  body: RESTPostAPIChannelMessageJSONBody;
  files: RawFile[];
} {
  const body: RESTPostAPIChannelMessageJSONBody = {
    embeds: payload.embeds,
    allowed_mentions: NO_MENTIONS,
    attachments: payload.files.map((f, id) => ({
      id,
      filename: f.name,
      ...(f.description === undefined ? {} : { description: f.description }),
    })),
  };
  if (payload.content !== '') body.content = payload.content;
  const files: RawFile[] = payload.files.map((f) => ({
    name: f.name,
    data: f.data,
    contentType: f.contentType,
  }));
  return { body, files };
}

/** Options for discord.js `interaction.reply`, `followUp` and `editReply`. */
export interface InteractionMessageOptions {
  content?: string;
  embeds: APIEmbed[];
  files: { attachment: Buffer; name: string; description?: string }[];
  allowedMentions: { parse: [] };
  flags?: number;
}

/**
 * The payload as discord.js interaction options. `flags` (ephemeral) only matters on the
 * first reply or a follow-up; an edit keeps the visibility chosen when replying or deferring.
 */
export function toInteractionMessage(payload: DiscordMessagePayload): InteractionMessageOptions {
  return {
    ...(payload.content === '' ? {} : { content: payload.content }),
    embeds: payload.embeds,
    files: payload.files.map((f) => ({
      attachment: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
      name: f.name,
      ...(f.description === undefined ? {} : { description: f.description }),
    })),
    allowedMentions: NO_MENTIONS,
    ...(payload.ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
  };
}
