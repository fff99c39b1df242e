import { findDates } from './dates.js';
import { type IdentityMention, parseOrdinal } from './identity.js';
import { findTimes } from './times.js';

/**
 * Meeting titles as people read them: without the words that frame a subject line
 * ("Re:", "Invitation:", "Save the date:") and without the dates and times some sources put in
 * a title, which are facts of their own.
 */

/** Strips the words that frame a title: "Agenda for the:", "Invitation:", "Re:", "Fwd:". */
export function cleanTitle(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  for (let k = 0; k < 4; k++) {
    const before = s;
    s = s
      .replace(/^(?:re|fwd?|tr|aw|wg)\s*:\s*/i, '')
      .replace(/^agenda\s+for\s+the:?\s*/i, '')
      .replace(/^agenda\s*[-:\u2013]\s*/i, '')
      .replace(
        /^(?:corrected|updated|revised|new|cancell?ed|postponed)?\s*(?:invitation|notice|announcement)\s*(?:[-:–]|to)\s*/i,
        '',
      )
      .replace(
        /^(?:cancell?ed|postponed|updated|corrected|re-?scheduled|reminder|friendly reminder|rappel|recordatorio|erinnerung)\s*[:\u2013\u2014-]\s*/i,
        '',
      )
      // "Change of room – Bureau meeting", "Venue change: Workshop on ...", "Cancellation – Expert
      // meeting": what changed, not the name.
      .replace(
        /^(?:change of (?:venue|room|date|dates|time|times)|(?:venue|room|date|time) change|new (?:venue|room|date|time)|cancell?ation|postponement|annulation|cancelaci[óo]n|aplazamiento)\s*[:\u2013\u2014-]\s*/i,
        '',
      )
      // "Programme of the workshop (all times CEST)", "Expert consultation (new time)": the zone
      // and the change are facts of their own.
      .replace(/\s*\(\s*all\s+times\b[^)]*\)/i, '')
      .replace(
        /\s*\(\s*(?:new|changed|updated|revised|corrected)\s+(?:time|date|dates|venue|room|link)s?\s*\)\s*$/i,
        '',
      )
      // "Informal consultations – 18 May – CANCELLED": the status is a fact of its own.
      .replace(
        /\s*[-:,([\u2013\u2014]\s*(?:cancell?ed|postponed|annul[ée]e?|report[ée]e?|cancelad[ao]|aplazad[ao])\s*[)\]]?\s*$/i,
        '',
      )
      .replace(
        /^save the dates?\s*[-:\u2013\u2014!]\s*|\s*[-:\u2013\u2014(]\s*save the dates?\s*\)?\s*$/i,
        '',
      );
    if (s === before) break;
  }
  return s.replace(/[\s:;,.-]+$/, '').trim();
}

/** The words that led to a date or a time removed from the end of a title. */
const DANGLING =
  /[\s,;:\u2013\u2014-]*\b(?:(?:(?:is|are|has\s+been|have\s+been)\s+)?(?:moved|changed|postponed|rescheduled|shifted|brought\s+forward|pushed\s+back)\s+(?:to|until)|(?:(?:to\s+be|that\s+(?:was|were|will\s+be))\s+)?(?:held|scheduled|planned|convened)(?:\s+(?:on|from|for|in))?|taking\s+place(?:\s+on)?|(?:the\s+)?(?:week|month)\s+of|on|from|at|to|until|of|for|by)[\s,;:\u2013\u2014-]*$/i;

/**
 * A meeting title without the framing words and without the dates some sources put in it
 * ("Corrected invitation: sixth MPP meeting, Monday 9 June 2014" -> "sixth MPP meeting"):
 * the dates are facts of their own, and a title must not change when the meeting moves; no leading article.
 */
