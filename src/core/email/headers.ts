import type { Diagnostic } from '../diagnostics.js';

/**
 * Just enough RFC 5322 header reading for the decisions made before a message is parsed in
 * full: where it belongs (routing) and whether it may be answered (loop safety). MIME bodies
 * are the documents module's job. Everything here is total: malformed input yields
 * diagnostics and a best-effort result, never an exception.
 */

/** Header fields by lower-cased name, values in message order, unfolded but not decoded. */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

/** Bounds that keep hostile input cheap to read. */
export interface HeaderLimits {
  /** Bytes (or characters, for string input) searched for the end of the header block. */
  maxHeaderBytes: number;
  /** Fields kept; the rest are dropped with a diagnostic. */
  maxFields: number;
}

/** Generous for real mail (long Received chains, DKIM signatures), small enough for a bot. */
export const DEFAULT_HEADER_LIMITS: HeaderLimits = { maxHeaderBytes: 256 * 1024, maxFields: 1000 };

/** The result of {@link parseHeaderBlock}. */
export interface ParsedHeaderBlock {
  headers: MailHeaders;
  /**
   * Offset of the body: bytes for byte input, UTF-16 units for string input. Undefined when
   * no blank line ended the header block within the limit.
   */
  bodyOffset?: number;
  diagnostics: Diagnostic[];
}

const LF = 10;
const CR = 13;

/** Offset just past the blank line that ends the header block, or -1. */
function headerEnd(at: (i: number) => number, length: number): number {
  // The block ends at the first empty line; a message that starts with one has no headers.
  if (at(0) === LF) return 1;
  if (at(0) === CR && at(1) === LF) return 2;
  for (let i = 0; i < length; i++) {
    if (at(i) !== LF) continue;
    if (at(i + 1) === LF) return i + 2;
    if (at(i + 1) === CR && at(i + 2) === LF) return i + 3;
  }
  return -1;
}

/** Decodes header bytes: UTF-8 (RFC 6532) when valid, otherwise Windows-1252 so nothing is lost. */
function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function diagnostic(code: string, message: string, line: number): Diagnostic {
  return { code, severity: 'warning', message, line, column: 1 };
}

/** A field name is 1*(printable US-ASCII except colon), RFC 5322 section 2.2. */
function isFieldName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) return false;
  }
  return true;
}

/**
 * Reads the header block of a message (bytes or text). Folded lines are unfolded, names
 * lower-cased, values kept raw (see {@link decodeEncodedWords}). An mbox `From ` line, lines
 * without a colon and continuation lines without a field are skipped with a diagnostic.
 */
export function parseHeaderBlock(
  input: string | Uint8Array,
  limits: HeaderLimits = DEFAULT_HEADER_LIMITS,
): ParsedHeaderBlock {
  const diagnostics: Diagnostic[] = [];
  const scanLength = Math.min(input.length, limits.maxHeaderBytes);
  let end: number;
  let text: string;
  if (typeof input === 'string') {
    end = headerEnd((i) => (i < scanLength ? input.charCodeAt(i) : Number.NaN), scanLength);
    text = input.slice(0, end < 0 ? scanLength : end);
  } else {
    end = headerEnd((i) => (i < scanLength ? (input[i] as number) : Number.NaN), scanLength);
    text = decodeHeaderBytes(input.subarray(0, end < 0 ? scanLength : end));
  }
  if (end < 0 && input.length > limits.maxHeaderBytes) {
    diagnostics.push(
      diagnostic(
        'header.too-large',
        `No end of the header block within ${limits.maxHeaderBytes} bytes; the rest was ignored.`,
        1,
      ),
    );
  }

  const headers = new Map<string, string[]>();
  let fields = 0;
  let current: { name: string; parts: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const value = current.parts.join('').replace(/^[ \t]+|[ \t]+$/g, '');
    const list = headers.get(current.name);
    if (list) list.push(value);
    else headers.set(current.name, [value]);
    current = undefined;
  };

  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).replace(/\r$/, '');
    if (line === '') break;
    if (n === 0 && line.startsWith('From ')) {
      diagnostics.push({
        ...diagnostic('header.mbox-from', 'An mbox "From " line was skipped.', 1),
        severity: 'info',
      });
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current.parts.push(line);
      else
        diagnostics.push(
          diagnostic('header.orphan-continuation', 'A folded line has no field to belong to.', n + 1),
        );
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).replace(/[ \t]+$/, '');
    if (!isFieldName(name)) {
      diagnostics.push(
        diagnostic('header.malformed', 'A header line is not of the form "Name: value".', n + 1),
      );
      continue;
    }
    if (fields >= limits.maxFields) {
      diagnostics.push(
        diagnostic(
          'header.too-many-fields',
          `More than ${limits.maxFields} header fields; the rest were ignored.`,
          n + 1,
        ),
      );
      break;
    }
    fields++;
    current = { name: name.toLowerCase(), parts: [line.slice(colon + 1)] };
  }
  flush();
  return { headers, ...(end < 0 ? {} : { bodyOffset: end }), diagnostics };
}

