import ICAL from 'ical.js';
import { messageOf, RapporteurError } from '../errors.js';
import { TextBuilder } from './builder.js';
import { decodeText } from './encoding.js';
import { boundZoneRules, unsafeRule } from './ics-rules.js';
import { calendarTime, instantMs, tzidOf, ZoneReport } from './ics-time.js';
import type { ExtractContext, RecurrenceWindow } from './options.js';
import { setPresent } from './present.js';
import type { CalendarEvent, CalendarMethod, CalendarTime, Document, ExtractionWarning } from './types.js';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

const METHODS = new Set<CalendarMethod>([
  'PUBLISH',
  'REQUEST',
  'REPLY',
  'ADD',
  'CANCEL',
  'REFRESH',
  'COUNTER',
  'DECLINECOUNTER',
]);
const STATUSES = new Set(['TENTATIVE', 'CONFIRMED', 'CANCELLED']);
const DEFAULT_MAX_OCCURRENCES = 500;
/** Ten years: longer events are data errors, and ical.js would spend ages normalising them. */
const MAX_DURATION_SECONDS = 10 * 366 * 24 * 3600;
/** Occurrences skipped before the window starts, at most (a guard for rules that start far in the past). */
const MAX_SKIPPED = 20_000;

/** Reads an iCalendar file into a `Document` whose `events` are the calendar's events. */
export function readIcs(bytes: Uint8Array, ctx: ExtractContext): Document {
  const { text } = decodeText(bytes, ctx.name);
  const { events, warnings } = parseCalendar(text, ctx);
  return calendarDocument(events, warnings, ctx.name);
}

/**
 * Parses iCalendar text into events: UID, SEQUENCE, METHOD, STATUS, start and end with
 * their zones (VTIMEZONE definitions, IANA names, Windows names mapped to IANA), all-day
 * and floating values, RECURRENCE-ID overrides, and recurring events expanded over a
 * bounded window with EXDATE applied. A calendar that cannot be parsed at all is
 * CORRUPT_FILE; a bad event is skipped with a warning naming it.
 */
export function parseCalendar(
  text: string,
  ctx: ExtractContext,
): { events: CalendarEvent[]; warnings: ExtractionWarning[] } {
  const warnings: ExtractionWarning[] = [];
  const hint = 'Export the event again from the calendar program (as .ics) and send that file.';
  let source = normaliseSource(text);
  if (!/^BEGIN:VCALENDAR/im.test(source)) {
    // A bare component (BEGIN:VEVENT ...) is read as a calendar holding it.
    if (!/^BEGIN:V[A-Z]+\b/im.test(source)) {
      throw new RapporteurError(
        'CORRUPT_FILE',
        `${ctx.name} is not an iCalendar file (no BEGIN:VCALENDAR).`,
        { hint },
      );
    }
    source = `BEGIN:VCALENDAR\n${source}\nEND:VCALENDAR`;
  }
  let calendars: Component[];
  try {
    calendars = calendarsOf(ICAL.parse(source));
  } catch (err) {
    // ical.js refuses a whole file for one bad line: read what can be read, event by event.
    const recovered = recover(source);
    if (recovered.calendars.length === 0) {
      throw new RapporteurError(
        'CORRUPT_FILE',
        `${ctx.name} is not a valid iCalendar file: ${errorText(err)}.`,
        { hint },
      );
    }
    calendars = recovered.calendars;
    warnings.push({
      code: 'ics.partially-read',
      message: `${ctx.name} is not entirely valid (${errorText(err)}); ${recovered.skipped} component(s) that could not be parsed were skipped.`,
    });
  }
  const events: CalendarEvent[] = [];
  for (const cal of calendars) readOneCalendar(cal, ctx, events, warnings);
  if (events.length === 0) {
    warnings.push({ code: 'ics.no-events', message: `${ctx.name} contains no events (VEVENT).` });
  }
  return { events, warnings };
}

