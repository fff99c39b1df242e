/**
 * The `rapporteur meetings` command group. One file (over 500 lines) because parse,
 * reconcile, changes and the calendar export read their inputs the same way and print the
 * JSON shapes scripts rely on, which are kept side by side.
 */
import { stat } from 'node:fs/promises';
import type { Diagnostic } from '../core/diagnostics.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits, extractDocument } from '../core/documents/index.js';
import type { Document } from '../core/documents/types.js';
import { RapporteurError } from '../core/errors.js';
import type { Extractor } from '../core/ports/index.js';
import {
  daysApart,
  describeConflict,
  describeWhen,
  diffSchedules,
  formatDateSpan,
  formatVenue,
  isUsableZone,
  type Meeting,
  type MeetingClaim,
  type MeetingContext,
  meetingContext,
  participantZone,
  type Recurrence,
  readAnnouncement,
  reconcile,
  type Schedule,
  SOURCE_KINDS,
  type SourceInfo,
  toICalendar,
} from '../core/schedule/index.js';
import { createExtractor } from '../extract/sandbox.js';
import { type InputFile, readInputFile } from '../input-files.js';
import type { CliContext, CliGroup } from './context.js';

const USAGE = `Usage:
  rapporteur meetings parse FILE... [--tz ZONE] [--json]
  rapporteur meetings reconcile FILE... [--tz ZONE] [--participants Z1,Z2] [--holiday-region R]
                                [--notice-days N] [--json]
  rapporteur meetings changes --before FILE... --after FILE... [--tz ZONE] [--json]
  rapporteur meetings ics FILE... [--tz ZONE] [--name NAME]

Reads meeting announcements (PDF letters, web pages, e-mails, calendar files, Markdown or
plain text) and tells what they say about meetings.

  parse       the claims each file makes, with the quoted text behind every fact
  reconcile   the meetings, with conflicts between sources, settled disagreements, and
              flags: public holidays at the venue, weekends, short notice, sessions past
              midnight, overlaps, local times for --participants
  changes     what changed between two sets of sources: added, cancelled, moved, re-timed,
              venue changed, conflict opened or settled (each side is a complete set)
  ics         an iCalendar feed of the meetings on stdout

Options:
  --tz ZONE            default time zone when a source states none and its venue is unknown
                       (IANA name, e.g. Europe/Zurich; default RAPPORTEUR_DEFAULT_TZ)
  --participants LIST  zones or cities of remote participants, e.g. Pacific/Fiji,Lima
  --holiday-region R   holiday calendar to use instead of the venue's, e.g. CH-GE, US-NY
  --notice-days N      fewer days between announcement and start is short notice (14)
  --name NAME          calendar name for ics
  --json               machine-readable output (shapes in README)`;

/**
 * Reads an input file into a Document through the documents module (DOCX, PDF, HTML,
 * Markdown, text, e-mail, iCalendar). With an `extractor` the file is read in the
 * extraction sandbox (time and memory limits enforced); otherwise in-process with the
 * given limits.
 */
export async function loadSourceDocument(
  file: InputFile,
  options: { limits?: ExtractLimits; extractor?: Extractor } = {},
): Promise<Document> {
  if (options.extractor) return options.extractor.extract(file.bytes, { name: file.name });
  return extractDocument(file.bytes, { name: file.name, limits: options.limits ?? DEFAULT_EXTRACT_LIMITS });
}

/** What Rapporteur knows about a file as a source: kind, name, its own date, when it was seen. */
export async function sourceInfoFor(file: InputFile, doc: Document): Promise<SourceInfo> {
  let seenAt = new Date(0).toISOString();
  try {
    seenAt = (await stat(file.path)).mtime.toISOString();
  } catch {
    // A file that vanished after reading keeps the epoch: ordering then falls back to names.
  }
  const date = doc.metadata.date ?? doc.email?.date;
  const thread = doc.email?.references?.[0] ?? doc.email?.inReplyTo;
  return {
    kind: SOURCE_KINDS[doc.type] ?? 'other',
    name: file.name,
    ...(date ? { date } : {}),
    seenAt,
    ...(thread ? { revisionKey: `mail:${thread}` } : {}),
  };
}

