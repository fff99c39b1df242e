/*
 * Every schema migration of the store, oldest first, in one file: the list is the store's
 * history and is read top to bottom; a released migration is never edited.
 */
import { randomUUID } from 'node:crypto';
import {
  type ColumnDataType,
  type ForeignKeyConstraintBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  sql,
} from 'kysely';

/** The two databases the store runs on. */
export type SqlDialectName = 'sqlite' | 'postgres';

/**
 * Migrations are listed in code, not globbed from a folder, so they run the same from
 * `dist/` and from `tsx`. One list serves both databases; the few types that differ
 * (timestamps, JSON, booleans, bytes, identity columns) come from `types(dialect)`.
 * A migration, once released, is never edited: changes go into a new one.
 */

/** The name of the newest migration: the schema version this code expects. */
export const LATEST_MIGRATION = '0008_packed_caches';

/** Migration 8 compressed large caches and originals (`packed`, `encoding`); the latest for now. */
export const PACKED_MIGRATION = '0008_packed_caches';

/** Migration 7 keeps the index of agreed texts in one segment per text. */
export const SEGMENTS_MIGRATION = '0007_language_segments';

/** Migration 6 added the library of agreed language (its tables exist from then on). */
export const LANGUAGE_MIGRATION = '0006_language_library';

/** Names of Kysely's bookkeeping tables, prefixed so that a shared PostgreSQL schema stays tidy. */
export const MIGRATION_TABLE = 'rapporteur_migration';
export const MIGRATION_LOCK_TABLE = 'rapporteur_migration_lock';

interface ColumnTypes {
  ts: ColumnDataType;
  json: ColumnDataType;
  /** For large opaque documents (parse caches): PostgreSQL's json keeps the text as sent. */
  bulkJson: ColumnDataType;
  bool: ColumnDataType;
  bytes: ColumnDataType;
}

function types(dialect: SqlDialectName): ColumnTypes {
  return dialect === 'postgres'
    ? { ts: 'timestamptz', json: 'jsonb', bulkJson: 'json', bool: 'boolean', bytes: 'bytea' }
    : { ts: 'text', json: 'text', bulkJson: 'text', bool: 'integer', bytes: 'blob' };
}

/**
 * Version 1: every table of the model. Each row carries its tenant id, primary keys are
 * (tenant_id, id), and foreign keys include tenant_id, so the database itself refuses a row
 * that points into another tenant.
 */
function initialSchema(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await tenantTables(db, dialect);
      await documentTables(db, dialect);
      await scheduleTables(db, dialect);
      await logAndPeopleTables(db, dialect);
      await reminderTables(db, dialect);
    },
  };
}

const cascade = (fk: ForeignKeyConstraintBuilder) => fk.onDelete('cascade');