/** Builds {@link MailHeaders} from a plain record (tests, adapters that parsed mail already). */
export function headersFrom(record: Record<string, string | readonly string[] | undefined>): MailHeaders {
  const map = new Map<string, string[]>();
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...value];
    const key = name.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), ...values]);
  }
  return map;
}

/** The first value of a field, or undefined. */
export function headerValue(headers: MailHeaders, name: string): string | undefined {
  return headers.get(name.toLowerCase())?.[0];
}

/** Every value of a field, in message order. */
export function headerValues(headers: MailHeaders, name: string): readonly string[] {
  return headers.get(name.toLowerCase()) ?? [];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Map([...BASE64].map((c, i) => [c, i]));

/** Lenient base64 (missing padding, stray characters skipped), as mail in the wild needs. */
function base64Bytes(text: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = BASE64_INDEX.get(ch);
    if (v === undefined) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

const utf8 = new TextEncoder();

function qBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    if (ch.length === 2) i++;
    if (ch === '_') out.push(0x20);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...utf8.encode(ch));
  }
  return Uint8Array.from(out);
}

function decodeBytes(bytes: Uint8Array, charset: string): string | undefined {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return undefined;
  }
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`). Whitespace between adjacent encoded
 * words is dropped and consecutive words in one charset are decoded together, so a
 * character split across two words survives. Unknown charsets are left as written.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const out: string[] = [];
  let last = 0;
  let pending: { charset: string; chunks: Uint8Array[]; raw: string } | undefined;
  const flushPending = () => {
    if (!pending) return;
    const total = pending.chunks.reduce((n, c) => n + c.length, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const c of pending.chunks) {
      joined.set(c, at);
      at += c.length;
    }
    out.push(decodeBytes(joined, pending.charset) ?? pending.raw);
    pending = undefined;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const gap = value.slice(last, m.index);
    const charset = (m[1] as string).split('*')[0]?.toLowerCase() ?? '';
    const bytes =
      (m[2] as string).toUpperCase() === 'B' ? base64Bytes(m[3] as string) : qBytes(m[3] as string);
    const adjacent = pending !== undefined && /^[ \t\r\n]*$/.test(gap);
    if (adjacent && pending?.charset === charset) {
      pending.chunks.push(bytes);
      pending.raw += m[0];
    } else {
      flushPending();
      if (!adjacent) out.push(gap);
      pending = { charset, chunks: [bytes], raw: m[0] };
    }
    last = (m.index as number) + m[0].length;
  }
  flushPending();
  out.push(value.slice(last));
  return out.join('');
}

/** One mailbox from an address list. */
export interface MailAddress {
  /** Display name, decoded; absent when none was given. */
  name?: string;
  /** The address as written (`<>` yields an empty string). Compare with {@link normaliseAddress}. */
  address: string;
}

type Token =
  | { kind: 'atom' | 'quoted' | 'comment' | 'angle'; text: string; spaceBefore: boolean }
  | { kind: ',' | ':' | ';'; text: string; spaceBefore: boolean };

/** Reads up to the closing `close`, honouring backslash escapes and (for comments) nesting. */
function readDelimited(value: string, start: number, open: string, close: string, nests: boolean) {
  let depth = 1;
  let text = '';
  let i = start;
  for (; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length) {
      text += value[++i];
      continue;
    }
    if (nests && ch === open) depth++;
    else if (ch === close && --depth === 0) return { text, next: i + 1 };
    text += ch;
  }
  return { text, next: i };
}

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let space = false;
  let i = 0;
  while (i < value.length) {
    const ch = value[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      space = true;
      i++;
      continue;
    }
    let token: Token;
    if (ch === '"') {
      const r = readDelimited(value, i + 1, '"', '"', false);
      token = { kind: 'quoted', text: r.text, spaceBefore: space };
      i = r.next;
    } else if (ch === '(') {
      const r = readDelimited(value, i + 1, '(', ')', true);
      token = { kind: 'comment', text: r.text, spaceBefore: space };
      i = r.next;
    } else if (ch === '<') {
      // Angle addresses may hold a quoted local part; keep quotes so the address stays exact.
      let j = i + 1;
      let quoted = false;
      for (; j < value.length; j++) {
        const c = value[j];
        if (c === '\\') j++;
        else if (c === '"') quoted = !quoted;
        else if (c === '>' && !quoted) break;
      }
      token = { kind: 'angle', text: value.slice(i + 1, j), spaceBefore: space };
      i = j + 1;
    } else if (ch === ',' || ch === ':' || ch === ';') {
      token = { kind: ch, text: ch, spaceBefore: space };
      i++;
    } else {
      let j = i;
      while (j < value.length && !' \t\r\n"(<,:;'.includes(value[j] as string)) j++;
      token = { kind: 'atom', text: value.slice(i, j), spaceBefore: space };
      i = j;
    }
    tokens.push(token);
    space = false;
  }
  return tokens;
}

function entryToAddress(tokens: Token[]): MailAddress | undefined {
  const angle = tokens.findLast((t) => t.kind === 'angle');
  if (angle) {
    // Obsolete source routes (`<@relay:user@host>`) name relays, not the mailbox.
    const address = angle.text.replace(/^\s*(@[^:]*:)/, '').trim();
    const before = tokens
      .slice(0, tokens.indexOf(angle))
      .filter((t) => t.kind === 'atom' || t.kind === 'quoted');
    const name = decodeEncodedWords(
      before.map((t, i) => (i > 0 && t.spaceBefore ? ' ' : '') + t.text).join(''),
    ).trim();
    return name ? { name, address } : { address };
  }
  const parts = tokens.filter((t) => t.kind === 'atom' || t.kind === 'quoted');
  if (parts.length === 0) return undefined;
  const address = parts.map((t) => (t.kind === 'quoted' ? `"${t.text}"` : t.text)).join('');
  const comment = tokens.find((t) => t.kind === 'comment')?.text.trim();
  return comment ? { name: decodeEncodedWords(comment), address } : { address };
}

/**
 * Parses an RFC 5322 address list (`To`, `Cc`, `From`, `Reply-To`...): display names,
 * quoted strings, comments, angle addresses and groups (members are flattened; a group's
 * own name is dropped). Garbage yields fewer addresses, never an exception.
 */
export function parseAddressList(value: string): MailAddress[] {
  const out: MailAddress[] = [];
  let entry: Token[] = [];
  const flush = () => {
    const found = entryToAddress(entry);
    if (found) out.push(found);
    entry = [];
  };
  for (const token of tokenize(value)) {
    if (token.kind === ',' || token.kind === ';') flush();
    else if (token.kind === ':' && !entry.some((t) => t.kind === 'angle')) entry = [];
    else entry.push(token);
  }
  flush();
  return out;
}

/**
 * Canonical form of an address for comparisons: the address of a `Name <address>` form,
 * angle brackets and surrounding space removed, lower-cased. Local parts are
 * case-sensitive in theory and never in practice.
 */
export function normaliseAddress(address: string): string {
  const bare = /[<("]/.test(address) ? (parseAddressList(address)[0]?.address ?? '') : address;
  return bare.trim().toLowerCase();
}

/** Normalised addresses of every value of the given fields, in order, without empties. */
export function addressesIn(headers: MailHeaders, ...names: string[]): string[] {
  return names.flatMap((name) =>
    headerValues(headers, name).flatMap((v) =>
      parseAddressList(v)
        .map((a) => normaliseAddress(a.address))
        .filter((a) => a !== ''),
    ),
  );
}

/**
 * A plausible single mailbox address (`local@domain`), with no whitespace, controls or
 * characters that would let it break out of a header. Quoted local parts are not accepted:
 * the bot never needs to write to one.
 */
export function isMailAddress(address: string): boolean {
  return /^[^\s@<>()[\]",;:\\\p{Cc}]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(
    address,
  );
}

/** A parsed `Content-Type`: lower-cased `type/subtype` and parameters (names lower-cased). */
export interface ContentType {
  mediaType: string;
  params: Record<string, string>;
}

/** Parses a `Content-Type` value; an unreadable one is `text/plain` as RFC 2045 says. */
export function parseContentType(value: string | undefined): ContentType {
  const params: Record<string, string> = {};
  if (value === undefined) return { mediaType: 'text/plain', params };
  const [head = '', ...rest] = value.replace(/\([^)]*\)/g, '').split(';');
  const mediaType = head.trim().toLowerCase();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const raw = part.slice(eq + 1).trim();
    params[name] = raw.startsWith('"') ? raw.slice(1, raw.endsWith('"') ? -1 : undefined) : raw;
  }
  return { mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(mediaType) ? mediaType : 'text/plain', params };
}
