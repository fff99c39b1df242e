import { answerReadsContext, classifyPair, type PairClass, type PairContext } from './rules.js';

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
 * Markdown link target or reference label after it, no "bracket" word in the draft for a
 * short pair) and by rules whose content side `answerReadsContext` tests (rules.ts, notes.ts,
 * blanks.ts): an answer is kept only when none of those rules can apply to the content. An
 * answer's offsets (the ranges of a holder prefix or an option label) are moved to the new
 * pair, and its lists copied (later steps add holders to a bracket's list in place).
 *
 * No slice per pair: the key is a hash of the content's characters, and a hit is confirmed by
 * comparing the text with the entry's content (one slice per distinct content).
 */

/** Contents longer than this are not remembered (repeated brackets are short; hashing costs a pass). */
const MAX_CONTENT = 200;
/** Entries per draft: a draft of many distinct brackets cannot make the memo grow without end. */
const MAX_ENTRIES = 8192;

/** The entry has been seen once: its answer is not computed yet. */
const SEEN_ONCE = 0;
/** Its answer may depend on the place: never remembered. */
const PLACE_DEPENDENT = 1;
/** Its answer is remembered. */
const KNOWN = 2;

export class PairMemo {
  private readonly slots = new Map<number, number>();
  /** Per entry: the content (sliced once per distinct content), and where it starts in the pair that set the answer. */
  private content: string[] = [];
  private at: number[] = [];
  private state: number[] = [];
  private answer: (PairClass | undefined)[] = [];

  /** `classifyPair(ctx)`, from the memo when the content's answer is known not to depend on its place. */
  classify(ctx: PairContext): PairClass {
    const { text, close } = ctx;
    const contentStart = ctx.open + ctx.openLength;
    const length = close - contentStart;
    if (length > MAX_CONTENT || !placeAllowsMemo(ctx, length)) return classifyPair(ctx);
    const key = hashRange(text, contentStart, close);
    const e = this.slots.get(key);
    if (e === undefined) {
      if (this.state.length < MAX_ENTRIES) {
        this.slots.set(key, this.state.length);
        this.content.push(text.slice(contentStart, close));
        this.at.push(contentStart);
        this.state.push(SEEN_ONCE);
        this.answer.push(undefined);
      }
      return classifyPair(ctx);
    }
    const content = this.content[e] as string;
    // A different content with the same hash: classified in full, the entry left as it is.
    if (content.length !== length || !sameText(text, contentStart, content)) return classifyPair(ctx);
    const state = this.state[e] as number;
    if (state === KNOWN) return moved(this.answer[e] as PairClass, contentStart - (this.at[e] as number));
    if (state === PLACE_DEPENDENT) return classifyPair(ctx);
    const answer = classifyPair(ctx);
    // A link's answer carries the range of its target, after the pair: never remembered (and
    // never met here: `placeAllowsMemo` turns away every pair a link rule could take).
    if ((answer.type === 'ignored' && answer.exclude) || answerReadsContext(ctx))
      this.state[e] = PLACE_DEPENDENT;
    else {
      this.state[e] = KNOWN;
      this.answer[e] = answer;
      this.at[e] = contentStart;
    }
    return answer;
  }
}

/**
 * The gates of `classifyPair` that depend on the pair's place alone, whatever its content:
 * a pair across paragraphs is read otherwise; in Markdown, "(" or a reference label after it
 * may make it a link; near a "bracket" word a short pair may be an example of the notation.
 */
function placeAllowsMemo(ctx: PairContext, length: number): boolean {
  if (!ctx.sameParagraph) return false;
  if (ctx.markdown && !ctx.escaped) {
    if (ctx.references.size > 0 || ctx.text.charCodeAt(ctx.close + ctx.closeLength) === 40) return false;
  }
  return ctx.notationWords.length === 0 || length > 60;
}

/** FNV-1a over the characters of `[from, to)`, with the length, kept in a small integer (a fast map key). */
function hashRange(text: string, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** `text` holds `content` at `at` (a loop: faster here than `startsWith` with a position). */
function sameText(text: string, at: number, content: string): boolean {
  for (let i = 0; i < content.length; i++)
    if (text.charCodeAt(at + i) !== content.charCodeAt(i)) return false;
  return true;
}

/** A remembered answer for a pair whose content starts `shift` characters later: offsets moved, lists copied. */
function moved(answer: PairClass, shift: number): PairClass {
  if (answer.type === 'annotation') return { ...answer, holders: answer.holders.slice() };
  if (answer.type === 'ignored' || (answer.holders === undefined && answer.exclude === undefined))
    return answer;
  const { holders, exclude, option } = answer;
  return {
    type: 'negotiation',
    kind: answer.kind,
    ...(holders ? { holders: holders.slice() } : {}),
    ...(exclude ? { exclude: exclude.map(([s, e]): [number, number] => [s + shift, e + shift]) } : {}),
    ...(option !== undefined ? { option } : {}),
  };
}
