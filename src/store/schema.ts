import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as Kysely sees them. The same schema lives on two databases whose drivers
 * return different JavaScript values for the same column (PostgreSQL gives Date, boolean
 * and parsed JSON; SQLite gives ISO text, 0/1 and JSON text), so selected types are unions
 * and every row goes through a dialect codec (codec.ts) before leaving the store.
 */

/** timestamptz on PostgreSQL, ISO 8601 UTC text on SQLite; written as normalised ISO text. */
export type Timestamp = ColumnType<Date | string, string, string>;
/** jsonb on PostgreSQL, text on SQLite; written as JSON text. */
export type JsonColumn = ColumnType<unknown, string, string>;
/** boolean on PostgreSQL, 0/1 integer on SQLite. */
export type BoolColumn = ColumnType<boolean | number, boolean | number, boolean | number>;
/** bytea on PostgreSQL, blob on SQLite. */
export type BytesColumn = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface TenantsTable {
  id: string;
  platform: string;
  external_id: string;
  name: string;
  created_at: Timestamp;
}

export interface ProcessesTable {
  tenant_id: string;
  id: string;
  name: string;
  slug: string;
  settings: JsonColumn;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChannelsTable {
  tenant_id: string;
  id: string;
  process_id: string;
  platform_channel_id: string;
  name: string | null;
  /** Since migration 3; null means the tenant's platform. */
  platform: string | null;
  created_at: Timestamp;
}

export interface SubscriptionsTable {
  tenant_id: string;
  channel_id: string;
  draft_changes: BoolColumn;
  schedule_changes: BoolColumn;
  reminders: BoolColumn;
  digest_hour: number | null;
  digest_zone: string | null;
  updated_at: Timestamp;
}

export interface DocumentsTable {
  tenant_id: string;
  id: string;
  process_id: string;
  name: string;
  slug: string;
  last_sequence: number;
  created_at: Timestamp;
}

export interface BlobsTable {
  tenant_id: string;
  sha256: string;
  size: number;
  bytes: BytesColumn;
  /** Since migration 8: 'gzip' when `bytes` holds the original compressed; null (or absent) when as sent. */
  encoding?: 'gzip' | null;
  created_at: Timestamp;
}

export interface VersionsTable {
  tenant_id: string;
  id: string;
  document_id: string;
  sequence: number;
  label: string;
  posted_by: string;
  posted_at: Timestamp;
  sha256: string;
  size: number;
  file_name: string;
  content_type: string;
  created_at: Timestamp;
  /** The version's own date, when given (`--date`); null: its posting time stands for it. */
  dated_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  /** The change-log entry that announced the withdrawal. */
  withdraw_change_id: number | null;
  /** The change-log entry that announced the version; null while its post is unfinished. */
  change_id: number | null;
  /** When its alerts were claimed; null while its post is unfinished. */
  announced_at: Timestamp | null;
}

export interface ParsedCacheTable {
  tenant_id: string;
  version_id: string;
  name: string;
  schema_version: number;
  /** The JSON; the literal null when `packed` holds it. */
  data: JsonColumn;
  /** Since migration 8: the JSON text gzip-compressed, for large caches; null (or absent) otherwise. */
  packed?: BytesColumn | null;
  updated_at: Timestamp;
}

export interface SourcesTable {
  tenant_id: string;
  id: string;
  process_id: string;
  kind: string;
  name: string;
  url: string | null;
  revision_key: string | null;
  document_date: string | null;
  seen_at: Timestamp;
  sha256: string;
  created_at: Timestamp;
}

export interface ClaimsTable {
  tenant_id: string;
  id: string;
  source_id: string;
  position: number;
  data: JsonColumn;
}

export interface MeetingsTable {
  tenant_id: string;
  id: string;
  process_id: string;
  meeting_key: string;
  status: string;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  snapshot: JsonColumn;
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WatchesTable {
  tenant_id: string;
  id: string;
  process_id: string;
  url: string;
  interval_seconds: number;
  etag: string | null;
  last_modified: string | null;
  content_hash: string | null;
  last_checked_at: Timestamp | null;
  last_error: string | null;
  failing_since: Timestamp | null;
  notified: BoolColumn;
  next_run_at: Timestamp;
  created_at: Timestamp;
}

export interface ChangeLogTable {
  id: Generated<number>;
  tenant_id: string;
  process_id: string;
  kind: string;
  subject: string;
  payload: JsonColumn;
  created_at: Timestamp;
}

export interface PeopleTable {
  tenant_id: string;
  platform_user_id: string;
  time_zone: string | null;
  reminders: JsonColumn;
  updated_at: Timestamp;
}

export interface RolesTable {
  tenant_id: string;
  id: string;
  process_id: string | null;
  principal_kind: string;
  principal_id: string;
  role: string;
  granted_by: string | null;
  granted_at: Timestamp;
}

export interface RemindersTable {
  tenant_id: string;
  id: string;
  meeting_id: string;
  offset_minutes: number;
  target_kind: string;
  target_id: string;
  due_at: Timestamp;
  status: string;
  told: JsonColumn | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeliveriesTable {
  tenant_id: string;
  id: string;
  idempotency_key: string;
  target_kind: string;
  target_id: string;
  kind: string;
  payload_ref: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  /** Added by migration 0002. */
  next_attempt_at: Timestamp | null;
  sent_at: Timestamp | null;
  platform_message_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every table of the current schema version. */
/** Since migration 6: the agreed texts of each process's library. */
export interface LanguageTextsTable {
  tenant_id: string;
  id: string;
  process_id: string;
  title: string;
  symbol: string | null;
  /** YYYY-MM-DD. */
  adopted: string;
  body: string | null;
  rank: string | null;
  file_name: string;
  content_type: string;
  sha256: string;
  size: number;
  source_version_id: string | null;
  added_by: string;
  /** Characters of `text`, so listings need not read it. */
  chars: number;
  text: string;
  parsed_schema_version: number;
  parsed: JsonColumn;
  created_at: Timestamp;
}

/** Since migration 6: each process's library revision (its index snapshot until migration 7). */
export interface LanguageLibrariesTable {
  tenant_id: string;
  process_id: string;
  revision: number;
  updated_at: Timestamp;
}

/** Since migration 7: each agreed text's segment of its library's index. */
export interface LanguageSegmentsTable {
  tenant_id: string;
  text_id: string;
  schema_version: number;
  bytes: BytesColumn;
  updated_at: Timestamp;
}

/** Since migration 6: the match of a version against its process's library. */
export interface LanguageMatchesTable {
  tenant_id: string;
  version_id: string;
  library_revision: number;
  schema_version: number;
  data: JsonColumn;
  updated_at: Timestamp;
}

export interface Database {
  store_identity: { id: string; created_at: string };
  tenants: TenantsTable;
  processes: ProcessesTable;
  channels: ChannelsTable;
  subscriptions: SubscriptionsTable;
  documents: DocumentsTable;
  blobs: BlobsTable;
  versions: VersionsTable;
  parsed_cache: ParsedCacheTable;
  sources: SourcesTable;
  claims: ClaimsTable;
  meetings: MeetingsTable;
  watches: WatchesTable;
  change_log: ChangeLogTable;
  people: PeopleTable;
  roles: RolesTable;
  reminders: RemindersTable;
  deliveries: DeliveriesTable;
  language_texts: LanguageTextsTable;
  language_libraries: LanguageLibrariesTable;
  language_segments: LanguageSegmentsTable;
  language_matches: LanguageMatchesTable;
}
