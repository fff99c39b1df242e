import { blocksFromText } from '../documents/text.js';
import type { Document, DocumentType } from '../documents/types.js';
import { parseDraft } from '../drafts/index.js';
import { extractClaims, type MeetingClaim } from '../schedule/index.js';
import { slugOf } from '../store.js';
import { cleanSubject, stripQuotedReply } from './inbound.js';

/**
 * What a list message carries, read from its extracted form: at most one announcement (the
 * part that states the most about meetings) and any number of draft attachments. Pure and
 * total: a message the engines cannot make sense of yields nothing, never an exception.
 *
 * One announcement per message, not one per part: a cover note ("please find attached the
 * invitation to the sixth meeting") and the letter it covers are one announcement, and
 * reading them as two sources would alert subscribers twice about the same news.
 */

/** Formats a draft may arrive in (what `postDraftVersion` reads). */
export const DRAFT_TYPES: ReadonlySet<DocumentType> = new Set(['docx', 'pdf', 'markdown', 'text', 'html']);

/** The chosen announcement of a message. */
export interface MailAnnouncement {
  /** The document to hand to `ingestSource` (the message with quotes removed, or an attachment). */
  document: Document;
  /** Where the facts came from. */
  part: 'message' | 'attachment';
  /** Index in `Document.attachments` when `part` is `attachment`. */
  attachment?: number;
  filename?: string;
  /** Claims that date, cancel or postpone a meeting, and how many of them give dates or times. */
  claims: number;
  dated: number;
}

/** An attachment judged to be a version of a negotiated draft. */
export interface DraftAttachment {
  /** Index in `Document.attachments` (the MIME order of the message's attachments). */
  index: number;
  filename: string;
  contentType: string;
  size: number;
  /** Why it was taken for a draft: negotiation brackets, or a name that says so. */
  reason: 'brackets' | 'named';
  brackets: number;
}

/** The result of {@link readMessageContent}. */
export interface MessageContent {
  announcement?: MailAnnouncement;
  drafts: DraftAttachment[];
  /** Attachments that could not be read, by index, with the extractor's code (never content). */
  unreadable: { index: number; code: string }[];
}

/** Options of {@link readMessageContent}. */
export interface MessageContentOptions {
  /** When the message is read (ISO instant), for the claims' `seenAt`. */
  seenAt: string;
  /** The process's zone for times stated without one. */
  defaultTimeZone?: string | undefined;
  /** The process's extra qualifiers, so a draft is parsed as it will be when posted. */
  extraQualifiers?: readonly string[] | undefined;
}

const DRAFT_WORDS =
  /(?:^|[^\p{L}])(?:draft|drafts|version|rev|revision|revised|final|compilation|non-paper|outcome|zero|amendments?|proposals?)(?:[^\p{L}]|$)/iu;

/** More negotiation brackets than an invitation ever has by accident ("[Signature]"). */
const SURELY_A_DRAFT = 5;

function isDated(claim: MeetingClaim): boolean {
  return claim.sessions.length > 0 || claim.dates !== undefined;
}

/**
 * A claim worth a source: it dates a meeting, or cancels / postpones one. The engine reads
 * a title from any subject ("Lunch on Monday?"), so a claim with nothing more is no news.
 */
function isInformative(claim: MeetingClaim): boolean {
  return isDated(claim) || claim.status !== undefined;
}

function scoreClaims(doc: Document, name: string, options: MessageContentOptions) {
  const date = doc.metadata.date ?? doc.email?.date;
  const { claims } = extractClaims(
    doc,
    { kind: 'email', name, seenAt: options.seenAt, ...(date ? { date } : {}) },
    options.defaultTimeZone ? { defaultTimeZone: options.defaultTimeZone } : {},
  );
  return { claims: claims.filter(isInformative).length, dated: claims.filter(isDated).length };
}

