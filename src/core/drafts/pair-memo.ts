import { lawReportFollows, notationWordNear, REPORT_YEAR } from './notes.js';
import { contentOf } from './pair-context.js';
import type { PairTable } from './pair-tokens.js';
import { answerReadsContext, classifyPair, type PairClass, type PairContext } from './rules.js';
import { int32Scratch } from './scratch.js';

/**
 * Answers of `classifyPair` remembered by content, for one draft. Drafts repeat short
 * brackets ("[shall]", "[should]", "[US: delete]", "[new and additional]"), and classifying
 * one tries some fifty rules; the second time a content is met its answer is computed and,
 * when it is known to depend on the content alone, kept for every later pair with the same
 * content.
 *
 * Why this is exact for any text: a pair's answer depends on its content, on the draft (its
 * party table, format, reference labels, wiki markup, the offsets of "bracket" words) and on
 * its place. The memo lives for one scan, so the draft is fixed. The place is read by a few
 * gates checked here on every pair (`placeAllowsMemo`: both tokens in one paragraph, no
 * Markdown link target or reference label after it, no "bracket" word near a short pair)
 * and by rules whose content side `answerReadsContext` tests (rules.ts, notes.ts, blanks.ts):
 * an answer is kept only when none of those rules can apply to the content, or (for a year,
 * which a law report after it makes a citation) kept with that one rule's place side checked
 * for each pair (`lawReportFollows`: one character, in most places). An
 * answer's offsets (the ranges of a holder prefix or an option label) are moved to the new
 * pair, and its lists copied (later steps add holders to a bracket's list in place).
 *
 * Cheap per pair: the key mixes the content's length and a few of its characters, entries live
 * in typed arrays (an open-addressing table, a few probes at most), and a hit is confirmed by
 * a native search for the entry's content at the pair's (`sameContent`: no substring per pair,
 * which with its `===` was the memo's largest cost and the scan's largest source of garbage;
 * a loop over the characters or `startsWith` measured slower still).
 *
 * Nested pairs of a content found in the memo skip even that: their contents are slices of
 * the found content, so each is the content of the pair at the same place in the earlier
 * pair of that content, whose entry is kept by pair (`mirrored`: a few offsets compared, no
 * character read). Drafts repeat bracketed groups ("[by [2025][2030]]", "[[shall][should]]"),
 * and on the dense draft half the pairs are found this way.
 */

/** Contents longer than this are not remembered (repeated brackets are short; comparing costs a pass). */
const MAX_CONTENT = 200;
/** Entries per draft: a draft of many distinct brackets cannot make the memo grow without end. */
const MAX_ENTRIES = 8192;
/** Slots looked at per pair: contents with one key cannot make a lookup long (a miss is only slower). */
const MAX_PROBES = 8;

/** The entry has been seen once: its answer is not computed yet. */
const SEEN_ONCE = 0;
/** Its answer may depend on the place: never remembered. */
const PLACE_DEPENDENT = 1;
/** Its answer is remembered, with offsets or lists to be moved or copied for each pair (`moved`). */
const KNOWN = 2;
/** Its answer is remembered and serves every pair as it is (most answers: no offsets, no lists to copy). */
const KNOWN_AS_IS = 3;
/**
 * A year ("[2030]") whose answer is remembered for the pairs that no law report follows
 * ("[2010] ICJ Rep 14" is a citation): the one rule reading around it, checked for each pair.
 */
const KNOWN_UNLESS_REPORT = 4;

/** The memo's entry per pair, a column as long as the draft's pairs: one memo lives per scan (scratch.ts). */
const ENTRY_OF_PAIR = int32Scratch();

export class PairMemo {
  /** Entry in each slot, -1 for none; slots are a power of two, at least twice the entries. */
  private readonly slot: Int32Array;
  private readonly mask: number;
  private readonly capacity: number;
  private count = 0;
  /** Characters the failed confirmations may still search past a pair (see `sameContent`). */
  private searchBudget: number;
  /** Per entry: its key, its content and length, its state. */
  private readonly key: Int32Array;
  private readonly content: string[] = [];
  private readonly length: Int32Array;
  private readonly state: Uint8Array;
  /** Per entry: the answer once known, and where the content starts in the pair it was computed for. */
  private readonly answer: (PairClass | undefined)[] = [];
  private readonly base: Int32Array;
  /** The scan's pairs, when it gives them: nested pairs of a repeated content are found by place (`mirrored`). */
  private readonly pairs: PairTable | undefined;
  /** Per pair: its entry plus one (0: none); per entry: the last pair met with its content, plus one. */
  private readonly entryOfPair: Int32Array;
  private readonly pairOfEntry: Int32Array;
  /**
   * The content of the last pair found in the memo outside any other such one (`[mirrorStart,
   * mirrorEnd)`), equal to that of an earlier pair `mirrorDelta` pairs before it whose content
   * starts `mirrorShift` characters before.
   */
  private mirrorStart = 0;
  private mirrorEnd = -1;
  private mirrorShift = 0;
  private mirrorDelta = 0;
  /** Pairs whose entry `mirrored` found (the tests check that the shortcut is taken). */
  mirroredPairs = 0;

