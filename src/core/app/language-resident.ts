import { DRAFT_SCHEMA_VERSION, type ParsedDraft, parseDraftText } from '../drafts/index.js';
import { messageOf, RapporteurError } from '../errors.js';
import {
  type AgreedTextInfo,
  addStoredSegment,
  type CheckReport,
  checkLanguage,
  draftLanguage,
  encodeSegment,
  LanguageLibrary,
  type LibrarySummary,
  type ParagraphLanguage,
} from '../language/index.js';
import { type ParsedInput, parsedOf } from './parsed-input.js';

/**
 * Libraries of agreed texts held where matching runs (a work-pool worker, or the calling thread
 * for inline engines), and the questions asked of them. A library is built once per revision
 * from the texts' stored segments and stays resident: a 50 MB library's index is some 230 MB of
 * arrays, far too much to send with every question. The caller names the library (`key`, which
 * includes the tenant and process) and its revision; a holder that does not have that revision
 * answers `missing`, and the caller sends the texts (`LibraryLoad`) with the question again.
 * Libraries are dropped least recently used first when the resident budget (arrays outside the
 * heap, measured with `process.memoryUsage().arrayBuffers` while building) or their count is
 * exceeded, and when a newer revision of the same library arrives.
 */

/** Which library a question is for. */
export interface LibraryRef {
  /** The library's identity: store, tenant and process. */
  key: string;
  /** The library's revision in the store (0: no text ever added). */
  revision: number;
  /**
   * One text added since `delta.from`: a holder of that revision grows by its segment rather
   * than loading every text again.
   */
  delta?: LibraryDelta;
}

export interface LibraryDelta {
  from: number;
  /** Texts in the library after the add. */
  texts: number;
  segment: Uint8Array;
  text: string;
}

/** One agreed text as the store keeps it, for building a library. */
export interface LibraryRow {
  textId: string;
  info: AgreedTextInfo;
  text: string;
  /** Its stored segment of the index, when one of the current schema exists. */
  segment?: Uint8Array;
  /** Its stored parse (JSON text) when of the current schema; without it the text is parsed. */
  parsedJson?: string;
}

export interface LibraryLoad {
  rows: LibraryRow[];
  /**
   * One part of a load sent in several (`splitLoad`): the holder keeps the parts of load `id`
   * and builds the library when the last one arrives, answering `missing` until then.
   */
  part?: { id: string; index: number; of: number };
}

/** Characters of text plus bytes of segments and parses in one part of a load (`splitLoad`). */
export const LOAD_PART_SIZE = 2 * 1024 * 1024;

/**
 * A load cut into parts of about `size` (texts' characters plus segments' and parses' bytes),
 * whole rows each. Copying a message to a worker holds the sending thread for as long as the
 * copy takes (a 50 MB library: about 0.5 s on a loaded 2-core machine); sent in parts, one
 * job after another, the thread is free between them.
 */
export function splitLoad(load: LibraryLoad, id: string, size = LOAD_PART_SIZE): LibraryLoad[] {
  const parts: LibraryRow[][] = [];
  let current: LibraryRow[] = [];
  let bytes = 0;
  for (const row of load.rows) {
    const weight = row.text.length + (row.segment?.byteLength ?? 0) + (row.parsedJson?.length ?? 0);
    if (current.length > 0 && bytes + weight > size) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += weight;
  }
  parts.push(current);
  if (parts.length === 1) return [{ rows: load.rows }];
  return parts.map((rows, index) => ({ rows, part: { id, index, of: parts.length } }));
}

/** What to ask of a library. */
export type LanguageAsk = { check: string } | { draft: ParsedInput } | { summary: true };

export interface LanguageAnswer {
  summary: LibrarySummary;
  check?: CheckReport;
  paragraphs?: ParagraphLanguage[];
  /** Segments built again from their texts while loading (unreadable or missing), to store. */
  rebuilt: { textId: string; bytes: Uint8Array }[];
  /** Segments that could not be read (logged by the caller). */
  unreadable: { textId: string; error: string }[];
}

/**
 * `missing`: the library is not held at that revision; send its texts (`LibraryLoad`), and for
 * the texts in `needs` (whose stored segment was unreadable) their parses instead of segments.
 */
export type LanguageReply =
  | ({ missing: false } & LanguageAnswer)
  | {
      missing: true;
      needs?: string[];
      unreadable?: LanguageAnswer['unreadable'];
      /** A part of a load was kept; the library is built when the last part arrives. */
      staged?: boolean;
    };

