import {
  type Inline,
  inlines,
  plainText,
  type Reply,
  type ReplyField,
  type ReplySection,
  type ReplyTable,
  type ReplyTone,
  type RichText,
} from '../../core/reply.js';
import { renderMarkdown } from '../../core/reply-markdown.js';
import {
  MAX_ACTIONS_ELEMENTS,
  MAX_BLOCKS,
  MAX_BLOCKS_JSON,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_VALUE,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
  type SlackBlock,
  type SlackButton,
  type SlackTextObject,
} from './limits.js';
import {
  cleanPrefix,
  cutPlain,
  escapeMrkdwn,
  fitMrkdwn,
  inlineToMrkdwn,
  jsonLength,
  type MrkdwnContext,
  richToMrkdwn,
  wellFormed,
} from './mrkdwn.js';

/**
 * Reply -> Block Kit. The reply is laid out as a header, a summary, one run of blocks per
 * section and a tail (buttons, footer), inside Slack's limits (see limits.ts). When the
 * content does not fit, it is cut at a clean boundary with "… and N more", a note says
 * what was left out, and the whole reply goes along as a file.
 *
 * One file (over 500 lines) because blocks are laid out and cut against one running budget of
 * Slack's limits (blocks, characters per block, elements): the layout and the cutting decide
 * together what is left out and what the note says.
 */

/** How to render. */
export interface SlackRenderOptions {
  /** Zone for times where Slack cannot localise them (fallbacks, tables). Default UTC. */
  zone?: string;
  /** "Now", for relative-time fallbacks. */
  now?: Date;
  /** Prefix of the buttons' action_id, which the app routes on. Default `rapporteur`. */
  actionIdPrefix?: string;
  /** Lower budgets than Slack's, e.g. to leave room for a note added later (at least 5). */
  maxBlocks?: number;
  /** Budget for the serialised blocks (at least 3000); see MAX_BLOCKS_JSON. */
  maxBlocksJson?: number;
}

/** A file to upload with the message. */
export interface SlackFile {
  filename: string;
  title: string;
  contentType: string;
  content: string | Uint8Array;
  /** `full-report`: the whole reply, because the message was cut; `attachment`: part of the reply. */
  role: 'full-report' | 'attachment';
}

/** A message ready for chat.postMessage, a response_url or chat.update, plus files to upload. */
export interface SlackRenderedReply {
  /** Fallback for notifications and screen readers (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
  /** Files to upload beside the message (always present; empty when there are none). */
  files: SlackFile[];
  /** True when the blocks do not show everything; a full-report file is then in `files`. */
  truncated: boolean;
}

const TONE_EMOJI: Record<ReplyTone, string> = {
  info: '',
  success: ':white_check_mark: ',
  warning: ':warning: ',
  error: ':x: ',
};

/** Room kept in each text block for an inline "… and N more" marker. */
const MARKER_ROOM = 48;
/** A block is not worth starting with less room than this. */
const MIN_USEFUL = 80;
/** Blocks and JSON kept for the closing note when something is cut. */
const NOTE_BLOCKS = 1;
const NOTE_JSON = 520;
/** JSON the buttons may take (at most a fifth of the budget). */
const ACTIONS_JSON = 2500;
/** JSON the footer may take (at most a tenth of the budget). */
const FOOTER_JSON = 1200;
/** Table cells wider than this are cut, so rows stay readable on a phone. */
const MAX_CELL = 48;
/** Table lines longer than this are cut, so one wide table cannot fill a block alone. */
const MAX_LINE = 300;

const SECTION_OVERHEAD = JSON.stringify({ type: 'section', text: { type: 'mrkdwn', text: '' } }).length + 1;
const FIELD_OVERHEAD = JSON.stringify({ type: 'mrkdwn', text: '' }).length + 1;
const FIELDS_BLOCK_OVERHEAD =
  JSON.stringify({ type: 'section', text: { type: 'mrkdwn', text: '' }, fields: [] }).length + 1;

