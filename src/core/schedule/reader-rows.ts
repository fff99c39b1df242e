/** Table rows: a table of meetings, its header naming each column's role. */
import { findIdentities, slug } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import type { ResolvedDate, Segment, Unit } from './reader-types.js';
import { isMilestone } from './reference-dates.js';
import { CANCELLED, EXCLUDE_CUE, POSTPONED } from './text-rules.js';
import { findTimes } from './times.js';
import { venueFromText } from './venue.js';
import { readZoneAfter } from './zones.js';

export function row(rd: ReaderCore, u: Unit): void {
  const cells = u.cells ?? [];
  const table = rd.doc.blocks[u.block]?.cell?.table ?? -1 - u.block;
  const roles = rd.tableHeader?.block === table ? rd.tableHeader.cells : [];
  const role = (i: number) => roles[i] ?? '';
  // A row whose date cell is blank continues the day of the row above: "| | 14:00-16:00 | Tariffs |".
  const continued = u.dates.length === 0 ? continuedDay(rd, table, cells, roles) : undefined;
  if (u.dates.length === 0 && !continued) {
    if (!rd.tableHeader || rd.tableHeader.block !== table) {
      rd.tableHeader = { block: table, cells: cells.map((c) => c.text.toLowerCase()), unit: u };
      rd.tableDay = undefined;
    } else undatedRow(rd, u, cells, roles);
    return;
  }
  const rowDates = continued ? [continued] : u.dates;
  // "Timezone | Date/Time": one meeting's time in other zones, a table of equivalents, not of meetings.
  if (EQUIVALENTS_COLUMN.test(role(0)) && !roles.some((r) => TITLE_COLUMN.test(r))) return;
  let seg: Segment | undefined;
  let title: string | undefined;
  let ordinal: number | undefined;
  for (const [i, c] of cells.entries()) {
    const r = role(i);
    if (/\b(num|no\.?|#|number)\b|^mtg/.test(r) && /^\d{1,4}$/.test(c.text)) ordinal = Number(c.text);
    else if (TITLE_COLUMN.test(r) && !/num/.test(r))
      // Rows that skip an empty cell shift their cells: a time or a date is no title.
      title = /\p{L}{3}/u.test(c.text) && !CLOCK_CELL.test(c.text) ? c.text : title;
  }
  // "Briefing on staffing (cancelled)": the status tag is the row's status, not part of the name.
  if (title) title = title.replace(STATUS_TAG, '').trim() || title;
  if (ordinal !== undefined && rd.mainSeries) {
    seg = rd.segmentFor(
      { index: 0, length: 0, text: String(ordinal), ordinal, series: rd.mainSeries, pattern: 'numbered' },
      rd.evidence(u, 0, u.text.length),
      u.text,
    );
  }
  if (!seg) {
    const ids = findIdentities(u.text, true).filter((m) => m.ordinal !== undefined);
    seg = ids[0] ? rd.segmentFor(ids[0], rd.evidenceFor(u, ids[0]), u.text) : undefined;
  }
  const timeColumn = roles.some((r) => TIME_COLUMN.test(r));
  // "Date | Time" rows under one meeting's title: its days, each row a sitting of its own.
  let daysOfOne = false;
  if (!seg) {
    // A row of a table of meetings without numbers: "2016-07-26 to 2016-07-28 | Redmond, WA | Microsoft".
    const first = rowDates[0] as ResolvedDate;
    const named =
      title ??
      cells.find(
        (c, i) =>
          c.text !== '' &&
          !u.dates.some((d) => d.index >= c.index && d.index < c.index + c.text.length) &&
          !CLOCK_CELL.test(c.text) &&
          !TIME_COLUMN.test(role(i)) &&
          !DAY_COLUMN.test(role(i)) &&
          !WEEKDAY_CELL.test(c.text) &&
          !venueFromText(c.text),
      )?.text;
    const t = title ?? (rd.mainSeries ? `${rd.mainSeries} meeting` : named);
    // "15 May | Deadline for written comments": a row of a timetable that is no meeting.
    if (t && EXCLUDE_CUE.test(t)) return;
    // "Feature freeze | 15 March 2027" under "Milestone | Date": a plan's milestone, no meeting.
    if (!title && named && isMilestone(named, roles)) return;
    if (!t) {
      // "Date | Time" under one meeting's title: its days and sessions, not meetings of their own.
      if (
        !timeColumn ||
        !cells.some((c, i) => TIME_COLUMN.test(role(i)) && findTimes(c.text).mentions.length)
      )
        return;
      seg = rd.main;
      daysOfOne = true;
    } else {
      // Two meetings on one day are two rows, each its own meeting: keyed by day and name.
      seg = rd.segment(title ? `row:${first.start}:${slug(title)}` : `row:${first.start}`);
      seg.title ??= { value: t, evidence: rd.evidence(u, 0, u.text.length) };
      if (rd.mainSeries && !seg.series)
        seg.series = { value: rd.mainSeries, evidence: rd.evidence(u, 0, u.text.length) };
    }
  }
  // Dates: a start and an end column, or one dates column.
  const dated = cells
    .map((c, i) => ({
      c,
      i,
      dates: u.dates.filter((d) => d.index >= c.index && d.index < c.index + c.text.length),
    }))
    .filter((x) => x.dates.length > 0);
  const startCell = dated.find((x) => /first|start|from|begin/.test(role(x.i))) ?? dated[0];
  const endCell = dated.find((x) => /last|end|to|until/.test(role(x.i)));
  const s = continued ?? startCell?.dates[0];
  // The day is quoted where it is written, in the row above, with what was uncertain about it.
  if (daysOfOne) {
    if (s && !continued) tableDaysOfOne(rd, seg, u, table, s);
  } else if (continued && rd.tableDay) {
    if (rd.tableDay.fact) seg.headerDates.push({ ...rd.tableDay.fact });
  } else if (s) {
    const e = endCell?.dates[0];
    const span = { ...s, end: e ? e.end : s.end, length: e ? e.index + e.length - s.index : s.length };
    const before = seg.headerDates.length;
    rd.headerDatesFrom(seg, u, [span], false);
    const fact = seg.headerDates.length > before ? seg.headerDates[seg.headerDates.length - 1] : undefined;
    rd.tableDay = fact ? { table, date: s, fact } : undefined;
  }
  // Times: a cell under a time column, or (when the table has one and rows skip empty
  // cells) any cell that is nothing but a clock time: "12,00", "19:30", "10h00-12h00".
  const day = s;
  if (day) {
    for (const [i, c] of cells.entries()) {
      const inCell = u.dates.filter((d) => d.index >= c.index && d.index < c.index + c.text.length);
      // "Date and time | 4 March 2027, 10:00-12:00": the time after the date in one cell.
      const dateAndTime = inCell.length > 0 && TIME_COLUMN.test(role(i)) && DATE_COLUMN.test(role(i));
      if (!TIME_COLUMN.test(role(i)) && !(timeColumn && CLOCK_CELL.test(c.text))) continue;
      if (inCell.length > 0 && !dateAndTime) continue;
      // The date is blanked out, so that "2027 - 1300" is never read as a range of times.
      let cellText = c.text;
      for (const d of inCell) {
        const at = d.index - c.index;
        cellText = `${cellText.slice(0, at)}${' '.repeat(d.length)}${cellText.slice(at + d.length)}`;
      }
      // A decimal comma between hour and minutes is a clock time only in such a cell.
      const text = cellText
        .replace(/^(\d{1,2}),(\d{2})\b/, '$1:$2')
        .replace(/([-\u2013]\s*\d{1,2}),(\d{2})\b/, '$1:$2');
      const found = findTimes(text).mentions;
      if (found.length === 0) continue;
      rd.sessionsFrom(
        seg,
        u,
        [day],
        found.slice(0, 1).map((t) => ({ ...t, index: t.index + c.index })),
        true,
      );
      break;
    }
  }
  // "| Wed 22 March | 10:00-13:00 | Briefing (cancelled) |", "| ... | Cancelled |": the row's own status
  // (never of the one meeting whose days a "Date | Time" table lists).
  const stated = daysOfOne ? undefined : rowStatus(cells, roles);
  if (stated) seg.status ??= { value: stated, evidence: rd.evidence(u, 0, u.text.length) };
  headerZone(rd, seg, roles);
  for (const [i, c] of cells.entries()) {
    const r = role(i);
    if (/location|venue|city|place|lugar|lieu|\bort\b|sede/.test(r)) rd.venueFrom(seg, u, c.text, 2, c.index);
    if (/time ?zone|\btz\b/.test(r)) {
      const st = readZoneAfter(u.text, c.index);
      if (st) seg.zones.push({ statement: st, evidence: rd.evidence(u, st.index, st.length) });
    }
  }
}

/**
 * "Informal consultations | postponed | to be confirmed": a row of a table of meetings that gives
 * no day, only a status or a day still to be set. The meeting keeps its title and the status the
 * row states (postponed, cancelled), with no day, never one made up; a day still to be set is
 * said in an info. A row with neither says nothing.
 */
function undatedRow(
  rd: ReaderCore,
  u: Unit,
  cells: { text: string; index: number }[],
  roles: string[],
): void {
  const status = CANCELLED.test(u.text) ? 'cancelled' : POSTPONED.test(u.text) ? 'postponed' : undefined;
  // "Room TBD" leaves the room open, not the day: only a cell under a date or status column, or
  // a cell that says nothing else ("TBC", "date to be confirmed"), leaves the day open.
  const openCell = cells.find(
    (c, i) =>
      OPEN_DAY.test(c.text) &&
      (DATE_COLUMN.test(roles[i] ?? '') ||
        /status|estado|[ée]tat|stand/.test(roles[i] ?? '') ||
        !/\p{L}/u.test(
          c.text.replace(OPEN_DAY, '').replace(/\b(?:the\s+)?(?:dates?|days?|fecha|datum)\b/gi, ''),
        )),
  );
  const open = openCell ? OPEN_DAY.exec(u.text.slice(openCell.index)) : null;
  if (open && openCell) open.index += openCell.index;
  if (!status && !open) return;
  const said = (c: { text: string }) =>
    CANCELLED.test(c.text) || POSTPONED.test(c.text) || OPEN_DAY.test(c.text) || STATUS_CELL.test(c.text);
  const named =
    cells.find((c, i) => TITLE_COLUMN.test(roles[i] ?? '') && /\p{L}{3}/u.test(c.text) && !said(c)) ??
    cells.find(
      (c) =>
        /\p{L}{3}/u.test(c.text) &&
        !said(c) &&
        !CLOCK_CELL.test(c.text) &&
        !WEEKDAY_CELL.test(c.text) &&
        !venueFromText(c.text),
    );
  if (!named || EXCLUDE_CUE.test(named.text)) return;
  const ev = rd.evidence(u, 0, u.text.length);
  const id = findIdentities(named.text, true).find((m) => m.ordinal !== undefined);
  const seg =
    (id ? rd.segmentFor(id, rd.evidenceFor(u, id), u.text) : undefined) ??
    rd.segment(`row:undated:${slug(named.text)}`);
  seg.title ??= { value: named.text, evidence: rd.evidence(u, named.index, named.text.length) };
  if (rd.mainSeries && !seg.series) seg.series = { value: rd.mainSeries, evidence: ev };
  if (status) seg.status ??= { value: status, evidence: ev };
  if (open)
    rd.diagAt(
      u,
      open.index,
      open[0].length,
      'schedule.day-to-be-set',
      'info',
      `The day of "${named.text}" is still to be set ("${open[0]}"); no day is given for it.`,
    );
}

/** A status word tagged after a name: "(cancelled)", "- POSTPONED", "[CANCELLED]", "– annulée". */
const STATUS_TAG =
  /\s*[-:,([\u2013\u2014]\s*(?:cancell?ed|postponed|annul[ée]e?|report[ée]e?|cancelad[ao]|aplazad[ao]|abgesagt|verschoben)\s*[)\]]?\s*$/i;

/** A cell that is only a status word. */
const STATUS_WORD =
  /^\s*[([]?\s*(?:cancell?ed|postponed|annul[ée]e?|report[ée]e?|cancelad[ao]|aplazad[ao]|abgesagt|verschoben)\s*[)\]]?\s*$/i;

/**
 * The status a dated row of a table of meetings gives its meeting: a cell that is only a status
 * word (under a status column or not), or one tagged after the meeting's name. A name that merely
 * contains such a word ("Briefing on cancelled flights") says nothing.
 */
function rowStatus(cells: { text: string }[], roles: string[]): 'cancelled' | 'postponed' | undefined {
  for (const [i, c] of cells.entries()) {
    const underStatus = /status|estado|[ée]tat|stand/.test(roles[i] ?? '');
    if (!STATUS_WORD.test(c.text) && !STATUS_TAG.test(c.text) && !(underStatus && c.text.length <= 40))
      continue;
    if (CANCELLED.test(c.text)) return 'cancelled';
    if (POSTPONED.test(c.text)) return 'postponed';
  }
  return undefined;
}

/** A day still to be set: "TBC", "to be confirmed", "date to be determined", "à confirmer", "por confirmar". */
const OPEN_DAY =
  /(?<!\p{L})(?:tb[acd]|to be (?:confirmed|determined|announced|decided|fixed|set)|not yet (?:scheduled|fixed|set|known)|[àa] (?:confirmer|d[ée]terminer|fixer|pr[ée]ciser)|por (?:confirmar|determinar|definir)|a confirmar|noch offen|steht noch nicht fest)(?!\p{L})/iu;

/** A cell that only states how sure the row is: "confirmed", "tentative", "confirmada". */
const STATUS_CELL =
  /^\s*(?:confirmed|tentative|provisional|confirm[ée]e?|confirmad[ao]|best[äa]tigt|-|\u2013)\s*$/i;

/**
 * A row of a "Date | Time" table under one meeting's title: its day is one of the meeting's
 * days, never a second dates line that disagrees with the first. The first row gives the
 * meeting its dates when nothing above did, and the rows below widen them; under a dates line
 * given above, the rows only add their sittings.
 */
function tableDaysOfOne(rd: ReaderCore, seg: Segment, u: Unit, table: number, s: ResolvedDate): void {
  const own = rd.tableDay?.table === table && rd.tableDay.days ? rd.tableDay.fact : undefined;
  if (own) {
    if (s.start < own.span.start) own.span.start = s.start;
    if (s.end > own.span.end) own.span.end = s.end;
    rd.tableDay = { table, date: s, fact: own, days: true };
    return;
  }
  if (seg.headerDates.length > 0 || (rd.tableDay?.table === table && rd.tableDay.days)) {
    rd.tableDay = { table, date: s, days: true };
    return;
  }
  const before = seg.headerDates.length;
  rd.headerDatesFrom(seg, u, [s], false);
  const fact = seg.headerDates.length > before ? seg.headerDates[seg.headerDates.length - 1] : undefined;
  rd.tableDay = { table, date: s, ...(fact ? { fact } : {}), days: true };
}

/**
 * The day a dateless row continues: the day of the row above in the same table, when the
 * header has a date column, this row's cell under it is blank and the row gives a clock time.
 */
function continuedDay(
  rd: ReaderCore,
  table: number,
  cells: { text: string; index: number }[],
  roles: string[],
): ResolvedDate | undefined {
  const prev = rd.tableDay?.table === table ? rd.tableDay.date : undefined;
  if (!prev) return undefined;
  const dateAt = roles.findIndex((r) => DATE_COLUMN.test(r));
  if (dateAt < 0 || cells.length < 2 || (cells[dateAt]?.text ?? '') !== '') return undefined;
  const timed = cells.some(
    (c, i) =>
      (TIME_COLUMN.test(roles[i] ?? '') || CLOCK_CELL.test(c.text)) && findTimes(c.text).mentions.length > 0,
  );
  if (!timed) return undefined;
  const at = cells[dateAt]?.index ?? 0;
  return { ...prev, index: at, length: 0, text: '', weekdayIssues: [] };
}

/** "Time (CET)", "Hora (UTC-5)": the zone a time column's header states holds for every row. */
function headerZone(rd: ReaderCore, seg: Segment, roles: string[]): void {
  const header = rd.tableHeader?.unit;
  if (!header || roles.length === 0) return;
  for (const [i, cell] of (header.cells ?? []).entries()) {
    if (!TIME_COLUMN.test(roles[i] ?? '')) continue;
    const open = cell.text.indexOf('(');
    const st = open >= 0 ? readZoneAfter(header.text, cell.index + open + 1) : undefined;
    if (st) seg.zones.push({ statement: st, evidence: rd.evidence(header, st.index, st.length) });
  }
}

/** A column of dates. */
const DATE_COLUMN = /^(?:dates?|days?|when|date and time|date\/time|date & time|fecha|datum|jour)\b/;

/** A column naming a meeting. */
const TITLE_COLUMN =
  /\b(title|event|meeting|name|type|tipo|sesi[oó]n|session|s[ée]ance|sitzung|evento|items?|subject|topic|activity|activities|body|committee|group)\b/;

/** A first column of zones or places, each row giving the same meeting's local time. */
const EQUIVALENTS_COLUMN = /^\s*(?:time ?zones?|zones?|tz|region|local time|your time ?zone)\s*$/;

/** A column of days ("Day", "Date", "Jour", "Día"): its cells are never the meeting's name. */
const DAY_COLUMN = /^(?:days?|dates?|jours?|d[ií]as?|tage?|fechas?|datum)$/;

/** A cell that is only a day of the week, in the languages the reader knows ("Monday", "Mar.", "Jeudi"). */
const WEEKDAY_CELL =
  /^\s*(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?\s*$|^\s*(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\s*$/i;

/** A table column of clock times. */
const TIME_COLUMN = /\b(times?|hours?|hora|horas|horario|heures?|horaires?|uhrzeit|zeit|when)\b/;

/** A table cell that is only a clock time or a range of them. */
const CLOCK_CELL =
  /^\s*\d{1,2}[,.:h]\d{2}(?:\s*[-\u2013]\s*\d{1,2}[,.:h]\d{2})?\s*(?:hs?\.?|horas?|uhr|heures?)?\s*$/i;
