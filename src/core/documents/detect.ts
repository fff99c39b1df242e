import { RapporteurError } from '../errors.js';
import type { DocumentType } from './types.js';

/** The formats `extractDocument` reads, as a phrase for error messages. */
export const ACCEPTED_TYPES =
  'DOCX (Word), PDF, HTML, Markdown, plain text, e-mail (.eml) and iCalendar (.ics)';

const EXTENSIONS: Record<string, DocumentType> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  dotx: 'docx',
  dotm: 'docx',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  txt: 'text',
  text: 'text',
  eml: 'eml',
  mbox: 'eml',
  ics: 'ics',
  ical: 'ics',
  icalendar: 'ics',
  ifb: 'ics',
};

/** Known formats we do not read, with advice. Keyed by extension. */
const REFUSED_EXTENSIONS: Record<string, string> = {
  doc: 'a Word 97-2003 document (.doc); open it in Word or LibreOffice and save it as .docx',
  rtf: 'an RTF document; save it as .docx or PDF',
  odt: 'an OpenDocument text (.odt); save it as .docx or PDF',
  pages: 'an Apple Pages document; export it as .docx or PDF',
  msg: 'an Outlook message (.msg); forward it or save it as .eml',
  xlsx: 'an Excel workbook; send the text as DOCX, PDF or plain text',
  xls: 'an Excel workbook; send the text as DOCX, PDF or plain text',
  pptx: 'a PowerPoint presentation; export it as PDF',
  ppt: 'a PowerPoint presentation; export it as PDF',
  zip: 'a ZIP archive; unpack it and send the document itself',
};

const CONTENT_TYPES: Record<string, DocumentType> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-word.document.macroenabled.12': 'docx',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'message/rfc822': 'eml',
  'text/calendar': 'ics',
  'application/ics': 'ics',
  'text/x-vcalendar': 'ics',
};

const TYPE_NAMES: Record<DocumentType, string> = {
  pdf: 'a PDF',
  docx: 'a Word (DOCX) document',
  html: 'an HTML page',
  markdown: 'a Markdown file',
  text: 'a plain-text file',
  eml: 'an e-mail message',
  ics: 'an iCalendar file',
};

/** "a PDF", "a Word (DOCX) document"... for messages. */
export function describeType(type: DocumentType): string {
  return TYPE_NAMES[type];
}

/** What the content itself says it is. `binary` carries a description of an unsupported binary. */
export type Sniffed =
  | { kind: 'type'; type: DocumentType }
  | { kind: 'zip'; docx: boolean; what: string }
  | { kind: 'binary'; what: string; advice: string; encrypted?: boolean }
  | { kind: 'text' };

/**
 * Looks at the first bytes (and, for ZIP files, the central directory names) to decide
 * what a file really is. Text-based formats are recognised from their opening lines.
 */
