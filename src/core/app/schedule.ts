import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import { documentFromText } from '../documents/text.js';
import type { Document } from '../documents/types.js';
import { RapporteurError } from '../errors.js';
import type { TenantStore } from '../ports/index.js';
import {
  diffSchedules,
  formatVenue,
  type Meeting,
  type MeetingClaim,
  type MeetingContext,
  meetingContext,
  type Schedule,
  type ScheduleChange,
  SOURCE_KINDS,
  type SourceInfo,
  type SourceKind,
  toICalendar,
} from '../schedule/index.js';
import type { ChangeRecord, MeetingRecord, ProcessRecord, SourceRecord } from '../store.js';
import { planChangeAlerts } from './alerts.js';
import {
  type Actor,
  type AppDeps,
  type Resolved,
  resolveAsPoster,
  resolveProcess,
  type Scope,
} from './context.js';
import {
  type AlertContent,
  asMeetingSnapshot,
  type ChangePayload,
  CONTRACTS_VERSION,
  type MeetingHeadline,
  type MeetingSnapshot,
} from './contracts.js';
import type { UploadedFile } from './drafts.js';
import { enginesOf } from './engines.js';
import { syncMeetingReminders } from './reminders.js';

/**
 * Schedule use cases: every source of meeting facts (an announcement posted in a channel,
 * a watched page, a list e-mail, a calendar feed) goes through `ingestSource`, which
 * records the source with its claims, reconciles all claims of the process into meetings,
 * logs what changed, alerts subscribed channels and moves or cancels reminders.
 *
 * One file (over 500 lines) because every source takes the one `ingestSource` path, and the
 * meeting queries read the views it writes; keeping the writer and its readers together keeps
 * them in step.
 */

/** Where a source came from, as the caller knows it. */
export interface SourceInput {
  /** Defaults from the document type. */
  kind?: SourceKind;
  /** File name, URL or e-mail subject, for people. */
  name: string;
  url?: string;
  /** Same key for every revision of a re-published source (a URL, an e-mail thread). */
  revisionKey?: string;
  /** When it was seen; defaults to now. */
  seenAt?: string;
}

export interface IngestResult {
  process: ProcessRecord;
  source: SourceRecord;
  /** False when this content was already known: nothing changed. */
  created: boolean;
  claims: MeetingClaim[];
  diagnostics: Diagnostic[];
  changes: ScheduleChange[];
  changeRecords: ChangeRecord[];
  /** Meetings this source speaks about, as now reconciled. */
  meetings: Meeting[];
  alerts: number;
  remindersMoved: number;
}

/**
 * Records a source of meeting facts and brings the schedule up to date. Used by watchers,
 * mail and `postAnnouncement`; does not check permissions (the callers decide who may feed
 * sources in).
 */
export async function ingestSource(
  deps: AppDeps,
  resolved: Resolved,
  input: {
    bytes?: Uint8Array | undefined;
    document?: Document | undefined;
    file?: { name: string; contentType?: string | undefined };
    source: SourceInput;
  },
): Promise<IngestResult> {
  const { store, process } = resolved;
  let doc = input.document;
  let sha: string;
  if (doc) sha = sha256(doc.text);
  else if (input.bytes) {
    sha = sha256(input.bytes);
    doc = await deps.extractor.extract(input.bytes, {
      name: input.file?.name ?? input.source.name,
      ...(input.file?.contentType ? { contentType: input.file.contentType } : {}),
      tenantId: store.tenantId,
    });
  } else {
    throw new RapporteurError('INVALID_ARGUMENT', 'An announcement needs text or a file.', {
      hint: 'Paste the announcement, or attach the invitation (PDF, web page, e-mail or .ics).',
    });
  }
  const seenAt = input.source.seenAt ?? deps.clock.now().toISOString();
  const thread = doc.email?.references?.[0] ?? doc.email?.inReplyTo;
  const date = doc.metadata.date ?? doc.email?.date;
  const info: SourceInfo = {
    kind: input.source.kind ?? SOURCE_KINDS[doc.type] ?? 'other',
    name: input.source.name,
    seenAt,
    ...(date ? { date } : {}),
    ...(input.source.revisionKey
      ? { revisionKey: input.source.revisionKey }
      : thread
        ? { revisionKey: `mail:${thread}` }
        : {}),
  };
  const read = await enginesOf(deps).readAnnouncement(store.tenantId, doc, info, {
    ...(process.settings.defaultTimeZone ? { defaultTimeZone: process.settings.defaultTimeZone } : {}),
  });
  // A claim that only names a meeting ("Lunch on Monday?" as an e-mail subject) states no
  // fact about it; recording it would invent meetings without dates.
  const extracted = { ...read, claims: read.claims.filter(statesAFact) };
  const recorded = await store.recordSource({
    processId: process.id,
    kind: extracted.source.kind,
    name: extracted.source.name,
    url: input.source.url ?? null,
    revisionKey: extracted.source.revisionKey ?? null,
    documentDate: extracted.source.date?.slice(0, 10) ?? null,
    seenAt,
    sha256: sha,
    claims: extracted.claims,
  });
  const base = {
    process,
    source: recorded.source,
    created: recorded.created,
    claims: extracted.claims,
    diagnostics: extracted.diagnostics,
  };
  if (!recorded.created) {
    return { ...base, changes: [], changeRecords: [], meetings: [], alerts: 0, remindersMoved: 0 };
  }
  const update = await refreshSchedule(deps, store, process);
  const mine = new Set(extracted.claims.map((c) => c.id));
  return {
    ...base,
    ...update,
    meetings: update.schedule.meetings.filter((m) => m.claimIds.some((id) => mine.has(id))),
  };
}

