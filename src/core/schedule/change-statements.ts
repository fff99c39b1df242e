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

/**
 * Just before the date a meeting had before it moved: "originally planned for", "which was to
 * have taken place", "initialement prévue", "qui devait se tenir", "prevista inicialmente",
 * "que debía celebrarse", "ursprünglich für den". Said only of a plan that no longer holds.
 */
const OLD_DATE_LEAD = new RegExp(
  String.raw`(?:\b(?:originally|initially|previously|first)\s+(?:planned|scheduled|set|foreseen|announced|expected)(?:\s+to\s+take\s+place)?` +
    String.raw`|\b(?:was|were)\s+(?:to\s+have\s+(?:taken\s+place|been\s+held|met)|(?:due|supposed|meant)\s+to\s+(?:take\s+place|be\s+held|meet))` +
    String.raw`|\bhad\s+been\s+(?:scheduled|planned|set|convened)|\b(?:which|that)\s+(?:was|were)\s+(?:scheduled|planned)` +
    String.raw`|\b(?:initialement|originellement|d'abord|à\s+l'origine)\s+(?:pr[ée]vu|programm[ée]|fix[ée]|annonc[ée]|convoqu[ée])e?s?` +
    String.raw`|\b(?:pr[ée]vu|programm[ée]|fix[ée]|convoqu[ée])e?s?\s+(?:initialement|à\s+l'origine|d'abord)` +
    String.raw`|\bqui\s+devai(?:t|en)t?\s+(?:se\s+tenir|avoir\s+lieu|se\s+d[ée]rouler|se\s+r[ée]unir)` +
    String.raw`|\b(?:inicialmente|originalmente|previamente)\s+(?:previst|programad|fijad|convocad|anunciad)[ao]s?` +
    String.raw`|\b(?:previst|programad|fijad|convocad)[ao]s?\s+(?:inicialmente|originalmente|en\s+un\s+principio)` +
    String.raw`|\bque\s+(?:deb[ií]an?\s+(?:celebrarse|realizarse|tener\s+lugar|llevarse\s+a\s+cabo)|estaban?\s+(?:previst|programad|convocad|fijad)[ao]s?)` +
    String.raw`|\burspr[üu]nglich)` +
    String.raw`(?:\s+(?:for|on|pour|para|f[üu]r|the|le|el|los|den|am))*\s*$`,
  'i',
);

/**
 * True when the date at `index` is the one a meeting had before it moved, and a date after it
 * in the same sentence (at `next`) is the new one: "initially planned for 3-5 April, will be
 * held from 22 to 24 May", "prevista inicialmente del 3 al 5 de abril, se celebrará del 22 al
 * 24 de mayo", "qui devait se tenir le 3 avril, aura lieu le 22 mai".
 */
export function leadsOldDate(text: string, index: number, next: number): boolean {
  if (QUESTION.test(text)) return false;
  if (/(?<!\b[ap]\.m)[.;!?](?:\s|$)/i.test(text.slice(index, next))) return false;
  return OLD_DATE_LEAD.test(text.slice(Math.max(0, index - 60), index));
}

/** A question ("Should we move the 4 June meeting to 11 June?") decides nothing. */
const QUESTION = /\?\s*$|^\s*(?:should|shall|could|can|would|do|does|may)\s+(?:we|i|you|they|it)\b/i;

/**
 * True when `text` moves a meeting from the date written at [aStart, aEnd) to the date
 * written at [bStart, ...): "Moving June 4th meeting to June 11th".
 */
export function movesFromTo(text: string, aStart: number, aEnd: number, bStart: number): boolean {
  if (QUESTION.test(text)) return false;
  const before = text.slice(Math.max(0, aStart - 60), aStart);
  // "from Monday 8 March at 15:00 to Wednesday 10 March": the old day's hours stand between.
  const between = text.slice(aEnd, bStart).replace(OLD_HOURS, ' ');
  if (MOVE_BEFORE.test(before) && MOVE_BETWEEN.test(between)) return true;
  // "scheduled for 5 March has been rescheduled to 12 March", "prevista para el 12 ha sido
  // aplazada al 19": the change verb between the two dates, then "to".
  if (MOVED_BETWEEN.test(between)) return true;
  // "am 12. März wird auf den 19. März verschoben": the German verb comes last.
  return (
    /^\s*(?:wird|wurde|ist)\s+auf\s+den\s+$/i.test(between) &&
    /^[^;?!]{0,60}?\b(?:verschoben|verlegt|vertagt)\b/i.test(text.slice(bStart))
  );
}

