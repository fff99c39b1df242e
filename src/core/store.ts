import { z } from 'zod';

/**
 * The store's records: the durable model of tenants, processes, drafts, meetings, reminders
 * and deliveries, as the Store port (ports/store.ts) reads and writes them, with the few rules
 * that belong to the data itself (settings defaults, valid zones, storable text, slugs).
 * One file because it is one model: the port, the SQL families and every use case read the
 * same records, and a record is easier to follow beside the ones it points to.
 *
 * Conventions shared by every Store method:
 * - Every row belongs to exactly one tenant. `Store.tenant(id)` returns a `TenantStore` whose
 *   every query is filtered by that tenant, so a use case cannot reach another tenant's rows
 *   even with a guessed id: reads give `undefined` or an empty list, writes `NOT_FOUND`.
 * - `getX` / `findX` return `undefined` when nothing matches; the caller knows the user's
 *   words and can say what was not found. Updates and deletes of a missing row throw
 *   `RapporteurError('NOT_FOUND')`; a uniqueness clash throws `CONFLICT`; bad input throws
 *   `INVALID_ARGUMENT`; a database that cannot be reached throws `UNAVAILABLE`.
 * - Instants are returned as ISO 8601 UTC strings (`2014-06-09T12:00:00.000Z`) and accepted
 *   as a `Date` or an ISO 8601 string with an explicit zone (`Z` or `+02:00`).
 * - Engine outputs (parsed drafts, claims, meeting snapshots, change payloads) are stored as
 *   JSON without the store knowing their types. They must be plain data: objects, arrays,
 *   strings, finite numbers, booleans and null. Anything JSON would silently alter (NaN,
 *   undefined in an array, a Date, a Map, a class instance) or that PostgreSQL cannot hold
 *   (U+0000, a lone surrogate) is refused with `INVALID_ARGUMENT` on both databases alike.
 */

/** A JSON value as the store returns it. Callers narrow it (their schema version says how). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An instant as the store returns it: ISO 8601 in UTC with milliseconds, e.g. `2014-06-09T12:00:00.000Z`. */
export type Instant = string;

/** An instant as the store accepts it: a valid `Date`, or an ISO 8601 string with `Z` or an offset. */
export type InstantInput = Date | string;

/** The chat platform or medium a tenant lives on. */
export type Platform = 'discord' | 'slack' | 'email' | 'console';

/** All platforms, for validation and help texts. */
export const PLATFORMS: readonly Platform[] = ['discord', 'slack', 'email', 'console'];

/** One Discord server, Slack workspace, mailing list or the local console. */
export interface TenantRecord {
  id: string;
  platform: Platform;
  /** The platform's own id (guild id, team id, list address, `local`). */
  externalId: string;
  name: string;
  createdAt: Instant;
}

/** How a process is run and how its meetings are presented. Stored as JSON; missing keys take the defaults. */
export interface ProcessSettings {
  /** "Nothing is agreed until everything is agreed": unbracketed text is only provisionally agreed. */
  packageDeal: boolean;
  /** Qualifiers tracked in addition to the built-in list ("to the extent possible"). */
  extraQualifiers: string[];
  /** IANA zone assumed when an announcement states none and its venue implies none. */
  defaultTimeZone: string | null;
  /** Venue assumed when an announcement names none ("Geneva"). */
  defaultVenue: string | null;
  /** Holiday region of the usual venue, country or country-subdivision (`CH-GE`). */
  holidayRegion: string | null;
  /** Meetings announced fewer days than this before they start are flagged as short notice. */
  noticeThresholdDays: number;
  /** Reminder offsets before a meeting starts, in minutes (default 24 h and 1 h). */
  reminderOffsetsMinutes: number[];
  /** IANA zones of remote participants, to show each meeting's local time for them. */
  participantZones: string[];
  /**
   * Anyone with the address may read the process's web pages (`/rapporteur settings public:true`).
   * Absent (the default) means private: pages only through signed, expiring links.
   */
  public?: boolean | undefined;
}

/** True when `zone` is an IANA time zone name this runtime knows (or `UTC`). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when both databases can store `text` unchanged: PostgreSQL refuses U+0000 in text and
 * JSON, and a lone surrogate would be replaced on its way to UTF-8, so both are refused
 * everywhere rather than altered on one database only.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

const zoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Zurich' });
const shortText = (max: number) =>
  z.string().trim().min(1).max(max).refine(isStorableText, { message: 'contains an invalid character' });
/** Two weeks ahead is the longest reminder that still makes sense next to a meeting series. */
const MAX_REMINDER_OFFSET_MINUTES = 60 * 24 * 60;

const offsetsSchema = z
  .array(z.number().int().min(1).max(MAX_REMINDER_OFFSET_MINUTES))
  .max(10)
  .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a));