/**
 * Reconciles every claim of the process, saves the meetings with their headlines, logs the
 * changes against the previous schedule, alerts subscribers and syncs reminders.
 */
export async function refreshSchedule(
  deps: AppDeps,
  store: TenantStore,
  process: ProcessRecord,
): Promise<{
  schedule: Schedule;
  changes: ScheduleChange[];
  changeRecords: ChangeRecord[];
  alerts: number;
  remindersMoved: number;
}> {
  const stored = await store.listMeetings(process.id);
  const before: Schedule = { meetings: stored.flatMap((r) => meetingOf(r) ?? []) };
  const claims = (await store.listClaims(process.id)).flatMap((s) =>
    s.claims.map((c) => c.data as unknown as MeetingClaim),
  );
  const after = await enginesOf(deps).reconcile(store.tenantId, claims, {
    ...(process.settings.defaultTimeZone ? { defaultTimeZone: process.settings.defaultTimeZone } : {}),
    previous: before,
  });
  const changes = diffSchedules(before, after);

  const touched: MeetingRecord[] = [];
  const keys = new Set(after.meetings.map((m) => m.id));
  // Computed once per meeting: it feeds both the stored headline and the alerts below.
  const contexts = new Map(after.meetings.map((m) => [m.id, contextFor(process, m, after.meetings)]));
  for (const meeting of after.meetings) {
    const context = contexts.get(meeting.id) as MeetingContext;
    const snapshot: MeetingSnapshot<Meeting> = {
      v: CONTRACTS_VERSION,
      headline: headlineFor(meeting, context),
      meeting,
    };
    const { meeting: record, outcome } = await store.saveMeeting({
      processId: process.id,
      meetingKey: meeting.id,
      status: meeting.status,
      startsAt: meeting.start ?? null,
      endsAt: meeting.end ?? null,
      snapshot,
    });
    if (outcome !== 'unchanged') touched.push(record);
    // The meeting was known under a less informed id (before its number was announced):
    // drop that row, its reminders go with it and are wanted again under the new id.
    for (const alias of meeting.aliases) {
      if (keys.has(alias) || alias === meeting.id) continue;
      const old = stored.find((r) => r.meetingKey === alias);
      if (old) await store.deleteMeeting(old.id);
    }
  }

  const changeRecords: ChangeRecord[] = [];
  const byId = new Map(after.meetings.map((m) => [m.id, m]));
  for (const change of changes) {
    const meeting = byId.get(change.meetingId);
    const payload: ChangePayload<ScheduleChange> = {
      v: CONTRACTS_VERSION,
      data: change,
      alert: scheduleAlert(change, meeting, contexts.get(change.meetingId)),
    };
    changeRecords.push(
      await store.appendChange({
        processId: process.id,
        kind: `meeting.${change.kind}`,
        subject: change.meetingId,
        payload,
        createdAt: deps.clock.now(),
      }),
    );
  }
  // Changes to meetings that are already over are logged, not alerted: learning from a
  // letter that the fifth meeting took place is history, not news.
  const now = deps.clock.now().getTime();
  const news = changeRecords.filter(
    (_, i) => !isOver(byId.get((changes[i] as ScheduleChange).meetingId), now),
  );
  const plan = news.length
    ? await planChangeAlerts(deps, store.tenantId, process.id, news, 'scheduleChanges')
    : { claimed: [] };
  const sync = touched.length
    ? await syncMeetingReminders(deps, store.tenantId, process.id, touched)
    : undefined;
  return {
    schedule: after,
    changes,
    changeRecords,
    alerts: plan.claimed.length,
    remindersMoved: sync ? sync.scheduled.length + sync.removed.length : 0,
  };
}