/** The hours of the old day, right after it: ", at 15:00 CET", " from 10 a.m. to 12 p.m.", " (14h00-16h00)". */
export const OLD_HOURS =
  /^,?\s*\(?(?:at|from|de|à|a\s+las)?\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?|[AP]\.?M\.?|hrs?|h)?(?:\s*(?:-|\u2013|to|à|a)\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?|[AP]\.?M\.?|hrs?|h)?)?(?:\s*\(?[A-Z]{2,5}\)?(?![a-z]))?\)?,?/;

/** Between an old and a new date: a change verb, then "to" (in the languages the reader knows). */
const MOVED_BETWEEN =
  /^[^.;?\d]{0,60}?\b(?:moved|rescheduled|postponed|shifted|changed|deferred|brought forward|pushed back|report[ée]e?s?|d[ée]plac[ée]e?s?|aplazad[ao]s?|pospuest[ao]s?|postergad[ao]s?|trasladad[ao]s?|verschoben|verlegt)\s+(?:to|until|till|au|à|al|para el|hasta el|auf den)\s+(?:the\s+|le\s+)?$/i;

const MOVE_FROM =
  /\b(?:mov(?:e|ed|ing)|reschedul(?:e|ed|ing)|postpon(?:e|ed|ing)|shift(?:ed|ing)?|chang(?:e|ed|ing)|(?:brought|bring(?:ing)?|pushed|push(?:ing)?)\s+(?:forward|back)|advanced|deferred)\b[^.;?]{0,40}\bfrom\s+(?:the\s+)?$/i;

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

/** A change verb, then up to a clause of words, then "from", just before the old time. */
const RETIME_FROM =
  /\b(?:chang(?:e|ed|es|ing)|mov(?:e|ed|es|ing)|shift(?:ed|ing|s)?|reschedul(?:e|ed|es|ing))\b[^.;?]{0,60}?\bfrom\s+(?:the\s+)?$/i;

/** Between the old and the new time: a zone at most, then "to" or an arrow. */
const RETIME_BETWEEN = /^\s*(?:[A-Z]{1,5}\s+)?(?:to|->|→|\u2192)\s+$/;

/** A change verb, then up to a clause of words, then "to", just before the new time. */
const RETIME_TO =
  /\b(?:chang(?:e|ed|es|ing)|mov(?:e|ed|es|ing)|shift(?:ed|ing|s)?|reschedul(?:e|ed|es|ing)|push(?:ed|es|ing)?|br(?:ing|ings|ought))\b[^.;?]{0,60}?\bto\s+$/i;

