/**
 * The walk over the units: which lines, sentences and headings give which meeting its dates,
 * times, venue and status. One file (over 500 lines) because the walk hands each unit to the title, plain,
 * labelled, heading and prose readers below, which share the walk's state (the segment being
 * filled, the heading in force) and call one another for the same unit; split apart, each would
 * take that state as parameters and the order they are tried in would no longer be read in one place.
 */
import { agendaLine, findAgendaLines, statusOfLine } from './agenda-lines.js';
import { daysBetween } from './calendar.js';
import { effectiveFrom, retimingIn } from './change-statements.js';
import { endOfKnownSession, endsOnWeekdays } from './daily-hours.js';
import { DAILY_CUE, DAILY_START, hoursOfAPlace } from './daily-words.js';
import { findIdentities, hasMeetingWords, type IdentityMention, slug, titleKey } from './identity.js';
import { openCloseSpan, opensAndCloses } from './open-close.js';
import { timeOnOrdinalDay } from './ordinal-day.js';
import { onlyProposes, pollOptions } from './proposals.js';
import { bodySentences, type Clause, clauseMeeting, meetingClauses } from './prose-clauses.js';
import {
  anotherDayCalledOff,
  CANCELLING,
  cancelledDays,
  eventBeside,
  goesAhead,
  isOriginalDate,
  MINUTES_OF,
  meetingOnDate,
  NO_MEETING,
  namedMeetingSetFor,
  nextUnderCalledOff,
  otherEvent,
  QUESTION,
  sittingWhereActed,
} from './reader-asides.js';
import { alternatesDayFirst, isProse, type ReaderCore } from './reader-core.js';
import { findHeaderEnd, findTitledItems } from './reader-layout.js';
import { row } from './reader-rows.js';
import type { ResolvedDate, Segment, Unit } from './reader-types.js';
import {
  EXCLUDE_CUE,
  excludedDates,
  expand,
  labelledValueEnd,
  MEETING_CUE,
  QUICK_WORDS,
  ZONE_STATEMENT,
} from './text-rules.js';
import { findTimes, formatTime, leadingMilitaryTime, type TimeMention } from './times.js';
import { nextMeetingTitle, titleText } from './titles.js';
import type { LocalDate } from './types.js';
import { readZoneAfter } from './zones.js';

/** What the walk carries from line to line: the day a heading opened, the meeting a heading named. */
interface WalkState {
  day?: { date: LocalDate; level: number } | undefined;
  headingSegment?: { seg: Segment; level: number } | undefined;
}

export function walk(rd: ReaderCore, titleUnit: number): void {
  const state: WalkState = {};
  const titledItems = findTitledItems(rd);
  const agendaLines = findAgendaLines(rd.units);
  const headerEnd = findHeaderEnd(rd, titleUnit);
  const options = pollOptions(rd.units, (u) => rd.times(u).length > 0);
  let titleArea = 0;
  for (const [k, u] of rd.units.entries()) {
    // A question only about times ("Could we meet on ...?", "What time does the meeting on ... start?"), even as the title line.
    if (u.kind !== 'heading' && u.kind !== 'row' && onlyProposes(rd, u, options.has(u))) continue;
    // A one-sentence announcement ("The sixth meeting of the MPP will take place on Monday
    // 9 June 2014 from 14:00 to 18:00 at ITU, Geneva.", typed in a chat) is its own title
    // line, but it is prose: it is read like any sentence, so its times are not lost.
    if (k === titleUnit && !(u.kind !== 'heading' && isProse(u.text))) {
      titleLine(rd, u);
      titleArea = 3;
      continue;
    }
    if (k === titleUnit) titleArea = 3;
    const inTitleArea = titleArea > 0;
    if (titleArea > 0) titleArea--;
    if (u.dateline) continue;
    if (u.numbered && k > headerEnd) {
      // An agenda point of minutes may still say when the meeting started ("1. Call to order. The meeting was scheduled for 10am").
      if (u.dates.length === 0) startTimeOfKnownDay(rd, u, rd.main);
      continue;
    }
    if (u.excludedSection) continue;
    if (u.ancestors.includes('exclude')) continue;

    if (u.kind === 'heading') {
      heading(rd, u, state);
      continue;
    }

    if (u.kind === 'row') {
      row(rd, u);
      continue;
    }

    // A unit without a digit, a label or a status word cannot state a date, a time or a change.
    if (
      !u.label &&
      u.dates.length === 0 &&
      !/\d/.test(u.text) &&
      !QUICK_WORDS.test(u.text) &&
      !ZONE_STATEMENT.test(u.text)
    )
      continue;
    // "Week of 5 January: No meetings", "There will be no call on 5 May": a day or a period without a meeting.
    if (u.dates.length <= 1 && NO_MEETING.test(u.text)) continue;
    const seg0 = state.headingSegment?.seg ?? rd.main;
    // "The call's start will change from 16:00 to 15:00": a new time, not a new meeting.
    if (u.dates.length === 0 && retiming(rd, u, seg0)) continue;
    const label = u.label;
    const parent = u.ancestors[u.ancestors.length - 1];
    const underOther = u.ancestors.some(
      (a) => a !== 'dates' && a !== 'times' && a !== 'dates-times' && a !== 'venue',
    );

    if (label && label.kind !== 'other') {
      labelledLine(rd, u, k, seg0, label, underOther);
      continue;
    }

    // Lines under a dates or times label: "10:00 to 17:00 PDT on 23 and 24 May 2016".
    if (parent === 'dates' || parent === 'times' || parent === 'dates-times') {
      if (underOther) continue;
      const times = rd.times(u);
      if (times.length > 0) rd.sessionsFrom(seg0, u, u.dates, times);
      else if (u.dates.length > 0) rd.headerDatesFrom(seg0, u, u.dates, false);
      continue;
    }
    if (parent === 'venue') {
      continue;
    }

    // Titled items in a list of meetings: "NETmundial: 23-24 April 2014, Sao Paulo".
    const titled = titledItems.get(k);
    if (titled) {
      titledItem(rd, u, titled);
      continue;
    }
    // "Informal Consultations on 3 June 2027", "Webinar 2 – Tuesday, May 10 at 10.00 EDT".
    const agenda = agendaLines.get(k);
    if (agenda && !underOther) {
      agendaLine(rd, u, agenda);
      continue;
    }

    // Items and lines that name another meeting: "MPP-1: 7-8 October 2013, Geneva".
    const ids = findIdentities(
      u.text,
      u.kind !== 'sentence' && (u.kind === 'item' || hasMeetingWords(u.text) || u.text.length < 120),
    ).filter((m) => m.ordinal !== undefined || m.tbd);
    if (label?.kind === 'other' && !underOther && u.dates.length === 0 && timedMeetingLine(rd, u, label))
      continue;
    if (label?.kind === 'other' && !underOther && meetingOnDate(rd, u, label, seg0)) continue;
    if (u.kind === 'sentence' || (label && label.kind === 'other')) {
      if (underOther && u.kind !== 'sentence') continue;
      prose(rd, u, ids, seg0);
      continue;
    }
    const lineSeg = (ids[0] ? rd.segmentFor(ids[0], rd.evidenceFor(u, ids[0]), u.text) : undefined) ?? seg0;
    if (underOther) continue;
    plainLine(rd, u, { seg0, lineSeg, ids, state, inHeader: k <= headerEnd, inTitleArea });
  }
}

