/**
 * The phrase finder's fast path: a trigger's alternation of phrases (qualifiers.ts) run at
 * a word without the regular expression, for plain ASCII phrases and ASCII text, answering
 * UNSURE whenever only the expression can decide. `matchPlain` tries the phrases one by one;
 * `matchShared`, which the finder runs, gives the same answers while reading the first word
 * the phrases share, and the blanks after it, once for all of them (a trigger's phrases all
 * start with its word: "where appropriate", "where necessary", "where possible" ...). A test
 * (tests/drafts/word-pass.test.ts) holds `matchPlain` to the expressions and `matchShared`
 * to `matchPlain`.
 */

/** What `matchPlain` answers when only the regular expression can decide. */
export const UNSURE = -2;
/** Length of the phrase `matchPlain` or `matchShared` matched last. */
let plainLength = 0;

/** Length of the phrase `matchPlain` or `matchShared` matched last. */
export function plainMatchLength(): number {
  return plainLength;
}

/**
 * A trigger's alternation (`plain`: per phrase, the phrase when it is plain printable ASCII
 * words separated by single spaces, else '') run at `at` without the regular expression:
 * the index of the first phrase that matches there (its length in `plainMatchLength()`),
 * -1 when none does, or UNSURE when a phrase that is not plain, or a non-ASCII character
 * of the text, is met before the answer is known. For ASCII text against ASCII phrases the
 * expression's case folding is ASCII's, its `\s` the six ASCII blanks, and its final
 * `(?![\p{L}\p{N}])` a test for an ASCII letter or digit, which this follows.
 */
export function matchPlain(plain: readonly string[], text: string, at: number): number {
  for (let g = 0; g < plain.length; g++) {
    const p = plain[g] as string;
    if (p.length === 0) return UNSURE;
    const length = matchFrom(p, 0, text, at, at, true);
    if (length === UNSURE) return UNSURE;
    if (length >= 0) {
      plainLength = length;
      return g;
    }
  }
  return -1;
}

/**
 * The word every plain phrase of `plain` starts with, followed by a space or the phrase's
 * end: what `matchShared` reads once. '' when they share none (or none is plain).
 */
export function sharedFirstWord(plain: readonly string[]): string {
  let first = '';
  for (const p of plain) {
    if (p.length === 0) continue;
    const space = p.indexOf(' ');
    const word = space < 0 ? p : p.slice(0, space);
    if (first === '') first = word;
    else if (word !== first) return '';
  }
  return first;
}

/** Not computed yet (below). */
const NOT_YET = -3;

/**
 * `matchPlain(plain, text, at)`, given `first = sharedFirstWord(plain)`: the shared word is
 * compared once, and the blank run after it read once, for all phrases.
 */
export function matchShared(plain: readonly string[], first: string, text: string, at: number): number {
  if (first.length === 0) return matchPlain(plain, text, at);
  const len = first.length;
  let head = NOT_YET;
  let blankEnd = NOT_YET;
  for (let g = 0; g < plain.length; g++) {
    const p = plain[g] as string;
    if (p.length === 0) return UNSURE;
    if (head === NOT_YET) head = matchFrom(first, 0, text, at, at, false);
    if (head === UNSURE) return UNSURE;
    if (head < 0) continue;
    let length: number;
    if (p.length === len) length = matchFrom(p, len, text, at + len, at, true);
    else {
      // The phrase goes on after a space: `\s+` at the end of the shared word.
      if (blankEnd === NOT_YET) blankEnd = blankRun(text, at + len);
      if (blankEnd === UNSURE) return UNSURE;
      if (blankEnd < 0) continue;
      length = matchFrom(p, len + 1, text, blankEnd, at, true);
    }
    if (length === UNSURE) return UNSURE;
    if (length >= 0) {
      plainLength = length;
      return g;
    }
  }
  return -1;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * `\s+` at `k`: where the run of blanks ends, -1 when there is none, UNSURE at a non-ASCII
 * character (a blank of another script, or not). The run is taken whole: a phrase's next
 * character is no blank.
 */
function blankRun(text: string, k: number): number {
  const from = k;
  const n = text.length;
  for (; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c >= 128) return UNSURE;
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  return k === from ? -1 : k;
}

/**
 * The plain phrase `p` from its character `j` on, matched from text position `k` (the
 * phrase's start was matched at `at`): the length matched from `at`, -1, or UNSURE (see
 * `matchPlain`). `boundary`: whether the phrase's end is tested (no letter or digit after it).
 */
function matchFrom(p: string, j: number, text: string, k: number, at: number, boundary: boolean): number {
  const n = text.length;
  for (; j < p.length; j++) {
    const pc = p.charCodeAt(j);
    if (pc === 32) {
      k = blankRun(text, k);
      if (k < 0) return k;
      continue;
    }
    if (k >= n) return -1;
    let c = text.charCodeAt(k);
    if (c >= 128) return UNSURE;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== pc) return -1;
    k++;
  }
  if (boundary && k < n && isAsciiAlnum(p.charCodeAt(p.length - 1))) {
    const c = text.charCodeAt(k);
    if (c >= 128) return UNSURE;
    if (isAsciiAlnum(c)) return -1;
  }
  return k - at;
}