  /**
   * A memo for a draft of `pairs` pairs (small drafts get small tables), whose failed searches
   * may pass `searchBudget` characters in all (the scan gives twice the draft's length).
   * Its column per pair is a scratch (scratch.ts): a memo serves until the next one is made.
   */
  constructor(pairs: number, searchBudget: number, table?: PairTable) {
    this.pairs = table;
    this.entryOfPair = ENTRY_OF_PAIR.take(table ? table.count : 0);
    this.searchBudget = searchBudget;
    this.capacity = Math.min(MAX_ENTRIES, Math.max(16, pairs));
    let slots = 32;
    while (slots < 2 * this.capacity) slots <<= 1;
    this.mask = slots - 1;
    this.slot = new Int32Array(slots).fill(-1);
    this.key = new Int32Array(this.capacity);
    this.length = new Int32Array(this.capacity);
    this.state = new Uint8Array(this.capacity);
    this.base = new Int32Array(this.capacity);
    this.pairOfEntry = new Int32Array(this.capacity);
  }

  /**
   * `classifyPair(ctx)`, from the memo when the content's answer is known not to depend on its
   * place. `k` is the pair's slot in the table given to the constructor (-1: none).
   */
  classify(ctx: PairContext, pair = -1): PairClass {
    const { text, close } = ctx;
    const k = this.pairs ? pair : -1;
    const contentStart = ctx.open + ctx.openLength;
    const length = close - contentStart;
    if (length === 0 || length > MAX_CONTENT || !placeAllowsMemo(ctx, length)) return classifyPair(ctx);
    let e = contentStart < this.mirrorEnd && k >= 0 ? this.mirrored(k, contentStart, close) : -1;
    if (e >= 0) this.mirroredPairs++;
    else {
      e = this.find(text, contentStart, close, length, k);
      if (e < 0) return classifyPair(ctx);
    }
    if (k >= 0) {
      this.entryOfPair[k] = e + 1;
      this.pairOfEntry[e] = k + 1;
    }
    return this.answerOf(e, ctx, contentStart, length);
  }

  /**
   * The entry of the content at `[from, to)` (`length` characters), or -1 when it is met for
   * the first time (an entry is made for it if there is room). A content found here, outside
   * the last one found, becomes the one whose nested pairs `mirrored` reads.
   */
  private find(text: string, from: number, to: number, length: number, k: number): number {
    const key = keyOf(text, from, to);
    let s = key & this.mask;
    let e = -1;
    for (let probe = 0; probe < MAX_PROBES; probe++, s = (s + 1) & this.mask) {
      const f = this.slot[s] as number;
      if (f < 0) break;
      if (
        this.key[f] === key &&
        this.length[f] === length &&
        this.sameContent(text, from, to, this.content[f] as string)
      ) {
        e = f;
        break;
      }
    }
    if (e < 0) {
      // First seen (or no room, or too many of its key): classified in full, an entry made if it may.
      if (this.count < this.capacity && (this.slot[s] as number) < 0) {
        const n = this.count++;
        this.slot[s] = n;
        this.key[n] = key;
        this.content[n] = text.slice(from, to);
        this.length[n] = length;
        this.state[n] = SEEN_ONCE;
        if (k >= 0) {
          this.entryOfPair[k] = n + 1;
          this.pairOfEntry[n] = k + 1;
        }
      }
      return -1;
    }
    const k0 = (this.pairOfEntry[e] as number) - 1;
    if (k >= 0 && k0 >= 0 && from >= this.mirrorEnd) {
      const pairs = this.pairs as PairTable;
      this.mirrorStart = from;
      this.mirrorEnd = to;
      this.mirrorShift = from - ((pairs.open[k0] as number) + (pairs.openLen[k0] as number));
      this.mirrorDelta = k - k0;
    }
    return e;
  }

  /**
   * The entry of pair `k`, whose content `[from, to)` lies in that of the last pair found
   * (`mirrorStart`..`mirrorEnd`), read from the earlier pair of the same content: the pair
   * as many pairs before as that one's earlier pair is, when its content stands at the same
   * place in that earlier content. Both are then the same characters (the same slice of two
   * equal contents): no key and no search. -1 when it is not so (then looked up by content).
   */
  private mirrored(k: number, from: number, to: number): number {
    if (from < this.mirrorStart || to > this.mirrorEnd) return -1;
    const pairs = this.pairs as PairTable;
    const j = k - this.mirrorDelta;
    if (j < 0) return -1;
    const shift = this.mirrorShift;
    if ((pairs.close[j] as number) !== to - shift) return -1;
    if ((pairs.open[j] as number) + (pairs.openLen[j] as number) !== from - shift) return -1;
    return (this.entryOfPair[j] as number) - 1;
  }