export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // Entry names are stored uncompressed in the local headers and the central directory.
    if (containsAscii(bytes, 'word/')) return { kind: 'zip', docx: true, what: 'a Word (DOCX) document' };
    if (containsAscii(bytes, 'xl/')) return { kind: 'zip', docx: false, what: 'an Excel workbook' };
    if (containsAscii(bytes, 'ppt/')) return { kind: 'zip', docx: false, what: 'a PowerPoint presentation' };
    if (containsAscii(bytes, 'application/vnd.oasis.opendocument')) {
      return { kind: 'zip', docx: false, what: 'an OpenDocument file (LibreOffice)' };
    }
    return { kind: 'zip', docx: false, what: 'a ZIP archive' };
  }
  if (findAscii(bytes, '%PDF-', 1024) >= 0) return { kind: 'type', type: 'pdf' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE compound file: a legacy Office file, or an OOXML file protected with a password
    // (Office stores those as an "EncryptedPackage" stream inside a compound file).
    if (containsUtf16le(bytes, 'EncryptedPackage')) {
      return {
        kind: 'binary',
        what: 'a password-protected Office document',
        advice: 'ask the sender for an unprotected copy',
        encrypted: true,
      };
    }
    return {
      kind: 'binary',
      what: 'a legacy Office file (Word 97-2003 .doc, .xls or Outlook .msg)',
      advice: 'open it and save it as .docx (or forward the message as .eml)',
    };
  }
  if (startsWithAscii(bytes, '{\\rtf')) {
    return { kind: 'binary', what: 'an RTF document', advice: 'save it as .docx or PDF' };
  }
  const image = imageKind(bytes);
  if (image) {
    return {
      kind: 'binary',
      what: `an image (${image})`,
      advice: 'send the document as text, DOCX or PDF, or run OCR on the image first',
    };
  }
  if (startsWith(bytes, [0x1f, 0x8b]) || startsWithAscii(bytes, '7z') || startsWithAscii(bytes, 'Rar!')) {
    return { kind: 'binary', what: 'a compressed archive', advice: 'unpack it and send the document itself' };
  }
  const head = textHead(bytes);
  if (head === undefined) return { kind: 'text' };
  const trimmed = head.replace(/^\s+/, '');
  if (/^BEGIN:VCALENDAR\b/i.test(trimmed)) return { kind: 'type', type: 'ics' };
  if (
    /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(trimmed)
  ) {
    return { kind: 'type', type: 'html' };
  }
  if (looksLikeEmail(head)) return { kind: 'type', type: 'eml' };
  return { kind: 'text' };
}

/** The type a file name claims, or a refusal for known unsupported extensions. */
export function typeFromName(name: string | undefined): DocumentType | { refused: string } | undefined {
  if (!name) return undefined;
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  if (!m) return undefined;
  const ext = (m[1] as string).toLowerCase();
  const refused = REFUSED_EXTENSIONS[ext];
  if (refused) return { refused };
  return EXTENSIONS[ext];
}

/** The type a MIME content type claims; generic types (octet-stream) claim nothing. */
export function typeFromContentType(contentType: string | undefined): DocumentType | undefined {
  if (!contentType) return undefined;
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return CONTENT_TYPES[base];
}

/**
 * Decides the document type from the content, the name and the content type. The
 * content wins for binary formats: a claim that disagrees with it is TYPE_MISMATCH,
 * naming both; an unknown binary is UNSUPPORTED_TYPE listing what we accept.
 */
export function detectType(
  bytes: Uint8Array,
  name: string,
  fileName?: string,
  contentType?: string,
): DocumentType {
  const byName = typeFromName(fileName);
  const byType = typeFromContentType(contentType);
  const claimed = typeof byName === 'string' ? byName : byType;
  const sniffed = sniff(bytes);

  if (sniffed.kind === 'binary') {
    if (sniffed.encrypted) {
      throw new RapporteurError('ENCRYPTED', `${name} is ${sniffed.what}, which cannot be read.`, {
        hint: `Please ${sniffed.advice}.`,
      });
    }
    throw new RapporteurError(
      'UNSUPPORTED_TYPE',
      `${name} is ${sniffed.what}, which Rapporteur does not read.`,
      {
        hint: `Please ${sniffed.advice}. Accepted: ${ACCEPTED_TYPES}.`,
      },
    );
  }
  if (sniffed.kind === 'zip') {
    if (!sniffed.docx) {
      throw new RapporteurError(
        'UNSUPPORTED_TYPE',
        `${name} is ${sniffed.what}, not a Word (DOCX) document.`,
        {
          hint: `Save or export the text as DOCX or PDF and send that. Accepted: ${ACCEPTED_TYPES}.`,
        },
      );
    }
    if (claimed && claimed !== 'docx') throw mismatch(name, claimed, 'docx');
    return 'docx';
  }
  if (sniffed.kind === 'type' && sniffed.type === 'pdf') {
    if (claimed && claimed !== 'pdf') throw mismatch(name, claimed, 'pdf');
    return 'pdf';
  }
  // Text content from here on. A binary claim on text content is a mismatch.
  const contentSays = sniffed.kind === 'type' ? sniffed.type : undefined;
  if (claimed === 'pdf' || claimed === 'docx') throw mismatch(name, claimed, contentSays ?? 'text');
  if (typeof byName === 'object') {
    throw new RapporteurError('UNSUPPORTED_TYPE', `${name} looks like ${byName.refused.split(';')[0]}.`, {
      hint: `Please ${byName.refused.split('; ')[1] ?? 'send another format'}. Accepted: ${ACCEPTED_TYPES}.`,
    });
  }
  // For text formats the claim is honoured where it is a text format too (a .txt file that
  // happens to hold HTML stays text), and the content decides when nothing is claimed.
  if (claimed) return claimed;
  return contentSays ?? 'text';
}

