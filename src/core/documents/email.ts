import { type AddressObject, type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import { messageOf, RapporteurError } from '../errors.js';
import { htmlToDocument } from './html.js';
import { parseCalendar } from './ics.js';
import { childContext, type ExtractContext, MAX_ATTACHMENT_DEPTH } from './options.js';
import { setPresent } from './present.js';
import { blocksFromText } from './text.js';
import type {
  CalendarEvent,
  Document,
  DocumentAttachment,
  EmailHeaders,
  ExtractionWarning,
} from './types.js';

/** RFC 5322 allows 998 characters per line; real mail stays far below this bound for a whole header section. */
const MAX_HEADER_BYTES = 256 * 1024;

type Extract = (bytes: Uint8Array, ctx: ExtractContext) => Promise<Document>;

/**
 * Reads an RFC 822 message: headers, the text body (text/plain preferred, HTML through
 * the HTML reader otherwise), calendar parts (text/calendar or .ics) as `events`, and
 * every other attachment read recursively through the same entry point, within a depth
 * limit and the shared byte budget.
 */
export async function readEmail(bytes: Uint8Array, ctx: ExtractContext, extract: Extract): Promise<Document> {
  let input = bytes;
  // An mbox "From " separator line is not a header.
  if (input[0] === 0x46 && new TextDecoder().decode(input.subarray(0, 5)) === 'From ') {
    const nl = input.indexOf(0x0a);
    input = nl >= 0 ? input.subarray(nl + 1) : input;
  }
  checkHeaderSection(input, ctx);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(input.buffer, input.byteOffset, input.byteLength), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: ctx.limits.maxFileBytes,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EMAXLEN') throw headerTooLarge(ctx);
    throw new RapporteurError(
      'CORRUPT_FILE',
      `${ctx.name} is not a readable e-mail message (${(err as Error).message?.slice(0, 160)}).`,
      {
        hint: 'Save the message again from the mail program as .eml (or forward it) and send that.',
      },
    );
  }
  ctx.check();

  const warnings: ExtractionWarning[] = [];
  const email = headersOf(mail);
  let text = '';
  let blocks: Document['blocks'] = [];
  let revisions: Document['revisions'] = [];
  if (mail.text && mail.text.trim() !== '') {
    text = mail.text.replace(/\r\n?/g, '\n');
    blocks = blocksFromText(text, 'text');
  } else if (typeof mail.html === 'string' && mail.html.trim() !== '') {
    const html = htmlToDocument(mail.html, ctx);
    text = html.text;
    blocks = html.blocks;
    revisions = html.revisions;
  }

  const events: CalendarEvent[] = [];
  const attachments: DocumentAttachment[] = [];
  let index = 0;
  for (const part of mail.attachments) {
    index++;
    ctx.check();
    attachments.push(await readAttachment(part, index, ctx, extract, events, warnings));
  }

  const metadata: Document['metadata'] = {};
  if (email.subject) metadata.title = email.subject;
  if (email.from) metadata.author = email.from;
  if (email.date) metadata.date = email.date;
  return {
    type: 'eml',
    name: ctx.name,
    text,
    blocks,
    metadata,
    comments: [],
    revisions,
    events: dedupeEvents(events),
    attachments,
    email,
    warnings,
  };
}