/** True when the meeting ended before `now` (unknown ends count as not over). */
function isOver(meeting: Meeting | undefined, now: number): boolean {
  const end = meeting?.end ?? meeting?.start;
  return end !== undefined && Date.parse(end) < now;
}

/** True when a claim says when a meeting is, or that it is cancelled, postponed or moved. */
export function statesAFact(claim: MeetingClaim): boolean {
  return (
    claim.dates !== undefined ||
    claim.sessions.length > 0 ||
    claim.status !== undefined ||
    claim.calendar !== undefined ||
    (claim.correction !== undefined && claim.correction.value === 'rescheduled')
  );
}

/** Posts an announcement (chairs' staff only): pasted text or an attached file. */
export async function postAnnouncement(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: {
    text?: string | undefined;
    file?: UploadedFile | undefined;
    name?: string | undefined;
    process?: string | undefined;
  },
): Promise<IngestResult> {
  const resolved = await resolveAsPoster(deps, scope, actor, input.process, 'post announcements');
  const seenAt = deps.clock.now().toISOString();
  if (input.file) {
    return ingestSource(deps, resolved, {
      bytes: input.file.bytes,
      file: {
        name: input.file.name,
        ...(input.file.contentType ? { contentType: input.file.contentType } : {}),
      },
      source: { name: input.name ?? input.file.name, seenAt },
    });
  }
  const text = input.text?.trim();
  if (!text) {
    throw new RapporteurError('INVALID_ARGUMENT', 'The announcement is empty.', {
      hint: 'Paste the announcement text, or attach the invitation file.',
    });
  }
  return ingestSource(deps, resolved, {
    document: documentFromText(text, 'markdown', input.name ?? 'announcement'),
    source: { kind: 'chat', name: input.name ?? `message from ${actor.displayName ?? actor.userId}`, seenAt },
  });
}

// ---------------------------------------------------------------------------------------
// Reading the schedule

/** The engine's meeting inside a stored record. */
export function meetingOf(record: MeetingRecord): Meeting | undefined {
  return asMeetingSnapshot(record.snapshot)?.meeting as Meeting | undefined;
}

export interface MeetingView {
  record: MeetingRecord;
  meeting: Meeting;
  headline: MeetingHeadline;
  context: MeetingContext;
}

/** Meetings of a process, with their context computed with the current settings. */
export async function listMeetingViews(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined; upcoming?: boolean | undefined; limit?: number | undefined },
): Promise<{ resolved: Resolved; meetings: MeetingView[] }> {
  const resolved = await resolveProcess(deps, scope, input.process);
  return { resolved, meetings: await meetingViewsOf(deps, resolved, input) };
}

/** The meetings of an already resolved process (the web pages open it from a signed link). */
export async function meetingViewsOf(
  deps: AppDeps,
  resolved: Resolved,
  input: { upcoming?: boolean | undefined; limit?: number | undefined },
): Promise<MeetingView[]> {
  const { store, process } = resolved;
  // One read: every meeting is needed anyway for the overlap flags of those shown.
  const records = await store.listMeetings(process.id);
  const all = records.flatMap((r) => meetingOf(r) ?? []);
  const now = deps.clock.now().getTime();
  // Upcoming: not over yet (the store's own rule: the end, or the start when no end is known).
  const shown = input.upcoming
    ? records.filter((r) => {
        const end = r.endsAt ?? r.startsAt;
        return end !== null && Date.parse(end) >= now;
      })
    : records;
  const meetings = shown
    .flatMap((record) => {
      const meeting = meetingOf(record);
      const headline = asMeetingSnapshot(record.snapshot)?.headline;
      return meeting && headline ? [{ record, meeting, headline }] : [];
    })
    .slice(0, input.limit ?? 200)
    .map((v) => ({ ...v, context: contextFor(process, v.meeting, all) }));
  return meetings;
}