interface Parsed {
  file: string;
  type: Document['type'];
  source: SourceInfo;
  claims: MeetingClaim[];
  diagnostics: Diagnostic[];
}

interface Options {
  json: boolean;
  tz?: string;
  participants: string[];
  holidayRegion?: string;
  noticeDays?: number;
  name?: string;
  files: string[];
  before: string[];
  after: string[];
}

function parseArgs(args: string[], ctx: CliContext): Options {
  const o: Options = { json: false, participants: [], files: [], before: [], after: [] };
  let list: 'files' | 'before' | 'after' = 'files';
  const value = (i: number, flag: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) {
      throw new RapporteurError('INVALID_ARGUMENT', `${flag} needs a value.`, {
        hint: 'Run `rapporteur meetings --help`.',
      });
    }
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    switch (a) {
      case '--json':
        o.json = true;
        break;
      case '--tz':
        o.tz = value(i, a);
        i++;
        break;
      case '--participants':
        o.participants.push(
          ...value(i, a)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        i++;
        break;
      case '--holiday-region':
        o.holidayRegion = value(i, a);
        i++;
        break;
      case '--notice-days': {
        const n = Number(value(i, a));
        if (!Number.isInteger(n) || n < 0 || n > 365) {
          throw new RapporteurError(
            'INVALID_ARGUMENT',
            `--notice-days must be a whole number of days (0-365), not "${args[i + 1]}".`,
          );
        }
        o.noticeDays = n;
        i++;
        break;
      }
      case '--name':
        o.name = value(i, a);
        i++;
        break;
      case '--before':
        list = 'before';
        break;
      case '--after':
        list = 'after';
        break;
      default:
        if (a.startsWith('--')) {
          throw new RapporteurError('INVALID_ARGUMENT', `Unknown option "${a}".`, {
            hint: 'Run `rapporteur meetings --help`.',
          });
        }
        o[list].push(a);
    }
  }
  const tz = o.tz ?? ctx.config.defaultTimeZone;
  if (tz !== undefined) {
    if (!isUsableZone(tz)) {
      throw new RapporteurError('INVALID_ARGUMENT', `"${tz}" is not a time zone.`, {
        hint: 'Use an IANA name such as Europe/Zurich or America/New_York.',
      });
    }
    o.tz = tz;
  }
  const unknown = o.participants.filter((p) => !participantZone(p));
  if (unknown.length > 0) {
    throw new RapporteurError('INVALID_ARGUMENT', `Unknown participant zone(s): ${unknown.join(', ')}.`, {
      hint: 'Use IANA zones (Pacific/Fiji, America/Lima) or cities Rapporteur knows (Geneva, Suva, Lima).',
    });
  }
  if (o.holidayRegion !== undefined && !/^[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3})?$/.test(o.holidayRegion)) {
    throw new RapporteurError('INVALID_ARGUMENT', `"${o.holidayRegion}" is not a holiday region.`, {
      hint: 'Use a country code, optionally with a subdivision: CH, CH-GE, US-NY.',
    });
  }
  return o;
}

async function readAll(
  paths: string[],
  ctx: CliContext,
  opts: Options,
  extractor: Extractor,
): Promise<Parsed[]> {
  const out: Parsed[] = [];
  for (const path of paths) {
    const file = await readInputFile(path, ctx.cwd, ctx.config.limits.maxFileBytes);
    const doc = await loadSourceDocument(file, { extractor });
    const source = await sourceInfoFor(file, doc);
    const result = readAnnouncement(doc, source, opts.tz ? { defaultTimeZone: opts.tz } : {});
    out.push({
      file: path,
      type: doc.type,
      source: result.source,
      claims: result.claims,
      diagnostics: result.diagnostics,
    });
  }
  return out;
}

function need(files: string[], what: string): void {
  if (files.length === 0) {
    throw new RapporteurError('INVALID_ARGUMENT', `Name at least one file ${what}.`, {
      hint: 'Run `rapporteur meetings --help`.',
    });
  }
}

