import type { Instant, InstantInput, JsonValue, ParsedCacheInput } from '../store.js';
import type { AgreedRank } from './types.js';

/**
 * The store's part of previously agreed language: each process's library of agreed texts,
 * each text's segment of the library's index, and the match of each draft version against it. The
 * Store port (`TenantStore`) includes these methods; src/store implements them on SQLite
 * and PostgreSQL, scoped to one tenant like every other method.
 *
 * Every change to a process's library (a text added or removed) raises the library's
 * revision. Version matches record the revision they were made from, so a cache from an
 * older library is never mistaken for a current one. The index is kept per text (a segment
 * beside each text, written with it), so adding a text writes only its own part.
 */

/** An agreed text of a process's library, without its words. */
export interface AgreedTextRecord {
  id: string;
  tenantId: string;
  processId: string;
  title: string;
  symbol: string | null;
  /** Date of adoption, YYYY-MM-DD. */
  adopted: string;
  body: string | null;
  rank: AgreedRank | null;
  /** The file it was read from. */
  fileName: string;
  contentType: string;
  /** Lower-case hex SHA-256 of the original bytes (or of the promoted version's). */
  sha256: string;
  /** Size of the original, in bytes. */
  size: number;
  /** Characters of extracted text. */
  chars: number;
  /** The version of one of the process's drafts it was promoted from, if it was. */
  sourceVersionId: string | null;
  addedBy: string;
  createdAt: Instant;
}

/** A new agreed text. */
export interface AddAgreedTextInput {
  processId: string;
  title: string;
  symbol?: string | null;
  adopted: string;
  body?: string | null;
  rank?: AgreedRank | null;
  fileName: string;
  contentType: string;
  sha256: string;
  size: number;
  sourceVersionId?: string | null;
  addedBy: string;
  addedAt?: InstantInput;
  /** The extracted text, kept so that the text can be re-read when the engine changes. */
  text: string;
  /**
   * The engine's parse of the text and the engine's schema version: plain JSON data, or its
   * JSON text as the engines handed it back (stored as it is, never serialised here).
   */
  parsed: ParsedCacheInput;
  /** The text's segment of the index, stored with it. */
  segment?: LanguageSegment;
}

/** An agreed text with its words, for building the library. */
export interface AgreedTextContent {
  record: AgreedTextRecord;
  text: string;
  parsed: { schemaVersion: number; data: JsonValue };
}

/** An agreed text's segment of the index, as the engine serialised it. */
export interface LanguageSegment {
  schemaVersion: number;
  bytes: Uint8Array;
}

/** An agreed text with its words and its stored segment (if any), to load the library. */
export interface AgreedTextSegment {
  record: AgreedTextRecord;
  text: string;
  segment?: LanguageSegment;
}

/** A version's match against a library revision. */
export interface LanguageMatchCache {
  libraryRevision: number;
  schemaVersion: number;
  data: JsonValue;
}

/** Agreed texts, their index and the matches of versions against them. */
export interface LanguageMethods {
  /**
   * Adds an agreed text to a process's library and raises the library's revision. CONFLICT
   * when the same bytes (SHA-256) are already in that library; NOT_FOUND for an unknown
   * process (or a promoted version this tenant does not have).
   */
  addAgreedText(input: AddAgreedTextInput): Promise<AgreedTextRecord>;
  /** The agreed text with this id, if this tenant has it. */
  getAgreedText(id: string): Promise<AgreedTextRecord | undefined>;
  /** The library of a process, newest adoption first (then title). */
  listAgreedTexts(processId: string): Promise<AgreedTextRecord[]>;
  /** The library of a process with every text's words, oldest adoption first, to build an index. */
  listAgreedTextContents(processId: string): Promise<AgreedTextContent[]>;
  /** Removes an agreed text and raises the library's revision. NOT_FOUND when absent. */
  removeAgreedText(id: string): Promise<void>;
  /** The library's revision: 0 before any text was added, raised by every add and remove. */
  libraryRevision(processId: string): Promise<number>;
  /**
   * The library of a process with every text's words and stored segment (whatever its
   * schema), oldest adoption first: what loading the library merges. No parse is read.
   */
  listAgreedTextSegments(processId: string): Promise<AgreedTextSegment[]>;
  /**
   * Stores or replaces the segment of an agreed text (one stored before its segment was, or
   * of an older schema). Returns false when the text is gone.
   */
  setLanguageSegment(textId: string, segment: LanguageSegment): Promise<boolean>;
  /** The stored match of a version, whatever library revision it was made from, if any. */
  getLanguageMatch(versionId: string): Promise<LanguageMatchCache | undefined>;
  /** Stores or replaces the match of a version. NOT_FOUND when the version is gone. */
  setLanguageMatch(
    versionId: string,
    cache: { libraryRevision: number; schemaVersion: number; data: unknown },
  ): Promise<void>;
}