function calendarsOf(parsed: unknown): Component[] {
  const roots = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  const out: Component[] = [];
  for (const jcal of roots) {
    if (!Array.isArray(jcal)) continue;
    const root = new ICAL.Component(jcal as never);
    if (root.name === 'vcalendar') out.push(root);
    else out.push(...root.getAllSubcomponents('vcalendar'));
  }
  return out;
}

/**
 * Line-ending normalisation plus one common producer error: a DATE value ("20140609")
 * without VALUE=DATE on a date property, which ical.js would misread as a broken DATE-TIME.
 */
function normaliseSource(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(
      /^(DTSTART|DTEND|DUE|EXDATE|RDATE|RECURRENCE-ID)((?:;[^:\n]*)?):(\d{8}(?:,\d{8})*)$/gim,
      (line, name: string, params: string, value: string) =>
        /;VALUE=/i.test(params) ? line : `${name}${params};VALUE=DATE:${value}`,
    );
}

/**
 * Re-reads a calendar that ical.js refused as a whole: each VEVENT (with the calendar's
 * own properties and the VTIMEZONEs that parse) becomes a calendar of its own.
 */
function recover(source: string): { calendars: Component[]; skipped: number } {
  const lines = source.split('\n');
  const header: string[] = [];
  const zones: string[][] = [];
  const events: string[][] = [];
  let current: string[] | undefined;
  let kind: 'zone' | 'event' | undefined;
  let depth = 0;
  for (const line of lines) {
    const begin = /^BEGIN:(\w+)/i.exec(line)?.[1]?.toUpperCase();
    const end = /^END:(\w+)/i.exec(line)?.[1]?.toUpperCase();
    if (begin === 'VCALENDAR' || end === 'VCALENDAR') continue;
    if (!current && (begin === 'VEVENT' || begin === 'VTIMEZONE')) {
      current = [];
      kind = begin === 'VEVENT' ? 'event' : 'zone';
      depth = 0;
    }
    if (current) {
      current.push(line);
      if (begin) depth++;
      if (end) depth--;
      if (depth === 0) {
        (kind === 'event' ? events : zones).push(current);
        current = undefined;
      }
    } else if (!begin && !end && /^[A-Z-]+[:;]/i.test(line) && !/^[ \t]/.test(line)) {
      header.push(line);
    }
  }
  const attempt = (body: string[]) => {
    try {
      return calendarsOf(ICAL.parse(['BEGIN:VCALENDAR', ...body, 'END:VCALENDAR'].join('\n')));
    } catch {
      return undefined;
    }
  };
  // Second chance: without the lines that are not content lines at all ("X", "SUMMARY=...", blank).
  const parses = (body: string[]) =>
    attempt(body) ??
    attempt(body.filter((line) => /^[ \t]/.test(line) || /^[A-Za-z0-9-]+(;[^:]*)?:/.test(line)));
  const goodHeader = header.filter((line) => parses([line]) !== undefined);
  const goodZones = zones.filter((z) => parses(z) !== undefined);
  const calendars: Component[] = [];
  let skipped = zones.length - goodZones.length;
  for (const ev of events) {
    const cal = parses([...goodHeader, ...goodZones.flat(), ...ev]);
    if (cal) calendars.push(...cal);
    else skipped++;
  }
  return { calendars, skipped };
}