/**
 * Finds a meeting by what people type: its key ("mpp#6"), handle ("MPP-6", "MPP 6"), number
 * ("6"), or words of its title. NOT_FOUND lists the meetings there are.
 */
export async function findMeeting(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined; meeting: string },
): Promise<{ resolved: Resolved; view: MeetingView }> {
  const { resolved, meetings } = await listMeetingViews(
    deps,
    scope,
    input.process ? { process: input.process } : {},
  );
  const q = input.meeting.trim().toLowerCase();
  const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const cq = compact(q);
  const hit =
    meetings.find((v) => v.meeting.id.toLowerCase() === q) ??
    meetings.find((v) => v.headline.handle !== null && compact(v.headline.handle) === cq) ??
    meetings.find((v) => v.meeting.aliases.some((a) => a.toLowerCase() === q)) ??
    (/^\d+$/.test(q) ? meetings.find((v) => v.meeting.ordinal === Number(q)) : undefined);
  if (hit) return { resolved, view: hit };
  // Titles are kept without a leading article: "The sixth meeting" finds "sixth meeting of the MPP".
  const words = q
    .replace(/^(?:the|an?)\s+/, '')
    .split(/\s+/)
    .filter(Boolean);
  const byTitle = meetings.filter((v) => words.every((w) => v.meeting.title.toLowerCase().includes(w)));
  if (byTitle.length === 1) return { resolved, view: byTitle[0] as MeetingView };
  throw new RapporteurError(
    'NOT_FOUND',
    byTitle.length > 1
      ? `"${input.meeting}" matches ${byTitle.length} meetings: ${byTitle.slice(0, 8).map(handleOrTitle).join('; ')}.`
      : `No meeting "${input.meeting}" in ${resolved.process.name}.`,
    {
      hint: meetings.length
        ? `Meetings: ${meetings.slice(0, 12).map(handleOrTitle).join('; ')}.`
        : 'No meeting has been announced yet.',
    },
  );
}

function handleOrTitle(v: MeetingView): string {
  return v.headline.handle ?? v.meeting.title;
}

export interface SourceView {
  source: SourceRecord;
  claim: MeetingClaim;
}

/** Every source that spoke about a meeting, side by side, with the meeting's conflicts. */
export async function meetingSources(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined; meeting: string },
): Promise<{ resolved: Resolved; view: MeetingView; sources: SourceView[] }> {
  const { resolved, view } = await findMeeting(deps, scope, input);
  const ids = new Set(view.meeting.claimIds);
  const sources: SourceView[] = [];
  for (const { source, claims } of await resolved.store.listClaims(resolved.process.id)) {
    for (const c of claims) {
      const claim = c.data as unknown as MeetingClaim;
      if (ids.has(claim.id)) sources.push({ source, claim });
    }
  }
  return { resolved, view, sources };
}

/** The process's schedule as an iCalendar feed. */
export async function scheduleFeed(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined },
): Promise<{ resolved: Resolved; ics: string; meetings: number }> {
  const resolved = await resolveProcess(deps, scope, input.process);
  return { resolved, ...(await feedOf(resolved)) };
}

/** The iCalendar feed of an already resolved process, with the newest change among its meetings. */
export async function feedOf(
  resolved: Resolved,
): Promise<{ ics: string; meetings: number; lastModified: string | null }> {
  const records = await resolved.store.listMeetings(resolved.process.id);
  // SEQUENCE from the store's revision counter, which counts every saved change.
  const meetings = records.flatMap((r) => {
    const m = meetingOf(r);
    return m ? [{ ...m, revision: Math.max(m.revision, r.revision - 1) }] : [];
  });
  const ics = toICalendar({ meetings }, { name: resolved.process.name });
  let lastModified: string | null = null;
  for (const r of records)
    if (lastModified === null || r.updatedAt > lastModified) lastModified = r.updatedAt;
  return { ics, meetings: meetings.length, lastModified };
}

// ---------------------------------------------------------------------------------------
// Headlines and alerts

/** Context flags and participants' local times with the process's settings. */
export function contextFor(
  process: ProcessRecord,
  meeting: Meeting,
  all: readonly Meeting[],
): MeetingContext {
  return meetingContext(meeting, {
    participants: process.settings.participantZones,
    ...(process.settings.holidayRegion ? { holidayRegion: process.settings.holidayRegion } : {}),
    noticeThresholdDays: process.settings.noticeThresholdDays,
    otherMeetings: all.filter((m) => m.id !== meeting.id),
  });
}