/** After the new time: "(instead of the usual 2pm)", "rather than 3 pm", "(was 14:00)". */
const RETIME_INSTEAD =
  /^[^.;?()]{0,12}\(?\s*(?:instead of|rather than|(?:it )?was|formerly|previously)\s+(?:at\s+)?(?:the\s+)?(?:usual|current|old|previous|regular)?\s*$/i;

/** The comparison itself (RETIME_INSTEAD without "was", which may be a plain past tense). */
const INSTEAD_WORD = /\b(?:instead of|rather than)\b/i;

/** "now starts at 15:00", "will now begin at 3 pm", "the new start time is 15:00". */
const NOW_STARTS =
  /\b(?:now\s+(?:starts?|begins?|start|begin)|will\s+now\s+(?:start|begin)|new\s+start(?:ing)?\s+time\s+(?:is|will be))\s+(?:at\s+)?$/i;

/** A time as the change layer needs it: where it is written and its start and end. */
export interface TimeSpan {
  index: number;
  length: number;
  end?: unknown;
}

/** Which of a sentence's times is the meeting's new start, and which its old one. */
export interface Retiming<T extends TimeSpan> {
  /** The new start: a time mention, or the end of a "from X to Y" range read as one. */
  to: T;
  toEnd?: boolean;
  from?: T;
  /** The old start is the start of the range whose end is the new one. */
  fromStart?: boolean;
}

/**
 * A sentence that re-times a meeting without moving its day: "the start will change from
 * 16:00 to 15:00", "moved the call up an hour to 1pm (instead of the usual 2pm)", "the
 * meeting now starts at 15:00". Says which time is the new start and which the old one; a
 * question decides nothing and gives undefined.
 */
export function retimingIn<T extends TimeSpan>(text: string, times: T[]): Retiming<T> | undefined {
  if (QUESTION.test(text)) return undefined;
  for (const [i, t] of times.entries()) {
    const before = text.slice(Math.max(0, t.index - 100), t.index);
    // "from 16:00 to 15:00" may be read as one range: its end is the new start.
    const opens = /^from\s+/i.exec(text.slice(t.index));
    const lead = before + (opens ? opens[0] : '');
    const next = times[i + 1];
    // "moved from 10:00-12:00 to 15:00-17:00": two times, old then new (either may be a range).
    if (next && RETIME_FROM.test(lead) && RETIME_BETWEEN.test(text.slice(t.index + t.length, next.index)))
      return { to: next, from: t };
    if (t.end !== undefined && RETIME_FROM.test(lead))
      return { to: t, toEnd: true, from: t, fromStart: true };
    if (RETIME_TO.test(before)) {
      const old = next && RETIME_INSTEAD.test(text.slice(t.index + t.length, next.index)) ? next : undefined;
      return old ? { to: t, from: old } : { to: t };
    }
    if (NOW_STARTS.test(before)) return { to: t };
    // "will start at 15:00 instead of 13:00", "at 3 pm rather than 2 pm": the time compared
    // with another is the new one, whatever verb brings it.
    if (
      next &&
      RETIME_INSTEAD.test(text.slice(t.index + t.length, next.index)) &&
      INSTEAD_WORD.test(text.slice(t.index + t.length, next.index))
    )
      return { to: t, from: next };
  }
  return undefined;
}

/** "starts next meeting on", "starting from our next meetings on", "effective with the first call of". */
const EFFECTIVE_FROM =
  /\b(?:start(?:s|ing)?|begin(?:s|ning)?|effective|appl(?:y|ies)|takes? effect)\b[^.;?]{0,40}?\b(?:next|first|upcoming)\s+(?:\w+\s+)?(?:meeting|call|session|telecon\w*)s?\s+(?:on|of)\s+(?:the\s+)?$/i;

/**
 * True when the date at `dateIndex` is the first meeting under a new schedule ("This new
 * time starts with the next call on March 18"): a meeting's day, stated as a change takes
 * effect, even though the sentence has no other scheduling word.
 */
export function effectiveFrom(text: string, dateIndex: number): boolean {
  if (QUESTION.test(text)) return false;
  return EFFECTIVE_FROM.test(text.slice(Math.max(0, dateIndex - 120), dateIndex));
}

/**
 * True when the date written at `at` is where a meeting was moved, its old date left unsaid:
 * "The meeting has been moved to 21 May", "is postponed until 3 June", "will now be held on 9 June".
 */
export function movedToDate(text: string, at: number): boolean {
  if (QUESTION.test(text) || /\b(?:would|could|might|should)\b/i.test(text)) return false;
  return MOVED_TO.test(text.slice(Math.max(0, at - 60), at));
}

const MOVED_TO =
  /\b(?:(?:has|have|had|is|are|was|were|been)\s+(?:\w+\s+)?(?:moved|rescheduled|postponed|shifted|deferred|brought forward|pushed back)\s+(?:to|until|till|for)|will now (?:take place|be held)(?:\s+on)?|new date (?:is|will be))\s+(?:the\s+)?$/i;