export function titleText(text: string): string {
  let s = cleanTitle(text);
  // "Steering Group meeting – 14 May, 15:00 UTC": the date, the clock time and its zone go.
  for (const m of [...findDates(s).mentions].reverse()) s = s.slice(0, m.index) + s.slice(m.index + m.length);
  for (const t of [...findTimes(s).mentions].reverse())
    s =
      s.slice(0, t.index) +
      s.slice(t.index + t.length).replace(/^\s*(?:\(?[A-Z]{2,5}\)?|UTC[+-]\d{1,2})(?!\w)/, '');
  s = s
    // What framed the date or time, left dangling: "on", "week of", "moved to".
    .replace(DANGLING, '')
    // "Informal briefing - Monday": a weekday left alone is a date's remnant, not the name.
    .replace(/[\s,;:\u2013\u2014-]+(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*$/i, '')
    // "Informal meeting on the review – tomorrow": a day said from the message's own, not the name.
    .replace(
      /[\s,;:\u2013\u2014-]+\(?(?:today|tomorrow|tonight|this\s+week|next\s+week)\)?[\s,;:\u2013\u2014-]*$/i,
      '',
    )
    .replace(/\(\s*\)/g, '')
    .replace(/\s+/g, ' ') // separators left side by side where a date or a time was: "meeting – , "
    .replace(/\s*[,;:\u2013\u2014-](?:\s*[,;:\u2013\u2014-])+\s*/g, ', ')
    .replace(/[\s,;:@/|\u2013\u2014-]+$/, '')
    .trim();
  // "Summary of the informal consultations": a document about the meeting; the meeting is named after "of".
  const about = DOCUMENT_OF.exec(s);
  if (about) s = s.charAt(about[0].length).toUpperCase() + s.slice(about[0].length + 1);
  return s.replace(/^(?:the|an)\s+(?=\S)/i, '').replace(/^a\s+(?=\p{Ll})/u, '') || cleanTitle(text);
}

/** A document about a meeting before the meeting's name: "Summary of the", "Minutes of", "Report on the". */
const DOCUMENT_OF =
  /^(?:(?:co-?)?(?:facilitators?|chairs?|presidents?|presidency|secretariat|rapporteurs?)['’]?s?\s+)?(?:summary|report|outcome|minutes|notes|record|recording|slides|presentations?|conclusions|highlights)\s+(?:of|from|on)\s+(?:the\s+)?(?=.*\b(?:meeting|session|consultations?|call|webinar|workshop|briefing|dialogue|sitting|conference|forum|hearing)s?\b)/i;

/** The phrase on one line, its first letter a capital: "weekly call" is "Weekly call". */
export function capitalised(phrase: string): string {
  const p = phrase.replace(/\s+/g, ' ');
  return p.charAt(0).toUpperCase() + p.slice(1);
}

/** What follows "of" or "for" in a meeting's name, up to the words of its date, time or place. */
const COMPLEMENT =
  /^\s*((?:the\s+)?(?:[\p{L}'’-]+\s+){0,5}?[\p{L}'’-]+)(?=\s+(?:on|at|in|from|to|will|shall|is|are|was|were|which|that|with|by|during|between|scheduled|held|taking|starting)\b|\s*[,.;:()\d\u2013\u2014-]|\s*$)/u;

/**
 * The title of a meeting named by its number and what it is of, in running text: "the second
 * round of informal consultations on the draft, on Thursday ..." is "Second round of informal
 * consultations" (the lower-case words after "of" kept up to the words of the date, time or
 * place). Undefined when the mention names its series ("the sixth meeting of the MPP") or
 * nothing follows. `context` is the text the mention was found in.
 */
export function phraseTitle(context: string, id: IdentityMention): string | undefined {
  const at = id.index + id.length;
  if (id.pattern !== 'of' || id.series || context.slice(id.index, at) !== id.text) return undefined;
  const of = /\b(?:of|for)\s*(?:the\s*)?$/i.exec(id.text);
  const more = of ? COMPLEMENT.exec(context.slice(at)) : null;
  if (!more) return undefined;
  return capitalised(`${id.text.replace(/^the\s+/i, '').trim()} ${more[1] as string}`);
}

/** A word before a meeting noun: "4th meeting", "Fourth session", "second call". */
const NUMBERED_NOUN =
  /(^|[\s,;:(\u2013\u2014-])([\p{L}\d-]{3,20})(\s+)(meeting|session|call|sitting|telecon(?:ference)?)\b/giu;

/**
 * The title of the series' next meeting, from the title of the meeting a text is about: the
 * ordinal that numbers that meeting is not the next one's ("Working Party on Statistics, 4th
 * meeting" gives "Working Party on Statistics, next meeting"; "Fourth session of the Board"
 * gives "Next session of the Board"). A title without one is the series' name and stays.
 */
export function nextMeetingTitle(title: string): string {
  return title.replace(NUMBERED_NOUN, (whole, lead: string, word: string, space: string, noun: string) => {
    const ordinal = /^\d/.test(word)
      ? /^\d{1,3}(?:st|nd|rd|th)$/i.test(word)
      : parseOrdinal(word).ordinal !== undefined;
    if (!ordinal) return whole;
    const next = /^\p{Lu}/u.test(word) ? 'Next' : 'next';
    return `${lead}${next}${space}${noun}`;
  });
}