/**
 * Validates stored or submitted settings. Keys missing from older rows take their defaults,
 * so adding a setting never needs a data migration.
 */
export const processSettingsSchema = z.object({
  packageDeal: z.boolean().default(false),
  extraQualifiers: z.array(shortText(200)).max(200).default([]),
  defaultTimeZone: zoneSchema.nullable().default(null),
  defaultVenue: shortText(200).nullable().default(null),
  holidayRegion: z
    .string()
    .regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,10}){0,2}$/, { message: 'must look like CH or CH-GE' })
    .nullable()
    .default(null),
  noticeThresholdDays: z.number().int().min(0).max(365).default(14),
  reminderOffsetsMinutes: offsetsSchema.default([1440, 60]),
  participantZones: z.array(zoneSchema).max(50).default([]),
  // No default: settings saved before the web pages existed read back unchanged.
  public: z.boolean().optional(),
});

/** A negotiation followed by a tenant ("WSIS+10 Vision"). */
export interface ProcessRecord {
  id: string;
  tenantId: string;
  name: string;
  /** Lower-case handle derived from the name, unique in the tenant (`wsis-10-vision`). */
  slug: string;
  settings: ProcessSettings;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A platform channel (or mailing list) bound to one process. */
export interface ChannelRecord {
  id: string;
  tenantId: string;
  processId: string;
  /** The platform's channel id; unique in the tenant, so a channel follows one process at a time. */
  platformChannelId: string;
  name: string | null;
  /**
   * The platform the channel lives on when it is not the tenant's own: a mailing list that
   * feeds a Discord server's process is an `email` channel of that Discord tenant. Null means
   * the tenant's platform (every channel bound before channels carried a platform).
   */
  platform: Platform | null;
  createdAt: Instant;
}

/**
 * The platform a channel's messages go out on: its own, else its tenant's. Every sender
 * (alerts, reminders, digests, watch notices) picks the notifier and address with this.
 */
export function channelPlatform(
  channel: Pick<ChannelRecord, 'platform'>,
  tenant: Pick<TenantRecord, 'platform'>,
): Platform {
  return channel.platform ?? tenant.platform;
}

/** What a channel wants to hear about. */
export interface SubscriptionSettings {
  draftChanges: boolean;
  scheduleChanges: boolean;
  reminders: boolean;
  /** Local hour (0-23) of the daily digest, or null for no digest. */
  digestHour: number | null;
  /** IANA zone of `digestHour`; null means the process's default zone. */
  digestZone: string | null;
}

/** A channel's subscription row. */
export interface SubscriptionRecord extends SubscriptionSettings {
  channelId: string;
  updatedAt: Instant;
}

/** The topics a channel can subscribe to, for `listSubscribers`. */
export type SubscriptionTopic = 'draftChanges' | 'scheduleChanges' | 'reminders' | 'digest';

/** A negotiated text within a process (the "Vision", the "Statement"). */
export interface DocumentRecord {
  id: string;
  tenantId: string;
  processId: string;
  name: string;
  /** Lower-case handle derived from the name, unique in the process (`vision`). */
  slug: string;
  /** Sequence number of the newest version, 0 before the first. */
  latestSequence: number;
  createdAt: Instant;
}

/** One posted version of a document. The original bytes and the parse cache are fetched apart. */
export interface VersionRecord {
  id: string;
  tenantId: string;
  documentId: string;
  /** 1, 2, 3... per document, allocated atomically: no gaps, no duplicates, in posting order. */
  sequence: number;
  /** The label people use ("1 June version"). */
  label: string;
  /** Platform user id (or e-mail address) of who posted it. */
  postedBy: string;
  postedAt: Instant;
  /** Lower-case hex SHA-256 of the original bytes. */
  sha256: string;
  /** Size of the original in bytes. */
  size: number;
  fileName: string;
  contentType: string;
  /** Schema version of the cached `parse` result, or null when none is cached. */
  parsedSchemaVersion: number | null;
  createdAt: Instant;
  /** The date the version bears (`--date`, e.g. a draft loaded after the fact), or null. */
  date: Instant | null;
  /** Set when chairs' staff withdrew the version; it stays stored for audit. */
  withdrawn: { at: Instant; by: string; reason: string | null; changeId: number | null } | null;
  /** The change-log entry that announced the version; null while its post is unfinished. */
  changeId: number | null;
  /** When the alerts for it were claimed; null while its post is unfinished (see `announceVersion`). */
  announcedAt: Instant | null;
}

/** The date that counts for a version: the one it bears, else when it was posted. */
export function versionDate(v: Pick<VersionRecord, 'date' | 'postedAt'>): Instant {
  return v.date ?? v.postedAt;
}

/** A cached engine result: the engine's own schema version and its JSON output. */
export interface ParsedCache {
  schemaVersion: number;
  data: JsonValue;
}

/**
 * A cached engine result as submitted: `data` must be plain JSON data (see the module notes),
 * or `json` that data already serialised with `JSON.stringify` where the engine ran (a large
 * parse, so that the main thread neither copies nor serialises it). The store checks `json`
 * only for what the databases cannot hold (U+0000, unpaired surrogates, its size).
 */
export type ParsedCacheInput =
  | { schemaVersion: number; data: unknown }
  | { schemaVersion: number; json: string }
  /**
   * JSON text already checked and gzip-compressed in the form the store keeps (a pool worker's
   * output, `PackedJsonText`), written as it is; `chars` is the text's length, for the limit.
   */
  | { schemaVersion: number; packed: Uint8Array; chars: number };

/** A new version of a document. */
export interface PostVersionInput {
  documentId: string;
  label: string;
  postedBy: string;
  /** Defaults to the store clock's now. */
  postedAt?: InstantInput;
  /** The original file, kept content-addressed by SHA-256. */
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  /** The parse result, stored as the `parse` cache in the same transaction as the version. */
  parsed?: ParsedCacheInput;
  /** The date the version bears, when it differs from when it is posted. */
  date?: InstantInput;
  /** Further caches (status, diff), stored in the same transaction as the version. */
  caches?: Record<string, ParsedCacheInput>;
}

/** The change-log entry of a version's announcement or withdrawal. */
export interface VersionChangeInput {
  processId: string;
  kind: string;
  subject: string;
  payload: unknown;
  createdAt?: InstantInput;
}

/** The outcome of posting: `created` is false when the same bytes were already a version of this document. */
export interface PostVersionResult {
  version: VersionRecord;
  created: boolean;
}

/** One revision of a source of meeting facts (a PDF letter, a web page as fetched, an e-mail). */
export interface SourceRecord {
  id: string;
  tenantId: string;
  processId: string;
  /** What kind of source this is, as the schedule engine names it (`pdf`, `web`, `email`, `ics`, `chat`). */
  kind: string;
  /** A name for people ("Invitation to the sixth MPP meeting") or the URL. */
  name: string;
  url: string | null;
  /**
   * Identifies a source that is re-published (a URL, an e-mail thread), shared by all its
   * revisions, so that a newer revision can settle an older one; null for one-off sources.
   */
  revisionKey: string | null;
  /** The date printed on the source (`2014-06-03`), a calendar date without zone. */
  documentDate: string | null;
  seenAt: Instant;
  /** SHA-256 of the source's content as ingested. */
  sha256: string;
  createdAt: Instant;
}

/** One claim (JSON from the schedule engine) made by a source. */
export interface ClaimRecord {
  id: string;
  sourceId: string;
  /** Position of the claim within its source, from 0. */
  position: number;
  data: JsonValue;
}

/** A source revision with the claims it made. */
export interface SourceWithClaims {
  source: SourceRecord;
  claims: ClaimRecord[];
}

/** A new source revision and its claims. */
export interface RecordSourceInput {
  processId: string;
  kind: string;
  name: string;
  url?: string | null;
  revisionKey?: string | null;
  documentDate?: string | null;
  seenAt: InstantInput;
  sha256: string;
  /** Plain JSON claims from the schedule engine, kept in this order. */
  claims: unknown[];
}

/**
 * The outcome of recording a source: `created` is false when the content was already known
 * (the newest revision under the same revision key, or a one-off source with the same SHA-256),
 * in which case `source` and `claims` are the existing ones.
 */
export interface RecordSourceResult extends SourceWithClaims {
  created: boolean;
}

/** The state of a reconciled meeting, in the schedule engine's vocabulary. */
export type MeetingStatus = 'scheduled' | 'postponed' | 'cancelled';

/** All meeting statuses, for validation. */
export const MEETING_STATUSES: readonly MeetingStatus[] = ['scheduled', 'postponed', 'cancelled'];

/** A reconciled meeting as last computed. */
export interface MeetingRecord {
  id: string;
  tenantId: string;
  processId: string;
  /** The schedule engine's stable meeting id; unique in the process. */
  meetingKey: string;
  status: MeetingStatus;
  /** The start used for ordering and reminders (the earliest when sources disagree), if known. */
  startsAt: Instant | null;
  endsAt: Instant | null;
  /** The engine's reconciled meeting, as JSON. */
  snapshot: JsonValue;
  /** Incremented whenever status, times or snapshot change: the iCalendar SEQUENCE. */
  revision: number;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A reconciled meeting to save. */
export interface SaveMeetingInput {
  processId: string;
  meetingKey: string;
  status: MeetingStatus;
  startsAt: InstantInput | null;
  endsAt: InstantInput | null;
  snapshot: unknown;
}

/** What saving a meeting did; `unchanged` leaves the revision as it was. */
export interface SaveMeetingResult {
  meeting: MeetingRecord;
  outcome: 'created' | 'updated' | 'unchanged';
}

/** A watched URL (a meeting page, a calendar feed). */
export interface WatchRecord {
  id: string;
  tenantId: string;
  processId: string;
  url: string;
  intervalSeconds: number;
  /** Validators from the last successful fetch, for conditional requests. */
  etag: string | null;
  lastModified: string | null;
  /** SHA-256 of the last content seen, to ignore fetches that changed nothing. */
  contentHash: string | null;
  lastCheckedAt: Instant | null;
  lastError: string | null;
  /** When the current run of failures began; null while the watch works. */
  failingSince: Instant | null;
  /** Whether people were told that this watch is failing (so they are told once). */
  notified: boolean;
  nextRunAt: Instant;
  createdAt: Instant;
}

/** One entry of the change log: something found that people may be told about. */
export interface ChangeRecord {
  /** Increases with every entry of the store, so `afterId` pages through new changes. */
  id: number;
  tenantId: string;
  processId: string;
  /** What changed, in the engines' vocabulary (`draft.version`, `meeting.retimed`...). */
  kind: string;
  /** What it is about (a document id, a meeting key). */
  subject: string;
  payload: JsonValue;
  createdAt: Instant;
}

/** How a person wants reminders. */
export interface ReminderPreferences {
  /** Their own reminder offsets in minutes, or null for the process's. */
  offsetsMinutes: number[] | null;
  /** True when they want no reminders at all. */
  muted: boolean;
}

/** Validates stored or submitted reminder preferences; missing keys take their defaults. */
export const reminderPreferencesSchema = z.object({
  offsetsMinutes: offsetsSchema.nullable().default(null),
  muted: z.boolean().default(false),
});

/** A person's settings within a tenant. */
export interface PersonRecord {
  tenantId: string;
  platformUserId: string;
  timeZone: string | null;
  reminders: ReminderPreferences;
  updatedAt: Instant;
}

/** Who a grant is for: one user, or everyone holding a platform role (a Discord role, a Slack user group). */
export interface Principal {
  kind: 'user' | 'platform-role';
  id: string;
}

/** A permission. `poster` may post official drafts and announcements; everyone else reads. */
export type RoleName = 'poster';

/** A role granted in a tenant, for one process or (processId null) for all of them. */
export interface RoleGrantRecord {
  id: string;
  tenantId: string;
  processId: string | null;
  principal: Principal;
  role: RoleName;
  grantedBy: string | null;
  grantedAt: Instant;
}

/** Where a reminder or delivery goes: a bound channel (by record id) or a person (by platform user id). */
export interface Target {
  kind: 'channel' | 'person';
  id: string;
}

/** The life of a wanted reminder. */
export type ReminderStatus = 'pending' | 'sent' | 'cancelled';

/** A reminder someone wants: meeting x offset x target. */
export interface ReminderRecord {
  id: string;
  tenantId: string;
  /** The meeting's record id (not its key). */
  meetingId: string;
  offsetMinutes: number;
  target: Target;
  dueAt: Instant;
  status: ReminderStatus;
  /** What people were told last (time, venue...), so a later message can say what changed. */
  told: JsonValue | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A reminder to want. */
export interface WantReminderInput {
  meetingId: string;
  offsetMinutes: number;
  target: Target;
  dueAt: InstantInput;
  told?: unknown;
}

/** The life of a delivery: `failed` may be retried, `permanent` may not. */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'permanent';

/** One message Rapporteur means to send, made idempotent by its key. */
export interface DeliveryRecord {
  id: string;
  tenantId: string;
  /** Unique in the tenant: the same change for the same target is claimed once. */
  idempotencyKey: string;
  target: Target;
  /** What is delivered (`draft-change`, `schedule-change`, `reminder`, `digest`). */
  kind: string;
  /** What to render (a change id, a reminder id), or null. */
  payloadRef: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** When a failed delivery should be tried again, or null. */
  nextAttemptAt: Instant | null;
  sentAt: Instant | null;
  /** The platform's id of the sent message, to edit or thread it later. */
  platformMessageId: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A delivery to claim. */
export interface ClaimDeliveryInput {
  key: string;
  target: Target;
  kind: string;
  payloadRef?: string | null;
}

/** `created` is true for exactly one of any number of concurrent claimers of the same key. */
export interface ClaimDeliveryResult {
  delivery: DeliveryRecord;
  created: boolean;
}

/**
 * The handle of a name, for lookups that ignore case, accents and punctuation:
 * "WSIS+10 Vision" -> `wsis-10-vision`, "Déclaration" -> `declaration`. Letters and digits of
 * any script are kept; returns '' when the name has none.
 */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