/** The title line: it may carry dates ("Sixth MPP meeting, 9 June 2014"), and a time with one day. */
function titleLine(rd: ReaderCore, u: Unit): void {
  rd.headerDatesFrom(rd.main, u, u.dates, true);
  rd.zoneStatementsIn(rd.main, u); // "Programme of the workshop (all times CEST)"
  const titleTimes = rd.times(u);
  const only = u.dates[0];
  if (u.dates.length === 1 && only && only.start === only.end && titleTimes.length === 1)
    rd.sessionsFrom(rd.main, u, u.dates, titleTimes);
}

/** Where a plain line stands: the meeting above it and the one it names; in the header, just under the title. */
interface LinePlace {
  seg0: Segment;
  lineSeg: Segment;
  ids: IdentityMention[];
  state: WalkState;
  inHeader: boolean;
  inTitleArea: boolean;
}

/**
 * A line that is neither a heading, a row, a labelled value nor a sentence: a line that opens
 * with a date or a time, a time under a day a heading opened, or a line to read as prose.
 */
function plainLine(rd: ReaderCore, u: Unit, place: LinePlace): void {
  const { seg0, lineSeg, ids, state, inHeader, inTitleArea } = place;
  const times = rd.times(u);
  const firstDate = u.dates[0];
  const lead = firstDate ? u.text.slice(0, firstDate.index).replace(/[-*+\u2022]/g, ' ') : '';
  // "UTC Wed 09-Oct-2024 14:00": a zone written before the date still opens the line with it.
  const zoneLead = /^\W*[A-Z]{2,5}\s+$/.exec(lead) ? readZoneAfter(lead, 0) : undefined;
  const opensWithDate =
    firstDate !== undefined &&
    (/^[\W\d]*(?:(?:on|am|le|el|vom|del|el d[ií]a)\s+)?$/i.test(lead) || zoneLead !== undefined);
  const opensWithTime =
    times[0] !== undefined && /^[\W]*(?:from\s+)?$/i.test(u.text.slice(0, times[0].index));
  // "approval of the minutes of the 2nd session of 6 November": the earlier session is only cited.
  if (firstDate && lineSeg !== seg0 && lineSeg !== rd.main && MINUTES_OF.test(u.text)) return;
  // "17 March 2027: deadline for written submissions": a day for something other than a meeting.
  if (firstDate && opensWithDate && times.length === 0 && EXCLUDE_CUE.test(u.text)) return;
  if (firstDate && (opensWithDate || (lineSeg !== seg0 && lineSeg !== rd.main))) {
    if (zoneLead && times.length > 0)
      lineSeg.zones.push({
        statement: zoneLead,
        evidence: rd.evidence(u, zoneLead.index, zoneLead.length),
      });
    if (times.length > 0) {
      rd.sessionsFrom(lineSeg, u, u.dates, times);
      if (firstDate.start !== firstDate.end) rd.headerDatesFrom(lineSeg, u, u.dates.slice(0, 1), false);
    } else if ((firstDate.start !== firstDate.end && inHeader) || lineSeg !== seg0 || inTitleArea) {
      rd.headerDatesFrom(lineSeg, u, u.dates.slice(0, 1), false);
      rd.venueFrom(lineSeg, u, u.text.slice(firstDate.index), 2, firstDate.index);
    } else if (firstDate.start !== firstDate.end) {
      return;
    } else if (inHeader || lineSeg !== seg0) {
      rd.addDay(lineSeg, u, firstDate);
    }
    if (firstDate.start === firstDate.end) state.day = { date: firstDate.start, level: 99 };
    rd.applyMarkers(lineSeg, u.text, rd.evidence(u, 0, u.text.length), false);
    return;
  }
  if (opensWithTime) {
    if (firstDate) {
      rd.sessionsFrom(lineSeg, u, u.dates, times);
    } else if (state.day) {
      rd.sessionsFrom(lineSeg, u, [{ ...rd.dayAsDate(state.day.date) }], times);
    } else {
      rd.timeWithoutDate(u, times[0] as TimeMention);
    }
    return;
  }
  if (!firstDate && state.day) {
    const lone = leadingMilitaryTime(u.text);
    if (lone) rd.sessionsFrom(lineSeg, u, [rd.dayAsDate(state.day.date)], [lone]);
    else {
      // "All meetings are in New York time." under a programme of days: the zone of its times.
      rd.zoneStatementsIn(lineSeg, u);
      startTimeOfKnownDay(rd, u, lineSeg);
    }
    return;
  }
  // Just under the title, a date line is the meeting's date; a sentence that schedules it
  // with a time ("The Commission will meet on 11 March at 14:00") is read as prose, times kept.
  const schedules = times.length > 0 && MEETING_CUE.test(u.text);
  if (firstDate && inTitleArea && !EXCLUDE_CUE.test(u.text) && !u.label && !schedules) {
    rd.headerDatesFrom(lineSeg, u, u.dates.slice(0, 1), false);
    rd.venueFrom(lineSeg, u, u.text.slice(0, firstDate.index), 2);
    // "The meeting, scheduled for 8 June, has been postponed.": the status is said here too.
    rd.applyMarkers(lineSeg, u.text, rd.evidence(u, 0, u.text.length), false);
    return;
  }
  if (firstDate || /\bcancel|postpon|reschedul|moved\b/i.test(u.text)) prose(rd, u, ids, lineSeg);
  else {
    // "The agenda follows, with all times listed in UTC:": a line that gives the zone of what follows.
    rd.zoneStatementsIn(lineSeg, u);
    startTimeOfKnownDay(rd, u, lineSeg);
  }
}

