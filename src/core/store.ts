import { z } from 'zod';
import type { RapporteurError } from './errors.js';
import type { LanguageMethods } from './language/store.js';

/**
 * The Store port: the durable model of tenants, processes, drafts, meetings, reminders and
 * deliveries that the use cases read and write. The core declares it; src/store implements
 * it on SQLite and PostgreSQL, and one contract suite (tests/store/contract.ts) holds both
 * implementations to the same behaviour.
 *
 * Conventions shared by every method:
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

/** The settings of a process created without any. */
export const DEFAULT_PROCESS_SETTINGS: ProcessSettings = processSettingsSchema.parse({});

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

/** A cached engine result as submitted: `data` must be plain JSON data (see the module notes). */
export interface ParsedCacheInput {
  schemaVersion: number;
  data: unknown;
}

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

/** Settings of a tenant as the platform reports them. */
export interface TenantInput {
  platform: Platform;
  externalId: string;
  name: string;
}

/**
 * The root of the store: the tenant registry. Everything else is reached through
 * `tenant(id)`, so every other query is scoped to one tenant by construction.
 */
export interface Store {
  /** Finds the tenant by platform and external id, creating it (or updating its name) as needed. */
  ensureTenant(input: TenantInput): Promise<TenantRecord>;
  /** The tenant with this id, if any. */
  getTenant(id: string): Promise<TenantRecord | undefined>;
  /** The tenant with this platform id, if any. */
  findTenant(platform: Platform, externalId: string): Promise<TenantRecord | undefined>;
  /** All tenants, oldest first (jobs walk them to rebuild the queue). */
  listTenants(): Promise<TenantRecord[]>;
  /** Deletes a tenant and every row it owns. NOT_FOUND when absent. */
  deleteTenant(id: string): Promise<void>;
  /** The store of one tenant. Does not query; a missing tenant shows as empty reads and NOT_FOUND writes. */
  tenant(tenantId: string): TenantStore;
}

/** Processes of a tenant. */
export interface ProcessMethods {
  /** Creates a process; CONFLICT when its slug is taken in the tenant. */
  createProcess(input: { name: string; settings?: Partial<ProcessSettings> }): Promise<ProcessRecord>;
  /** The process with this id, if this tenant has it. */
  getProcess(id: string): Promise<ProcessRecord | undefined>;
  /** Finds a process by name or slug (compared by slug, so case and punctuation do not matter). */
  findProcess(nameOrSlug: string): Promise<ProcessRecord | undefined>;
  /** All processes, by name. */
  listProcesses(): Promise<ProcessRecord[]>;
  /** Renames a process and/or merges a settings patch into its settings. */
  updateProcess(
    id: string,
    patch: { name?: string; settings?: Partial<ProcessSettings> },
  ): Promise<ProcessRecord>;
  /** Deletes a process with its channels, documents, versions, sources, meetings, watches, changes and reminders. */
  deleteProcess(id: string): Promise<void>;
}

/** Channels and their subscriptions. */
export interface ChannelMethods {
  /**
   * Binds a platform channel to a process, moving it if it followed another process.
   * `platform` is the channel's own platform when it differs from the tenant's (see
   * `ChannelRecord.platform`): omitted, a new channel gets null and a bound one keeps its
   * own; null resets it to the tenant's. An unknown platform is INVALID_ARGUMENT.
   */
  bindChannel(input: {
    processId: string;
    platformChannelId: string;
    name?: string | null;
    platform?: Platform | null;
  }): Promise<ChannelRecord>;
  /** The channel with this record id, if this tenant has it. */
  getChannel(id: string): Promise<ChannelRecord | undefined>;
  /** The channel with this platform channel id, if it is bound. */
  findChannel(platformChannelId: string): Promise<ChannelRecord | undefined>;
  /** Channels of one process, or of the tenant. */
  listChannels(processId?: string): Promise<ChannelRecord[]>;
  /** Unbinds a channel and drops its subscription. */
  unbindChannel(id: string): Promise<void>;
  /** Merges a patch into the channel's subscription (all off before the first patch). */
  setSubscription(channelId: string, patch: Partial<SubscriptionSettings>): Promise<SubscriptionRecord>;
  /** The channel's subscription, if it was ever set. */
  getSubscription(channelId: string): Promise<SubscriptionRecord | undefined>;
  /** Channels of a process subscribed to a topic (`digest`: those with a digest hour). */
  listSubscribers(
    processId: string,
    topic: SubscriptionTopic,
  ): Promise<Array<{ channel: ChannelRecord; subscription: SubscriptionRecord }>>;
}

