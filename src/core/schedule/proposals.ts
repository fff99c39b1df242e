/**
 * Questions that propose a time: "Could we meet on Tuesday 9 March at 15:00?", "Would 10:00 on
 * 4 May suit everyone?", "Shall we hold the call on Friday?". The model has no tentative status,
 * and an alert for a time only asked about is worse than none, so a proposal is not a meeting;
 * the message that settles it ("Confirmed: we meet on Tuesday 9 March at 15:00.") is.
 * A question about a meeting already set ("Will the meeting on 4 May be webcast?") proposes nothing;
 * one that asks for its facts ("What time does the meeting on 9 March start?", "Is the meeting on
 * 9 March still going ahead?") states none of them either, and is set aside the same way. A
 * question about something else ("Will the meeting on 4 May be webcast?") or an invitation ("Will
 * you attend the meeting on 9 March at 10:00?") takes the meeting as given and is read.
 */

import { BODY } from './prose-clauses.js';
import type { ReaderCore } from './reader-core.js';
import type { Unit } from './reader-types.js';
import { splitSentences } from './text-rules.js';

/** The asker suggests meeting: "could we meet", "shall we hold the call", "should I schedule". */
const WE_MEET =
  /\b(?:could|can|shall|should|may|might|would|will)\s+(?:we|I)\s+(?:\w+\s+){0,2}?(?:meet|hold|have|schedule|set|arrange|organi[sz]e|convene|book|plan|fix|move|reschedule|make|call|gather|get together|hop on|do)\b/i;

