/**
 * Brackets beside a choice that end with a comma and are no option of it (docs/brackets.md,
 * "Alternatives"): a parenthetical insertion set off by commas (`shall, [within its means,]
 * [mobilize][provide]`) and the items of an enumeration bracketed one by one (`[the least
 * developed countries,] [landlocked countries,] [small States,] and ...`). Read by the
 * alternatives pass (`splitLeadIns`) on the runs whose head ends with a comma only.
 */

/** The columns of a bracket table these shapes read. */
interface Spans {
  start: Int32Array;
  end: Int32Array;
  openLength: Uint8Array;
  closeLength: Uint8Array;
}

/** Bracket `k`'s own text ends with a comma (blanks after it allowed): the cheap look before `commaEnd`. */
export function endsWithComma(text: string, spans: Spans, k: number): boolean {
  let e = (spans.end[k] as number) - (spans.closeLength[k] as number);
  const from = (spans.start[k] as number) + (spans.openLength[k] as number);
  while (e > from && text.charCodeAt(e - 1) === 32) e--;
  return e > from && text.charCodeAt(e - 1) === 44;
}

/**
 * Where a run of adjacent brackets whose head ends with a comma splits after that head: 1, or 0
 * for no split.
 * - A parenthetical: a comma stands before the head and closes inside it (`shall, [within its
 *   means,] [mobilize][provide] resources`), and no bracket after it ends with one, nor does a comma
 *   follow the run. Options of one choice stand in the same place: a phrase set off by commas is an
 *   insertion before the choice, not one of its options. When a comma follows the run
 *   (`capabilities, [in the light of circumstances,] [the principles], while`), the options end
 *   alike, the comma inside one and after the other: one choice.
 * - An enumeration: the head and the next bracket end with a comma, and so does a third bracket of
 *   the run or the bracket right before the head (`[A,] [B,] [C,] and D`): items of a list, each
 *   bracketed on its own. Two options that both end with a comma, alone, stay one choice.
 */
export function commaEnd(text: string, spans: Spans, run: ArrayLike<number>, length: number): number {
  if (length < 2) return 0;
  const head = run[0] as number;
  const second = run[1] as number;
  if (!endsWithComma(text, spans, head)) return 0;
  const before = previousCode(text, spans.start[head] as number);
  if (!endsWithComma(text, spans, second)) {
    if (before !== 44) return 0;
    for (let q = 2; q < length; q++) if (endsWithComma(text, spans, run[q] as number)) return 0;
    // "capabilities, [in the light of circumstances,] [the principles], while": the comma after
    // the last option mirrors the one inside the first; options that end alike stay one choice.
    return nextCode(text, spans.end[run[length - 1] as number] as number) === 44 ? 0 : 1;
  }
  if (length >= 3) {
    for (let q = 2; q < length; q++) if (!endsWithComma(text, spans, run[q] as number)) return 0;
    return 1;
  }
  // Two left of a longer enumeration (its first items already split off): the bracket before ends so too.
  return before === 93 && commaBeforeClose(text, spans.start[head] as number) ? 1 : 0;
}

/** The first character from `at` that is not a space or tab, or -1. */
function nextCode(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i < text.length ? text.charCodeAt(i) : -1;
}

/** The last character before `at` that is not a space or tab, or -1. */
function previousCode(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= 0 ? text.charCodeAt(i) : -1;
}

/** The bracket closing right before `at` (spaces between) ends its text with a comma. */
function commaBeforeClose(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0 || text.charCodeAt(i) !== 93) return false;
  i--;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  return i >= 0 && text.charCodeAt(i) === 44;
}