/** What was left out, for the closing note. */
interface Cut {
  items: number;
  rows: number;
  fields: number;
  sections: number;
  text: boolean;
  actions: number;
}

class Budget {
  constructor(
    public blocks: number,
    public json: number,
  ) {}

  cost(block: SlackBlock): number {
    return JSON.stringify(block).length + 1;
  }

  fits(block: SlackBlock): boolean {
    return this.blocks >= 1 && this.cost(block) <= this.json;
  }

  take(block: SlackBlock, out: SlackBlock[]): void {
    this.blocks -= 1;
    this.json -= this.cost(block);
    out.push(block);
  }

  /** Text room for one more section block, or undefined when none is worth starting. */
  textRoom(): { text: number; json: number } | undefined {
    if (this.blocks < 1) return undefined;
    const json = this.json - SECTION_OVERHEAD;
    if (json < MIN_USEFUL) return undefined;
    return { text: MAX_SECTION_TEXT, json };
  }

  /** Whether another text block could follow one that costs `cost`. */
  roomAfter(cost: number): boolean {
    return this.blocks >= 2 && this.json - cost - SECTION_OVERHEAD >= MIN_USEFUL;
  }
}

const mrkdwn = (text: string): SlackTextObject => ({ type: 'mrkdwn', text });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });

/** Renders a Reply as a Slack message within Slack's limits. */
export function renderSlackReply(reply: Reply, options: SlackRenderOptions = {}): SlackRenderedReply {
  const zone = options.zone ?? 'UTC';
  const ctx: MrkdwnContext = options.now ? { zone, now: options.now } : { zone };
  const cut: Cut = { items: 0, rows: 0, fields: 0, sections: 0, text: false, actions: 0 };
  // Below these floors the header, the note and the tail alone could break the budget.
  const maxBlocks = Math.max(5, Math.min(options.maxBlocks ?? MAX_BLOCKS, MAX_BLOCKS));
  const maxJson = Math.max(3000, Math.min(options.maxBlocksJson ?? MAX_BLOCKS_JSON, MAX_BLOCKS_JSON));

  const head: SlackBlock[] = [headerBlock(reply)];
  const tail = tailBlocks(reply, options.actionIdPrefix ?? 'rapporteur', ctx, cut, {
    actionsJson: Math.min(ACTIONS_JSON, Math.floor(maxJson / 5)),
    footerJson: Math.min(FOOTER_JSON, Math.floor(maxJson / 10)),
    actionBlocks: Math.max(1, Math.floor(maxBlocks / 10)),
  });
  // A cut reply's note ends with the link to its web page, when there is one.
  const link = reply.link && reply.link.url.length <= 1000 ? reply.link : undefined;
  const budget = new Budget(
    maxBlocks - NOTE_BLOCKS,
    maxJson - 2 - NOTE_JSON - (link ? link.url.length + 120 : 0),
  );
  const used: SlackBlock[] = [];
  for (const block of [...head, ...tail]) budget.take(block, used);

  const body: SlackBlock[] = [];
  const emitter = new Emitter(budget, body, ctx, cut);
  let complete = true;
  if (reply.summary !== undefined && plainText(reply.summary).trim() !== '') {
    complete = emitter.rich(reply.summary, '');
  }
  let index = 0;
  for (; complete && index < reply.sections.length; index++) {
    complete = emitter.section(reply.sections[index] as ReplySection);
  }
  if (!complete) {
    for (; index < reply.sections.length; index++) cut.sections += 1;
  }
  const truncated = !complete || cut.actions > 0 || cut.text;

  const files: SlackFile[] = reply.attachments.map((a) => ({
    filename: a.filename,
    title: a.description ?? a.filename,
    contentType: a.contentType,
    content: a.content,
    role: 'attachment' as const,
  }));
  const blocks = [...head, ...body];
  if (truncated) {
    const report = fullReport(reply, ctx);
    files.unshift(report);
    blocks.push(noteBlock(cut, report.filename, link));
  }
  blocks.push(...tail);
  return { text: fallbackText(reply, zone), blocks, files, truncated };
}

