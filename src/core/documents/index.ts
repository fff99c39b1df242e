import { RapporteurError } from '../errors.js';
import { describeType, detectType } from './detect.js';
import { readDocx } from './docx.js';
import { readEmail } from './email.js';
import { decodeText } from './encoding.js';
import { readHtml } from './html.js';
import { readIcs } from './ics.js';
import { createContext, type ExtractContext, type ExtractOptions } from './options.js';
import { readPdf } from './pdf.js';
import { documentFromText } from './text.js';
import type { Document, DocumentType } from './types.js';

export { DEFAULT_PARTY_ALIASES, PartyAliases, type PartyAliasTable } from './aliases.js';
export { ACCEPTED_TYPES, detectType } from './detect.js';
export {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractLimits,
  type ExtractOptions,
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

async function read(type: DocumentType, bytes: Uint8Array, ctx: ExtractContext): Promise<Document> {
  switch (type) {
    case 'docx':
      return readDocx(bytes, ctx);
    case 'pdf':
      return readPdf(bytes, ctx);
    case 'html':
      return readHtml(bytes, ctx);
    case 'eml':
      return readEmail(bytes, ctx, extractWithContext);
    case 'ics':
      return readIcs(bytes, ctx);
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
  const reason = err instanceof Error ? err.message : String(err);
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