function readOneCalendar(
  cal: Component,
  ctx: ExtractContext,
  out: CalendarEvent[],
  warnings: ExtractionWarning[],
): void {
  const methodRaw = String(cal.getFirstPropertyValue('method') ?? '')
    .trim()
    .toUpperCase();
  const method = METHODS.has(methodRaw as CalendarMethod) ? (methodRaw as CalendarMethod) : undefined;
  if (methodRaw && !method) {
    warnings.push({
      code: 'ics.unknown-method',
      message: `Unknown METHOD "${methodRaw.slice(0, 40)}" ignored.`,
    });
  }
  boundZoneRules(cal, warnings);
  const zones = new ZoneReport(warnings);
  const vevents = cal.getAllSubcomponents('vevent');
  const masters = new Map<string, Component>();
  const overrides = new Map<string, Component[]>();
  vevents.forEach((ev, i) => {
    const uid = String(ev.getFirstPropertyValue('uid') ?? '').trim() || `(no UID #${i + 1})`;
    if (ev.hasProperty('recurrence-id')) {
      const list = overrides.get(uid) ?? [];
      list.push(ev);
      overrides.set(uid, list);
    } else if (!masters.has(uid)) {
      masters.set(uid, ev);
    } else {
      warnings.push({
        code: 'ics.duplicate-uid',
        message: `Two events share the UID ${uid.slice(0, 80)}; both kept.`,
      });
      masters.set(`${uid}\u0000${i}`, ev);
    }
  });

  for (const [key, master] of masters) {
    ctx.check();
    const uid = key.split('\u0000')[0] as string;
    try {
      const own = overrides.get(uid) ?? [];
      overrides.delete(uid);
      out.push(...expandEvent(master, uid, own, method, ctx, zones, warnings));
    } catch (err) {
      if (err instanceof RapporteurError) throw err;
      warnings.push({
        code: 'ics.event-unreadable',
        message: `The event ${uid.slice(0, 80)} could not be read (${errorText(err)}) and was skipped.`,
      });
    }
  }
  // Overrides without their series (an invitation to one occurrence) stand on their own.
  for (const [uid, list] of overrides) {
    for (const ev of list) {
      try {
        const event = baseEvent(ev, uid, method, zones);
        if (event) out.push(event);
        else warnings.push(missingStart(uid));
      } catch (err) {
        warnings.push({
          code: 'ics.event-unreadable',
          message: `The event ${uid.slice(0, 80)} could not be read (${errorText(err)}) and was skipped.`,
        });
      }
    }
  }
}

function expandEvent(
  comp: Component,
  uid: string,
  exceptions: Component[],
  method: CalendarMethod | undefined,
  ctx: ExtractContext,
  zones: ZoneReport,
  warnings: ExtractionWarning[],
): CalendarEvent[] {
  const base = baseEvent(comp, uid, method, zones);
  if (!base) {
    warnings.push(missingStart(uid));
    return [];
  }
  const event = new ICAL.Event(comp, { strictExceptions: false, exceptions });
  if (!event.isRecurring()) {
    return [base, ...exceptions.map((e) => baseEvent(e, uid, method, zones)).filter((e) => e !== undefined)];
  }
  const rule = comp.getFirstPropertyValue('rrule') as InstanceType<typeof ICAL.Recur> | null;
  let problem = rule ? unsafeRule(rule, base.start.dateOnly) : undefined;
  if (!problem && Math.abs(event.duration.toSeconds()) > MAX_DURATION_SECONDS)
    problem = 'each occurrence would last over ten years';
  if (problem) {
    warnings.push({
      code: 'ics.recurrence-not-expanded',
      message: `The recurring event ${uid.slice(0, 80)} was not expanded: ${problem}. Its first occurrence is listed.`,
    });
    return [base];
  }
  try {
    return expandRecurrences(event, comp, uid, base, method, ctx, zones, warnings);
  } catch (err) {
    if (err instanceof RapporteurError) throw err;
    // A malformed RDATE/EXDATE or an unusual rule: the series as stated is still worth having.
    warnings.push({
      code: 'ics.recurrence-not-expanded',
      message: `The recurring event ${uid.slice(0, 80)} was not expanded (${errorText(err)}). Its first occurrence is listed.`,
    });
    return [base, ...exceptions.map((e) => baseEvent(e, uid, method, zones)).filter((e) => e !== undefined)];
  }
}