/** The message's own text without quoted history, as a document of its own. */
function ownWords(doc: Document, forwarded: boolean): Document {
  // A calendar part states the meeting whatever the text around it says.
  if (doc.events.length > 0) return doc;
  const text = stripQuotedReply(doc.text, { forwarded });
  if (text === doc.text) return doc;
  return { ...doc, text, blocks: blocksFromText(text, 'text'), attachments: [] };
}

/**
 * Reads an extracted message (`Document` of type `eml`) for announcements and drafts.
 * Attachments are drafts when they hold negotiation brackets, or are named as drafts (by
 * their file name, or by the subject when they are the only document attached: "Vision
 * draft, 1 June version") and state no meeting dates; the remaining readable
 * parts compete to be the announcement: calendar parts first, then whichever part gives
 * the most dated claims (the message itself on a tie).
 */
export function readMessageContent(doc: Document, options: MessageContentOptions): MessageContent {
  const subject = doc.email?.subject ?? '';
  const clean = cleanSubject(subject);
  const drafts: DraftAttachment[] = [];
  const unreadable: MessageContent['unreadable'] = [];
  const candidates: MailAnnouncement[] = [];

  const message = ownWords(doc, clean.forward);
  const own = scoreClaims(message, subject, options);
  if (own.claims > 0) candidates.push({ document: message, part: 'message', ...own });
  if (doc.events.length === 0) {
    // The subject names the draft only when it can mean one attachment.
    const draftFormats = doc.attachments.filter((a) => a.document && DRAFT_TYPES.has(a.document.type)).length;
    const subjectNamesDraft = draftFormats === 1 && DRAFT_WORDS.test(clean.text);
    doc.attachments.forEach((att, index) => {
      if (att.error) {
        unreadable.push({ index, code: att.error.code });
        return;
      }
      const inner = att.document;
      if (!inner || inner.type === 'ics') return;
      const filename = att.filename ?? `attachment-${index + 1}`;
      // The attachment speaks under the message's subject and date ("Corrected invitation").
      const withHeaders: Document = doc.email ? { ...inner, email: { ...doc.email, ...inner.email } } : inner;
      const score = scoreClaims(withHeaders, `${subject} (${filename})`, options);
      if (DRAFT_TYPES.has(inner.type)) {
        const brackets = safeBracketCount(inner, options);
        const named = DRAFT_WORDS.test(filename) || subjectNamesDraft;
        if (brackets >= SURELY_A_DRAFT || ((brackets > 0 || named) && score.dated === 0)) {
          drafts.push({
            index,
            filename,
            contentType: att.contentType ?? 'application/octet-stream',
            size: att.size,
            reason: brackets > 0 ? 'brackets' : 'named',
            brackets,
          });
          return;
        }
      }
      if (score.claims > 0) {
        candidates.push({ document: withHeaders, part: 'attachment', attachment: index, filename, ...score });
      }
    });
  }
  let best: MailAnnouncement | undefined;
  for (const c of candidates) {
    if (!best || c.dated > best.dated || (c.dated === best.dated && c.claims > best.claims)) best = c;
  }
  return { ...(best ? { announcement: best } : {}), drafts, unreadable };
}