/** A heading: it may name a meeting of its own, give its dates, or open one day's programme. */
function heading(rd: ReaderCore, u: Unit, state: WalkState): void {
  const level = u.headingLevel ?? 1;
  if (state.headingSegment && level <= state.headingSegment.level) state.headingSegment = undefined;
  if (state.day && level <= state.day.level) state.day = undefined;
  const ids = findIdentities(u.text, true).filter((m) => m.ordinal !== undefined || m.tbd);
  const own = ids[0] ? rd.segmentFor(ids[0], rd.evidenceFor(u, ids[0]), u.text) : undefined;
  const seg = own ?? state.headingSegment?.seg ?? rd.main;
  if (own && own !== rd.main) state.headingSegment = { seg: own, level };
  rd.applyMarkers(seg, u.text, rd.evidence(u, 0, u.text.length), own !== undefined);
  if (u.dates.length === 0) return;
  const first = u.dates[0] as ResolvedDate;
  const times = rd.times(u);
  // A heading with one day opens that day's programme; a range or a named meeting states the meeting's dates.
  if (first.start !== first.end || own) {
    rd.headerDatesFrom(seg, u, u.dates, true);
    rd.venueFrom(seg, u, u.text.slice(0, first.index), 2);
  }
  if (first.start === first.end) state.day = { date: first.start, level };
  if (times.length > 0) rd.sessionsFrom(seg, u, u.dates, times);
  else if (first.start === first.end) rd.addDay(seg, u, first);
}

