import { z } from 'zod';
import { messageOf, RapporteurError } from '../errors.js';
import type { Clock, JobQueue, Logger, Store, TenantStore } from '../ports/index.js';
import { type Reply, type ReplySection, type RichText, reply, wallClockParts } from '../reply.js';
import type { MeetingRecord, PersonRecord, ProcessRecord, ReminderRecord, Target } from '../store.js';
import { asMeetingSnapshot, type MeetingHeadline } from './contracts.js';

/**
 * Reminders before meetings: which reminders are wanted (meeting x offset x target), how a
 * moved or cancelled meeting moves or removes them, whether a reminder that falls due is
 * still worth sending, and what it says, including what changed since people were last told.
 *
 * The store is the source of truth. Planning writes the store first and tells the queue
 * afterwards; when the queue is down the reminders stay wanted in the store and the job
 * layer's rebuild re-creates their jobs.
 *
 * One file (over 500 lines) because planning, moving and cancelling reminders share the
 * reminder key (meeting x offset x target) and the store-first order; spread over files, that
 * order would be harder to check.
 */

/** What the reminder use cases need. */
export interface ReminderDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger?: Logger;
}

/** The facts a reminder states, kept so that a later message can say what changed. */
export interface ToldFacts {
  title: string;
  /** ISO 8601 instant. */
  startsAt: string;
  endsAt: string | null;
  venue: string | null;
  /** IANA zone of the venue, if known. */
  timeZone: string | null;
}

/** What a reader knew about the meeting before this reminder, and where that came from. */
export interface ToldBefore {
  facts: ToldFacts;
  /** `reminder`: an earlier reminder told them; `setup`: the schedule when this reminder was set. */
  source: 'reminder' | 'setup';
  /** When they were told (sent) or when the reminder was set up. */
  at: string;
}

/**
 * The JSON kept in `ReminderRecord.told`. `facts` is what the reminder says (or will say);
 * `setup` what the schedule said when it was first wanted; `sent` the last time it was sent;
 * `before` (filled when it fires) the baseline its message compares against.
 */
export interface ReminderTold {
  v: 1;
  facts: ToldFacts;
  setup: { facts: ToldFacts; at: string };
  /** When it was last fired and for which due time; it told people only if that delivery was sent. */
  sent: { facts: ToldFacts; at: string; dueAt?: string } | null;
  before: ToldBefore | null;
  /** Set when the reminder fell due too late to be useful and was closed without a message. */
  skipped: 'late' | null;
}

const factsSchema = z.object({
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  venue: z.string().nullable(),
  timeZone: z.string().nullable(),
});
const stampedFacts = z.object({ facts: factsSchema, at: z.string() });
const toldSchema = z.object({
  v: z.literal(1),
  facts: factsSchema,
  setup: stampedFacts,
  sent: stampedFacts.extend({ dueAt: z.string().optional() }).nullable().default(null),
  before: z
    .object({ facts: factsSchema, source: z.enum(['reminder', 'setup']), at: z.string() })
    .nullable()
    .default(null),
  skipped: z.literal('late').nullable().default(null),
});

/** Reads a stored `told`; undefined when absent or written by something else. */
export function parseTold(value: unknown): ReminderTold | undefined {
  const parsed = toldSchema.safeParse(value);
  return parsed.success ? (parsed.data as ReminderTold) : undefined;
}

/**
 * The headline of a stored meeting. The record's status and times win over the snapshot's
 * (they are what ordering and reminders use); a snapshot from before the contracts existed
 * yields a headline named after the meeting key.
 */
export function headlineOf(meeting: MeetingRecord): MeetingHeadline {
  const snap = asMeetingSnapshot(meeting.snapshot)?.headline;
  return {
    title: snap?.title ?? meeting.meetingKey,
    handle: snap?.handle ?? null,
    status: meeting.status,
    startsAt: meeting.startsAt ?? snap?.startsAt ?? null,
    endsAt: meeting.endsAt ?? snap?.endsAt ?? null,
    timeZone: snap?.timeZone ?? null,
    venue: snap?.venue ?? null,
    disputed: Array.isArray(snap?.disputed) ? snap.disputed : [],
    flags: Array.isArray(snap?.flags) ? snap.flags : [],
  };
}

