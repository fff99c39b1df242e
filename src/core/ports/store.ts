import type { RapporteurError } from '../errors.js';
import type { LanguageMethods } from '../language/store.js';
import type {
  ChangeRecord,
  ChannelRecord,
  ClaimDeliveryInput,
  ClaimDeliveryResult,
  DeliveryRecord,
  DeliveryStatus,
  DocumentRecord,
  InstantInput,
  MeetingRecord,
  MeetingStatus,
  ParsedCache,
  ParsedCacheInput,
  PersonRecord,
  Platform,
  PostVersionInput,
  PostVersionResult,
  Principal,
  ProcessRecord,
  ProcessSettings,
  RecordSourceInput,
  RecordSourceResult,
  ReminderPreferences,
  ReminderRecord,
  ReminderStatus,
  RoleGrantRecord,
  RoleName,
  SaveMeetingInput,
  SaveMeetingResult,
  SourceRecord,
  SourceWithClaims,
  SubscriptionRecord,
  SubscriptionSettings,
  SubscriptionTopic,
  Target,
  TenantRecord,
  VersionChangeInput,
  VersionRecord,
  WantReminderInput,
  WatchRecord,
} from '../store.js';

/**
 * The Store port: what the use cases read and write, tenant by tenant. The core declares it;
 * src/store implements it on SQLite and PostgreSQL, and one contract suite
 * (tests/store/contract.ts) holds both implementations to the same behaviour. The records it
 * reads and writes, and the rules shared by every method, are in ../store.ts.
 *
 * Every row belongs to exactly one tenant. `Store.tenant(id)` returns a `TenantStore` whose
 * every query is filtered by that tenant, so a use case cannot reach another tenant's rows
 * even with a guessed id: reads give `undefined` or an empty list, writes `NOT_FOUND`.
 */

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
  /**
   * A cached engine result as the JSON text it is stored as, unparsed: for an engine in
   * another thread, so that a large parse is neither parsed nor copied as objects here.
   */
  getParsedJson(
    versionId: string,
    name?: string,
  ): Promise<{ schemaVersion: number; json: string } | undefined>;
  /**
   * A cached engine result as stored: its compressed bytes when the store compressed it (a
   * large one), else its JSON text. For an engine in a worker, which inflates it there, so
   * that a large parse is never inflated or made a string on this thread.
   */
  getParsedPacked(
    versionId: string,
    name?: string,
  ): Promise<({ schemaVersion: number } & ({ json: string } | { packed: Uint8Array })) | undefined>;
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

/** Wanted reminders: what the reminder jobs are rebuilt from. */
export interface ReminderMethods {
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
}

/** Deliveries: every message Rapporteur means to send, claimed once by its key. */
export interface DeliveryMethods {
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
    ReminderMethods,
    DeliveryMethods,
    LanguageMethods {
  /** The tenant every method of this store is scoped to. */
  readonly tenantId: string;
}
