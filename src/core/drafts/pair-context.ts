import type { PartyTable } from './parties.js';

/** What the bracket rules (rules.ts, notes.ts) share: the rule ids and the context a rule may read. */

/** Rule ids of bracket pairs that are not negotiation brackets and are never counted. */
export type IgnoredRule =
  | 'footnote-caret'
  | 'footnote-number'
  | 'footnote-letter'
  | 'comment-anchor'
  | 'link-inline'
  | 'link-reference'
  | 'ellipsis'
  | 'sic'
  | 'empty'
  | 'inside-annotation'
  | 'inside-link'
  | 'link-external'
  | 'wiki-link'
  | 'navigation'
  | 'citation'
  | 'document-symbol'
  | 'editorial-note'
  | 'procedural-note'
  | 'cross-reference'
  | 'notation-example'
  | 'code-markup'
  | 'option-tag';

/** What a rule may look at: the pair, its content and a little context, never the whole text. */
export interface PairContext {
  text: string;
  /** Offset of the opening token and its length (1, or 2 for Markdown `\[`). */
  open: number;
  openLength: number;
  /** Offset of the closing token. */
  close: number;
  closeLength: number;
  /** Both tokens in the same paragraph. */
  sameParagraph: boolean;
  /** Where the paragraph's text starts, and where its body starts (after its number label). */
  paragraphStart: number;
  markdown: boolean;
  escaped: boolean;
  references: ReadonlySet<string>;
  /** The draft shows wiki markup (`'''`, `<ref>`, `{{`, `== Heading ==`): `[[Page]]` is a wiki link. */
  wikitext: boolean;
  /** Sorted offsets of the words "bracket(s)", "bracketed" in the draft (usually none). */
  notationWords: readonly number[];
  /** Length of the longest reference label: longer bracket contents cannot be shortcut links. */
  longestReference: number;
  parties: PartyTable;
  /** The pair's content once a rule has read it (reset for each pair; see `contentOf`). */
  content?: string | undefined;
}

/** The pair's content, sliced at most once and only when a rule reads it (no closure: this runs per bracket). */
export function contentOf(ctx: PairContext): string {
  if (ctx.content === undefined) ctx.content = ctx.text.slice(ctx.open + ctx.openLength, ctx.close);
  return ctx.content;
}

/** Offset of the first `code` in `[from, to)`, or -1: searches stay local however large the draft. */
export function findWithin(text: string, code: number, from: number, to: number): number {
  const limit = Math.min(to, text.length);
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/**
 * The offset `at` is inside a pair of square brackets that opens and closes within `[from, to)`:
 * a "bracket" word there ("[G77: bracket]") is a directive, not a sentence about brackets.
 */
export function withinPair(text: string, at: number, from: number, to: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === 93) depth++;
    else if (c === 91 && --depth < 0) return findWithin(text, 93, at, to) >= 0;
  }
  return false;
}

export function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}
