import { messageOf, RapporteurError } from '../errors.js';
import { describeType, detectType } from './detect.js';
import { decodeText } from './encoding.js';
import { createContext, type ExtractContext, type ExtractOptions } from './options.js';
import { documentFromText } from './text.js';
import type { Document, DocumentType } from './types.js';

export { DEFAULT_PARTY_ALIASES, PartyAliases, type PartyAliasTable } from './aliases.js';
export { ACCEPTED_TYPES, detectType } from './detect.js';
export {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractLimits,
  type ExtractOptions,
  type Limits,
  type RecurrenceWindow,
} from './options.js';
export { windowsZoneToIana } from './windows-zones.js';

/**
 * Turns the bytes of a file into a `Document`: DOCX, PDF, HTML, Markdown, plain text,
 * e-mail or iCalendar, detected from the content and checked against the name and
 * content type. Every failure is a `RapporteurError` whose message names the file and
 * the reason and says what to do (UNSUPPORTED_TYPE, TYPE_MISMATCH, CORRUPT_FILE,
 * ENCRYPTED, NO_TEXT, LIMIT_EXCEEDED, FILE_TOO_LARGE, TIMEOUT, UNREADABLE_ENCODING);
 * problems that do not stop extraction are listed in `Document.warnings`.
 *
 * Limits are checked cooperatively between steps. A single CPU-bound step cannot be
 * interrupted in the same thread: run untrusted files through the extraction sandbox
 * (src/extract/sandbox.ts), which enforces the timeout and a memory cap.
 */
export async function extractDocument(bytes: Uint8Array, options: ExtractOptions): Promise<Document> {
  return extractWithContext(bytes, createContext(options));
}

/** The same, within an existing context (nested e-mail attachments share deadline and budget). */
export async function extractWithContext(bytes: Uint8Array, ctx: ExtractContext): Promise<Document> {
  try {
    ctx.check();
    if (bytes.length > ctx.limits.maxFileBytes) {
      throw new RapporteurError(
        'FILE_TOO_LARGE',
        `${ctx.name} is ${sizes(bytes.length, ctx.limits.maxFileBytes)}.`,
        {
          hint: 'Send a smaller file, or raise RAPPORTEUR_MAX_FILE_MB if this size is expected.',
          details: { size: bytes.length, maxBytes: ctx.limits.maxFileBytes },
        },
      );
    }
    const type = detectType(bytes, ctx.name, ctx.options.name, ctx.options.contentType);
    const doc = await read(type, bytes, ctx);
    checkDocumentSize(doc, bytes.length, ctx.name);
    if (doc.blocks.length === 0 && type !== 'eml' && type !== 'ics') {
      throw new RapporteurError('NO_TEXT', `${ctx.name} (${describeType(type)}) contains no text.`, {
        hint: 'Check that this is the right file; if the text is in images, send a text version.',
      });
    }
    return doc;
  } catch (err) {
    throw asRapporteurError(err, ctx.name);
  }
}

/**
 * Each reader is loaded when its format is first detected: most of a cold start was spent
 * loading the DOCX, PDF, HTML, e-mail and calendar libraries to read one Markdown file.
 */
const READERS = {
  docx: () => import('./docx.js'),
  pdf: () => import('./pdf.js'),
  html: () => import('./html.js'),
  eml: () => import('./email.js'),
  ics: () => import('./ics.js'),
};

/**
 * Loads the reader of the format these bytes are in (every reader for an e-mail, whose
 * attachments may be anything), so that a caller timing an extraction can leave module
 * loading out of the file's time budget. Never throws: extractDocument reports what it refuses.
 */
export async function preloadReader(bytes: Uint8Array, options: ExtractOptions): Promise<void> {
  try {
    const type = detectType(bytes, options.name?.trim() || 'the file', options.name, options.contentType);
    if (type === 'eml') await loadAllReaders();
    else if (type in READERS) await READERS[type as keyof typeof READERS]();
  } catch {
    // The same detection runs again in extractDocument, which says what is wrong.
  }
}

/** Loads every reader now: for callers that time or measure extractions in-process (tests). */
export async function loadAllReaders(): Promise<void> {
  await Promise.all(Object.values(READERS).map((load) => load()));
}

/**
 * How large a Document may be, absolutely and relative to the file it came from. The result
 * crosses from the extraction sandbox to the bot by copying, so a small file that unfolds
 * into a huge result (20,000 overlapping DOCX comments each repeating the text they cover,
 * deeply nested HTML lists) would cost the bot gigabytes even after the sandbox survived it.
 */