/** A `Label: value` line whose label gives the value its role (dates, times, venue, zone, title). */
function labelledLine(
  rd: ReaderCore,
  u: Unit,
  k: number,
  seg0: Segment,
  label: NonNullable<Unit['label']>,
  underOther: boolean,
): void {
  const valueText = u.text.slice(label.valueStart);
  const valueDates = u.dates.filter((d) => d.index >= label.valueStart);
  if (underOther && label.kind !== 'title') return;
  switch (label.kind) {
    case 'dates':
    case 'dates-times':
    case 'times': {
      const end = labelledValueEnd(u.text, label.valueStart);
      const times = rd.times(u).filter((t) => t.index >= label.valueStart && t.index < end);
      const own = valueDates.filter((d) => d.index < end);
      // "Dates: 4 May 2027, 10:00-12:00; 5 May 2027, 9:00-11:00": the line's days are the meeting's.
      const days = alternatesDayFirst(own, times) ? [spanOfDays(own)] : own;
      if (label.kind !== 'times') rd.headerDatesFrom(seg0, u, days, false);
      if (times.length > 0) rd.sessionsFrom(seg0, u, own, times);
      break;
    }
    case 'venue':
    case 'host':
      // "Venue: Town Hall, Glasgow. Light lunch will be served from 13:00.": the place, not the lunch.
      if (valueText.trim())
        rd.venueFrom(
          seg0,
          u,
          u.text.slice(label.valueStart, labelledValueEnd(u.text, label.valueStart)),
          label.kind === 'venue' ? 3 : 1,
          label.valueStart,
        );
      else rd.venueFromChildren(seg0, k, label.kind === 'venue' ? 3 : 1);
      break;
    case 'zone': {
      const st = readZoneAfter(u.text, label.valueStart) ?? rd.cityZone(valueText, label.valueStart);
      if (st) seg0.zones.push({ statement: st, evidence: rd.evidence(u, st.index, st.length), wide: true });
      break;
    }
    case 'title': {
      const ids = findIdentities(valueText, true);
      const ev = rd.evidence(u, label.valueStart, valueText.length);
      if (!rd.main.title) rd.main.title = { value: titleText(valueText), evidence: ev };
      if (!rd.main.ordinal) rd.applyIdentity(rd.main, ids[0], ev, valueText);
      // "CANCELLED: ..." carries its status in the label itself.
      rd.applyMarkers(rd.main, u.text, rd.evidence(u, 0, u.text.length), true);
      // "Reminder: The council meeting next week will be on 10 April at 16:00." is a sentence to read.
      if (
        valueDates.length > 0 &&
        isProse(valueText) &&
        !/^(?:subject|re|title|objet)$/i.test(label.name.trim())
      )
        prose(rd, u, [], seg0);
      break;
    }
    default:
      break;
  }
}

export function titledItem(rd: ReaderCore, u: Unit, title: string): void {
  const label = u.label as NonNullable<Unit['label']>;
  const ids = findIdentities(title, true).filter((m) => m.ordinal !== undefined);
  const ev = rd.evidence(u, 0, label.name.length);
  const seg = ids[0] ? (rd.segmentFor(ids[0], ev, title) ?? rd.main) : rd.segment(`title:${slug(title)}`);
  if (!seg.title) seg.title = { value: titleText(title), evidence: ev };
  const valueDates = u.dates.filter((d) => d.index >= label.valueStart);
  rd.headerDatesFrom(seg, u, valueDates.slice(0, 1), false);
  const times = rd.times(u).filter((t) => t.index >= label.valueStart);
  if (times.length > 0) rd.sessionsFrom(seg, u, valueDates.slice(0, 1), times);
  rd.venueFrom(seg, u, u.text.slice(label.valueStart), 2, label.valueStart);
  statusOfLine(rd, seg, u);
}

