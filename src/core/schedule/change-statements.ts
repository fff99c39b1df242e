/**
 * Change statements: a sentence or title that moves a meeting from one date to another
 * ("Moving the June 4th meeting to June 11th", "the call is rescheduled from 3 May to 10
 * May"). Given the positions of two dates in a text, says whether the text moves the
 * meeting from the first to the second, so that the old date is kept as what changed and
 * never read as the meeting's date.
 */

/** A move verb, then (optionally) whose meeting, then "from", just before the old date. */
const MOVE_BEFORE =
  /\b(?:mov(?:e|ed|es|ing)|reschedul(?:e|ed|es|ing)|postpon(?:e|ed|es|ing)|shift(?:ed|ing|s)?|push(?:ed|ing)?|chang(?:e|ed|es|ing)|bring(?:ing)?|brought)\b(?:\s+(?:the|our|this|next|its))?(?:\s+\w+){0,3}?\s*(?:(?:from|of)\s+)?(?:the\s+)?$/i;

/** Between the two dates: the meeting's noun at most, then "to", "until" or an arrow. */
const MOVE_BETWEEN =
  /^\s*(?:(?:meeting|session|call|event|conference|consultation|telecon(?:ference)?)\s+)?(?:is\s+|has been\s+|will be\s+)?(?:(?:moved|rescheduled|postponed|shifted)\s+)?(?:to|until|till|→|->|\u2192)\s+(?:the\s+)?$/i;

/** A question ("Should we move the 4 June meeting to 11 June?") decides nothing. */
const QUESTION = /\?\s*$|^\s*(?:should|shall|could|can|would|do|does|may)\s+(?:we|i|you|they|it)\b/i;

/**
 * True when `text` moves a meeting from the date written at [aStart, aEnd) to the date
 * written at [bStart, ...): "Moving June 4th meeting to June 11th".
 */
export function movesFromTo(text: string, aStart: number, aEnd: number, bStart: number): boolean {
  if (QUESTION.test(text)) return false;
  const before = text.slice(Math.max(0, aStart - 60), aStart);
  const between = text.slice(aEnd, bStart);
  return MOVE_BEFORE.test(before) && MOVE_BETWEEN.test(between);
}

const MOVE_FROM =
  /\b(?:mov(?:e|ed|ing)|reschedul(?:e|ed|ing)|postpon(?:e|ed|ing)|shift(?:ed|ing)?|chang(?:e|ed|ing))\b[^.;?]{0,40}\bfrom\s+(?:the\s+)?$/i;

/**
 * True when a date range written after a move verb and "from" is a move between its two
 * ends ("rescheduled from 4 June 2027 to 11 June 2027"), not a meeting of several days.
 */
export function movesWithinRange(text: string, rangeStart: number): boolean {
  if (QUESTION.test(text)) return false;
  // The range's own text may open with its "from".
  const opens = /^from\s+/i.exec(text.slice(rangeStart));
  const before = text.slice(Math.max(0, rangeStart - 80), rangeStart) + (opens ? opens[0] : '');
  return MOVE_FROM.test(before);
}