/** `rapporteur meetings ...`: the schedule engine from the command line. */
export const meetingsGroup: CliGroup = {
  summary:
    'Meetings from announcements: claims, reconciled schedule with conflicts and flags, changes, iCalendar.',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const [sub, ...rest] = args;
    if (sub !== 'parse' && sub !== 'reconcile' && sub !== 'changes' && sub !== 'ics') {
      throw new RapporteurError(
        'INVALID_ARGUMENT',
        sub === undefined ? 'Missing subcommand.' : `Unknown subcommand "${sub}".`,
        { hint: 'Use parse, reconcile, changes or ics; run `rapporteur meetings --help`.' },
      );
    }
    const opts = parseArgs(rest, ctx);
    if (sub === 'changes') {
      if (opts.files.length > 0) {
        throw new RapporteurError('INVALID_ARGUMENT', 'Put every file after --before or --after.', {
          hint: 'rapporteur meetings changes --before old.md --after old.md new.md',
        });
      }
      need(opts.before, 'after --before');
      need(opts.after, 'after --after');
    } else {
      need(opts.files, 'to read');
    }
    const extractor = createExtractor(ctx.config.limits);
    try {
      const reconcileOptions = opts.tz ? { defaultTimeZone: opts.tz } : {};
      if (sub === 'parse') {
        const parsed = await readAll(opts.files, ctx, opts, extractor);
        ctx.stdout(
          opts.json
            ? `${JSON.stringify({ files: parsed.map(parsedJson) }, null, 2)}\n`
            : renderParsed(parsed),
        );
        return 0;
      }
      if (sub === 'changes') {
        const before = await readAll(opts.before, ctx, opts, extractor);
        const after = await readAll(opts.after, ctx, opts, extractor);
        const changes = diffSchedules(
          reconcile(
            before.flatMap((p) => p.claims),
            reconcileOptions,
          ),
          reconcile(
            after.flatMap((p) => p.claims),
            reconcileOptions,
          ),
        );
        if (opts.json) ctx.stdout(`${JSON.stringify({ changes }, null, 2)}\n`);
        else
          ctx.stdout(
            changes.length === 0
              ? 'No changes.\n'
              : `${changes.map((c) => `${c.kind}: ${c.meeting} (${c.meetingId}), ${c.field}: ${c.before ?? '(not known)'} -> ${c.after ?? '(not known)'}`).join('\n')}\n`,
          );
        return 0;
      }
      const parsed = await readAll(opts.files, ctx, opts, extractor);
      const schedule = reconcile(
        parsed.flatMap((p) => p.claims),
        reconcileOptions,
      );
      if (sub === 'ics') {
        ctx.stdout(toICalendar(schedule, opts.name ? { name: opts.name } : {}));
        return 0;
      }
      const contexts = new Map<Meeting, MeetingContext>(
        schedule.meetings.map((m) => [
          m,
          meetingContext(m, {
            participants: opts.participants,
            otherMeetings: schedule.meetings,
            ...(opts.holidayRegion ? { holidayRegion: opts.holidayRegion } : {}),
            ...(opts.noticeDays !== undefined ? { noticeThresholdDays: opts.noticeDays } : {}),
          }),
        ]),
      );
      const diagnostics = parsed.flatMap((p) => p.diagnostics.map((d) => ({ file: p.file, ...d })));
      if (opts.json) {
        ctx.stdout(
          `${JSON.stringify({ meetings: schedule.meetings.map((m) => meetingJson(m, contexts.get(m))), series: seriesJson(schedule), diagnostics }, null, 2)}\n`,
        );
      } else {
        ctx.stdout(renderSchedule(schedule, contexts));
        const warnings = diagnostics.filter((d) => d.severity !== 'info');
        if (warnings.length > 0)
          ctx.stderr(`${warnings.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n')}\n`);
      }
      return 0;
    } finally {
      await extractor.close();
    }
  },
};

// ------------------------------------------------------------------ JSON

function parsedJson(p: Parsed): Record<string, unknown> {
  return { file: p.file, type: p.type, source: p.source, claims: p.claims, diagnostics: p.diagnostics };
}