/** A sentence: dates count when it speaks of a meeting and not of a deadline. */
export function prose(rd: ReaderCore, u: Unit, ids: IdentityMention[], fallback: Segment): void {
  // "The Outreach Group meeting is still set for the 19th at 21:00": another meeting, its own day.
  if (ids.length === 0 && namedMeetingSetFor(rd, u)) return;
  const text = u.text;
  const ev = rd.evidence(u, 0, text.length);
  const proseIds =
    ids.length > 0 ? ids : findIdentities(text, false).filter((m) => m.ordinal !== undefined || m.tbd);
  // Status words belong to the meeting the sentence names, by number or by the title of a meeting listed above.
  const named = proseIds.length === 0 ? segmentNamedIn(rd, text) : undefined;
  if (named) fallback = named;
  const statusSeg = proseIds[0]
    ? (rd.segmentFor(proseIds[0], rd.evidenceFor(u, proseIds[0]), text) ?? fallback)
    : fallback;
  // "The strategy call on 18 March is cancelled." about the call of 16 March: another day's meeting.
  if (proseIds.length === 0 && !named && anotherDayCalledOff(rd, u, statusSeg)) return;
  // "The following meeting, initially planned for 24 March, is postponed to 31 March": the status
  // words are said of that next meeting (made below), not of the one the text is about.
  const ofNext =
    proseIds.length === 0 &&
    !named &&
    statusSeg === rd.main &&
    NEXT_CUE.test(text) &&
    u.dates.length > 0 &&
    statusSeg.headerDates.length > 0 &&
    u.dates.every((d) => statusSeg.headerDates.every((h) => !inSpan(d, h.span)));
  if (!ofNext) rd.applyMarkers(statusSeg, text, ev, false);
  rd.zoneStatementsIn(statusSeg, u);
  // Impossible times in a sentence about a meeting are worth a diagnostic even without a date.
  const cue = MEETING_CUE.test(text);
  if (cue || proseIds.length > 0) rd.times(u);
  if (u.dates.length === 0) {
    startTimeOfKnownDay(rd, u, statusSeg);
    return;
  }
  // "The text will be adopted on 1 April in the opening session": the session is the meeting.
  if (sittingWhereActed(rd, u)) return;
  // "The new time starts with the next call on March 18": the first meeting under a change.
  const effective = effectiveFrom(text, (u.dates[0] as ResolvedDate).index);
  // "so I'm cancelling the calls we would hold on 10, 15 and 17 October": those days are called off.
  const cancelling = CANCELLING.test(text) && !QUESTION.test(text);
  // Only a sentence without a scheduling word needs the dated-and-timed shape to count.
  const timed = !cue && datedAndTimed(rd, u);
  // "The session will be preceded by a meeting of the Bureau on 28 August": a meeting beside it.
  const beside = !cue && /\b(?:preceded|followed) by\b/i.test(text);
  // "La session s'ouvrira le lundi 29 mai ... et se terminera le vendredi 2 juin": its opening and closing days.
  const openClose = opensAndCloses(u);
  if (!cue && !beside && !openClose && proseIds.length === 0 && !effective && !cancelling && !timed) return;
  // A sentence that only names a meeting in passing ("approved at the 5th meeting") needs a scheduling word too.
  if (!cue && !timed && !openClose && !/\b(on|from|at|in)\b/i.test(text)) return;
  // "..., and registration closes on 1 March": only the dates of the clauses about the meeting.
  const excluded = excludedDates(text, u.dates);
  if (excluded && excluded.size === u.dates.length) return;
  const times = rd.times(u);
  const dated = new Set<Segment>();
  // "The 162nd session of the Board will open on 29 May and is expected to close on 30 May": one meeting named,
  // never a clause a day ("... et se terminera le 2 juin").
  const opener = proseIds.length === 1 && openClose ? proseIds[0] : undefined;
  const opened = opener ? (rd.segmentFor(opener, rd.evidenceFor(u, opener), text) ?? fallback) : fallback;
  if ((proseIds.length === 0 || opener) && openCloseSpan(rd, u, opened, times)) return;
  // "The working group will meet on 3 March ..., and the plenary on 4 March ...": a meeting per clause.
  const own = proseIds.length === 0 && !cancelling ? bodySentences(rd).get(u) : undefined;
  const clauses =
    proseIds.length === 0 && !cancelling
      ? (meetingClauses(text, u.dates) ?? (own ? [{ title: own, start: 0, end: text.length }] : undefined))
      : undefined;
  if (clauses) {
    for (const [i, d] of u.dates.entries())
      if (!excluded?.has(d))
        clauseMeeting(rd, u, d, clauses[i] as Clause, times, goesAhead(rd, u, fallback, d) ?? fallback);
    return;
  }
  // "will meet on 4 May, 10:00-12:00, and on 5 May, 9:00-11:00": one meeting, each day with its hours.
  if (proseIds.length === 0 && !cancelling && !excluded?.size && alternatesDayFirst(u.dates, times)) {
    rd.headerDatesFrom(fallback, u, [spanOfDays(u.dates)], false);
    rd.sessionsFrom(fallback, u, u.dates, times);
    rd.venueFrom(fallback, u, text, 1, 0);
    return;
  }
  for (const [i, d] of u.dates.entries()) {
    if (excluded?.has(d)) continue;
    // The meeting named closest before the date (or the first one named) owns it.
    const owner = [...proseIds].reverse().find((m) => m.index < d.index) ?? proseIds[0];
    let seg = owner ? (rd.segmentFor(owner, rd.evidenceFor(u, owner), text) ?? fallback) : fallback;
    // "The meeting next week will be on 20 September" under a page about the 13 September
    // meeting: the next meeting of the series, a meeting of its own.
    const elsewhere = seg.headerDates.some((h) => !inSpan(d, h.span));
    // "L'an deux mille vingt, le dix-sept septembre, le conseil s'est réuni": minutes of a sitting already held,
    // under the announcement of the next one: the sitting held is a meeting of its own.
    if (!owner && seg === rd.main && elsewhere && HELD_CUE.test(text)) seg = sittingOf(rd, 'held', d);
    // "The session will resume on 9 February" after the day it was suspended: the resumed sitting.
    if (!owner && seg === rd.main && elsewhere && RESUME_CUE.test(text)) seg = sittingOf(rd, 'resumed', d);
    if (!owner && seg === rd.main && NEXT_CUE.test(text) && (elsewhere || nextUnderCalledOff(seg, text))) {
      const next = rd.segment(`next:${d.start}`);
      // Not the title's number: "4th meeting" names the meeting the text is about, not the next one.
      if (rd.main.title) next.title ??= { ...rd.main.title, value: nextMeetingTitle(rd.main.title.value) };
      if (rd.main.series) next.series ??= rd.main.series;
      if (ofNext) rd.applyMarkers(next, text, ev, false);
      seg = next;
    }
    // "The session will be preceded by a meeting of the Bureau on 28 August": that meeting's day.
    // A sentence read only for its "preceded by" gives its days to the event it names, never to the meeting.
    const side =
      !owner && seg === rd.main && elsewhere && !cancelling ? eventBeside(rd, u, seg, d) : undefined;
    if (beside && proseIds.length === 0 && !side) continue;
    seg = side ?? seg;
    // One sentence, one date per meeting: "from 10 to 13 June, with pre-events on 9 June" speaks of two things.
    if (!owner && cancelling) seg = cancelledDays(rd, seg, d, ev);
    else if (!owner) seg = goesAhead(rd, u, seg, d) ?? seg;
    // A briefing held on the original date of a postponed meeting: the briefing is the meeting here.
    const other = owner ? undefined : otherEvent(rd, u, seg);
    if (other) {
      if (isOriginalDate(text, d)) rd.headerDatesFrom(seg, u, [d], false);
      seg = other;
    }
    if (dated.has(seg)) continue;
    dated.add(seg);
    rd.headerDatesFrom(seg, u, [d], false);
    const next = u.dates[i + 1];
    const own = times.filter((t) => t.index > d.index - 40 && (!next || t.index < next.index));
    // "the committees at 8:00 ... the ordinary session at 11:00 on the same day", in two
    // sentences: two meetings, never one from 8:00 to 11:00.
    if (own.length > 0 && startsElsewhere(rd, seg, u, d.start, own)) seg = otherSitting(rd, seg, u, d, own);
    if (own.length > 0) rd.sessionsFrom(seg, u, [d], retimedOnDay(rd, u, seg, own));
    // "will take place on 23 May, 28 May and 30 May": days apart are meetings of their own, each a day.
    else if (d.list && !consecutive(d.list))
      for (const day of d.list) rd.addDay(seg, u, { ...d, start: day, end: day });
    const placeText = text.slice(owner ? owner.index : 0, next ? next.index : text.length);
    rd.venueFrom(seg, u, placeText, 1, owner ? owner.index : 0);
  }
}