/** The facts a reminder would state for this headline, or undefined when the start is unknown. */
export function factsOf(headline: MeetingHeadline): ToldFacts | undefined {
  if (headline.startsAt === null) return undefined;
  return {
    title: headline.handle ?? headline.title,
    startsAt: headline.startsAt,
    endsAt: headline.endsAt,
    venue: headline.venue,
    timeZone: headline.timeZone,
  };
}

/** True when both are the same instant (however written), or both are null. */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Date.parse(a) === Date.parse(b);
}

/** True when two sets of facts would read the same to a person (title aside). */
export function sameFacts(a: ToldFacts, b: ToldFacts): boolean {
  return (
    sameInstant(a.startsAt, b.startsAt) &&
    sameInstant(a.endsAt, b.endsAt) &&
    sameVenueText(a.venue, b.venue) &&
    (a.timeZone ?? '') === (b.timeZone ?? '')
  );
}

/**
 * Two venue lines name the same place when one is the other with detail added or dropped
 * ("ITU Headquarters, Geneva" and "ITU Headquarters, Popov Room, Geneva"): sources differ in
 * how much of the address they give, and that is not a change people need to hear about.
 */
export function sameVenueText(a: string | null | undefined, b: string | null | undefined): boolean {
  if ((a ?? '') === (b ?? '')) return true;
  if (!a || !b) return false;
  const parts = (v: string) =>
    new Set(
      v
        .toLowerCase()
        .split(/\s*[,;()]\s*/)
        .filter(Boolean),
    );
  const x = parts(a);
  const y = parts(b);
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  return [...small].every((p) => big.has(p));
}

/**
 * The opt-in rule for reminders sent to a person directly: a person who has chosen their own
 * reminder offsets (at least one) and has not muted reminders gets them, for every meeting of
 * every process of the tenant. Nobody is messaged directly by default: people who never set
 * offsets rely on their channel's reminders, and `muted` silences personal reminders without
 * forgetting the chosen offsets.
 */
export function wantsPersonalReminders(person: PersonRecord): boolean {
  const offsets = person.reminders.offsetsMinutes;
  return !person.reminders.muted && offsets !== null && offsets.length > 0;
}

/** One wanted reminder before its due time is computed. */
export interface WantedReminder {
  offsetMinutes: number;
  target: Target;
}

/**
 * Offsets x targets for a process: the process's offsets for every channel subscribed to
 * reminders, and each opted-in person's own offsets for that person.
 */
export function wantedReminders(
  process: Pick<ProcessRecord, 'settings'>,
  channelIds: readonly string[],
  people: readonly PersonRecord[],
): WantedReminder[] {
  const out: WantedReminder[] = [];
  for (const id of channelIds) {
    for (const offsetMinutes of process.settings.reminderOffsetsMinutes) {
      out.push({ offsetMinutes, target: { kind: 'channel', id } });
    }
  }
  for (const person of people) {
    if (!wantsPersonalReminders(person)) continue;
    for (const offsetMinutes of person.reminders.offsetsMinutes ?? []) {
      out.push({ offsetMinutes, target: { kind: 'person', id: person.platformUserId } });
    }
  }
  return out;
}

const slotKey = (offsetMinutes: number, target: Target) => `${offsetMinutes}|${target.kind}|${target.id}`;

/** What `syncMeetingReminders` did. */
export interface ReminderSyncResult {
  /** Reminders created, moved or updated, now pending: their jobs were (re)scheduled. */
  scheduled: ReminderRecord[];
  /** Ids of reminders cancelled or withdrawn: their jobs were removed. */
  removed: string[];
  /** Wanted reminders already pending with the same due time and facts. */
  unchanged: number;
  /** Wanted reminders whose due time had already passed, so none was wanted. */
  skippedPast: number;
  /** Meetings ignored because they belong to another tenant or process. */
  ignored: string[];
  /** False when the queue could not be told; the store is right and a rebuild will catch up. */
  queueUpdated: boolean;
}

