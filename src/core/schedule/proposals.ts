/**
 * Questions that propose a time: "Could we meet on Tuesday 9 March at 15:00?", "Would 10:00 on
 * 4 May suit everyone?", "Shall we hold the call on Friday?". The model has no tentative status,
 * and an alert for a time only asked about is worse than none, so a proposal is not a meeting;
 * the message that settles it ("Confirmed: we meet on Tuesday 9 March at 15:00.") is.
 * A question about a meeting already set ("Will the meeting on 4 May be webcast?") proposes nothing.
 */
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
  const spans = proposalSpans(u.text);
  if (spans.length === 0) return false;
  const inside = (i: number) => spans.some((s) => i >= s.start && i < s.end);
  const times = rd.times(u);
  if (!u.dates.some((d) => inside(d.index)) && !times.some((t) => inside(t.index))) return false;
  for (const s of spans)
    rd.diagAt(
      u,
      s.start,
      s.end - s.start,
      'schedule.proposed-time',
      'info',
      `"${u.text.slice(s.start, s.end).trim()}" proposes a time: it is not read as a meeting until a message confirms it.`,
    );
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
