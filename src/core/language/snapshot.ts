import { RapporteurError } from '../errors.js';
import type { LanguageLibrary, Passage, TextSegment } from './library.js';
import type { AgreedTextInfo } from './types.js';

/**
 * An agreed text's part of the index as bytes (its *segment*), so that a bot restarting
 * (or another worker) merges the segments the store keeps instead of re-reading and
 * re-parsing every agreed text, and adding a text writes only that text's segment. The
 * layout is a small JSON header (the text's metadata, passages and stems) followed by the
 * typed arrays (stem flags, then the passages' words as ids of the segment's own stems),
 * 4-byte aligned. The text itself is not in the segment: the store keeps it beside.
 *
 * Bump `LANGUAGE_INDEX_SCHEMA` whenever tokenising, normalising, hashing or the segment's
 * shape changes: a segment of another schema is rebuilt from its text.
 */
export const LANGUAGE_INDEX_SCHEMA = 2;

const MAGIC = 0x47534c52; // "RLSG", little-endian

interface Header {
  schema: number;
  info: AgreedTextInfo;
  excluded: number[];
  passages: Passage[];
  stems: string[];
  /** Bytes per word id: 2 when the segment has at most 65,536 stems, else 4. */
  width: 2 | 4;
  /** Byte lengths of the binary parts, in order: stem flags, word ids. */
  parts: number[];
}

const align = (n: number) => (n + 3) & ~3;

/** Serialises one text of a library (by its index in `library.texts`) as a segment. */
export function encodeSegment(library: LanguageLibrary, doc: number): Uint8Array {
  const segment = library.segment(doc);
  const binary: ArrayBufferView[] = [segment.flags, segment.ids];
  const header: Header = {
    schema: LANGUAGE_INDEX_SCHEMA,
    info: segment.info,
    excluded: segment.excluded,
    passages: segment.passages,
    stems: segment.stems,
    width: segment.ids instanceof Uint16Array ? 2 : 4,
    parts: binary.map((b) => b.byteLength),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  let size = 12 + align(json.byteLength);
  for (const b of binary) size += align(b.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, LANGUAGE_INDEX_SCHEMA, true);
  view.setUint32(8, json.byteLength, true);
  out.set(json, 12);
  let at = 12 + align(json.byteLength);
  for (const b of binary) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at += align(b.byteLength);
  }
  return out;
}

/**
 * The segment some bytes hold. Throws INTERNAL for bytes that are not a segment of this
 * schema (the caller rebuilds the segment from the text instead).
 */
export function decodeSegment(bytes: Uint8Array): TextSegment {
  const bad = (why: string) =>
    new RapporteurError('INTERNAL', `A stored segment of the index of agreed texts is unreadable (${why}).`, {
      hint: 'It is rebuilt from its agreed text.',
    });
  if (bytes.byteLength < 12) throw bad('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw bad('not a segment');
  if (view.getUint32(4, true) !== LANGUAGE_INDEX_SCHEMA) throw bad('another schema');
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.byteLength) throw bad('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch {
    throw bad('corrupt header');
  }
  let at = 12 + align(jsonLength);
  const parts: Uint8Array[] = [];
  for (const length of header.parts ?? []) {
    if (at + length > bytes.byteLength) throw bad('truncated');
    // Copied so that typed arrays are aligned and do not pin the driver's buffer.
    parts.push(bytes.slice(at, at + length));
    at += align(length);
  }
  const [flags, ids] = parts;
  if (!flags || !ids || !Array.isArray(header.stems) || !Array.isArray(header.passages)) {
    throw bad('missing parts');
  }
  if (flags.byteLength !== header.stems.length) throw bad('inconsistent stems');
  return {
    info: header.info,
    excluded: header.excluded,
    passages: header.passages,
    stems: header.stems,
    flags,
    ids:
      header.width === 2
        ? new Uint16Array(ids.buffer, ids.byteOffset, ids.byteLength >> 1)
        : new Int32Array(ids.buffer, ids.byteOffset, ids.byteLength >> 2),
  };
}

/**
 * Adds a stored segment and its text to a library. Throws INTERNAL (as `decodeSegment`)
 * when the bytes are unreadable or do not fit the text, leaving the library unchanged.
 */
export function addStoredSegment(library: LanguageLibrary, bytes: Uint8Array, text: string): void {
  const segment = decodeSegment(bytes);
  const fits = segment.passages.every((p) => p.end <= text.length && p.first + p.words <= segment.ids.length);
  if (!fits) {
    throw new RapporteurError(
      'INTERNAL',
      'A stored segment of the index of agreed texts does not fit its text.',
      {
        hint: 'It is rebuilt from its agreed text.',
      },
    );
  }
  library.addSegment(segment, text);
}