function toldFor(existing: ReminderRecord | undefined, facts: ToldFacts, now: string): ReminderTold {
  const prev = existing ? parseTold(existing.told) : undefined;
  return {
    v: 1,
    facts,
    setup: prev?.setup ?? { facts, at: now },
    sent: prev?.sent ?? null,
    before: null,
    skipped: null,
  };
}

/**
 * Brings the wanted reminders of `meetings` in line with their schedule and the process's
 * subscriptions, then tells the queue.
 *
 * - A scheduled meeting with a known start wants offsets x targets (see `wantedReminders`),
 *   each due `offset` before the start. Due times already past are not wanted; a pending
 *   reminder whose due time moved into the past is withdrawn (the change alert tells people).
 * - A re-timed or moved meeting moves its reminders: a reminder already sent becomes pending
 *   again when its new due time is ahead, and remembers what it said so its next message can
 *   say what changed ("the meeting you were reminded of for 14:00 now starts at 15:00").
 * - A cancelled or postponed meeting (or one whose start is no longer known) cancels its
 *   pending reminders.
 * - Pending reminders nobody wants any more (a channel unsubscribed, a person muted, offsets
 *   changed) are withdrawn.
 *
 * The store is written first; a queue failure is logged and reported in `queueUpdated`, never
 * thrown, because the job layer rebuilds the queue from the store.
 */
export async function syncMeetingReminders(
  deps: ReminderDeps,
  tenantId: string,
  processId: string,
  meetings: readonly MeetingRecord[],
): Promise<ReminderSyncResult> {
  const t = deps.store.tenant(tenantId);
  const process = await t.getProcess(processId);
  if (!process) {
    throw new RapporteurError('NOT_FOUND', 'The process of these meetings was not found.', {
      hint: 'It may have been deleted; nothing to remind people of.',
      details: { processId },
    });
  }
  const result: ReminderSyncResult = {
    scheduled: [],
    removed: [],
    unchanged: 0,
    skippedPast: 0,
    ignored: [],
    queueUpdated: true,
  };
  if (meetings.length === 0) return result;
  const [subscribers, people] = await Promise.all([
    t.listSubscribers(processId, 'reminders'),
    t.listPeople(),
  ]);
  const wanted = wantedReminders(
    process,
    subscribers.map((s) => s.channel.id),
    people,
  );
  const nowMs = deps.clock.now().getTime();
  const nowIso = new Date(nowMs).toISOString();

  for (const meeting of meetings) {
    if (meeting.tenantId !== tenantId || meeting.processId !== processId) {
      result.ignored.push(meeting.id);
      continue;
    }
    await syncOne(t, meeting, wanted, nowMs, nowIso, result);
  }
  await tellQueue(deps, tenantId, result);
  return result;
}