/**
 * Builds a library from its texts: each stored segment merged, and a text without one indexed
 * from its parse (its new segment returned to be stored). A text whose segment is unreadable
 * is named in `needs`: the caller sends it again with its parse (`library` is then incomplete).
 */
export function buildLibrary(rows: readonly LibraryRow[]): {
  library: LanguageLibrary;
  rebuilt: LanguageAnswer['rebuilt'];
  unreadable: LanguageAnswer['unreadable'];
  needs: string[];
} {
  const library = new LanguageLibrary();
  const rebuilt: LanguageAnswer['rebuilt'] = [];
  const unreadable: LanguageAnswer['unreadable'] = [];
  const needs: string[] = [];
  for (const row of rows) {
    if (row.segment) {
      try {
        addStoredSegment(library, row.segment, row.text);
      } catch (err) {
        unreadable.push({ textId: row.textId, error: messageOf(err) });
        needs.push(row.textId);
      }
      continue;
    }
    const parsed =
      row.parsedJson !== undefined
        ? (JSON.parse(row.parsedJson) as ParsedDraft)
        : parseDraftText(row.text, 'text');
    const doc = library.add(row.info, parsed);
    rebuilt.push({ textId: row.textId, bytes: encodeSegment(library, doc.id) });
  }
  return { library, rebuilt, unreadable, needs };
}

/** An agreed text read for the library where the engines run (`Engines.indexAgreedText`). */
export interface IndexedText {
  /** The text's parse as JSON text, for the store to keep as it is. */
  json: string;
  /** The text as read (the parse's offsets point into it). */
  text: string;
  /** Passages (paragraphs, headings) the text brings to a library; 0: nothing to match. */
  passages: number;
  /** Its segment of the index, stored with it (empty when it has no passage). */
  segment: Uint8Array;
}

/**
 * Indexes one agreed text alone: how many passages it brings, and its segment of the index,
 * the only part of the index an add writes. `json`: the parse's JSON text when there is one.
 */
export function indexAgreedText(info: AgreedTextInfo, parsed: ParsedDraft, json?: string): IndexedText {
  const probe = new LanguageLibrary();
  const passages = probe.add(info, parsed).passages.length;
  return {
    json: json ?? JSON.stringify(parsed),
    text: parsed.text,
    passages,
    segment: passages > 0 ? encodeSegment(probe, 0) : new Uint8Array(0),
  };
}

/** The parse of a stored agreed text as a row wants it: JSON text when of the current schema. */
export function parsedJsonOf(parsed: { schemaVersion: number; data: unknown }): string | undefined {
  return parsed.schemaVersion === DRAFT_SCHEMA_VERSION ? JSON.stringify(parsed.data) : undefined;
}

interface Held {
  revision: number;
  library: LanguageLibrary;
  /** Memory outside the heap the library holds, bytes. */
  bytes: number;
}

export interface ResidentOptions {
  /** Memory outside the heap all resident libraries may hold together, bytes. */
  budgetBytes: number;
  /** Libraries held at once. */
  maxLibraries: number;
  /** Memory outside the heap now (`process.memoryUsage().arrayBuffers`). */
  measure?: () => number;
}

/** The libraries resident in one thread. */
export class ResidentLibraries {
  private readonly held = new Map<string, Held>();
  /** Parts of loads not complete yet, by load id (`LibraryLoad.part`), oldest first. */
  private readonly staged = new Map<string, { key: string; rows: LibraryRow[]; parts: number }>();
  private dropped: string[] = [];
  private readonly measure: () => number;

  constructor(private readonly options: ResidentOptions) {
    this.measure = options.measure ?? (() => process.memoryUsage().arrayBuffers);
  }

  /** Memory outside the heap the resident libraries hold, bytes. */
  get bytes(): number {
    let sum = 0;
    for (const h of this.held.values()) sum += h.bytes;
    return sum;
  }

  /** Keys of the libraries held, and of those whose load is arriving in parts (for the pool's routing). */
  keys(): string[] {
    const keys = new Set(this.held.keys());
    for (const s of this.staged.values()) keys.add(s.key);
    return [...keys];
  }

  /** Keys dropped since the last call (evicted or replaced), for the pool's routing. */
  takeDropped(): string[] {
    const out = this.dropped;
    this.dropped = [];
    return out;
  }