/**
 * "Side event: Oceans and climate - Tuesday 16 November 2027, 13:15-14:30, Room 6, Glasgow.":
 * a short line that gives one full day and the hours of that day says when something meets,
 * even without a scheduling verb (deadlines and publications are excluded before this).
 */
function datedAndTimed(rd: ReaderCore, u: Unit): boolean {
  if (u.text.length > 200 || u.dates.length !== 1) return false;
  const d = u.dates[0] as ResolvedDate;
  if (d.yearSource !== 'stated' && !/\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i.test(d.text))
    return false;
  if (EXCLUDE_CUE.test(u.text)) return false;
  const times = rd.times(u);
  return times.length >= 1 && times.length <= 2 && times.every((t) => Math.abs(t.index - d.index) <= 40);
}

/**
 * "The meeting will start at 15:00." after a sentence that gave its one day: a start
 * (or a range) said of the meeting, without a date of its own, applies to that day.
 */
export function startTimeOfKnownDay(rd: ReaderCore, u: Unit, seg: Segment): void {
  if (EXCLUDE_CUE.test(u.text) || timeOnOrdinalDay(rd, u, seg)) return;
  const days = new Set(seg.headerDates.map((h) => `${h.span.start}|${h.span.end}`));
  const only = seg.headerDates[0];
  // "Daily sessions will run from 10 a.m. to 1 p.m. and from 3 p.m. to 6 p.m.": every day of the meeting.
  // An opening hour said before ("The session will open at 10 a.m. on Monday") gives no day its end:
  // the daily hours still apply, and the opening merges with the first day's hours.
  if (hoursOfAPlace(u.text)) return;
  if (DAILY_CUE.test(u.text) && seg.headerDates.length > 0 && !seg.sessions.some((x) => x.start && x.end)) {
    const times = rd.times(u).filter((t) => t.end !== undefined);
    if (times.length > 0 && times.length <= 3) rd.sessionsFrom(seg, u, [], times);
    // "Meetings will begin at 9AM each day, and end ... on Wednesday": the start said of every day.
    const daily = times.length === 0 ? DAILY_START.exec(u.text) : null;
    const at = daily ? rd.times(u).find((t) => t.index === (daily.index ?? 0) + daily[0].length) : undefined;
    if (at && only && days.size === 1) {
      // One session a day, so that "end at 5pm on Wednesday and Thursday" can end some of them.
      for (const day of expand(only.span.start, only.span.end))
        rd.sessionsFrom(seg, u, [{ ...rd.dayAsDate(day), index: at.index, length: 0 }], [at]);
      endsOnWeekdays(rd, u, seg);
    } else if (at) rd.sessionsFrom(seg, u, [], [at]);
    return;
  }
  // "We plan to finish by 1pm on Friday" after a start said of each day.
  if (endsOnWeekdays(rd, u, seg)) return;
  if (endOfKnownSession(rd, u, seg)) return;
  const start = START_CUE.exec(u.text);
  const cue = start ?? HELD_FROM.exec(u.text);
  if (!cue) return;
  if (days.size !== 1 || !only || only.span.start !== only.span.end) return;
  if (seg.sessions.some((x) => x.start !== undefined)) return;
  // Only the sentence that says when the meeting starts: "was scheduled for 10am. Called to order at 10:03am."
  const from = Math.max(0, u.text.lastIndexOf('. ', cue.index) + 1);
  const stop = /[.!?](?=\s+[A-Z]|\s*$)/g;
  stop.lastIndex = cue.index;
  const to = stop.exec(u.text)?.index ?? u.text.length;
  const times = rd.times(u).filter((t) => t.index >= from && t.index < to);
  const said = times.length === 2 ? startThenEnd(u.text, times) : times;
  if (said.length !== 1) return;
  // "will be held from 15:00 to 18:00" says a range: a lone time there is no start.
  if (start === null && (said[0] as TimeMention).end === undefined) return;
  rd.sessionsFrom(seg, u, [rd.dayAsDate(only.span.start)], said);
}