async function syncOne(
  t: TenantStore,
  meeting: MeetingRecord,
  wanted: readonly WantedReminder[],
  nowMs: number,
  nowIso: string,
  result: ReminderSyncResult,
): Promise<void> {
  const facts = factsOf(headlineOf(meeting));
  if (meeting.status !== 'scheduled' || meeting.startsAt === null || facts === undefined) {
    const cancelled = await t.cancelReminders(meeting.id);
    result.removed.push(...cancelled.map((r) => r.id));
    return;
  }
  const startMs = Date.parse(meeting.startsAt);
  const existing = new Map(
    (await t.listReminders({ meetingId: meeting.id })).map((r) => [slotKey(r.offsetMinutes, r.target), r]),
  );
  const wantedSlots = new Set<string>();
  for (const w of wanted) {
    const key = slotKey(w.offsetMinutes, w.target);
    wantedSlots.add(key);
    const ex = existing.get(key);
    const dueMs = startMs - w.offsetMinutes * 60_000;
    const dueIso = new Date(dueMs).toISOString();
    const dueUnchanged = ex !== undefined && Date.parse(ex.dueAt) === dueMs;
    if (dueMs <= nowMs) {
      result.skippedPast++;
      // A pending reminder whose due time did not move may be firing right now: leave it to the
      // processor. One that moved into the past has nothing useful left to say.
      if (ex?.status === 'pending' && !dueUnchanged) {
        await t.deleteReminder(ex.id);
        result.removed.push(ex.id);
      }
      continue;
    }
    if (ex && ex.status === 'pending' && dueUnchanged) {
      const told = parseTold(ex.told);
      if (told && sameFacts(told.facts, facts)) {
        result.unchanged++;
        continue;
      }
    }
    const { reminder } = await t.wantReminder({
      meetingId: meeting.id,
      offsetMinutes: w.offsetMinutes,
      target: w.target,
      dueAt: dueIso,
      told: toldFor(ex, facts, nowIso),
    });
    if (reminder.status === 'pending') result.scheduled.push(reminder);
  }
  for (const [key, ex] of existing) {
    if (wantedSlots.has(key) || ex.status !== 'pending') continue;
    await t.deleteReminder(ex.id);
    result.removed.push(ex.id);
  }
}

async function tellQueue(deps: ReminderDeps, tenantId: string, result: ReminderSyncResult): Promise<void> {
  try {
    if (result.removed.length > 0) await deps.queue.removeReminders(tenantId, result.removed);
    if (result.scheduled.length > 0) await deps.queue.scheduleReminders(tenantId, result.scheduled);
  } catch (err) {
    result.queueUpdated = false;
    deps.logger?.warn(
      {
        tenantId,
        scheduled: result.scheduled.length,
        removed: result.removed.length,
        error: messageOf(err),
      },
      'could not update reminder jobs; the store is up to date and the queue rebuild will re-create them',
    );
  }
}

/** An earlier firing of a reminder to the same target about the same meeting. */
export interface SentCandidate {
  reminderId: string;
  /** The due time it was fired for, when recorded (its delivery key is made from it). */
  dueAt: string | undefined;
  facts: ToldFacts;
  at: string;
}

/**
 * Earlier firings that may have told the reader something: this reminder's own previous one
 * and those of its siblings (same meeting and target). Whether each was delivered is for the
 * caller to check (`toldBefore`'s `delivered`).
 */
export function sentCandidates(
  reminder: ReminderRecord,
  siblings: readonly ReminderRecord[],
): SentCandidate[] {
  const out: SentCandidate[] = [];
  const own = parseTold(reminder.told);
  if (own?.sent)
    out.push({ reminderId: reminder.id, dueAt: own.sent.dueAt, facts: own.sent.facts, at: own.sent.at });
  for (const s of siblings) {
    if (s.id === reminder.id || s.meetingId !== reminder.meetingId || s.status !== 'sent') continue;
    if (s.target.kind !== reminder.target.kind || s.target.id !== reminder.target.id) continue;
    const told = parseTold(s.told);
    if (told?.sent)
      out.push({ reminderId: s.id, dueAt: told.sent.dueAt, facts: told.sent.facts, at: told.sent.at });
  }
  return out;
}

/**
 * What the reader knew before this reminder: the newest earlier reminder about the same
 * meeting to the same target that was actually delivered, else the schedule as it was when
 * this reminder was set up. `delivered` says whether a firing's message went out (a prepared
 * reminder whose meeting moved before its due time told nobody); firings recorded without a
 * due time count as delivered. Null when nothing is known.
 */
export function toldBefore(
  reminder: ReminderRecord,
  siblings: readonly ReminderRecord[],
  delivered: (reminderId: string, dueAt: string) => boolean = () => true,
): ToldBefore | null {
  const sent = sentCandidates(reminder, siblings)
    .filter((c) => c.dueAt === undefined || delivered(c.reminderId, c.dueAt))
    .map((c): ToldBefore => ({ facts: c.facts, source: 'reminder', at: c.at }));
  if (sent.length > 0) return sent.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a));
  const own = parseTold(reminder.told);
  return own ? { facts: own.setup.facts, source: 'setup', at: own.setup.at } : null;
}