function expandRecurrences(
  event: InstanceType<typeof ICAL.Event>,
  comp: Component,
  uid: string,
  base: CalendarEvent,
  method: CalendarMethod | undefined,
  ctx: ExtractContext,
  zones: ZoneReport,
  warnings: ExtractionWarning[],
): CalendarEvent[] {
  const window = expansionWindow(ctx.options.recurrenceWindow, base);
  const max = ctx.options.recurrenceWindow?.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES;
  const dtstartProp = comp.getFirstProperty('dtstart');
  const hint = tzidOf(dtstartProp);
  const iterator = event.iterator();
  const out: CalendarEvent[] = [];
  let skipped = 0;
  let truncated = false;
  for (let next = iterator.next(); next; next = iterator.next()) {
    const at = instantMs(next, hint, zones);
    if (!Number.isFinite(at)) throw new Error('an occurrence has no valid date');
    if (at >= window.end) break;
    if (at < window.start) {
      // Skipping is work too: the time budget is checked while skipping, not only while keeping.
      if (skipped % 256 === 255) ctx.check();
      if (++skipped > MAX_SKIPPED) {
        warnings.push({
          code: 'ics.recurrence-truncated',
          message: `The recurring event ${uid.slice(0, 80)} has too many occurrences before the expansion window; expansion stopped.`,
        });
        break;
      }
      continue;
    }
    if (out.length >= max) {
      truncated = true;
      break;
    }
    if (out.length % 64 === 63) ctx.check();
    const details = event.getOccurrenceDetails(next);
    const item = details.item;
    const itemStartProp = item.component.getFirstProperty('dtstart');
    const occurrence: CalendarEvent =
      item === event ? { ...base } : (baseEvent(item.component, uid, method, zones) ?? { ...base });
    occurrence.start = calendarTime(details.startDate, item === event ? hint : tzidOf(itemStartProp), zones);
    const hasEnd = item.component.hasProperty('dtend') || item.component.hasProperty('duration');
    if (hasEnd || base.end)
      occurrence.end = calendarTime(details.endDate, item === event ? hint : tzidOf(itemStartProp), zones);
    occurrence.recurrenceId =
      calendarTime(details.recurrenceId, hint, zones).utc ?? details.recurrenceId.toString();
    occurrence.occurrence = out.length;
    out.push(occurrence);
  }
  if (truncated) {
    warnings.push({
      code: 'ics.recurrence-truncated',
      message: `The recurring event ${uid.slice(0, 80)} has more than ${max} occurrences in the expansion window; only the first ${max} are listed.`,
    });
  }
  return out;
}

/** The event as stated (no expansion); undefined without a usable DTSTART. */
function baseEvent(
  comp: Component,
  uid: string,
  method: CalendarMethod | undefined,
  zones: ZoneReport,
): CalendarEvent | undefined {
  const startProp = comp.getFirstProperty('dtstart');
  const startValue = startProp?.getFirstValue() as Time | null | undefined;
  if (!startProp || !startValue || typeof startValue !== 'object' || !('year' in startValue))
    return undefined;
  const start = calendarTime(startValue, tzidOf(startProp), zones);
  const seqRaw = Number(comp.getFirstPropertyValue('sequence') ?? 0);
  const event: CalendarEvent = { uid, sequence: Number.isFinite(seqRaw) ? seqRaw : 0, start };
  if (method) event.method = method;
  const status = String(comp.getFirstPropertyValue('status') ?? '').toUpperCase();
  if (STATUSES.has(status)) event.status = status as CalendarEvent['status'] & string;
  const text = (name: string) => {
    const v = comp.getFirstPropertyValue(name);
    return v === null || v === undefined ? undefined : String(v).trim() || undefined;
  };
  setPresent(event, {
    summary: text('summary'),
    description: text('description'),
    location: text('location'),
    url: text('url'),
  });
  const organizerProp = comp.getFirstProperty('organizer');
  if (organizerProp) {
    const address = String(organizerProp.getFirstValue() ?? '').replace(/^mailto:/i, '');
    const cn = organizerProp.getParameter('cn');
    const name = Array.isArray(cn) ? cn[0] : cn;
    if (address || name) event.organizer = name ? `${name}${address ? ` <${address}>` : ''}` : address;
  }
  const endProp = comp.getFirstProperty('dtend');
  const endValue = endProp?.getFirstValue() as Time | null | undefined;
  if (endProp && endValue && typeof endValue === 'object' && 'year' in endValue) {
    event.end = calendarTime(endValue, tzidOf(endProp), zones);
  } else if (comp.hasProperty('duration')) {
    const duration = comp.getFirstPropertyValue('duration') as InstanceType<typeof ICAL.Duration> | null;
    if (duration && typeof duration === 'object' && 'toSeconds' in duration) {
      // ical.js normalises dates month by month: an absurd DURATION would never finish.
      if (Math.abs(duration.toSeconds()) > MAX_DURATION_SECONDS) {
        zones.warn(
          'ics.duration-out-of-range',
          `The event ${uid.slice(0, 80)} has an implausible DURATION; its end was left out.`,
        );
      } else {
        const end = startValue.clone();
        end.addDuration(duration);
        event.end = calendarTime(end, tzidOf(startProp), zones);
      }
    }
  }
  const rrule = comp.getFirstProperty('rrule');
  if (rrule) event.rrule = String(rrule.getFirstValue() ?? '');
  const recurrenceProp = comp.getFirstProperty('recurrence-id');
  const recurrence = recurrenceProp?.getFirstValue() as Time | null | undefined;
  if (recurrenceProp && recurrence && typeof recurrence === 'object' && 'year' in recurrence) {
    const rid = calendarTime(recurrence, tzidOf(recurrenceProp), zones);
    event.recurrenceId = rid.utc ?? rid.local;
  }
  const stamp = comp.getFirstPropertyValue('last-modified') ?? comp.getFirstPropertyValue('dtstamp');
  if (stamp && typeof stamp === 'object' && 'year' in stamp) {
    const t = calendarTime(stamp as Time, undefined, zones);
    event.stamp = t.utc ?? t.local;
  }
  return event;
}