/** The JSON of one reconciled meeting (documented in README). */
export function meetingJson(m: Meeting, ctx: MeetingContext | undefined): Record<string, unknown> {
  return {
    id: m.id,
    title: m.title,
    series: m.series ?? null,
    ordinal: m.ordinal ?? null,
    start: m.start ?? null,
    end: m.end ?? null,
    timeZone: m.timeZone ?? null,
    venue: m.venue ?? null,
    status: m.status,
    dates: m.dates ?? null,
    times: m.times ?? null,
    disputed: m.disputed,
    conflicts: m.conflicts,
    settlements: m.settlements,
    flags: ctx?.flags ?? [],
    localTimes: ctx?.localTimes ?? [],
    uncertain: m.uncertain,
    sessions: m.sessions.map((s) => ({
      date: s.date,
      start: s.start ?? null,
      end: s.end ?? null,
      ...(s.endDate ? { endDate: s.endDate } : {}),
      startAt: s.startAt ?? null,
      endAt: s.endAt ?? null,
    })),
    revision: m.revision,
    firstAnnounced: m.firstAnnounced,
    aliases: m.aliases,
    sources: m.sources,
    calendarUid: m.calendarUid ?? m.id,
    recurrence: m.recurrence ?? null,
    ...(m.occurrences ? { occurrences: m.occurrences } : {}),
    occurrenceOf: m.occurrenceOf ?? null,
  };
}

/** Recurring calendar events: one entry per series, with the ids of its occurrences. */
function seriesJson(schedule: Schedule): Record<string, unknown>[] {
  return recurringSeries(schedule).map(({ uid, meetings }) => ({
    uid,
    title: meetings[0]?.title ?? null,
    recurrence: meetings.find((m) => m.recurrence)?.recurrence ?? null,
    occurrences: meetings.map((m) => m.id),
  }));
}

/** The occurrences of each recurring calendar event, grouped by the event's UID, in order. */
function recurringSeries(schedule: Schedule): { uid: string; meetings: Meeting[] }[] {
  const groups = new Map<string, Meeting[]>();
  for (const m of schedule.meetings) {
    if (!m.occurrenceOf) continue;
    groups.set(m.occurrenceOf, [...(groups.get(m.occurrenceOf) ?? []), m]);
  }
  return [...groups].map(([uid, meetings]) => ({ uid, meetings }));
}

// ------------------------------------------------------------------ text

function renderParsed(parsed: Parsed[]): string {
  const out: string[] = [];
  for (const p of parsed) {
    out.push(
      `${p.file} (${p.type}${p.source.date ? `, dated ${p.source.date}` : ''}): ${p.claims.length} meeting claim${p.claims.length === 1 ? '' : 's'}`,
    );
    for (const c of p.claims) {
      const name = c.title?.value ?? c.uid?.value ?? '(untitled)';
      const id = c.ordinal ? ` [${c.series?.value ?? ''}#${c.ordinal.value}]` : '';
      out.push(`  ${name}${id}`);
      const fact = (
        label: string,
        value: string | undefined,
        f: { evidence: { text: string; line?: number }[]; uncertain?: string } | undefined,
      ) => {
        if (value === undefined || !f) return;
        const ev = f.evidence[0];
        const quote = ev
          ? `  <- ${ev.line !== undefined ? `line ${ev.line}: ` : ''}"${oneLine(ev.text, 70)}"`
          : '';
        out.push(`    ${label.padEnd(8)} ${value}${f.uncertain ? ` (unsure: ${f.uncertain})` : ''}${quote}`);
      };
      // "4 and 6 May 2027", never "4-6 May 2027", when the sessions skip a day.
      const apart = c.dates ? daysApart({ dates: c.dates.value, sessions: c.sessions }) : undefined;
      fact(
        'dates',
        c.dates ? (apart ?? formatDateSpan(c.dates.value.start, c.dates.value.end)) : undefined,
        c.dates,
      );
      for (const s of c.sessions.filter((x) => x.start)) {
        const ev = s.evidence[0];
        out.push(
          `    ${'session'.padEnd(8)} ${s.date} ${s.start}${s.end ? `-${s.end}` : ''}${s.endDate ? ` (ends ${s.endDate})` : ''}${s.startAt ? `  = ${s.startAt}` : ''}${ev ? `  <- ${ev.line !== undefined ? `line ${ev.line}: ` : ''}"${oneLine(ev.text, 50)}"` : ''}`,
        );
      }
      fact(
        'zone',
        c.zone
          ? `${c.zone.value.zone} (${c.zone.value.basis}${c.zone.value.stated ? `: "${c.zone.value.stated}"` : ''})`
          : undefined,
        c.zone,
      );
      fact('venue', c.venue ? formatVenue(c.venue.value) : undefined, c.venue);
      fact('status', c.status?.value, c.status);
      fact('marker', c.correction?.value, c.correction);
      fact('repeats', c.recurrence ? describeRecurrence(c.recurrence.value) : undefined, c.recurrence);
    }
    for (const d of p.diagnostics)
      out.push(`  ${d.severity}: line ${d.line}:${d.column} ${d.message} [${d.code}]`);
  }
  return `${out.join('\n')}\n`;
}