/** The `told` to record when a reminder is sent (or closed as late). */
export function toldWhenFired(
  reminder: ReminderRecord,
  facts: ToldFacts,
  before: ToldBefore | null,
  now: Date,
  skipped: 'late' | null = null,
): ReminderTold {
  const prev = parseTold(reminder.told);
  const at = now.toISOString();
  return {
    v: 1,
    facts,
    setup: prev?.setup ?? { facts, at },
    sent: skipped ? (prev?.sent ?? null) : { facts, at, dueAt: new Date(reminder.dueAt).toISOString() },
    before,
    skipped,
  };
}

/** "24 hours", "1 hour 30 minutes", "2 days": the offset as people say it. */
export function offsetWords(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes >= 2 * 1440 && minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

const partsIn = wallClockParts;

/** Wall-clock time of `iso` in `zone`: "14:00", or "Mon 9 Jun 14:00" with the date. */
function wall(iso: string, zone: string, withDate: boolean): string {
  const p = partsIn(iso, zone);
  if (!p) return iso;
  return withDate ? `${p.weekday} ${p.day} ${p.month} ${p.hour}:${p.minute}` : `${p.hour}:${p.minute}`;
}

function sameLocalDay(a: string, b: string, zone: string): boolean {
  const x = partsIn(a, zone);
  const y = partsIn(b, zone);
  return x !== undefined && y !== undefined && x.year === y.year && x.month === y.month && x.day === y.day;
}

/** "Mon 9 Jun 2014, 14:00-18:00 GMT+2" in `zone`. */
export function localSpan(startsAt: string, endsAt: string | null, zone: string): string {
  const start = partsIn(startsAt, zone);
  if (!start) return startsAt;
  const head = `${start.weekday} ${start.day} ${start.month} ${start.year}, ${start.hour}:${start.minute}`;
  const end = endsAt === null ? undefined : partsIn(endsAt, zone);
  if (!end) return `${head} ${start.zoneName}`;
  const sameDay = end.year === start.year && end.month === start.month && end.day === start.day;
  const tail = sameDay
    ? `${end.hour}:${end.minute}`
    : `${end.weekday} ${end.day} ${end.month} ${end.hour}:${end.minute}`;
  return `${head}-${tail} ${start.zoneName}`;
}

/**
 * Two instants as wall-clock times in `zone`, with the date when they fall on different days
 * and with seconds when minutes alone would read the same ("14:00 now starts at 14:00").
 */
function pair(a: string, b: string, zone: string): [string, string] {
  const withDate = !sameLocalDay(a, b, zone);
  const x = wall(a, zone, withDate);
  const y = wall(b, zone, withDate);
  if (x !== y) return [x, y];
  const fine = (iso: string) => {
    const p = partsIn(iso, zone);
    return p ? `${p.hour}:${p.minute}:${p.second}` : iso;
  };
  return [fine(a), fine(b)];
}

/**
 * Sentences that say how `now` differs from what the reader was told, in `zone`:
 * "The meeting you were reminded of for 14:00 now starts at 15:00."
 */
export function changeLines(before: ToldBefore, now: ToldFacts, zone: string): string[] {
  const lines: string[] = [];
  const was = before.facts;
  const intro =
    before.source === 'reminder' ? 'The meeting you were reminded of for' : 'This meeting, set for';
  if (!sameInstant(was.startsAt, now.startsAt)) {
    const [x, y] = pair(was.startsAt, now.startsAt, zone);
    lines.push(`${intro} ${x} now starts at ${y}.`);
  }
  if (!sameInstant(was.endsAt, now.endsAt)) {
    if (now.endsAt === null) lines.push('Its end time is no longer known.');
    else if (was.endsAt === null) lines.push(`It now has an end time: ${wall(now.endsAt, zone, false)}.`);
    else {
      const [x, y] = pair(was.endsAt, now.endsAt, zone);
      lines.push(`It now ends at ${y} (you were told ${x}).`);
    }
  }
  if (!sameVenueText(was.venue, now.venue)) {
    if (now.venue === null) lines.push(`Its venue is no longer known (you were told ${was.venue}).`);
    else if (was.venue === null) lines.push(`It now has a venue: ${now.venue}.`);
    else lines.push(`It now takes place in ${now.venue} (you were told ${was.venue}).`);
  }
  return lines;
}

/** Options of `buildReminderReply`. */
export interface ReminderReplyOptions {
  /** Channel reminders add a TimeInline so each platform shows the reader's local time. */
  audience: 'channel' | 'person';
  /** The process name, for the footer. */
  processName?: string;
}

/**
 * The reminder message. Person reminders speak in the person's zone; channel reminders state
 * the venue's local time in words and add a `TimeInline` so platforms that can (Discord,
 * Slack) show each reader their own time. When the meeting changed since the reader was last
 * told (or since the reminder was set), the message leads with what changed.
 */
export function buildReminderReply(
  reminder: Pick<ReminderRecord, 'offsetMinutes'>,
  headline: MeetingHeadline,
  before: ToldBefore | null,
  zone: string,
  options: ReminderReplyOptions = { audience: 'channel' },
): Reply {
  const facts = factsOf(headline);
  const name = headline.handle ?? headline.title;
  if (!facts) {
    return reply(`Reminder: ${name}`, {
      tone: 'warning',
      summary: 'The start of this meeting is no longer known; check the schedule before you plan around it.',
    });
  }
  const changed = before ? changeLines(before, facts, zone) : [];
  const venueZone = headline.timeZone ?? zone;
  const fields: NonNullable<ReplySection['fields']> = [];
  if (options.audience === 'channel') {
    fields.push({
      name: 'Local time at the venue',
      value: localSpan(facts.startsAt, facts.endsAt, venueZone),
    });
    const yours: RichText = [{ time: facts.startsAt, zone: venueZone, style: 'full' }];
    if (facts.endsAt !== null) yours.push(' to ', { time: facts.endsAt, zone: venueZone, style: 'time' });
    fields.push({ name: 'Your time', value: yours });
  } else {
    fields.push({ name: 'When (your time)', value: localSpan(facts.startsAt, facts.endsAt, zone) });
    if (venueZone !== zone) {
      fields.push({
        name: 'Local time at the venue',
        value: localSpan(facts.startsAt, facts.endsAt, venueZone),
      });
    }
  }
  if (facts.venue !== null) fields.push({ name: 'Where', value: facts.venue });

  const sections: ReplySection[] = [];
  if (changed.length > 0) sections.push({ heading: 'Changed since you were told', items: changed });
  sections.push({ fields });
  if (headline.disputed.length > 0) {
    sections.push({
      heading: 'Sources disagree',
      body: `Not settled: ${headline.disputed.join(', ')}. Check the sources before you plan around it.`,
    });
  }
  if (headline.flags.length > 0) sections.push({ heading: 'Worth knowing', items: headline.flags });

  const title =
    changed.length > 0
      ? `Reminder: ${name} starts in ${offsetWords(reminder.offsetMinutes)}, and it has changed`
      : `Reminder: ${name} starts in ${offsetWords(reminder.offsetMinutes)}`;
  return reply(title, {
    tone: changed.length > 0 || headline.disputed.length > 0 ? 'warning' : 'info',
    summary: headline.handle !== null && headline.title !== headline.handle ? headline.title : name,
    sections,
    ...(headline.handle === null
      ? {}
      : { actions: [{ command: `meetings show ${headline.handle}`, label: 'Details and sources' }] }),
    ...(options.processName === undefined ? {} : { footer: options.processName }),
  });
}