async function readAttachment(
  part: Attachment,
  index: number,
  ctx: ExtractContext,
  extract: Extract,
  events: CalendarEvent[],
  warnings: ExtractionWarning[],
): Promise<DocumentAttachment> {
  const contentType = (part.contentType ?? 'application/octet-stream').toLowerCase();
  const filename = part.filename?.trim() || undefined;
  const size = part.size ?? part.content.length;
  const att: DocumentAttachment = { size, contentType };
  if (filename) att.filename = filename;
  const label = filename ?? `attachment ${index} (${contentType})`;
  const childName = `${ctx.name} > ${label}`;

  const isCalendar =
    contentType === 'text/calendar' ||
    contentType === 'application/ics' ||
    /\.(ics|ical|ifb)$/i.test(filename ?? '');
  if (isCalendar) {
    try {
      const { events: found, warnings: calWarnings } = parseCalendar(
        new TextDecoder('utf-8').decode(part.content),
        childContext(ctx, childName, contentType),
      );
      events.push(...found);
      for (const w of calWarnings) warnings.push({ ...w, message: `${label}: ${w.message}` });
    } catch (err) {
      att.error = errorOf(err);
    }
    return att;
  }
  // Inline images and other media carry no text; list them without trying.
  if (/^(image|audio|video|font)\//.test(contentType)) return att;
  if (ctx.depth + 1 > MAX_ATTACHMENT_DEPTH) {
    att.error = {
      code: 'LIMIT_EXCEEDED',
      message: `${childName} is nested more than ${MAX_ATTACHMENT_DEPTH} messages deep and was not read.`,
    };
    return att;
  }
  if (size > ctx.budget.attachmentBytes) {
    att.error = {
      code: 'LIMIT_EXCEEDED',
      message: `${childName} was not read: the attachments of this message exceed the ${Math.round(ctx.limits.maxFileBytes / (1024 * 1024))} MB total.`,
    };
    return att;
  }
  ctx.budget.attachmentBytes -= size;
  try {
    const bytes = new Uint8Array(part.content.buffer, part.content.byteOffset, part.content.byteLength);
    const doc = await extract(
      bytes,
      childContext(ctx, childName, contentType === 'application/octet-stream' ? undefined : contentType),
    );
    att.document = doc;
    // A forwarded invitation's events count for this message too.
    events.push(...doc.events);
  } catch (err) {
    att.error = errorOf(err);
  }
  return att;
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof RapporteurError) return { code: err.code, message: err.describe() };
  return { code: 'CORRUPT_FILE', message: messageOf(err) };
}

/** The same event often arrives twice (a text/calendar part and an .ics copy). */
function dedupeEvents(events: CalendarEvent[]): CalendarEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = JSON.stringify([
      e.uid,
      e.recurrenceId,
      e.sequence,
      e.method,
      e.start,
      e.end,
      e.status,
      e.summary,
    ]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] | undefined {
  if (!value) return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((a) => a.value);
  const out = list
    .map((a) => (a.name && a.address ? `${a.name} <${a.address}>` : (a.address ?? a.name ?? '')))
    .filter((s) => s !== '');
  return out.length > 0 ? out : undefined;
}

function headersOf(mail: ParsedMail): EmailHeaders {
  const h: EmailHeaders = {};
  const from = addresses(mail.from);
  if (from?.[0]) h.from = from[0];
  const to = addresses(mail.to);
  if (to) h.to = to;
  const cc = addresses(mail.cc);
  if (cc) h.cc = cc;
  if (mail.subject) h.subject = mail.subject;
  if (mail.date && !Number.isNaN(mail.date.getTime())) h.date = mail.date.toISOString();
  if (mail.messageId) h.messageId = mail.messageId;
  if (mail.inReplyTo) h.inReplyTo = mail.inReplyTo;
  if (mail.references) h.references = Array.isArray(mail.references) ? mail.references : [mail.references];
  const raw = (name: string) => {
    const line = mail.headerLines.find((l) => l.key === name)?.line;
    if (!line) return undefined;
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    return value === '' ? undefined : value;
  };
  return setPresent(h, {
    listId: raw('list-id'),
    autoSubmitted: raw('auto-submitted'),
    precedence: raw('precedence'),
    returnPath: raw('return-path'),
  });
}

/** Refuses a header section that is absurdly long before the MIME parser buffers it. */
function checkHeaderSection(bytes: Uint8Array, ctx: ExtractContext): void {
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES + 1);
  for (let i = 0; i < limit; i++) {
    if (bytes[i] === 0x0a && (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a)))
      return;
  }
  if (bytes.length > MAX_HEADER_BYTES) throw headerTooLarge(ctx);
}

function headerTooLarge(ctx: ExtractContext): RapporteurError {
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `${ctx.name} has an e-mail header section larger than ${MAX_HEADER_BYTES / 1024} KB; refused as malformed or hostile.`,
    { hint: 'Forward the message from a normal mail program, or send its text and attachments directly.' },
  );
}