function renderSchedule(schedule: Schedule, contexts: Map<Meeting, MeetingContext>): string {
  const out: string[] = [];
  // A recurring calendar event is one series: its first occurrence in full, the others as dates.
  const later = new Map<Meeting, Meeting[]>();
  const hidden = new Set<Meeting>();
  for (const { meetings } of recurringSeries(schedule)) {
    if (meetings.length < 2) continue;
    later.set(meetings[0] as Meeting, meetings.slice(1));
    for (const m of meetings.slice(1)) hidden.add(m);
  }
  for (const m of schedule.meetings) {
    if (hidden.has(m)) continue;
    out.push(`${m.title}  [${m.id}]${m.status !== 'scheduled' ? `  ${m.status.toUpperCase()}` : ''}`);
    // A postponed meeting is not held on the days it had: they are what it was.
    const postponed = m.status === 'postponed';
    const days = m.dates ? describeWhen(m) : undefined;
    const when = postponed ? `postponed${days ? ` (was ${days})` : ''}` : (days ?? 'not dated yet');
    out.push(`  when:   ${when}${m.disputed.length ? `  (disputed: ${m.disputed.join(', ')})` : ''}`);
    if (m.start && !postponed) out.push(`          starts ${m.start}${m.end ? `, ends ${m.end}` : ''}`);
    if (m.venue) out.push(`  where:  ${formatVenue(m.venue)}`);
    for (const c of m.conflicts) out.push(`  CONFLICT ${c.field}: ${describeConflict(c)}`);
    for (const s of m.settlements)
      out.push(`  settled ${s.field}: ${s.value} by ${s.settledBy.name} (${s.reason})`);
    for (const u of m.uncertain) out.push(`  unsure ${u.field}: ${u.reason}`);
    const ctx = contexts.get(m);
    for (const f of ctx?.flags ?? []) out.push(`  ${f.kind}: ${f.message}`);
    if (ctx?.localTimes.length) out.push(`  local:  ${ctx.localTimes.map((t) => t.text).join('; ')}`);
    if (m.recurrence) out.push(`  repeats: ${describeRecurrence(m.recurrence)}`);
    if (m.occurrences?.length)
      out.push(
        `  next:   ${m.occurrences
          .slice(0, 6)
          .map((o) => o.date)
          .join(', ')}${m.occurrences.length > 6 ? ', ...' : ''}`,
      );
    const rest = later.get(m);
    if (rest) {
      const dates = rest.map((x) => x.dates?.start ?? x.id);
      out.push(
        `  series: ${rest.length + 1} occurrences; also ${dates.slice(0, 8).join(', ')}${dates.length > 8 ? ` and ${dates.length - 8} more` : ''}`,
      );
    }
    out.push(`  sources: ${m.sources.map((s) => s.name).join(', ')}`);
    out.push('');
  }
  if (schedule.meetings.length === 0) out.push('No meetings found.');
  return `${out.join('\n')}\n`;
}

/** "FREQ=MONTHLY;BYDAY=1MO 09:30 America/Los_Angeles from 2026-05-01 (replaces FREQ=WEEKLY;BYDAY=WE)". */
function describeRecurrence(r: Recurrence): string {
  return [
    r.rrule,
    r.start ? `${r.start}${r.end ? `-${r.end}` : ''}` : '',
    r.timeZone ?? '',
    r.from ? `from ${r.from}` : '',
    r.until ? `until ${r.until}` : '',
    r.cancelled?.length ? `except ${r.cancelled.join(', ')}` : '',
    r.replaces ? `(replaces ${r.replaces})` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