/** "The meeting will be held from 15:00 to 18:00", "... will take place between ...": the hours of the meeting. */
const HELD_FROM =
  /\b(?:it|they|the\s+(?:meeting|session|sitting|consultations?|call|webinar|workshop|briefing|dialogue|event)s?)\s+(?:will|is\s+to|shall|is\s+scheduled\s+to)\s+(?:be\s+held|take\s+place|run|meet|sit|convene)\s+(?=from\b|between\b)/i;

/** Before the second of two times: the meeting's end ("... start at 15:00 and end at 18:00"). */
const THEN_ENDS =
  /\b(?:and|,)\s+(?:(?:is|are)\s+(?:expected|scheduled|due)\s+to\s+|will\s+|should\s+)?(?:end|finish|close|conclude|adjourn)\s+(?:at|by|around)\s+(?:approximately\s+|about\s+)?$/i;

/**
 * Two single times in the sentence that says when the meeting starts, the second after an end
 * verb ("will start at 15:00 (Geneva time) and end at 18:00"): one range. Otherwise both, as found.
 */
function startThenEnd(text: string, times: TimeMention[]): TimeMention[] {
  const [a, b] = times as [TimeMention, TimeMention];
  if (a.end !== undefined || b.end !== undefined) return times;
  if (!THEN_ENDS.test(text.slice(Math.max(a.index + a.length, b.index - 60), b.index))) return times;
  if (b.start.hour * 60 + b.start.minute <= a.start.hour * 60 + a.start.minute) return times;
  // Placed at the start, so that a zone said right after it ("15:00 (Geneva time)") is still read.
  return [{ ...a, end: b.start }];
}

/**
 * "The meeting on 14 April has been moved from 10:00-12:00 to 15:00-17:00": of the times said
 * with a day, the new one is the session; the old start is kept as what changed. Other
 * sentences keep every time they give.
 */
function retimedOnDay(rd: ReaderCore, u: Unit, seg: Segment, own: TimeMention[]): TimeMention[] {
  if (own.length < 2) return own;
  const r = retimingIn(u.text, own);
  if (!r?.from || r.from === r.to) return own;
  seg.correction ??= { value: 'rescheduled', evidence: rd.evidence(u, 0, u.text.length) };
  seg.changedStart ??= {
    value: formatTime(r.from.start),
    evidence: rd.evidence(u, r.from.index, r.from.length),
  };
  return [r.to];
}

/**
 * A sentence without a date that re-times the meeting ("now starts at 15:00", "moved up an
 * hour to 1pm (instead of the usual 2pm)"): its new start applies to the meeting's days,
 * wherever the text gives them, and its old start is kept as what changed.
 */
export function retiming(rd: ReaderCore, u: Unit, seg: Segment): boolean {
  if (EXCLUDE_CUE.test(u.text) || !/\b(?:meeting|session|call|telecon\w*|start\w*|begin\w*)\b/i.test(u.text))
    return false;
  // Every time, the old one in brackets too: "to 1pm (instead of 2pm)" is no equivalence.
  const times = findTimes(u.text, (i) => readZoneAfter(u.text, i) !== undefined).mentions;
  const r = retimingIn(u.text, times);
  if (!r) return false;
  let to: TimeMention = r.to;
  if (r.toEnd && r.to.end) {
    // "from 16:00 to 15:00" read as one range: its end is the new start, alone.
    const { end, ...single } = r.to;
    to = { ...single, start: end, overnight: false };
  }
  if (seg.sessions.some((x) => x.start !== undefined)) return true;
  rd.sessionsFrom(seg, u, [], [to]);
  seg.correction ??= { value: 'rescheduled', evidence: rd.evidence(u, 0, u.text.length) };
  if (r.from && !seg.changedStart) {
    const from = r.from;
    seg.changedStart = {
      value: formatTime(from.start),
      evidence: rd.evidence(u, from.index, from.length),
    };
  }
  return true;
}