  /** The answer for a pair of entry `e`'s content: remembered, or computed and remembered if it may be. */
  private answerOf(e: number, ctx: PairContext, contentStart: number, length: number): PairClass {
    const { text, close } = ctx;
    const state = this.state[e] as number;
    if (state === KNOWN_AS_IS) return this.answer[e] as PairClass;
    if (state === KNOWN) return moved(this.answer[e] as PairClass, contentStart - (this.base[e] as number));
    if (state === PLACE_DEPENDENT) return classifyPair(ctx);
    const after = close + ctx.closeLength;
    if (state === KNOWN_UNLESS_REPORT) {
      if (lawReportFollows(text, after)) return classifyPair(ctx);
      return moved(this.answer[e] as PairClass, contentStart - (this.base[e] as number));
    }
    const answer = classifyPair(ctx);
    // A link's answer carries the range of its target, after the pair: never remembered (and
    // never met here: `placeAllowsMemo` turns away every pair a link rule could take).
    if (answer.type === 'ignored' && answer.exclude) this.state[e] = PLACE_DEPENDENT;
    else if (!answerReadsContext(ctx))
      this.remember(e, servesAsIs(answer) ? KNOWN_AS_IS : KNOWN, answer, contentStart);
    else if (length !== 4 || !REPORT_YEAR.test(contentOf(ctx)) || answerReadsContext(ctx, true))
      this.state[e] = PLACE_DEPENDENT;
    // A year read in full where no law report follows: remembered for the pairs where none does.
    else if (!lawReportFollows(text, after)) this.remember(e, KNOWN_UNLESS_REPORT, answer, contentStart);
    return answer;
  }

  private remember(e: number, state: number, answer: PairClass, contentStart: number): void {
    this.state[e] = state;
    this.answer[e] = answer;
    this.base[e] = contentStart;
  }

  /**
   * The content at `[from, to)` is `content` (of the same length). A native search from `from`
   * answers without making a substring: it finds `content` right there, or further on (or
   * nowhere) when the content differs. A failed search may pass many characters, so the
   * characters passed are counted, and past the budget (twice the draft's length) the comparison falls
   * back to a substring and `===`: the memo's extra work stays linear in the draft whatever
   * its contents.
   */
  private sameContent(text: string, from: number, to: number, content: string): boolean {
    if (this.searchBudget <= 0) return text.slice(from, to) === content;
    const at = text.indexOf(content, from);
    if (at === from) return true;
    this.searchBudget -= (at < 0 ? text.length : at) - from;
    return false;
  }
}

/**
 * The gates of `classifyPair` that depend on the pair's place alone, whatever its content:
 * a pair across paragraphs is read otherwise; in Markdown, "(" or a reference label after it
 * may make it a link; near a "bracket" word (within the reach of `speaksOfBrackets`) a short
 * pair may be an example of the notation.
 */
function placeAllowsMemo(ctx: PairContext, length: number): boolean {
  if (!ctx.sameParagraph) return false;
  if (ctx.markdown && !ctx.escaped) {
    if (ctx.references.size > 0 || ctx.text.charCodeAt(ctx.close + ctx.closeLength) === 40) return false;
  }
  // Glued to a word before it ("arr[i]", "State[s]"), a pair's answer depends on that word (code-marks.ts).
  const before = ctx.text.charCodeAt(ctx.open - 1);
  if ((before >= 97 && before <= 122) || (before >= 65 && before <= 90) || (before >= 48 && before <= 57))
    return false;
  if (before === 95 || before === 36) return false;
  // After an opening quotation mark, the words before the quotation may make it an editor's (record-marks.ts).
  if (before === 34 || before === 39 || before === 0x201c || before === 0x2018 || before === 0xab)
    return false;
  return length > 60 || !notationWordNear(ctx);
}

/** The content's length and five of its characters (first, last, middle, quarters), mixed into a small integer. */
export function keyOf(text: string, from: number, to: number): number {
  const n = to - from;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(from), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(to - 1), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(from + (n >> 1)), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(from + (n >> 2)), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(to - 1 - (n >> 2)), 0x01000193);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * The answer holds no offsets and no list the parse may change: it serves every pair of its
 * content unchanged (an annotation's holders are copied by the scan when it records the annotation).
 */
function servesAsIs(answer: PairClass): boolean {
  return (
    answer.type === 'annotation' ||
    answer.type === 'ignored' ||
    (answer.holders === undefined && answer.exclude === undefined)
  );
}

/** A remembered answer for a pair whose content starts `shift` characters later: offsets moved, lists copied. */
function moved(answer: PairClass, shift: number): PairClass {
  if (answer.type !== 'negotiation' || servesAsIs(answer)) return answer;
  const { holders, exclude, option } = answer;
  return {
    type: 'negotiation',
    kind: answer.kind,
    ...(holders ? { holders: holders.slice() } : {}),
    ...(exclude ? { exclude: exclude.map(([s, e]): [number, number] => [s + shift, e + shift]) } : {}),
    ...(option !== undefined ? { option } : {}),
  };
}