/** Documents, their versions, originals and parse caches. */
export interface DocumentMethods {
  /** Creates a document in a process; CONFLICT when its slug is taken there. */
  createDocument(input: { processId: string; name: string }): Promise<DocumentRecord>;
  /** The document with this id, if this tenant has it. */
  getDocument(id: string): Promise<DocumentRecord | undefined>;
  /** Finds a document of a process by name or slug. */
  findDocument(processId: string, nameOrSlug: string): Promise<DocumentRecord | undefined>;
  /** Documents of a process, by handle. */
  listDocuments(processId: string): Promise<DocumentRecord[]>;
  /** Deletes a document, its versions and the originals no other version uses. */
  deleteDocument(id: string): Promise<void>;
  /**
   * Posts a version: allocates the next sequence number atomically and keeps the original
   * content-addressed. Posting bytes that are already a version of this document returns that
   * version with `created: false` (even under concurrent posts).
   */
  postVersion(input: PostVersionInput): Promise<PostVersionResult>;
  /** The version with this id, if this tenant has it. */
  getVersion(id: string): Promise<VersionRecord | undefined>;
  /** Version number `sequence` of a document, if it exists. */
  getVersionBySequence(documentId: string, sequence: number): Promise<VersionRecord | undefined>;
  /** The newest version of a document, if any. */
  latestVersion(documentId: string): Promise<VersionRecord | undefined>;
  /** The versions of a document, oldest first; withdrawn ones only with `includeWithdrawn`. */
  listVersions(documentId: string, options?: { includeWithdrawn?: boolean }): Promise<VersionRecord[]>;
  /**
   * Logs the change that announces a version, once: in one transaction, appends `change` and
   * records it on the version, unless the version already has its change (then that one is
   * returned with `created: false`). A post that crashed before this point is completed by
   * calling it again; NOT_FOUND when the version is gone.
   */
  recordVersionChange(
    versionId: string,
    change: VersionChangeInput,
  ): Promise<{ version: VersionRecord; change: ChangeRecord; created: boolean }>;
  /** Marks a version's alerts as claimed: its post is complete. */
  markVersionAnnounced(versionId: string, at?: InstantInput): Promise<VersionRecord>;
  /** Versions whose post did not finish (no change entry or alerts not claimed), oldest first. */
  listUnannouncedVersions(limit?: number): Promise<VersionRecord[]>;
  /**
   * Withdraws a version, once: in one transaction, marks it withdrawn (its original and caches
   * stay, for audit), appends `change` and claims the deliveries that `claims` names for it
   * (their keys may use the new change's id), so that a crash leaves either all of it or none.
   * `claimed` holds the deliveries this call created. CONFLICT when it was already withdrawn.
   */
  withdrawVersion(
    versionId: string,
    input: {
      by: string;
      reason?: string | null;
      at?: InstantInput;
      change: VersionChangeInput;
      claims?: (change: ChangeRecord) => ClaimDeliveryInput[] | Promise<ClaimDeliveryInput[]>;
    },
  ): Promise<{ version: VersionRecord; change: ChangeRecord; claimed: DeliveryRecord[] }>;
  /** The original bytes of a version. */
  readOriginal(versionId: string): Promise<Uint8Array | undefined>;
  /**
   * A cached engine result of a version; check its schema version before trusting it.
   * `name` picks the cache: `parse` (the default) is the full result `postVersion` stored;
   * use cases may keep smaller derived caches beside it (`status-summary`) so that a status
   * answer does not read and parse megabytes of JSON.
   */
  getParsed(versionId: string, name?: string): Promise<ParsedCache | undefined>;
  /** Stores or replaces a named cache of a version (`parse` by default), e.g. after the engine's schema changed. */
  setParsed(versionId: string, cache: ParsedCacheInput, name?: string): Promise<void>;
}

/** Sources of meeting facts, their claims, and reconciled meetings. */
export interface ScheduleMethods {
  /** Records a source revision with its claims, or recognises it (see `RecordSourceResult`). */
  recordSource(input: RecordSourceInput): Promise<RecordSourceResult>;
  /** The source with this id, if this tenant has it. */
  getSource(id: string): Promise<SourceRecord | undefined>;
  /** Sources of a process in the order they were seen. */
  listSources(processId: string): Promise<SourceRecord[]>;
  /** Every source of a process with its claims, in the order seen: the reconciler's input. */
  listClaims(processId: string): Promise<SourceWithClaims[]>;
  /** Deletes a source (posted by mistake) and its claims. */
  deleteSource(id: string): Promise<void>;
  /** Creates or updates a meeting by its key; the revision grows only when something changed. */
  saveMeeting(input: SaveMeetingInput): Promise<SaveMeetingResult>;
  /** The meeting with this record id, if this tenant has it. */
  getMeeting(id: string): Promise<MeetingRecord | undefined>;
  /** The meeting of a process with this schedule-engine key, if saved. */
  findMeeting(processId: string, meetingKey: string): Promise<MeetingRecord | undefined>;
  /** Meetings of a process by start (unknown starts last), optionally those ending at or after `from` and starting before `to`. */
  listMeetings(
    processId: string,
    filter?: { from?: InstantInput; to?: InstantInput; status?: MeetingStatus },
  ): Promise<MeetingRecord[]>;
  /** Deletes a meeting and its reminders. */
  deleteMeeting(id: string): Promise<void>;
}

