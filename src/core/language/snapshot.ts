import { RapporteurError } from '../errors.js';
import { type AgreedText, LanguageLibrary, type LibraryState, type Passage } from './library.js';

/**
 * A library's index as bytes, so that a bot restarting (or another worker) loads the index
 * the store keeps instead of re-reading and re-indexing every agreed text. The layout is a
 * small JSON header (texts, passages, stems) followed by the index's typed arrays, 4-byte
 * aligned, so loading copies arrays rather than parsing numbers.
 *
 * Bump `LANGUAGE_INDEX_SCHEMA` whenever tokenising, normalising, hashing or the state's
 * shape changes: a snapshot of another schema is rebuilt from the texts.
 */
export const LANGUAGE_INDEX_SCHEMA = 1;

const MAGIC = 0x58494c52; // "RLIX", little-endian

interface Header {
  schema: number;
  vocab: { stems: string[] };
  index: { k: number; w: number; used: number; postings: number };
  docs: AgreedText[];
  passages: Passage[];
  words: number;
  /** Byte lengths of the binary parts, in order: vocab flags, df, then the index arrays. */
  parts: number[];
}

/** Serialises a library (its texts, vocabulary and index). */
export function encodeLibrary(library: LanguageLibrary): Uint8Array {
  const state = library.exportState();
  const flags = Uint8Array.from(state.vocab.flags);
  const binary: ArrayBufferView[] = [flags, state.df, ...state.index.arrays];
  const header: Header = {
    schema: LANGUAGE_INDEX_SCHEMA,
    vocab: { stems: state.vocab.stems },
    index: { k: state.index.k, w: state.index.w, used: state.index.used, postings: state.index.postings },
    docs: state.docs,
    passages: state.passages,
    words: state.words,
    parts: binary.map((b) => b.byteLength),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const align = (n: number) => (n + 3) & ~3;
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
 * The library a snapshot holds. Throws INTERNAL for bytes that are not a snapshot of this
 * schema (the caller rebuilds the index from the texts instead).
 */
export function decodeLibrary(bytes: Uint8Array): LanguageLibrary {
  const bad = (why: string) =>
    new RapporteurError('INTERNAL', `The stored index of agreed texts is unreadable (${why}).`, {
      hint: 'It is rebuilt from the agreed texts.',
    });
  if (bytes.byteLength < 12) throw bad('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw bad('not an index');
  if (view.getUint32(4, true) !== LANGUAGE_INDEX_SCHEMA) throw bad('another schema');
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.byteLength) throw bad('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch {
    throw bad('corrupt header');
  }
  const align = (n: number) => (n + 3) & ~3;
  let at = 12 + align(jsonLength);
  const parts: Uint8Array[] = [];
  for (const length of header.parts) {
    if (at + length > bytes.byteLength) throw bad('truncated');
    // Copied so that typed arrays are aligned and do not pin the driver's buffer.
    parts.push(bytes.slice(at, at + length));
    at += align(length);
  }
  const [flags, df, ...index] = parts;
  if (!flags || !df || index.length !== 6) throw bad('missing parts');
  const int32 = (b: Uint8Array) => new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  const state: LibraryState = {
    vocab: { stems: header.vocab.stems, flags },
    index: { ...header.index, arrays: index.map(int32) },
    docs: header.docs,
    passages: header.passages,
    df: int32(df),
    words: header.words,
  };
  try {
    return LanguageLibrary.fromState(state);
  } catch (err) {
    throw bad(err instanceof Error ? err.message : 'inconsistent');
  }
}
