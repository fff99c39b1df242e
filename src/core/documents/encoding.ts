import chardet from 'chardet';
import iconv from 'iconv-lite';
import { RapporteurError } from '../errors.js';

/** Encodings we accept when a text file is not UTF-8; anything else is refused rather than guessed. */
const LEGACY = new Set([
  'windows-1252',
  'windows-1250',
  'windows-1251',
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-15',
  'koi8-r',
  'shift_jis',
  'euc-jp',
  'gb18030',
  'big5',
  'euc-kr',
]);

export interface DecodedText {
  text: string;
  /** The encoding used, lower-case WHATWG label. */
  encoding: string;
  /** True when a byte-order mark was found and removed. */
  hadBom: boolean;
}

/**
 * Turns the bytes of a text file into a string: honours a byte-order mark (and strips
 * it), accepts valid UTF-8, and otherwise accepts a confidently detected legacy encoding.
 * Binary content and undetectable encodings are refused with UNREADABLE_ENCODING rather
 * than decoded into mojibake.
 */
export function decodeText(bytes: Uint8Array, name = 'the file'): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes.subarray(3), name), encoding: 'utf-8', hadBom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      hadBom: true,
    };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      hadBom: true,
    };
  }
  if (looksBinary(bytes)) {
    throw new RapporteurError('UNREADABLE_ENCODING', `${name} looks like a binary file, not text.`, {
      hint: 'Send a DOCX, PDF, HTML, Markdown or plain-text file, or paste the text.',
    });
  }
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
      hadBom: false,
    };
  } catch {
    // Not UTF-8: fall through to detection.
  }
  const candidates = chardet.analyse(bytes);
  const best = candidates.find((c) => LEGACY.has(c.name.toLowerCase()) && c.confidence >= 30);
  if (!best) {
    throw new RapporteurError(
      'UNREADABLE_ENCODING',
      `${name} is not valid UTF-8 and its encoding could not be recognised.`,
      {
        hint: 'Save the file as UTF-8 (in most editors: "Save as" and choose UTF-8) and send it again.',
      },
    );
  }
  const encoding = best.name.toLowerCase();
  return { text: iconv.decode(Buffer.from(bytes), encoding), encoding, hadBom: false };
}

function strictUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RapporteurError(
      'UNREADABLE_ENCODING',
      `${name} starts with a UTF-8 marker but is not valid UTF-8.`,
      {
        hint: 'Save the file again as UTF-8 and send it again.',
      },
    );
  }
}

/** NUL bytes in the first 8 KiB (outside UTF-16, handled above) mean binary content. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