/** Watched URLs. */
export interface WatchMethods {
  /** Starts watching a URL for a process; CONFLICT when it is already watched there. */
  addWatch(input: {
    processId: string;
    url: string;
    intervalSeconds: number;
    nextRunAt?: InstantInput;
  }): Promise<WatchRecord>;
  /** The watch with this id, if this tenant has it. */
  getWatch(id: string): Promise<WatchRecord | undefined>;
  /** Watches of one process, or of the tenant, by URL. */
  listWatches(processId?: string): Promise<WatchRecord[]>;
  /** Watches whose next run is at or before `now`, earliest first. */
  dueWatches(now: InstantInput, limit?: number): Promise<WatchRecord[]>;
  /** Records a successful check: new validators and hash; clears the failure state. */
  recordWatchSuccess(
    id: string,
    result: {
      checkedAt: InstantInput;
      etag: string | null;
      lastModified: string | null;
      contentHash: string | null;
      nextRunAt: InstantInput;
    },
  ): Promise<WatchRecord>;
  /** Records a failed check; `failingSince` keeps the start of the run of failures. */
  recordWatchFailure(
    id: string,
    result: { checkedAt: InstantInput; error: string; nextRunAt: InstantInput },
  ): Promise<WatchRecord>;
  /** Marks whether people were told about the current failure. */
  setWatchNotified(id: string, notified: boolean): Promise<WatchRecord>;
  /** Stops watching. NOT_FOUND when absent. */
  removeWatch(id: string): Promise<void>;
}

/** The change log. */
export interface ChangeMethods {
  /** Appends a change; `createdAt` defaults to the store clock's now. */
  appendChange(input: {
    processId: string;
    kind: string;
    subject: string;
    payload: unknown;
    createdAt?: InstantInput;
  }): Promise<ChangeRecord>;
  /**
   * Changes of a process in the order they were logged, after an id and/or since an instant
   * (100 by default, 1000 at most). Within a process, ids follow commit order, so a reader that
   * pages with `afterId` never misses an entry that committed late.
   */
  listChanges(
    processId: string,
    filter?: { afterId?: number; since?: InstantInput; kinds?: string[]; limit?: number },
  ): Promise<ChangeRecord[]>;
  /** One change of a process by id (what an alert delivery renders), if this tenant has it. */
  getChange(processId: string, id: number): Promise<ChangeRecord | undefined>;
}

/** People and roles. */
export interface PeopleMethods {
  /** Creates or updates a person's settings (a `null` time zone clears it). */
  setPerson(
    platformUserId: string,
    patch: { timeZone?: string | null; reminders?: Partial<ReminderPreferences> },
  ): Promise<PersonRecord>;
  /** A person's settings, if they set any. */
  getPerson(platformUserId: string): Promise<PersonRecord | undefined>;
  /** Everyone with settings, by user id. */
  listPeople(): Promise<PersonRecord[]>;
  /**
   * Forgets a person: their settings, the reminders and deliveries addressed to them, and the
   * roles granted to them by user id. NOT_FOUND when none of these existed.
   */
  forgetPerson(platformUserId: string): Promise<void>;
  /** Grants a role; granting what is already granted returns the existing grant with `created: false`. */
  grantRole(input: {
    processId: string | null;
    principal: Principal;
    role: RoleName;
    grantedBy?: string | null;
    grantedAt?: InstantInput;
  }): Promise<{ grant: RoleGrantRecord; created: boolean }>;
  /** Withdraws a grant. NOT_FOUND when absent. */
  revokeRole(grantId: string): Promise<void>;
  /** Grants of the tenant; with `processId`, those for that process and the tenant-wide ones. */
  listRoles(processId?: string): Promise<RoleGrantRecord[]>;
  /** True when the user, or one of the platform roles they hold, was granted `role` for the process or tenant-wide. */
  hasRole(query: {
    processId: string;
    userId: string;
    platformRoleIds?: readonly string[];
    role: RoleName;
  }): Promise<boolean>;
}