/** Tenants, their processes, channels and subscriptions. */
async function tenantTables(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) =>
      c.notNull().check(sql`platform in ('discord', 'slack', 'email', 'console')`),
    )
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addUniqueConstraint('tenants_platform_external_unique', ['platform', 'external_id'])
    .execute();

  await db.schema
    .createTable('processes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('settings', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('processes_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('processes_slug_unique', ['tenant_id', 'slug'])
    .addForeignKeyConstraint('processes_tenant_fk', ['tenant_id'], 'tenants', ['id'], cascade)
    .execute();

  await db.schema
    .createTable('channels')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('platform_channel_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('channels_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('channels_platform_unique', ['tenant_id', 'platform_channel_id'])
    .addForeignKeyConstraint(
      'channels_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  await db.schema
    .createIndex('channels_process_idx')
    .on('channels')
    .columns(['tenant_id', 'process_id'])
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('draft_changes', t.bool, (c) => c.notNull())
    .addColumn('schedule_changes', t.bool, (c) => c.notNull())
    .addColumn('reminders', t.bool, (c) => c.notNull())
    .addColumn('digest_hour', 'integer', (c) => c.check(sql`digest_hour between 0 and 23`))
    .addColumn('digest_zone', 'text')
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriptions_pk', ['tenant_id', 'channel_id'])
    .addForeignKeyConstraint(
      'subscriptions_channel_fk',
      ['tenant_id', 'channel_id'],
      'channels',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
}

/** Documents, originals, versions and their caches. */
async function documentTables(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('documents')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('documents_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('documents_slug_unique', ['tenant_id', 'process_id', 'slug'])
    .addForeignKeyConstraint(
      'documents_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();

  // Originals are content-addressed per tenant: the same bytes posted twice are kept once,
  // and one tenant can never learn that another holds a file.
  await db.schema
    .createTable('blobs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', t.bytes, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('blobs_pk', ['tenant_id', 'sha256'])
    .addForeignKeyConstraint('blobs_tenant_fk', ['tenant_id'], 'tenants', ['id'], cascade)
    .execute();

  await db.schema
    .createTable('versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql`sequence >= 1`))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('posted_by', 'text', (c) => c.notNull())
    .addColumn('posted_at', t.ts, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('versions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('versions_sequence_unique', ['tenant_id', 'document_id', 'sequence'])
    .addUniqueConstraint('versions_sha256_unique', ['tenant_id', 'document_id', 'sha256'])
    .addForeignKeyConstraint(
      'versions_document_fk',
      ['tenant_id', 'document_id'],
      'documents',
      ['tenant_id', 'id'],
      cascade,
    )
    // Checked at commit: deleting a tenant removes its blobs and (through several cascades)
    // its versions in one statement, and PostgreSQL would otherwise check in between.
    .addForeignKeyConstraint(
      'versions_blob_fk',
      ['tenant_id', 'sha256'],
      'blobs',
      ['tenant_id', 'sha256'],
      (fk) => fk.deferrable().initiallyDeferred(),
    )
    .execute();
  await db.schema.createIndex('versions_blob_idx').on('versions').columns(['tenant_id', 'sha256']).execute();

  // Engine results per version, by name: the full parse ('parse') and any smaller derived
  // cache a use case keeps beside it (a status summary) so answers need not read megabytes.
  // Stored as json, not jsonb, on PostgreSQL: never queried inside, and for a 6 MB parse
  // json is about three times faster to write and twice as fast to read back.
  await db.schema
    .createTable('parsed_cache')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('data', t.bulkJson, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('parsed_cache_pk', ['tenant_id', 'version_id', 'name'])
    .addForeignKeyConstraint(
      'parsed_cache_version_fk',
      ['tenant_id', 'version_id'],
      'versions',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();

  if (dialect === 'postgres')
    await preferLz4(db, [
      ['parsed_cache', 'data'],
      ['blobs', 'bytes'],
    ]);
}

/** Meeting sources, their claims, reconciled meetings and watched pages. */
async function scheduleTables(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('sources')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('revision_key', 'text')
    .addColumn('document_date', 'text')
    .addColumn('seen_at', t.ts, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('sources_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint(
      'sources_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  await db.schema
    .createIndex('sources_process_idx')
    .on('sources')
    .columns(['tenant_id', 'process_id', 'seen_at'])
    .execute();
  await db.schema
    .createIndex('sources_revision_idx')
    .on('sources')
    .columns(['tenant_id', 'process_id', 'revision_key'])
    .execute();
  await db.schema
    .createIndex('sources_sha256_idx')
    .on('sources')
    .columns(['tenant_id', 'process_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('claims')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('data', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('claims_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('claims_position_unique', ['tenant_id', 'source_id', 'position'])
    .addForeignKeyConstraint(
      'claims_source_fk',
      ['tenant_id', 'source_id'],
      'sources',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('meeting_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('scheduled', 'postponed', 'cancelled')`),
    )
    .addColumn('starts_at', t.ts)
    .addColumn('ends_at', t.ts)
    .addColumn('snapshot', t.json, (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('meetings_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('meetings_key_unique', ['tenant_id', 'process_id', 'meeting_key'])
    .addForeignKeyConstraint(
      'meetings_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  await db.schema
    .createIndex('meetings_start_idx')
    .on('meetings')
    .columns(['tenant_id', 'process_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('watches')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull().check(sql`interval_seconds >= 60`))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('last_checked_at', t.ts)
    .addColumn('last_error', 'text')
    .addColumn('failing_since', t.ts)
    .addColumn('notified', t.bool, (c) => c.notNull())
    .addColumn('next_run_at', t.ts, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('watches_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('watches_url_unique', ['tenant_id', 'process_id', 'url'])
    .addForeignKeyConstraint(
      'watches_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  await db.schema
    .createIndex('watches_due_idx')
    .on('watches')
    .columns(['tenant_id', 'next_run_at'])
    .execute();
}

/** The change log, people and roles. */
async function logAndPeopleTables(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const t = types(dialect);
  // An integer id gives the log a total order that readers page through with `afterId`.
  await db.schema
    .createTable('change_log')
    .addColumn('id', 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addForeignKeyConstraint(
      'change_log_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  await db.schema
    .createIndex('change_log_process_idx')
    .on('change_log')
    .columns(['tenant_id', 'process_id', 'id'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('platform_user_id', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('reminders', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('people_pk', ['tenant_id', 'platform_user_id'])
    .addForeignKeyConstraint('people_tenant_fk', ['tenant_id'], 'tenants', ['id'], cascade)
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text')
    .addColumn('principal_kind', 'text', (c) =>
      c.notNull().check(sql`principal_kind in ('user', 'platform-role')`),
    )
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('poster')`))
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('roles_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('roles_tenant_fk', ['tenant_id'], 'tenants', ['id'], cascade)
    .addForeignKeyConstraint(
      'roles_process_fk',
      ['tenant_id', 'process_id'],
      'processes',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  // A tenant-wide grant has no process; coalesce makes it unique too (NULLs never clash).
  await sql`create unique index roles_grant_unique on roles
    (tenant_id, coalesce(process_id, ''), principal_kind, principal_id, role)`.execute(db);
}

/** Wanted reminders and deliveries. */
async function reminderTables(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const t = types(dialect);
  await db.schema
    .createTable('reminders')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('offset_minutes', 'integer', (c) => c.notNull().check(sql`offset_minutes > 0`))
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('channel', 'person')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('due_at', t.ts, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'cancelled')`))
    .addColumn('told', t.json)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('reminders_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('reminders_wanted_unique', [
      'tenant_id',
      'meeting_id',
      'offset_minutes',
      'target_kind',
      'target_id',
    ])
    .addForeignKeyConstraint(
      'reminders_meeting_fk',
      ['tenant_id', 'meeting_id'],
      'meetings',
      ['tenant_id', 'id'],
      cascade,
    )
    .execute();
  await db.schema
    .createIndex('reminders_due_idx')
    .on('reminders')
    .columns(['tenant_id', 'status', 'due_at'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('channel', 'person')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload_ref', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'sent', 'failed', 'permanent')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', t.ts)
    .addColumn('platform_message_id', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('deliveries_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('deliveries_key_unique', ['tenant_id', 'idempotency_key'])
    .addForeignKeyConstraint('deliveries_tenant_fk', ['tenant_id'], 'tenants', ['id'], cascade)
    .execute();
  await db.schema
    .createIndex('deliveries_status_idx')
    .on('deliveries')
    .columns(['tenant_id', 'status', 'created_at'])
    .execute();
}

/**
 * Large values (parse caches, originals) are compressed by PostgreSQL when stored; lz4 does it
 * several times faster than the default pglz for about a third more space (a 6 MB parse cache:
 * roughly 60-150 ms instead of 200-350 ms to insert). Used where the server offers it
 * (PostgreSQL 14+ built with lz4); elsewhere the default stays.
 */
async function preferLz4(
  db: Kysely<unknown>,
  columns: Array<[table: string, column: string]>,
): Promise<void> {
  const offered = await sql<{ lz4: boolean }>`select 'lz4' = any(enumvals) as lz4 from pg_settings
    where name = 'default_toast_compression'`.execute(db);
  if (offered.rows[0]?.lz4 !== true) return;
  for (const [table, column] of columns) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression lz4`.execute(
      db,
    );
  }
}

/**
 * Version 2, for the delivery worker's retries: a failed delivery gets the time of its next
 * attempt, so that a queue rebuilt from the store after Redis was wiped re-schedules retries
 * at the right moment instead of all at once. Existing failed and pending rows are due now.
 */
function deliveryRetrySchedule(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('deliveries').addColumn('next_attempt_at', t.ts).execute();
      await sql`update deliveries set next_attempt_at = updated_at where status in ('pending', 'failed')`.execute(
        db,
      );
      await db.schema
        .createIndex('deliveries_retry_idx')
        .on('deliveries')
        .columns(['tenant_id', 'status', 'next_attempt_at'])
        .execute();
    },
  };
}

/**
 * Version 3: a channel may live on another platform than its tenant (a mailing list feeding a
 * Discord server's process). Null keeps the tenant's platform, so every existing row stays as
 * it was and no data moves.
 */
function channelPlatform(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('channels')
        .addColumn('platform', 'text', (c) =>
          c.check(sql`platform is null or platform in ('discord', 'slack', 'email', 'console')`),
        )
        .execute();
    },
  };
}

/**
 * Version 4, the life of a draft version: its own date (a draft loaded after the fact keeps
 * the date it bore), its withdrawal (kept for audit, hidden from comparisons) and whether its
 * post finished. A post writes the version first and its change-log entry after; `change_id`
 * and `announced_at` say how far it got, so a post cut short by a crash is completed on the
 * next start or re-post. Versions that exist already were announced when they were posted.
 */
function versionLifecycle(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('versions').addColumn('dated_at', t.ts).execute();
      await db.schema.alterTable('versions').addColumn('withdrawn_at', t.ts).execute();
      await db.schema.alterTable('versions').addColumn('withdrawn_by', 'text').execute();
      await db.schema.alterTable('versions').addColumn('withdraw_reason', 'text').execute();
      await db.schema.alterTable('versions').addColumn('withdraw_change_id', 'integer').execute();
      await db.schema.alterTable('versions').addColumn('change_id', 'integer').execute();
      await db.schema.alterTable('versions').addColumn('announced_at', t.ts).execute();
      await sql`update versions set announced_at = created_at`.execute(db);
      await db.schema
        .createIndex('versions_unannounced_idx')
        .on('versions')
        .columns(['tenant_id', 'announced_at'])
        .execute();
    },
  };
}

/**
 * Version 5: the store's identity, a random id created with the store, so that two
 * deployments sharing one Redis can tell their queues apart (the job layer records which
 * store owns a queue prefix and refuses to start on a prefix another store owns).
 */
function storeIdentity(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('store_identity')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into store_identity (id, created_at) values (${randomUUID()}, ${new Date().toISOString()})`.execute(
        db,
      );
    },
  };
}

/**
 * Version 6, previously agreed language: each process's library of agreed texts (their
 * metadata, extracted text and parse), one row per library with its revision and the
 * snapshot of its index, and each version's match against the library. Rows carry the
 * tenant id and their foreign keys include it, like every other table; deleting a process
 * deletes its library, deleting a version its match.
 */
function languageLibrary(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('language_texts')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('process_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text')
        .addColumn('adopted', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('rank', 'text', (c) =>
          c.check(sql`rank is null or rank in ('summit', 'ministerial', 'committee')`),
        )
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('source_version_id', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('chars', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('parsed_schema_version', 'integer', (c) => c.notNull())
        .addColumn('parsed', t.bulkJson, (c) => c.notNull())
        .addColumn('created_at', t.ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('language_texts_pk', ['tenant_id', 'id'])
        .addUniqueConstraint('language_texts_sha256_unique', ['tenant_id', 'process_id', 'sha256'])
        .addForeignKeyConstraint(
          'language_texts_process_fk',
          ['tenant_id', 'process_id'],
          'processes',
          ['tenant_id', 'id'],
          cascade,
        )
        .execute();

      await db.schema
        .createTable('language_libraries')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('process_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('index_revision', 'integer')
        .addColumn('index_schema_version', 'integer')
        .addColumn('index_bytes', t.bytes)
        .addColumn('updated_at', t.ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('language_libraries_pk', ['tenant_id', 'process_id'])
        .addForeignKeyConstraint(
          'language_libraries_process_fk',
          ['tenant_id', 'process_id'],
          'processes',
          ['tenant_id', 'id'],
          cascade,
        )
        .execute();

      await db.schema
        .createTable('language_matches')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('library_revision', 'integer', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('data', t.bulkJson, (c) => c.notNull())
        .addColumn('updated_at', t.ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('language_matches_pk', ['tenant_id', 'version_id'])
        .addForeignKeyConstraint(
          'language_matches_version_fk',
          ['tenant_id', 'version_id'],
          'versions',
          ['tenant_id', 'id'],
          cascade,
        )
        .execute();

      if (dialect === 'postgres')
        await preferLz4(db, [
          ['language_texts', 'parsed'],
          ['language_libraries', 'index_bytes'],
          ['language_matches', 'data'],
        ]);
    },
  };
}

/**
 * Version 7, the index of agreed texts in segments: one row per agreed text holding that
 * text's part of the index, so that adding a text writes only its own segment instead of
 * re-encoding the whole library's index (the version 6 snapshot, dropped here: loading merges
 * the segments). A segment goes with its text; segments of the texts already stored are built
 * from their parse the first time the library is loaded.
 */
function languageSegments(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('language_segments')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('text_id', 'text', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('bytes', t.bytes, (c) => c.notNull())
        .addColumn('updated_at', t.ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('language_segments_pk', ['tenant_id', 'text_id'])
        .addForeignKeyConstraint(
          'language_segments_text_fk',
          ['tenant_id', 'text_id'],
          'language_texts',
          ['tenant_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      for (const column of ['index_revision', 'index_schema_version', 'index_bytes']) {
        await db.schema.alterTable('language_libraries').dropColumn(column).execute();
      }
      if (dialect === 'postgres') await preferLz4(db, [['language_segments', 'bytes']]);
    },
  };
}

/**
 * Version 8, compressed large values: a parse, status or diff cache over a few kilobytes is
 * stored gzip-compressed in `packed` (with the JSON literal null in `data`, which stays NOT
 * NULL), and an original that compresses well is stored compressed with `encoding` 'gzip'.
 * Rows written before stay plain and are read as they are. On PostgreSQL, TOAST does not try
 * to compress `packed` again (storage external).
 */
function packedCaches(dialect: SqlDialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('parsed_cache').addColumn('packed', t.bytes).execute();
      await db.schema
        .alterTable('blobs')
        .addColumn('encoding', 'text', (c) => c.check(sql`encoding is null or encoding in ('gzip')`))
        .execute();
      if (dialect === 'postgres') {
        await sql`alter table parsed_cache alter column packed set storage external`.execute(db);
      }
    },
  };
}

/** Every migration, in order, for one database. */
export function migrationsFor(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchema(dialect),
    '0002_delivery_retry_schedule': deliveryRetrySchedule(dialect),
    '0003_channel_platform': channelPlatform(),
    '0004_version_lifecycle': versionLifecycle(dialect),
    '0005_store_identity': storeIdentity(),
    [LANGUAGE_MIGRATION]: languageLibrary(dialect),
    [SEGMENTS_MIGRATION]: languageSegments(dialect),
    [PACKED_MIGRATION]: packedCaches(dialect),
  };
}

/** A static provider for Kysely's Migrator. */
export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return { getMigrations: async () => migrationsFor(dialect) };
}
