import { DateTime } from 'luxon';
import type { Clock, JobQueue, Logger, Store, TenantStore } from '../ports/index.js';
import { type Reply, type ReplySection, type RichText, reply } from '../reply.js';
import { type ChangeRecord, isValidTimeZone, type MeetingRecord } from '../store.js';
import { deliveryKeys, payloadRefs } from './alerts.js';
import { asChangePayload } from './contracts.js';
import { headlineOf, localSpan } from './reminders.js';

/**
 * The daily digest: per subscribed channel, at a local hour, what happened in the last day
 * (new versions, bracket changes, schedule changes, disagreements between sources) and the
 * meetings coming up. The job layer fires it from a job scheduler in the channel's zone; the
 * content is computed from the store at delivery time, from a fixed window, so a retried
 * delivery says the same thing.
 */

/** How far ahead the digest lists meetings. */
export const DIGEST_UPCOMING_DAYS = 14;
/** Items per section before the rest is summarised as "... and N more". */
const MAX_ITEMS = 40;

/** The window a digest covers and the local day it is for. */
export interface DigestWindow {
  /** ISO instants; `since` is the same local hour one calendar day earlier (23 or 25 h across DST). */
  since: string;
  until: string;
  /** The local calendar date of `until` in the digest's zone (`2014-06-09`). */
  localDate: string;
}

/** The window of the digest that falls due at `at` in `zone`. */
export function digestWindow(at: Date, zone: string): DigestWindow {
  // Whole minutes, so consecutive digests fired a few ms apart cover contiguous windows.
  const until = DateTime.fromJSDate(at).setZone(zone).startOf('minute');
  const since = until.minus({ days: 1 });
  return {
    since: since.toUTC().toISO() as string,
    until: until.toUTC().toISO() as string,
    localDate: until.toISODate() as string,
  };
}

/** The zone a channel's digest runs in: its own, else the process's, else UTC. */
export function digestZone(subscriptionZone: string | null, processZone: string | null): string {
  for (const zone of [subscriptionZone, processZone]) if (zone && isValidTimeZone(zone)) return zone;
  return 'UTC';
}

const GROUPS: Array<{ prefix: string; heading: string }> = [
  { prefix: 'draft', heading: 'Drafts' },
  { prefix: 'bracket', heading: 'Drafts' },
  { prefix: 'meeting', heading: 'Schedule' },
  { prefix: 'schedule', heading: 'Schedule' },
  { prefix: 'source', heading: 'Sources' },
  { prefix: 'conflict', heading: 'Sources disagree' },
];

function headingOf(kind: string): string {
  const prefix = kind.split('.')[0] ?? kind;
  return GROUPS.find((g) => g.prefix === prefix)?.heading ?? 'Other changes';
}

function capped(items: RichText[]): RichText[] {
  if (items.length <= MAX_ITEMS) return items;
  return [...items.slice(0, MAX_ITEMS), `... and ${items.length - MAX_ITEMS} more`];
}

/** Options of `buildDigestReply`. */
export interface DigestReplyOptions {
  processName: string;
  window: Pick<DigestWindow, 'since' | 'until'>;
}

/**
 * The digest message: changes of the window grouped by subject (each by its alert title),
 * then upcoming meetings with the venue's local time and a `TimeInline` for the reader's.
 */
export function buildDigestReply(
  changes: readonly ChangeRecord[],
  upcoming: readonly MeetingRecord[],
  zone: string,
  options: DigestReplyOptions,
): Reply {
  const groups = new Map<string, RichText[]>();
  for (const change of changes) {
    const title = asChangePayload(change.payload)?.alert.title ?? `${change.kind}: ${change.subject}`;
    const heading = headingOf(change.kind);
    const list = groups.get(heading) ?? [];
    list.push(title);
    groups.set(heading, list);
  }
  const sections: ReplySection[] = [];
  const order = [...new Set([...GROUPS.map((g) => g.heading), 'Other changes'])];
  for (const heading of order) {
    const items = groups.get(heading);
    if (items) sections.push({ heading, items: capped(items) });
  }
  if (upcoming.length > 0) {
    const items: RichText[] = upcoming.map((meeting) => {
      const h = headlineOf(meeting);
      const name = h.handle ?? h.title;
      if (h.startsAt === null) return `${name}: date not known yet`;
      const venueZone = h.timeZone ?? zone;
      const parts: RichText = [
        { strong: name },
        `: ${localSpan(h.startsAt, h.endsAt, venueZone)}`,
        ' (your time: ',
        { time: h.startsAt, zone: venueZone, style: 'full' },
        ')',
      ];
      if (h.venue) parts.push(`, ${h.venue}`);
      if (h.disputed.length > 0) parts.push(` - sources disagree on ${h.disputed.join(', ')}`);
      if (h.flags.length > 0) parts.push(` - ${h.flags.join('; ')}`);
      return parts;
    });
    sections.push({ heading: `Coming up (next ${DIGEST_UPCOMING_DAYS} days)`, items: capped(items) });
  }
  const count = changes.length;
  const summary: RichText =
    count === 0 ? 'No changes in the last day.' : `${count} change${count === 1 ? '' : 's'} in the last day.`;
  return reply(`Daily digest: ${options.processName}`, {
    tone: 'info',
    summary,
    sections,
    footer: `From ${DateTime.fromISO(options.window.since).setZone(zone).toFormat('ccc d LLL HH:mm')} to ${DateTime.fromISO(
      options.window.until,
    )
      .setZone(zone)
      .toFormat('ccc d LLL HH:mm')} (${zone})`,
  });
}