/** A segment (other than the main one) whose title the text mentions, when exactly one does. */
export function segmentNamedIn(rd: ReaderCore, text: string): Segment | undefined {
  const folded = titleKey(text);
  const hits = [...rd.segments.values()].filter((seg) => {
    if (seg === rd.main || !seg.title) return false;
    const key = titleKey(seg.title.value);
    return key.length >= 6 && folded.includes(key);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** True when another unit already gave this day a lone start that differs from these lone starts. */
function startsElsewhere(rd: ReaderCore, seg: Segment, u: Unit, day: LocalDate, own: TimeMention[]): boolean {
  if (own.some((t) => t.end !== undefined)) return false;
  const here = rd.evidence(u, 0, u.text.length);
  return seg.sessions.some(
    (x) =>
      x.start !== undefined &&
      x.end === undefined &&
      Array.isArray(x.dates) &&
      x.dates.includes(day) &&
      !own.some((t) => formatTime(t.start) === x.start) &&
      x.evidence.every((e) => e.offset === undefined || e.offset < (here.offset ?? 0)),
  );
}

/** A second sitting on the same day: its own meeting, named by the sentence's identity when it has one. */
function otherSitting(rd: ReaderCore, seg: Segment, u: Unit, d: ResolvedDate, own: TimeMention[]): Segment {
  const at = formatTime((own[0] as TimeMention).start);
  const other = rd.segment(`${seg.key}@${d.start}T${at}`);
  const id = findIdentities(u.text, false)[0];
  const title = id ? id.text : seg.title?.value;
  if (title && !other.title)
    other.title = { value: titleText(title), evidence: rd.evidence(u, 0, u.text.length) };
  rd.headerDatesFrom(other, u, [d], false);
  return other;
}

/**
 * "Americas friendly meeting: 21:00 UTC" under a text that gave the one day: each such line
 * is a meeting of its own on that day, and the day alone is no longer a meeting.
 */
function timedMeetingLine(rd: ReaderCore, u: Unit, label: NonNullable<Unit['label']>): boolean {
  if (!hasMeetingWords(label.name) || label.name.length > 80) return false;
  const value = u.text.slice(label.valueStart);
  const times = rd.times(u).filter((t) => t.index >= label.valueStart);
  if (times.length !== 1 || !/^\W*$/.test(u.text.slice(label.valueStart, (times[0] as TimeMention).index)))
    return false;
  const zone = readZoneAfter(u.text, (times[0] as TimeMention).index + (times[0] as TimeMention).length);
  if (value.length > 40 + (zone?.length ?? 0)) return false;
  const days = new Set(rd.main.headerDates.map((h) => `${h.span.start}|${h.span.end}`));
  const only = rd.main.headerDates[0];
  if (days.size !== 1 || !only || only.span.start !== only.span.end) return false;
  if (rd.main.sessions.some((x) => x.start !== undefined)) return false;
  const seg = rd.segment(`title:${slug(label.name)}`);
  seg.title ??= { value: titleText(label.name), evidence: rd.evidence(u, 0, label.name.length) };
  if (rd.main.series) seg.series ??= rd.main.series;
  seg.headerDates.push({ ...only });
  // "Meeting times are changing ... New times: ...": what the text said of the day is said of each line.
  if (rd.main.status) seg.status ??= rd.main.status;
  if (rd.main.correction) seg.correction ??= rd.main.correction;
  rd.sessionsFrom(seg, u, [rd.dayAsDate(only.span.start)], times);
  if (zone) seg.zones.push({ statement: zone, evidence: rd.evidence(u, zone.index, zone.length) });
  rd.mainSplit = true;
  return true;
}

/** A sitting told as held, in the languages the reader knows. */
const HELD_CUE =
  /\b(?:s'est (?:r[ée]uni\w*|tenue?)|se sont r[ée]uni\w*|se reuni[óo]|tagte|(?:was|were) held on|met on)\b/i;

/** A session taken up again after a suspension. */
const RESUME_CUE = /\b(?:will resume|resumes on|reprendra|reanudar[áa]|wird fortgesetzt)\b/i;

function sittingOf(rd: ReaderCore, kind: 'held' | 'resumed', d: ResolvedDate): Segment {
  const held = rd.segment(`${kind}:${d.start}`);
  if (rd.main.title) held.title ??= rd.main.title;
  if (rd.main.series) held.series ??= rd.main.series;
  return held;
}

/** The series' next meeting: "the following meeting", "la réunion suivante", "la próxima sesión". */
const NEXT_CUE =
  /\b(?:next|following|upcoming)\s+(?:\w+\s+)?(?:meeting|call|session|week)\b|\b(?:meeting|call|session)\s+next\s+week\b|\b(?:r[ée]union|s[ée]ance|session|reuni[óo]n|sesi[óo]n)\s+(?:[\wéèêàâîôûç-]+\s+)?(?:suivante|siguiente)\b|\b(?:prochaine|pr[óo]xima|n[äa]chste[nrs]?)\s+(?:[\wéèêàâîôûç-]+\s+)?(?:r[ée]union|s[ée]ance|session|reuni[óo]n|sesi[óo]n|sitzung|treffen)\b/i;

function inSpan(d: ResolvedDate, span: { start: LocalDate; end: LocalDate }): boolean {
  return d.start >= span.start && d.end <= span.end;
}

/** Days that follow each other without a gap: one meeting over several days. */

function consecutive(days: LocalDate[]): boolean {
  return days.every((day, i) => i === 0 || daysBetween(days[i - 1] as LocalDate, day) === 1);
}

/** Words that say when a meeting starts, in the languages the date reader knows. */
const START_CUE =
  /\b(?:begins?|starts?|will (?:begin|start|open|convene)|(?:is|was|has been|had been) (?:scheduled|set|called) (?:for|at)|commencera|commence|d[ée]butera|beginnt|beginnen|startet|comenzar[áa]|comienza|empezar[áa]|inicia(?:r[áa])?)\b/i;

/** One date from the first of `dates` to the last, listing their days (each given with its own hours). */
function spanOfDays(dates: readonly ResolvedDate[]): ResolvedDate {
  const first = dates[0] as ResolvedDate;
  const last = dates[dates.length - 1] as ResolvedDate;
  const list = [...new Set(dates.flatMap((d) => d.list ?? expand(d.start, d.end)))].sort();
  return {
    ...first,
    length: last.index + last.length - first.index,
    // ISO days compare as strings: the later of the two ends (not a number, so not Math.max).
    end: later(last.end, first.end),
    list,
  };
}

/** The later of two ISO days. */
function later(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}