function headerBlock(reply: Reply): SlackBlock {
  const title = wellFormed(reply.title).replace(/\s+/g, ' ').trim() || 'Rapporteur';
  const text = cutPlain(`${TONE_EMOJI[reply.tone]}${title}`, MAX_HEADER_TEXT);
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

function tailBlocks(
  reply: Reply,
  prefix: string,
  ctx: MrkdwnContext,
  cut: Cut,
  room: { actionsJson: number; footerJson: number; actionBlocks: number },
): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  const actions = reply.actions ?? [];
  let buttons: SlackButton[] = [];
  let json = 0;
  actions.forEach((action, i) => {
    const label = cutPlain(action.label.replace(/\s+/g, ' ').trim() || action.command, MAX_BUTTON_TEXT);
    const button: SlackButton = {
      type: 'button',
      text: { type: 'plain_text', text: label.trim() === '' ? `Action ${i + 1}` : label, emoji: true },
      action_id: `${prefix}:${i}`,
      value: wellFormed(action.command),
    };
    const cost = JSON.stringify(button).length + 1;
    const full = blocks.length === room.actionBlocks;
    if (full || action.command.length > MAX_BUTTON_VALUE || json + cost > room.actionsJson) {
      cut.actions += 1;
      return;
    }
    json += cost;
    buttons.push(button);
    if (buttons.length === MAX_ACTIONS_ELEMENTS) {
      blocks.push({ type: 'actions', elements: buttons });
      buttons = [];
    }
  });
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  const context: SlackTextObject[] = [];
  if (reply.attachments.length > 0) {
    const names = reply.attachments.map((a) => a.filename).join(', ');
    context.push(mrkdwn(fitMrkdwn(`Attached: ${names}`, 400, ctx, { json: 500 }).text));
  }
  if (reply.footer !== undefined && reply.footer.trim() !== '') {
    const footer = fitMrkdwn(reply.footer, Math.min(1000, room.footerJson), ctx, { json: room.footerJson });
    if (!footer.complete) cut.text = true;
    context.push(mrkdwn(footer.text));
  }
  if (context.length > 0) blocks.push({ type: 'context', elements: context });
  return blocks;
}