  /** Answers `ask` from the library `ref` names; `missing` when it is not held and no `load` came. */
  answer(ref: LibraryRef, ask: LanguageAsk, given?: LibraryLoad): LanguageReply {
    const load = given?.part ? this.stage(ref.key, given) : given;
    if (load === 'waiting') return { missing: true, staged: true };
    // A part went elsewhere (its worker was replaced meanwhile): the load cannot be completed.
    if (load === 'incomplete') return { missing: true };
    let held = this.current(ref);
    let rebuilt: LanguageAnswer['rebuilt'] = [];
    let unreadable: LanguageAnswer['unreadable'] = [];
    if (!held) {
      if (!load) return { missing: true };
      const before = this.measure();
      const built = buildLibrary(load.rows);
      if (built.needs.length > 0) return { missing: true, needs: built.needs, unreadable: built.unreadable };
      const bytes = Math.max(this.measure() - before, built.library.index.bytes);
      if (bytes > this.options.budgetBytes) throw overBudget(bytes, this.options.budgetBytes);
      held = { revision: ref.revision, library: built.library, bytes };
      ({ rebuilt, unreadable } = built);
    }
    this.held.delete(ref.key);
    this.held.set(ref.key, held);
    this.evict(ref.key);
    const { library } = held;
    const answer: LanguageAnswer = { summary: library.summary(), rebuilt, unreadable };
    if (library.texts.length > 0) {
      if ('check' in ask) answer.check = checkLanguage(library, ask.check);
      else if ('draft' in ask) answer.paragraphs = draftLanguage(library, draftOf(ask.draft));
    }
    return { missing: false, ...answer };
  }

  /**
   * Keeps a part of a load: the whole load when this was its last part, `waiting` before,
   * `incomplete` when parts went missing.
   */
  private stage(key: string, load: LibraryLoad): LibraryLoad | 'waiting' | 'incomplete' {
    const part = load.part as NonNullable<LibraryLoad['part']>;
    let staged = this.staged.get(part.id);
    if (!staged || part.index === 0) {
      staged = { key, rows: [], parts: 0 };
      this.staged.delete(part.id);
      this.staged.set(part.id, staged);
      // Loads abandoned half-way (their caller failed) do not pile up.
      while (this.staged.size > MAX_STAGED) this.staged.delete(this.staged.keys().next().value as string);
    }
    staged.rows.push(...load.rows);
    staged.parts += 1;
    if (part.index < part.of - 1) return 'waiting';
    this.staged.delete(part.id);
    return staged.parts === part.of ? { rows: staged.rows } : 'incomplete';
  }

  /** The held library at `ref`'s revision (grown by its delta when one fits), else undefined. */
  private current(ref: LibraryRef): Held | undefined {
    const held = this.held.get(ref.key);
    if (!held) return undefined;
    if (held.revision === ref.revision) return held;
    const d = ref.delta;
    if (d && d.from === held.revision && held.library.texts.length === d.texts - 1) {
      try {
        const before = this.measure();
        addStoredSegment(held.library, d.segment, d.text);
        held.bytes += Math.max(0, this.measure() - before);
        held.revision = ref.revision;
        return held;
      } catch {
        // Loaded again from the store below.
      }
    }
    this.drop(ref.key);
    return undefined;
  }

  private drop(key: string): void {
    if (this.held.delete(key)) this.dropped.push(key);
  }

  /** Drops the least recently used libraries (never `keep`) until within the bounds. */
  private evict(keep: string): void {
    for (const key of [...this.held.keys()]) {
      if (this.held.size <= this.options.maxLibraries && this.bytes <= this.options.budgetBytes) return;
      if (key !== keep) this.drop(key);
    }
  }
}

/** Loads arriving in parts kept at once (several questions may load libraries at the same time). */
const MAX_STAGED = 8;

/** The draft of a question: the parse, or its JSON text (as `ParsedInput`). */
function draftOf(input: ParsedInput): ParsedDraft {
  return parsedOf(input);
}

function overBudget(bytes: number, budget: number): RapporteurError {
  const mb = (n: number) => Math.ceil(n / 1048576);
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `The library of agreed texts needs ${mb(bytes)} MB of index in memory, over the ${mb(budget)} MB a worker keeps for libraries.`,
    {
      hint: 'Remove texts the process no longer needs from the library, or raise RAPPORTEUR_LANGUAGE_MB.',
      details: { limit: 'RAPPORTEUR_LANGUAGE_MB', neededMb: mb(bytes), budgetMb: mb(budget) },
    },
  );
}