function expansionWindow(
  window: RecurrenceWindow | undefined,
  base: CalendarEvent,
): { start: number; end: number } {
  const first = base.start.utc
    ? Date.parse(base.start.utc)
    : Date.parse(base.start.dateOnly ? `${base.start.local}T00:00:00Z` : `${base.start.local}Z`);
  const start = window?.start ? Date.parse(window.start) : first;
  const safeStart = Number.isFinite(start) ? start : first;
  const oneYear = new Date(safeStart);
  oneYear.setUTCFullYear(oneYear.getUTCFullYear() + 1);
  const end = window?.end ? Date.parse(window.end) : oneYear.getTime();
  return { start: safeStart, end: Number.isFinite(end) ? end : oneYear.getTime() };
}

function missingStart(uid: string): ExtractionWarning {
  return {
    code: 'ics.no-start',
    message: `The event ${uid.slice(0, 80)} has no valid DTSTART and was skipped.`,
  };
}

function errorText(err: unknown): string {
  return messageOf(err).slice(0, 160);
}

/** One readable paragraph per event, so calendar files can be searched and shown like other documents. */
export function calendarDocument(
  events: CalendarEvent[],
  warnings: ExtractionWarning[],
  name: string,
): Document {
  const builder = new TextBuilder();
  for (const ev of events) {
    const lines = [
      ev.summary ?? '(no title)',
      `When: ${describeTime(ev.start)}${ev.end ? ` to ${describeTime(ev.end)}` : ''}`,
    ];
    if (ev.location) lines.push(`Where: ${ev.location}`);
    if (ev.status) lines.push(`Status: ${ev.status}`);
    if (ev.method) lines.push(`Method: ${ev.method}`);
    if (ev.description) lines.push(ev.description);
    builder.append(lines.join('\n'));
    builder.end('paragraph', { style: 'vevent' });
  }
  const { text, blocks } = builder.finish();
  return {
    type: 'ics',
    name,
    text,
    blocks,
    metadata: {},
    comments: [],
    revisions: [],
    events,
    attachments: [],
    warnings,
  };
}

function describeTime(t: CalendarTime): string {
  if (t.dateOnly) return t.local;
  const local = t.local.replace('T', ' ').slice(0, 16);
  if (t.floating) return `${local} (floating)`;
  return `${local} ${t.timeZone ?? t.sourceTimeZone ?? ''}`.trim();
}