/** What the digest needs from the store, read once for building and for deciding to send. */
export interface DigestContent {
  processName: string;
  changes: ChangeRecord[];
  upcoming: MeetingRecord[];
}

/** Reads the changes of the window and the meetings of the next days. */
export async function readDigestContent(
  t: TenantStore,
  processId: string,
  window: Pick<DigestWindow, 'since' | 'until'>,
): Promise<DigestContent | undefined> {
  const process = await t.getProcess(processId);
  if (!process) return undefined;
  const untilMs = Date.parse(window.until);
  const changes: ChangeRecord[] = [];
  let afterId: number | undefined;
  // Page through the window: a busy day can hold more changes than one page.
  for (;;) {
    const page = await t.listChanges(processId, {
      since: window.since,
      limit: 500,
      ...(afterId === undefined ? {} : { afterId }),
    });
    for (const c of page) if (Date.parse(c.createdAt) < untilMs) changes.push(c);
    const last = page.at(-1);
    if (page.length < 500 || last === undefined || Date.parse(last.createdAt) >= untilMs) break;
    afterId = last.id;
  }
  const upcoming = await t.listMeetings(processId, {
    from: window.until,
    to: new Date(untilMs + DIGEST_UPCOMING_DAYS * 86_400_000).toISOString(),
    status: 'scheduled',
  });
  return { processName: process.name, changes, upcoming };
}

/** What `planDigest` did. */
export type DigestPlan =
  | { outcome: 'claimed' | 'already-claimed'; deliveryId: string; window: DigestWindow }
  | { outcome: 'nothing-to-say'; window: DigestWindow }
  | { outcome: 'no-digest'; reason: 'channel-gone' | 'unsubscribed' | 'process-gone' };

/**
 * Plans today's digest for a channel when its scheduler fires: claims one delivery per channel
 * and local day (so a scheduler that fires twice sends once) and enqueues it. A day with no
 * changes and no upcoming meetings sends nothing rather than an empty message.
 */
export async function planDigest(
  deps: { store: Store; queue: JobQueue; clock: Clock; logger?: Logger },
  tenantId: string,
  channelId: string,
): Promise<DigestPlan> {
  const t = deps.store.tenant(tenantId);
  const channel = await t.getChannel(channelId);
  if (!channel) return { outcome: 'no-digest', reason: 'channel-gone' };
  const subscription = await t.getSubscription(channelId);
  if (!subscription || subscription.digestHour === null)
    return { outcome: 'no-digest', reason: 'unsubscribed' };
  const process = await t.getProcess(channel.processId);
  if (!process) return { outcome: 'no-digest', reason: 'process-gone' };
  const zone = digestZone(subscription.digestZone, process.settings.defaultTimeZone);
  const window = digestWindow(deps.clock.now(), zone);
  const content = await readDigestContent(t, process.id, window);
  if (!content || (content.changes.length === 0 && content.upcoming.length === 0)) {
    return { outcome: 'nothing-to-say', window };
  }
  const { delivery, created } = await t.claimDelivery({
    key: deliveryKeys.digest(channelId, window.localDate),
    target: { kind: 'channel', id: channelId },
    kind: 'digest',
    payloadRef: payloadRefs.digest.encode({
      processId: process.id,
      since: window.since,
      until: window.until,
      zone,
    }),
  });
  if (created || delivery.status === 'pending') await deps.queue.enqueueDeliveries(tenantId, [delivery.id]);
  return { outcome: created ? 'claimed' : 'already-claimed', deliveryId: delivery.id, window };
}