function safeBracketCount(doc: Document, options: MessageContentOptions): number {
  try {
    return parseDraft(doc, { qualifiers: [...(options.extraQualifiers ?? [])] }).brackets.length;
  } catch {
    // The bracket engine reports rather than throws; if it ever does, this is no draft.
    return 0;
  }
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** Version phrases that identify one version ("1 June version", "rev. 2"), best first. */
const VERSION_LABELS: RegExp[] = [
  new RegExp(
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?(?:\\s+\\d{4})?\\s+(?:version|draft|text)\\b`,
    'i',
  ),
  new RegExp(
    `\\b(?:version|draft|text)\\s+(?:of\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?(?:\\s+\\d{4})?`,
    'i',
  ),
  /\bversion\s+\d+(?:\.\d+)*\b/i,
  /\brev(?:ision)?\.?\s*\d+\b/i,
  /\bv\d+(?:\.\d+)*\b/i,
];
/** Phrases that say which kind of version, not which one; used when nothing better is known. */
const GENERIC_LABEL =
  /\b(?:zero|first|second|third|fourth|fifth|final|revised|consolidated)\s+(?:draft|version|text)\b/i;
/** A file name that identifies its version by a date or a number. */
const VERSIONED_FILE = new RegExp(
  `\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\b\\d{1,2}[ _-]?(?:${MONTHS})\\b|(?:^|[^a-z])(?:v|rev|version)[ ._-]?\\d`,
  'i',
);

/** Words that say what kind of text it is, not which one. */
const FILLER = new Set([
  'draft',
  'drafts',
  'revised',
  'new',
  'updated',
  'latest',
  'final',
  'zero',
  'the',
  'of',
  'a',
  'an',
  'document',
  'text',
  'version',
  'rev',
  'revision',
  'please',
  'find',
  'attached',
  'here',
  'is',
  'for',
]);

const MAX_DOCUMENT = 120;
const MAX_LABEL = 200;

function cut(text: string, max: number): string {
  const clean = text
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= max ? clean : clean.slice(0, max).trimEnd();
}

function stem(filename: string): string {
  return filename
    .replace(/^.*[\\/]/, '')
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .trim();
}

function documentFromWords(text: string): string | undefined {
  let rest = text;
  for (const pattern of [...VERSION_LABELS, GENERIC_LABEL]) rest = rest.replace(pattern, ' ');
  const head = rest.split(/:|\s[-–—]\s|,|\(|;/)[0] ?? '';
  const words = head
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}+]+|[^\p{L}\p{N}+]+$/gu, ''))
    .filter((w) => w !== '' && !FILLER.has(w.toLowerCase()) && !/^[\d-]+$/.test(w));
  const name = words.join(' ');
  return slugOf(name) === '' ? undefined : name;
}

/**
 * Document name and version label for a draft that arrived by mail. The document is the
 * configured one, else a known document of the process named in the subject or file name,
 * else the subject's words before the first separator without "draft", "revised" and the
 * like ("Vision draft, 1 June version" -> "Vision"), else the file name. The label is a
 * version phrase of the subject ("1 June version", "rev. 2"), else the file name without
 * extension when that carries a date or number, else a phrase such as "revised draft", else
 * the file name. Both always fit what `postDraftVersion` accepts.
 */
export function draftNames(input: {
  subject: string;
  filename: string;
  configured?: string | undefined;
  known?: readonly string[];
}): { document: string; label: string } {
  const subject = cleanSubject(input.subject).text;
  const fileWords = stem(input.filename).replace(/[-._]+/g, ' ');
  const haystacks = [subject, fileWords].map((t) => `-${slugOf(t)}-`);
  const known = [...(input.known ?? [])]
    .filter((name) => slugOf(name) !== '')
    .sort((a, b) => slugOf(b).length - slugOf(a).length)
    .find((name) => haystacks.some((h) => h.includes(`-${slugOf(name)}-`)));
  const configured = input.configured?.trim();
  const document =
    (configured && slugOf(configured) !== '' ? configured : undefined) ??
    known ??
    documentFromWords(subject) ??
    documentFromWords(fileWords) ??
    'Draft';
  const fileStem = stem(input.filename);
  const label =
    VERSION_LABELS.map((p) => p.exec(subject)?.[0]).find((l) => l !== undefined) ??
    (VERSIONED_FILE.test(fileStem) ? fileStem : undefined) ??
    GENERIC_LABEL.exec(subject)?.[0] ??
    (fileStem || subject || 'untitled');
  return { document: cut(document, MAX_DOCUMENT) || 'Draft', label: cut(label, MAX_LABEL) || 'untitled' };
}