/** A time offered for approval: "would 10:00 on 4 May suit everyone", "does Friday work for you". */
const OFFERED =
  /\b(?:would|will|does|do|is|are|could)\b[^?]{0,80}?\b(?:suit|work|be (?:ok|okay|fine|convenient|possible|good|suitable|acceptable|feasible)|fit|be free|be available)\b|\b(?:how|what) about\b|\bare you (?:all\s+)?(?:available|free)\b|\bis (?:everyone|everybody|anyone|that|this|it) (?:available|free|ok|okay|convenient|possible)\b|\bwho (?:can|could|would be able to) (?:make|attend|join)\b|\bany objections? to\b|\bwould (?:it|that) be possible\b|\b(?:is|are)\b[^?]{0,80}?\b(?:ok|okay|convenient|good for (?:you|everyone|all))\b|\b(?:we|I) (?:could|can|might) (?:meet|hold|have|schedule|move|convene)\b|\bwhy (?:don't we|not meet|not hold)\b/i;

/** The same in French, Spanish and German. */
const OFFERED_ELSEWHERE =
  /\b(?:pourrions|pouvons|pourriez|pourrait|serait|seriez|conviendrait|convient|vous disponibles?|que diriez-vous|podr[íi]amos|podemos|os parece|les parece|le parece|les viene bien|qu[ée] tal|les conviene|le conviene|estar[íi]an disponibles|k[öo]nnten wir|k[öo]nnen wir|sollen wir|sollten wir|passt (?:es )?(?:ihnen|euch|dir)|w[äa]re\b[^?]{0,60}\bm[öo]glich|wie w[äa]re es)\b/i;

/**
 * A proposal said as a statement: "I propose we meet on ...", "I would suggest that we hold the
 * call on ...", "My suggestion is to move it to ...".
 */
const PROPOSE_STATEMENT =
  /\b(?:I|we)\s+(?:would\s+(?:like\s+to\s+)?|might\s+)?(?:propose|suggest)\s+(?:that\s+)?(?:we\s+|to\s+)?(?:\w+\s+){0,1}?(?:meet|hold|have|schedule|convene|move|reschedule|get together|set)\b|\bmy (?:proposal|suggestion) (?:is|would be) (?:to|that we) (?:meet|hold|have|move|schedule|convene)\b/i;

/** A meeting already named: "the meeting", "our call", "the Committee on Audit", "this workshop". */
const NAMED_MEETING = String.raw`(?:the|this|that|our|your|next\s+week's|tomorrow's)\s+(?:[\w'’-]+\s+){0,3}?(?:${BODY}|call|event|meeting)s?\b`;

/**
 * A question that asks for the time or the place of a meeting already named: "What time does the
 * meeting on 9 March start?", "Where is the workshop of 4 May?", "In which room is ...", or a
 * request to be told ("Can you confirm the time of the meeting on 9 March?"). "What is the
 * agenda of the meeting on 4 May?" asks for neither.
 */
const ASKS_WHEN_WHERE = new RegExp(
  String.raw`^(?:(?:so|and|but|also|sorry|quick question|just checking)[,:]?\s+)?(?:(?:(?:at|from|until|in|on)\s+)?(?:what|which)\s+(?:time|hour|room|venue|day|date|hall|building|floor)|when|where|how\s+(?:long|late|early)|(?:can|could|would)\s+(?:you|someone|anyone)\s+(?:please\s+)?(?:confirm|tell\s+(?:me|us)|remind\s+(?:me|us)|let\s+(?:me|us)\s+know))\s+(?:[\w'’-]+\s+){0,4}?${NAMED_MEETING}`,
  'i',
);

/**
 * A yes-or-no question whether a meeting already named still stands: "Is the meeting on 9 March
 * still going ahead?", "Has the briefing on 4 May been moved?". Its status is asked, not said.
 * "Will the meeting on 4 May be webcast?", "Will you attend the meeting on 9 March at 10:00?"
 * ask about something else and take the meeting's day as given: they are read.
 */
const ASKS_IF_STANDS = new RegExp(
  String.raw`^(?:(?:so|and|but|also|sorry|quick question|just checking)[,:]?\s+)?(?:is|isn't|was|are|has|hasn't|had|does|doesn't|did|will|won't)\s+${NAMED_MEETING}.*\b(?:still|going\s+ahead|go\s+ahead|happening|take\s+place|taking\s+place|on\s+schedule|confirmed|cancell?ed|called\s+off|postponed|moved|rescheduled|delayed|going\s+to\s+happen)\b`,
  'i',
);

/** The questions of a text that ask for the facts of a meeting already named, as spans of the text. */
function askedSpans(text: string): { start: number; end: number }[] {
  if (!text.includes('?')) return [];
  return splitSentences(text).filter((s) => {
    const sentence = text.slice(s.start, s.end).trim();
    return (
      /\?\s*["'\u201d)]?$/.test(sentence) && (ASKS_WHEN_WHERE.test(sentence) || ASKS_IF_STANDS.test(sentence))
    );
  });
}

/** The sentences of a text that propose a time, by asking or by suggesting, as spans of the text. */
export function proposalSpans(text: string): { start: number; end: number }[] {
  const asks = text.includes('?');
  const suggests = /\b(?:propose|suggest|proposal|suggestion)\b/i.test(text);
  if (!asks && !suggests) return [];
  return splitSentences(text).filter((s) => {
    const sentence = text.slice(s.start, s.end).trim();
    if (suggests && PROPOSE_STATEMENT.test(sentence)) return true;
    if (!/\?\s*["'\u201d)]?$/.test(sentence)) return false;
    return WE_MEET.test(sentence) || OFFERED.test(sentence) || OFFERED_ELSEWHERE.test(sentence);
  });
}

/**
 * Sets aside the days and times a question only proposes ("Could we meet on Tuesday 9 March at
 * 15:00?"), or a choice listed under one (`option`), saying so; true when nothing else in the
 * unit is left to read.
 */
export function onlyProposes(rd: ReaderCore, u: Unit, option: boolean): boolean {
  if (option) {
    rd.diagAt(
      u,
      0,
      u.text.length,
      'schedule.proposed-time',
      'info',
      `"${u.text.trim()}" is one of the times offered to choose from: it is not read as a meeting until a message confirms it.`,
    );
    return true;
  }
  const proposed = proposalSpans(u.text);
  const asked = askedSpans(u.text).filter((a) => !proposed.some((p) => p.start === a.start));
  const spans = [...proposed, ...asked];
  if (spans.length === 0) return false;
  const inside = (i: number) => spans.some((s) => i >= s.start && i < s.end);
  const times = rd.times(u);
  if (!u.dates.some((d) => inside(d.index)) && !times.some((t) => inside(t.index))) return false;
  const said = (s: { start: number; end: number }) => u.text.slice(s.start, s.end).trim();
  const notes: [{ start: number; end: number }, string, string][] = [
    ...proposed.map((s): [typeof s, string, string] => [
      s,
      'schedule.proposed-time',
      `"${said(s)}" proposes a time: it is not read as a meeting until a message confirms it.`,
    ]),
    ...asked.map((s): [typeof s, string, string] => [
      s,
      'schedule.asked',
      `"${said(s)}" asks about a meeting: it states none of its facts and is not read as one.`,
    ]),
  ];
  for (const [s, code, message] of notes) rd.diagAt(u, s.start, s.end - s.start, code, 'info', message);
  u.dates = u.dates.filter((d) => !inside(d.index));
  const left = times.filter((t) => !inside(t.index));
  rd.timeCache.set(u, left);
  return u.dates.length === 0 && left.length === 0;
}

/**
 * Before a list of choices: "Would any of these suit everyone?", "Please indicate which of the
 * following slots suit you:", "Possible dates:". Ends with a question mark or a colon.
 */
const POLL =
  /\b(?:(?:which|what|any) (?:of )?(?:the |these )?(?:following )?(?:dates?|days?|times?|slots?|options?)|any of (?:these|them|the following)|vote|doodle|poll|preferred (?:dates?|days?|times?|slots?|options?)|your availability|(?:possible|candidate|tentative) (?:dates?|days?|times?|slots?)|quelle(?:s)? (?:dates?|options?)|(?:fechas|opciones) posibles|m[öo]gliche (?:termine|daten))\b/i;

/**
 * The choices listed under a question that proposes times or a poll's opening line: the list
 * items (and short lines) right below it that give a day or a time. Each is only proposed.
 */
export function pollOptions(units: readonly Unit[], timed: (u: Unit) => boolean): Set<Unit> {
  const out = new Set<Unit>();
  for (const [k, u] of units.entries()) {
    const t = u.text.trim();
    if (u.kind === 'heading' || u.kind === 'row' || !/[?:]$/.test(t)) continue;
    if (!POLL.test(t) && proposalSpans(t).length === 0) continue;
    let prev = u;
    for (let j = k + 1; j < units.length; j++) {
      const next = units[j] as Unit;
      // A list item, a bulleted line, or a short line of the same paragraph: "8 March 2027, 14:00".
      const option =
        next.kind === 'item' ||
        (next.kind === 'line' &&
          next.text.length < 80 &&
          (next.block === prev.block || /^\s*(?:[-*+\u2022]|\d{1,2}[.)])\s/.test(next.text)));
      if (!option || (next.dates.length === 0 && !timed(next))) break;
      out.add(next);
      prev = next;
    }
  }
  return out;
}