export const DOCUMENT_LIMITS = {
  maxBlocks: 200_000,
  maxComments: 10_000,
  maxRevisions: 50_000,
  /** Characters of text: at most this many... */
  maxTextChars: 32 * 1024 * 1024,
  /** ...and at most this many per byte of input (beyond the first MB's worth). */
  maxTextPerInputByte: 64,
  /** Characters all comment and revision anchors repeat, per character of text (plus 1 M). */
  maxAnchorCharsPerTextChar: 4,
} as const;

function checkDocumentSize(doc: Document, inputBytes: number, name: string): void {
  const L = DOCUMENT_LIMITS;
  const refuse = (what: string, found: number, limit: number, limitName: string) => {
    throw new RapporteurError(
      'LIMIT_EXCEEDED',
      `${name} unfolds into ${found.toLocaleString('en')} ${what}, more than the limit of ${limit.toLocaleString('en')} (${limitName}); it was not read.`,
      {
        hint: 'A file this repetitive is refused to protect the bot. Send the document with fewer comments, changes or nesting, or as plain text or PDF.',
        details: { limit: limitName, found, max: limit },
      },
    );
  };
  if (doc.blocks.length > L.maxBlocks) refuse('blocks', doc.blocks.length, L.maxBlocks, 'maxBlocks');
  if (doc.comments.length > L.maxComments)
    refuse('comments', doc.comments.length, L.maxComments, 'maxComments');
  if (doc.revisions.length > L.maxRevisions)
    refuse('tracked changes', doc.revisions.length, L.maxRevisions, 'maxRevisions');
  const maxText = Math.min(L.maxTextChars, Math.max(1024 * 1024, inputBytes * L.maxTextPerInputByte));
  if (doc.text.length > maxText) refuse('characters of text', doc.text.length, maxText, 'maxTextChars');
  let anchored = 0;
  for (const c of doc.comments) anchored += c.anchor?.text.length ?? 0;
  for (const r of doc.revisions) anchored += r.anchor?.text.length ?? 0;
  const maxAnchored = doc.text.length * L.maxAnchorCharsPerTextChar + 1024 * 1024;
  if (anchored > maxAnchored)
    refuse('characters of commented or changed text', anchored, maxAnchored, 'maxAnchorChars');
}

async function read(type: DocumentType, bytes: Uint8Array, ctx: ExtractContext): Promise<Document> {
  switch (type) {
    case 'docx':
      return (await READERS.docx()).readDocx(bytes, ctx);
    case 'pdf':
      return (await READERS.pdf()).readPdf(bytes, ctx);
    case 'html':
      return (await READERS.html()).readHtml(bytes, ctx);
    case 'eml':
      return (await READERS.eml()).readEmail(bytes, ctx, extractWithContext);
    case 'ics':
      return (await READERS.ics()).readIcs(bytes, ctx);
    case 'markdown':
    case 'text': {
      return documentFromText(decodeText(bytes, ctx.name).text, type, ctx.name);
    }
  }
}

/**
 * Any failure as a RapporteurError. An unexpected exception from a parser library on odd
 * input is reported as CORRUPT_FILE with its reason rather than escaping as a crash.
 */
export function asRapporteurError(err: unknown, name: string): RapporteurError {
  if (err instanceof RapporteurError) return err;
  const reason = messageOf(err);
  if (err instanceof RangeError && /call stack|allocation|array length/i.test(reason)) {
    return new RapporteurError('LIMIT_EXCEEDED', `${name} is too deeply nested or too large to read.`, {
      hint: 'Send a simpler version of the file.',
      details: { reason: reason.slice(0, 200) },
      cause: err,
    });
  }
  return new RapporteurError('CORRUPT_FILE', `${name} could not be read (${reason.slice(0, 200)}).`, {
    hint: 'The file may be damaged: open it in the program that made it, save it again and send the new copy. If it opens normally elsewhere, please report it.',
    details: { reason: reason.slice(0, 500) },
    cause: err,
  });
}

/** "21.3 MB, over the 20 MB limit"; exact byte counts when the rounded figures would look equal. */
function sizes(size: number, limit: number): string {
  const fmt = (n: number) =>
    n >= 1024 * 1024
      ? `${Number((n / (1024 * 1024)).toFixed(1))} MB`
      : n >= 1024
        ? `${Number((n / 1024).toFixed(1))} KB`
        : `${n} bytes`;
  const [a, b] = fmt(size) === fmt(limit) ? [`${size} bytes`, `${limit} bytes`] : [fmt(size), fmt(limit)];
  return `${a}, over the ${b} limit`;
}