function mismatch(name: string, claimed: DocumentType, actual: DocumentType | 'text'): RapporteurError {
  const actualName = actual === 'text' ? 'plain text' : describeType(actual);
  return new RapporteurError(
    'TYPE_MISMATCH',
    `${name} is labelled as ${describeType(claimed)} but its content is ${actualName}.`,
    {
      hint: 'Check that this is the file you meant to send, or correct its extension and send it again.',
      details: { claimed, actual },
    },
  );
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  return startsWith(
    bytes,
    [...prefix].map((c) => c.charCodeAt(0)),
  );
}

function findAscii(bytes: Uint8Array, needle: string, within: number): number {
  const n = Math.min(bytes.length - needle.length, within);
  outer: for (let i = 0; i <= n; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function containsAscii(bytes: Uint8Array, needle: string): boolean {
  return findAscii(bytes, needle, bytes.length) >= 0;
}

function containsUtf16le(bytes: Uint8Array, needle: string): boolean {
  const n = bytes.length - needle.length * 2;
  outer: for (let i = 0; i <= n; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + 2 * j] !== needle.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

function imageKind(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWithAscii(bytes, 'GIF8')) return 'GIF';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'TIFF';
  if (startsWithAscii(bytes, 'RIFF') && findAscii(bytes, 'WEBP', 16) === 8) return 'WebP';
  return undefined;
}

/**
 * The first few KiB as text when they look like text (UTF-8 or UTF-16 with a BOM or a
 * single-byte encoding), undefined when they contain NUL bytes.
 */
function textHead(bytes: Uint8Array): string | undefined {
  const slice = bytes.subarray(0, 4096);
  if (slice[0] === 0xff && slice[1] === 0xfe) return new TextDecoder('utf-16le').decode(slice.subarray(2));
  if (slice[0] === 0xfe && slice[1] === 0xff) return new TextDecoder('utf-16be').decode(slice.subarray(2));
  if (slice.includes(0)) return undefined;
  return new TextDecoder('utf-8').decode(slice).replace(/^\uFEFF/, '');
}

const EMAIL_HEADERS =
  /^(from|to|cc|date|subject|message-id|received|return-path|mime-version|delivered-to|reply-to|in-reply-to|references|x-[\w-]+|dkim-signature|content-type|sender|list-id|thread-topic|thread-index|arc-[\w-]+|authentication-results|importance)$/i;

/**
 * RFC 5322: a run of `Name: value` lines (with folded continuations) before a blank line,
 * including at least two well-known fields such as From, Date, Subject or Received.
 * An mbox `From ` separator line is allowed first.
 */
function looksLikeEmail(head: string): boolean {
  const lines = head.split(/\r?\n/);
  let i = 0;
  if (/^From \S/.test(lines[0] ?? '')) i = 1;
  let known = 0;
  let fields = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (fields === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return false;
    fields++;
    if (EMAIL_HEADERS.test(m[1] as string)) known++;
  }
  return fields >= 2 && known >= 2;
}