/** "MPP-6" for the sixth MPP; null when the meeting has no series and number. */
export function handleOf(meeting: Meeting): string | null {
  if (meeting.series && meeting.ordinal !== undefined)
    return `${meeting.series.toUpperCase().replace(/\s+/g, '-')}-${meeting.ordinal}`;
  return null;
}

/** The facts every job needs about a meeting. */
export function headlineFor(meeting: Meeting, context: MeetingContext): MeetingHeadline {
  return {
    title: meeting.title,
    handle: handleOf(meeting),
    status: meeting.status,
    startsAt: meeting.start ? new Date(meeting.start).toISOString() : null,
    endsAt: meeting.end ? new Date(meeting.end).toISOString() : null,
    timeZone: meeting.timeZone ?? null,
    venue: meeting.venue ? formatVenue(meeting.venue) : null,
    disputed: meeting.disputed,
    flags: context.flags.map((f) => f.message),
  };
}

const CHANGE_WORDS: Record<ScheduleChange['kind'], string> = {
  added: 'announced',
  cancelled: 'cancelled',
  postponed: 'postponed',
  reinstated: 'back on',
  moved: 'moved to other dates',
  retimed: 're-timed',
  'venue-changed': 'moved to another venue',
  'conflict-opened': 'sources disagree',
  'conflict-settled': 'disagreement settled',
};

/** What subscribers are told about one schedule change. */
export function scheduleAlert(
  change: ScheduleChange,
  meeting: Meeting | undefined,
  context: MeetingContext | undefined,
): AlertContent {
  const name = meeting ? (handleOf(meeting) ?? meeting.title) : change.meeting;
  const lines: AlertContent['lines'] = [];
  if (change.kind === 'added') {
    if (change.after) lines.push(change.after);
  } else if (change.kind === 'conflict-opened') {
    const conflict = meeting?.conflicts.find((c) => c.field === change.field);
    for (const v of conflict?.values ?? []) {
      lines.push(
        `${v.value}: ${v.sources.map((s) => `${s.name}${s.date ? ` (${s.date.slice(0, 10)})` : ''}`).join(', ')}`,
      );
    }
    if (!conflict && change.after) lines.push(change.after);
    lines.push('Neither is taken as fact until a correction settles it.');
  } else if (change.before !== null || change.after !== null) {
    lines.push(
      `${change.field === 'meeting' ? '' : `${change.field}: `}${change.before ?? '(not known)'} -> ${change.after ?? '(not known)'}`,
    );
  }
  if (meeting?.start && meeting.status === 'scheduled' && change.kind !== 'conflict-settled') {
    // A meeting known only by its days has no start time to show: say the day.
    const style = meeting.times ? 'full' : 'date';
    lines.push([
      'Starts ',
      { time: new Date(meeting.start).toISOString(), zone: meeting.timeZone ?? 'UTC', style },
    ]);
  }
  if (context && (change.kind === 'added' || change.kind === 'moved' || change.kind === 'retimed')) {
    for (const f of context.flags) lines.push(f.message);
  }
  const tone: AlertContent['tone'] =
    change.kind === 'cancelled' || change.kind === 'conflict-opened' || change.kind === 'postponed'
      ? 'warning'
      : change.kind === 'conflict-settled'
        ? 'success'
        : 'info';
  const title =
    change.kind === 'retimed' && change.after
      ? `${name} re-timed: now ${change.after}${change.before ? ` (was ${change.before})` : ''}`
      : change.kind === 'conflict-opened'
        ? `${name}: sources disagree on the ${fieldWords(change.field)}`
        : `${name} ${CHANGE_WORDS[change.kind]}`;
  const handle = meeting ? (handleOf(meeting) ?? meeting.id) : change.meetingId;
  return {
    title,
    tone,
    lines,
    actions: [
      { command: `meetings show ${handle}`, label: 'Meeting details' },
      ...(change.kind.startsWith('conflict')
        ? [{ command: `meetings sources ${handle}`, label: 'Sources side by side' }]
        : []),
    ],
    threadKey: change.meetingId,
  };
}

function fieldWords(field: ScheduleChange['field']): string {
  switch (field) {
    case 'times':
      return 'times';
    case 'dates':
      return 'dates';
    case 'timeZone':
      return 'time zone';
    case 'venue':
      return 'venue';
    case 'status':
      return 'status';
    default:
      return 'meeting';
  }
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