function noteBlock(cut: Cut, filename: string, link?: Reply['link']): SlackBlock {
  const parts: string[] = [];
  const more = (n: number, what: string) => {
    if (n > 0) parts.push(`${n} more ${what}${n === 1 ? '' : 's'}`);
  };
  more(cut.items, 'item');
  more(cut.rows, 'table row');
  more(cut.fields, 'field');
  more(cut.sections, 'section');
  more(cut.actions, 'action');
  const list =
    parts.length === 0
      ? 'Some text was shortened'
      : `… and ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`}`;
  const text = `${list}. The full report is in the attached file ${cutPlain(filename, 120)}.`;
  const web = link
    ? ` <${link.url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${escapeMrkdwn(cutPlain(link.label, 80))}>`
    : '';
  return { type: 'context', elements: [mrkdwn(`${escapeMrkdwn(text)}${web}`)] };
}

function fallbackText(reply: Reply, zone: string): string {
  const title = wellFormed(reply.title).replace(/\s+/g, ' ').trim() || 'Rapporteur';
  const summary = reply.summary === undefined ? '' : wellFormed(plainText(reply.summary, zone)).trim();
  const raw = summary ? `${title}: ${summary}` : title;
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= MAX_FALLBACK_TEXT) return escaped;
  return `${escapeMrkdwn(cleanPrefix(raw, MAX_FALLBACK_TEXT - 2).trimEnd())} …`;
}

/** The whole reply as a Markdown file, for when the message had to be cut. */
function fullReport(reply: Reply, ctx: MrkdwnContext): SlackFile {
  const slug =
    reply.title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 60)
      .replace(/-+$/, '') || 'report';
  return {
    filename: `${slug}.md`,
    title: wellFormed(reply.title).trim() || 'Full report',
    contentType: 'text/markdown; charset=utf-8',
    content: renderMarkdown(reply, ctx.now ? { zone: ctx.zone, now: ctx.now } : { zone: ctx.zone }),
    role: 'full-report',
  };
}

const isTime = (p: Inline): boolean => typeof p !== 'string' && 'time' in p;

function rawOf(p: Inline, ctx: MrkdwnContext): string {
  if (typeof p === 'string') return p;
  if ('time' in p) return plainText([p], ctx.zone);
  if ('strong' in p) return p.strong;
  if ('em' in p) return p.em;
  if ('code' in p) return p.code;
  return p.label ? `${p.label} (${p.link})` : p.link;
}

/** Hands out consecutive mrkdwn chunks of rich text, each within a given room. */
class RichCursor {
  private readonly queue: Inline[];

  constructor(
    text: RichText,
    private readonly ctx: MrkdwnContext,
  ) {
    this.queue = [...inlines(text)];
  }

  get done(): boolean {
    return this.queue.length === 0;
  }

  /** The next chunk: at most `max` characters and `json` once JSON-encoded; '' when nothing fits. */
  next(max: number, json: number): string {
    let out = '';
    let outJson = 0;
    while (this.queue.length > 0) {
      const piece = this.queue[0] as Inline;
      const rendered = inlineToMrkdwn(piece, this.ctx);
      const renderedJson = jsonLength(rendered);
      if (out.length + rendered.length <= max && outJson + renderedJson <= json) {
        out += rendered;
        outJson += renderedJson;
        this.queue.shift();
        continue;
      }
      // Styled pieces and date tokens move whole to the next chunk; only a piece that
      // cannot fit even alone is cut, as plain text.
      if (typeof piece !== 'string' && out !== '') break;
      if (isTime(piece) || typeof piece !== 'string') {
        this.queue[0] = rawOf(piece, this.ctx);
        continue;
      }
      const raw = wellFormed(piece);
      const prefix = cleanPrefix(raw, max - out.length, { json: json - outJson, requireClean: out !== '' });
      if (prefix === '') break;
      out += escapeMrkdwn(prefix);
      const rest = raw.slice(prefix.length).replace(/^\s+/, '');
      if (rest === '') this.queue.shift();
      else this.queue[0] = rest;
      break;
    }
    return out;
  }
}

/** Emits the body blocks of a reply into a budget, recording what it had to leave out. */
class Emitter {
  constructor(
    private readonly budget: Budget,
    private readonly out: SlackBlock[],
    private readonly ctx: MrkdwnContext,
    private readonly cut: Cut,
  ) {}

  /** One reply section; false when the budget ran out. */
  section(s: ReplySection): boolean {
    let prefix = s.heading?.trim() ? `${fitMrkdwn([{ strong: s.heading }], 300, this.ctx).text}\n` : '';
    const take = () => {
      const p = prefix;
      prefix = '';
      return p;
    };
    const hasBody = s.body !== undefined && plainText(s.body).trim() !== '';
    const parts: (() => boolean)[] = [];
    if (hasBody) parts.push(() => this.rich(s.body as RichText, take()));
    if (s.fields?.length) parts.push(() => this.fields(s.fields as ReplyField[], take));
    if (s.items?.length) parts.push(() => this.items(s.items as RichText[], take()));
    if (s.table && (s.table.rows.length > 0 || s.table.columns.length > 0)) {
      parts.push(() => this.table(s.table as ReplyTable, take()));
    }
    if (s.columns?.length)
      parts.push(() => this.columns(s.columns as { heading: string; items: RichText[] }[], take()));
    if (parts.length === 0) {
      if (!prefix) return true;
      return this.rich([], take());
    }
    for (let i = 0; i < parts.length; i++) {
      if (!(parts[i] as () => boolean)()) {
        this.countRest(s, i, parts.length, hasBody);
        return false;
      }
    }
    return true;
  }

  /** Counts the parts of a section after the one that ran out of room. */
  private countRest(s: ReplySection, failed: number, total: number, hasBody: boolean): void {
    const kinds: ('body' | 'fields' | 'items' | 'table' | 'columns')[] = [];
    if (hasBody) kinds.push('body');
    if (s.fields?.length) kinds.push('fields');
    if (s.items?.length) kinds.push('items');
    if (s.table && (s.table.rows.length > 0 || s.table.columns.length > 0)) kinds.push('table');
    if (s.columns?.length) kinds.push('columns');
    for (let i = failed + 1; i < total; i++) {
      switch (kinds[i]) {
        case 'fields':
          this.cut.fields += s.fields?.length ?? 0;
          break;
        case 'items':
          this.cut.items += s.items?.length ?? 0;
          break;
        case 'table':
          this.cut.rows += s.table?.rows.length ?? 0;
          break;
        case 'columns':
          for (const c of s.columns ?? []) this.cut.items += c.items.length;
          break;
        default:
          this.cut.text = true;
      }
    }
  }

  /** Prose, split over as many section blocks as it needs. */
  rich(text: RichText, prefix: string): boolean {
    const cursor = new RichCursor(text, this.ctx);
    let pending = prefix;
    if (cursor.done) {
      const heading = pending.trimEnd();
      if (heading === '') return true;
      const block = section(heading);
      if (!this.budget.fits(block)) return false;
      this.budget.take(block, this.out);
      return true;
    }
    while (!cursor.done) {
      const room = this.budget.textRoom();
      if (!room) {
        this.cut.text = true;
        return false;
      }
      const chunk = cursor.next(
        room.text - pending.length - MARKER_ROOM,
        room.json - jsonLength(pending) - MARKER_ROOM,
      );
      if (chunk === '') {
        this.cut.text = true;
        return false;
      }
      let text = `${pending}${chunk}`.trimEnd();
      pending = '';
      if (text.trim() === '') continue;
      const cost = SECTION_OVERHEAD + jsonLength(text);
      if (!cursor.done && !this.budget.roomAfter(cost)) {
        text += ' …';
        this.budget.take(section(text), this.out);
        this.cut.text = true;
        return false;
      }
      this.budget.take(section(text), this.out);
    }
    return true;
  }

  /** A bulleted list packed into as few blocks as possible. */
  items(items: RichText[], prefix: string): boolean {
    let i = 0;
    let pending = prefix;
    while (i < items.length) {
      const room = this.budget.textRoom();
      if (!room) {
        this.cut.items += items.length - i;
        return false;
      }
      const maxText = room.text - MARKER_ROOM;
      const maxJson = room.json - MARKER_ROOM;
      let text = pending.trimEnd();
      pending = '';
      let json = jsonLength(text);
      let count = 0;
      while (i < items.length) {
        const sep = text === '' ? '' : '\n';
        const line = `• ${richToMrkdwn(items[i], this.ctx)}`;
        const lineJson = jsonLength(sep) + jsonLength(line);
        if (text.length + sep.length + line.length <= maxText && json + lineJson <= maxJson) {
          text += sep + line;
          json += lineJson;
          i++;
          count++;
          continue;
        }
        if (count > 0) break;
        // One item too long for a block of its own: show its start, cut cleanly.
        const fitted = fitMrkdwn(items[i], maxText - text.length - sep.length - 2, this.ctx, {
          json: maxJson - json - jsonLength(sep) - 2,
        });
        if (!fitted.complete) this.cut.text = true;
        const cutLine = `${sep}• ${fitted.text}`;
        text += cutLine;
        json += jsonLength(cutLine);
        i++;
        count++;
        break;
      }
      if (i < items.length && !this.budget.roomAfter(SECTION_OVERHEAD + json)) {
        const left = items.length - i;
        text += `\n… and ${left} more`;
        this.cut.items += left;
        this.budget.take(section(text), this.out);
        return false;
      }
      this.budget.take(section(text), this.out);
    }
    return true;
  }

  /** Fields: short ones side by side (section fields), long ones as full-width text. */
  fields(fields: ReplyField[], take: () => string): boolean {
    let i = 0;
    while (i < fields.length) {
      const field = fields[i] as ReplyField;
      if (!field.inline) {
        // Consecutive full-width fields become one rich text, "*name*\nvalue" each.
        const run: Inline[] = [];
        let j = i;
        for (; j < fields.length && !(fields[j] as ReplyField).inline; j++) {
          const f = fields[j] as ReplyField;
          if (run.length > 0) run.push('\n');
          run.push({ strong: f.name.replace(/\s+/g, ' ').trim() || '-' }, '\n', ...inlines(f.value));
        }
        if (!this.rich(run, take())) {
          this.cut.fields += fields.length - j;
          return false;
        }
        i = j;
        continue;
      }
      let j = i;
      while (j < fields.length && (fields[j] as ReplyField).inline && j - i < MAX_SECTION_FIELDS) j++;
      if (!this.grid(fields.slice(i, j), take())) {
        this.cut.fields += fields.length - i;
        return false;
      }
      i = j;
    }
    return true;
  }

  /** Up to ten short fields in one section, two per row. */
  private grid(fields: ReplyField[], prefix: string): boolean {
    const head = prefix.trimEnd();
    const available = this.budget.json - FIELDS_BLOCK_OVERHEAD - jsonLength(head);
    if (this.budget.blocks < 1 || available < MIN_USEFUL) return false;
    const per = Math.min(MAX_FIELD_TEXT, Math.floor(available / fields.length) - FIELD_OVERHEAD);
    if (per < 40) return false;
    const texts = fields.map((f) => {
      const name = fitMrkdwn([{ strong: f.name.replace(/\s+/g, ' ').trim() || '-' }], 200, this.ctx).text;
      const value = fitMrkdwn(f.value, per - name.length - 1, this.ctx, { json: per - jsonLength(name) - 1 });
      if (!value.complete) this.cut.text = true;
      return mrkdwn(value.text.trim() === '' ? name : `${name}\n${value.text}`);
    });
    const block: SlackBlock = head
      ? { type: 'section', text: mrkdwn(head), fields: texts }
      : { type: 'section', fields: texts };
    if (!this.budget.fits(block)) return false;
    this.budget.take(block, this.out);
    return true;
  }

  /** A table as preformatted text, rows packed into code blocks with the header repeated. */
  table(table: ReplyTable, prefix: string): boolean {
    const clean = (s: string) => {
      const one = wellFormed(s).replace(/\s+/g, ' ').trim();
      return one.length > MAX_CELL ? `${cleanPrefix(one, MAX_CELL - 1, { plain: true }).trimEnd()}…` : one;
    };
    const header = table.columns.map(clean);
    const cells = table.rows.map((row) => row.map((c) => clean(plainText(c, this.ctx.zone))));
    const count = Math.max(header.length, ...cells.map((r) => r.length));
    const widths = Array.from({ length: count }, (_, k) =>
      Math.max((header[k] ?? '').length, ...cells.map((r) => (r[k] ?? '').length)),
    );
    const line = (row: string[]) => {
      const full = widths
        .map((w, k) => (row[k] ?? '').padEnd(w))
        .join('  ')
        .trimEnd();
      if (full.length <= MAX_LINE) return full;
      this.cut.text = true;
      return `${cleanPrefix(full, MAX_LINE - 1, { plain: true })}…`;
    };
    // Inside a code block only &, < and > need escaping; a run of backticks would close it.
    const code = (s: string) => escapeMrkdwn(s).replace(/`{3,}/g, (m) => m.split('').join('\u200b'));
    const top = [line(header), line(widths.map((w) => '-'.repeat(w)))].map(code).join('\n');
    let i = 0;
    let pending = prefix;
    do {
      const room = this.budget.textRoom();
      if (!room) {
        this.cut.rows += cells.length - i;
        return false;
      }
      const lead = `${pending}\`\`\`\n${top}`;
      pending = '';
      const maxText = room.text - MARKER_ROOM - 4;
      const maxJson = room.json - MARKER_ROOM - 6;
      let text = lead;
      let json = jsonLength(lead);
      if (text.length > maxText || json > maxJson) {
        this.cut.rows += cells.length - i;
        return false;
      }
      let count = 0;
      while (i < cells.length) {
        let row = `\n${code(line(cells[i] as string[]))}`;
        if (count === 0 && (text.length + row.length > maxText || json + jsonLength(row) > maxJson)) {
          // A row too wide for a block: cut it.
          const raw = line(cells[i] as string[]);
          row = `\n${code(`${cleanPrefix(raw, Math.max(0, maxText - text.length - 2), { json: maxJson - json - 4 })}…`)}`;
          this.cut.text = true;
        }
        if (text.length + row.length > maxText || json + jsonLength(row) > maxJson) break;
        text += row;
        json += jsonLength(row);
        i++;
        count++;
      }
      text += '\n```';
      if (count === 0 && cells.length > 0) {
        this.cut.rows += cells.length - i;
        return false;
      }
      if (i < cells.length && !this.budget.roomAfter(SECTION_OVERHEAD + jsonLength(text))) {
        const left = cells.length - i;
        text += `\n… and ${left} more row${left === 1 ? '' : 's'}`;
        this.cut.rows += left;
        this.budget.take(section(text), this.out);
        return false;
      }
      this.budget.take(section(text), this.out);
    } while (i < cells.length);
    return true;
  }

  /** Side-by-side views (one per source) as section fields, each a short list. */
  columns(columns: { heading: string; items: RichText[] }[], prefix: string): boolean {
    let pending = prefix;
    for (let start = 0; start < columns.length; start += MAX_SECTION_FIELDS) {
      const group = columns.slice(start, start + MAX_SECTION_FIELDS);
      const head = pending.trimEnd();
      pending = '';
      const available = this.budget.json - FIELDS_BLOCK_OVERHEAD - jsonLength(head);
      const per = Math.min(MAX_FIELD_TEXT, Math.floor(available / group.length) - FIELD_OVERHEAD);
      if (this.budget.blocks < 1 || per < 60) {
        for (const c of columns.slice(start)) this.cut.items += c.items.length;
        return false;
      }
      const texts = group.map((c) => mrkdwn(this.column(c, per)));
      const block: SlackBlock = head
        ? { type: 'section', text: mrkdwn(head), fields: texts }
        : { type: 'section', fields: texts };
      if (!this.budget.fits(block)) {
        for (const c of columns.slice(start)) this.cut.items += c.items.length;
        return false;
      }
      this.budget.take(block, this.out);
    }
    return true;
  }

  private column(c: { heading: string; items: RichText[] }, max: number): string {
    const heading = fitMrkdwn([{ strong: c.heading.replace(/\s+/g, ' ').trim() || '-' }], 200, this.ctx).text;
    let text = heading;
    let json = jsonLength(text);
    const room = max - MARKER_ROOM;
    let k = 0;
    for (; k < c.items.length; k++) {
      const line = `\n• ${richToMrkdwn(c.items[k], this.ctx)}`;
      if (text.length + line.length > room || json + jsonLength(line) > room) break;
      text += line;
      json += jsonLength(line);
    }
    if (k === 0 && c.items.length > 0) {
      // The first item alone is too long: show its start.
      const fitted = fitMrkdwn(c.items[0], room - text.length - 3, this.ctx, { json: room - json - 3 });
      text += `\n• ${fitted.text}`;
      if (!fitted.complete) this.cut.text = true;
      k = 1;
    }
    const left = c.items.length - k;
    if (left > 0) {
      this.cut.items += left;
      text += `\n… and ${left} more`;
    }
    return text;
  }
}