/** Wanted reminders and deliveries: what the queue is rebuilt from. */
export interface DeliveryMethods {
  /**
   * Wants a reminder (meeting x offset x target). Wanting it again updates its due time and
   * `told`; it becomes pending again when the due time moved or it had been cancelled.
   */
  wantReminder(input: WantReminderInput): Promise<{ reminder: ReminderRecord; created: boolean }>;
  /** The reminder with this id, if this tenant has it. */
  getReminder(id: string): Promise<ReminderRecord | undefined>;
  /** The reminder with its meeting (null if the meeting is gone), in one read, as `getMeeting` gives it. */
  getReminderWithMeeting(
    id: string,
  ): Promise<{ reminder: ReminderRecord; meeting: MeetingRecord | null } | undefined>;
  /** Reminders by due time, filtered by meeting, status and/or target. */
  listReminders(filter?: {
    meetingId?: string;
    status?: ReminderStatus;
    target?: Target;
  }): Promise<ReminderRecord[]>;
  /** Pending reminders due at or before `now`, earliest first. */
  dueReminders(now: InstantInput, limit?: number): Promise<ReminderRecord[]>;
  /** A meeting moved: every reminder not cancelled is due `offset` before `startsAt`; moved ones become pending. Returns those that moved. */
  rescheduleReminders(meetingId: string, startsAt: InstantInput): Promise<ReminderRecord[]>;
  /** A meeting was cancelled: its pending reminders are cancelled and returned (to remove their jobs). */
  cancelReminders(meetingId: string): Promise<ReminderRecord[]>;
  /** Marks a pending reminder sent, recording what people were told. CONFLICT when it is not pending. */
  markReminderSent(id: string, result?: { told?: unknown }): Promise<ReminderRecord>;
  /** Deletes a wanted reminder (unfollow). NOT_FOUND when absent. */
  deleteReminder(id: string): Promise<void>;
  /** Claims a delivery by idempotency key: inserts it once; later claimers get the existing row with `created: false`. */
  claimDelivery(input: ClaimDeliveryInput): Promise<ClaimDeliveryResult>;
  /** The delivery with this id, if this tenant has it. */
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /**
   * The delivery with what it is addressed to, in one read (a sender's first): the channel of
   * a channel target (null once unbound) or the person of a person target (null when they set
   * nothing), each as `getChannel` and `getPerson` would give it.
   */
  getDeliveryWithTarget(id: string): Promise<DeliveryWithTarget | undefined>;
  /** The delivery claimed under this idempotency key, if any. */
  findDelivery(key: string): Promise<DeliveryRecord | undefined>;
  /** Deliveries by creation, filtered by status. */
  listDeliveries(filter?: { status?: DeliveryStatus; limit?: number }): Promise<DeliveryRecord[]>;
  /** Pending deliveries and failed ones whose retry time has come: what a rebuilt queue must hold. */
  deliveriesToRetry(now: InstantInput, limit?: number): Promise<DeliveryRecord[]>;
  /** Records a send. CONFLICT when it was already sent or failed permanently. */
  recordDeliverySent(id: string, result?: DeliverySentResult): Promise<DeliveryRecord>;
  /**
   * Records several sends in one transaction: a busy worker's group commit, one commit (one
   * WAL write, one fsync on PostgreSQL) for every send that finished meanwhile. Each entry gets
   * its own outcome, in order: the updated record, or the error `recordDeliverySent` would have
   * thrown for it alone (CONFLICT, NOT_FOUND, INVALID_ARGUMENT); one entry's error never undoes
   * another's record. A failure of the store itself rejects the whole call and records nothing.
   */
  recordDeliveriesSent(
    entries: ReadonlyArray<{ id: string } & DeliverySentResult>,
  ): Promise<Array<DeliveryRecord | RapporteurError>>;
  /** Records a failed send; `permanent` ends retries. CONFLICT when it was already sent or failed permanently. */
  recordDeliveryFailure(
    id: string,
    result: { error: string; permanent: boolean; at?: InstantInput; nextAttemptAt?: InstantInput | null },
  ): Promise<DeliveryRecord>;
}

/** A delivery and its target's row, read together. */
export interface DeliveryWithTarget {
  delivery: DeliveryRecord;
  channel: ChannelRecord | null;
  person: PersonRecord | null;
}

/** What a send reports to the store. */
export interface DeliverySentResult {
  sentAt?: InstantInput;
  platformMessageId?: string | null;
}

/** Everything one tenant owns. Every method is scoped to the tenant it was made for. */
export interface TenantStore
  extends ProcessMethods,
    ChannelMethods,
    DocumentMethods,
    ScheduleMethods,
    WatchMethods,
    ChangeMethods,
    PeopleMethods,
    DeliveryMethods,
    LanguageMethods {
  /** The tenant every method of this store is scoped to. */
  readonly tenantId: string;
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
