/**
 * Dates a sentence gives that belong to something other than a meeting it announces: a
 * session it reports on ("At its 57th session, held in Bonn from 3 to 13 June, the Body
 * agreed ...", "the Council met four times: on 14 March, ..."), the date of a decision or resolution it cites ("resolution 2025/7 of 24 July
 * 2025"), prices and bookings ("early-bird rates end 30 June"), and a consultation of the
 * public that runs over weeks ("the public consultation ran from 1 to 30 November", "the report covers the period 1 January to 31
 * December").
 */

/**
 * Right before a date, a session the sentence reports on: "At its 57th session, held in Bonn
 * from", "During their meeting held on", "at its meeting of": what the body did there. Only a
 * report when the sentence says nothing of the future (FUTURE). "Following the fifth meeting
 * held in Geneva from ..." is left to the reader, which records that meeting on its own.
 */
const SESSION_CITED_BEFORE =
  /\b(?:at|during|in\s+the\s+course\s+of)\s+(?:its|their)\s+(?:[\w-]+\s+){0,4}?(?:session|meeting|sitting|assembly|conference|plenary)s?\s*,?\s*(?:(?:which|that)\s+was\s+)?(?:held\s+(?:(?:in|at)\s+[^,.;()]{1,50}?\s+)?)?(?:(?:on|of|from|between)\s+(?:the\s+)?)?$/i;

/**
 * A count of meetings already held, before the dates that list them: "The Council met four
 * times in 2026: on 14 March, 20 June and 5 December", "the Bureau held three meetings, on ...".
 */
const COUNTED_PAST =
  /\b(?:(?:met|convened|gathered|sat)\s+(?:\w+\s+)?(?:once|twice|thrice|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}|several|many)\s+times)|held\s+(?:\w+\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}|several|numerous)\s+(?:\w+\s+)?(?:meetings|sessions|sittings|calls))\b/i;

/** A sentence that speaks of what is still to come: then a cited session may be the next one. */
const FUTURE = /\b(?:will|shall|to\s+be\s+held|is\s+to|are\s+to|upcoming|forthcoming|next|invit\w*|would)\b/i;

/**
 * Right before a date, the decision or document it dates: "decision 4/12 of", "resolution
 * 73/211 of", "Recommendation No. 5 of", "document UNEP/XY/3 dated". The number makes it a
 * citation, not a meeting of that name.
 */
const DOCUMENT_OF_BEFORE =
  /\b(?:resolutions?|decisions?|recommendations?|notifications?|circulars?|directives?|regulations?|documents?|communications?|notes?\s+verbales?|ordinances?|by-?laws?)\s+(?:No\.?\s*|Nos\.?\s*|number\s+)?(?=[A-Z0-9])[\w./()-]*\d[\w./()-]*\s+(?:of|dated|adopted\s+on)\s+(?:the\s+)?$/i;

/**
 * A clause about money or bookings, or a consultation of the public over weeks: any date in it
 * is their deadline or period.
 */
export const OTHER_PERIOD =
  /\b(?:early[- ]?bird|discount(?:ed)?|reduced|concession(?:ary)?)\s+(?:\w+\s+)?(?:rates?|pric(?:es|ing)|fees?|tickets?)\b|\bgroup\s+(?:rates?|discounts?|bookings?)\b|\b(?:hotel\s+(?:block|rooms?|reservations?|bookings?)|room\s+block|bookings?|abstracts?|papers|posters|nominations|bursar(?:y|ies)|scholarships?|grants?|travel\s+support)\s+(?:\w+\s+)?(?:close|closes|closed|end|ends|ended|expire|expires|expired|are\s+due|is\s+due|due)\b|\b(?:public|online|written)\s+consultation\s+(?:ran|runs|will\s+run|is\s+open|was\s+open|opens|opened|closes|closed|period)\b|\b(?:consultation|comment|comments|feedback|objection|review|reporting|financial|fiscal|budget)\s+period\b|\b(?:covers?|covered|covering)\s+the\s+(?:period|year)\b/i;

/**
 * Whether the date at `index` in `text` is a session reported on, one of meetings counted as
 * held, or a document's date (prices
 * and periods are words of EXCLUDE_CUE, read by clause in text-rules.ts).
 */
export function isReferenceDate(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 120), index);
  if (DOCUMENT_OF_BEFORE.test(before)) return true;
  // Only the date's own sentence counts: a paragraph may report on one meeting and announce the next.
  // (Looked for within 300 characters either side, so a long unit costs no more per date.)
  const start = Math.max(0, index - 300);
  const ends = [...text.slice(start, index).matchAll(/[.!?]\s+(?=[A-Z(])/g)];
  const from = start + (ends.length > 0 ? (ends[ends.length - 1]?.index ?? 0) + 1 : 0);
  const tail = text.slice(index, index + 300);
  const after = tail.search(/[.!?](?:\s+[A-Z(]|\s*$)/);
  const sentence = text.slice(from, after < 0 ? index + tail.length : index + after);
  // The future is looked for in the whole window before: a full stop after "Ms." or "No." is no sentence's end.
  if (FUTURE.test(text.slice(start, from)) || FUTURE.test(sentence)) return false;
  const counted = COUNTED_PAST.exec(sentence);
  if (counted && counted.index < index - from) return true;
  return SESSION_CITED_BEFORE.test(before);
}

/**
 * A milestone of a plan, not a gathering: "Feature freeze", "Release candidate", "Final
 * release", "Go-live", "End of life". A row or line naming one gives no meeting, nor does a
 * table whose column is headed "Milestone" or "Deadline".
 */
const MILESTONE =
  /\b(?:(?:feature|code|string|api|translation|content|design)\s+freeze|freeze|release\s+candidate|(?:final|stable|general|beta|alpha|public|major|minor|patch|point)\s+release|release\s+(?:date|day)|go-?live|launch(?:\s+date)?|end\s+of\s+(?:life|support|maintenance)|eol|cut-?off|branch(?:ing)?\s+(?:date|cut)|general\s+availability|ga\s+release|rc\d*|beta\s*\d*|alpha\s*\d*)\b/i;
const MILESTONE_COLUMN = /^\s*(?:milestones?|deadlines?|due(?:\s+dates?)?|deliverables?)\s*$/i;

/** True when a row's name is a milestone, or the table's columns are headed as milestones. */
export function isMilestone(name: string, headers: string[]): boolean {
  if (headers.some((h) => MILESTONE_COLUMN.test(h))) return true;
  return (
    MILESTONE.test(name) &&
    !/\b(?:meeting|call|session|summit|workshop|webinar|sprint|party|hackathon|retrospective|review\s+meeting)\b/i.test(
      name,
    )
  );
}
