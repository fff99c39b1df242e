import { type Selectable, sql, type Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { ScheduleMethods } from '../../core/ports/index.js';
import {
  type ClaimRecord,
  MEETING_STATUSES,
  type MeetingRecord,
  type MeetingStatus,
  type SourceRecord,
  type SourceWithClaims,
} from '../../core/store.js';
import {
  type Codec,
  canonicalJson,
  encodeJson,
  instant,
  localDate,
  optionalInstant,
  optionalText,
  plausibleId,
  readInstant,
  readOptionalInstant,
  sha256Hex,
  text,
  url,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import type { ClaimsTable, Database, MeetingsTable, SourcesTable } from '../schema.js';
import { deleteById, familyOf, lockProcess, notFound, rowById, tenantRows } from './common.js';

/** Rows per multi-row insert: five columns each keeps well under SQLite's bound-parameter limit. */
const CLAIM_BATCH = 500;
const MAX_CLAIMS = 10_000;

function meetingStatus(value: unknown): MeetingStatus {
  if (typeof value === 'string' && (MEETING_STATUSES as readonly string[]).includes(value)) {
    return value as MeetingStatus;
  }
  throw new RapporteurError(
    'INVALID_ARGUMENT',
    `Meeting status must be one of ${MEETING_STATUSES.join(', ')}.`,
    {
      hint: 'Use the status the schedule engine reports.',
    },
  );
}

/** A meeting row as a record (also read joined to its reminders). */
export function meetingFromRow(codec: Codec, row: Selectable<MeetingsTable>): MeetingRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    meetingKey: row.meeting_key,
    status: row.status as MeetingStatus,
    startsAt: readOptionalInstant(row.starts_at),
    endsAt: readOptionalInstant(row.ends_at),
    snapshot: codec.readJson(row.snapshot),
    revision: row.revision,
    createdAt: readInstant(row.created_at),
    updatedAt: readInstant(row.updated_at),
  };
}

/** What the schedule methods share. */
function scheduleHelpers(ctx: TenantContext) {
  const toSource = (row: Selectable<SourcesTable>): SourceRecord => ({
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    kind: row.kind,
    name: row.name,
    url: row.url,
    revisionKey: row.revision_key,
    documentDate: row.document_date,
    seenAt: readInstant(row.seen_at),
    sha256: row.sha256,
    createdAt: readInstant(row.created_at),
  });
  const toClaim = (row: Selectable<ClaimsTable>): ClaimRecord => ({
    id: row.id,
    sourceId: row.source_id,
    position: row.position,
    data: ctx.codec.readJson(row.data),
  });
  const toMeeting = (row: Selectable<MeetingsTable>) => meetingFromRow(ctx.codec, row);

  /** Claim rows (already in source and position order) grouped by their source, as records. */
  const groupBySource = (rows: Selectable<ClaimsTable>[]) => {
    const grouped = new Map<string, ClaimRecord[]>();
    for (const row of rows) {
      const list = grouped.get(row.source_id) ?? [];
      list.push(toClaim(row));
      grouped.set(row.source_id, list);
    }
    return grouped;
  };
  const claimsOf = async (db: Transaction<Database> | TenantContext['db'], sourceIds: string[]) => {
    if (sourceIds.length === 0) return new Map<string, ClaimRecord[]>();
    const rows = await tenantRows(ctx, db, 'claims')
      .where('source_id', 'in', sourceIds)
      .orderBy('source_id')
      .orderBy('position')
      .execute();
    return groupBySource(rows);
  };

  /** A process's sources, in the order they were seen. */
  const sourcesOf = (db: Transaction<Database> | TenantContext['db'], processId: string) =>
    tenantRows(ctx, db, 'sources')
      .where('process_id', '=', processId)
      .orderBy('seen_at')
      .orderBy('created_at')
      .orderBy('id')
      .execute();

  return { toSource, toClaim, toMeeting, groupBySource, claimsOf, sourcesOf };
}

/** Recording a meeting source with its claims, and reading one. */
function sourceWrites(ctx: TenantContext, h: ReturnType<typeof scheduleHelpers>) {
  const { toSource, toClaim, claimsOf } = h;
  return {
    async recordSource(input) {
      if (!plausibleId(input.processId)) throw notFound('The process');
      const processId = input.processId;
      const kind = text('Source kind', input.kind, 40);
      const name = text('Source name', input.name, 500);
      const sourceUrl =
        input.url === undefined || input.url === null ? null : url('Source URL', input.url, false);
      const revisionKey = optionalText('Revision key', input.revisionKey, 2048);
      const documentDate = localDate('documentDate', input.documentDate);
      const seenAt = instant('seenAt', input.seenAt);
      const sha256 = sha256Hex('sha256', input.sha256);
      if (!Array.isArray(input.claims) || input.claims.length > MAX_CLAIMS) {
        throw new RapporteurError(
          'INVALID_ARGUMENT',
          `claims must be a list of at most ${MAX_CLAIMS} items.`,
          {
            hint: 'Pass the schedule engine claims of this source as an array.',
          },
        );
      }
      const claims = input.claims.map((c, i) => encodeJson(`claims[${i}]`, c));

      return ctx.write(
        'record a source',
        async (trx) => {
          // One ingestion per process at a time, so two workers fetching the same page agree
          // on whether it is new.
          if (!(await lockProcess(ctx, trx, processId))) throw notFound('The process');
          const previous = await tenantRows(ctx, trx, 'sources')
            .where('process_id', '=', processId)
            .$if(revisionKey !== null, (q) =>
              q
                .where('revision_key', '=', revisionKey as string)
                .orderBy('seen_at', 'desc')
                .orderBy('created_at', 'desc'),
            )
            .$if(revisionKey === null, (q) =>
              q.where('revision_key', 'is', null).where('sha256', '=', sha256),
            )
            .limit(1)
            .executeTakeFirst();
          // Known content: for a re-published source, only when its newest revision has it
          // (content that comes back after a change is a new revision).
          if (previous && previous.sha256 === sha256) {
            const existing = await claimsOf(trx, [previous.id]);
            return { source: toSource(previous), claims: existing.get(previous.id) ?? [], created: false };
          }
          const source = await trx
            .insertInto('sources')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              process_id: processId,
              kind,
              name,
              url: sourceUrl,
              revision_key: revisionKey,
              document_date: documentDate,
              seen_at: seenAt,
              sha256,
              created_at: ctx.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const rows = claims.map((data, position) => ({
            tenant_id: ctx.tenantId,
            id: ctx.newId(),
            source_id: source.id,
            position,
            data,
          }));
          const stored: ClaimRecord[] = [];
          for (let i = 0; i < rows.length; i += CLAIM_BATCH) {
            const inserted = await trx
              .insertInto('claims')
              .values(rows.slice(i, i + CLAIM_BATCH))
              .returningAll()
              .execute();
            stored.push(...inserted.map(toClaim));
          }
          stored.sort((a, b) => a.position - b.position);
          return { source: toSource(source), claims: stored, created: true };
        },
        { missing: 'The process was not found.' },
      );
    },

    async getSource(id) {
      const row = await rowById(ctx, 'read a source', 'sources', id);
      return row && toSource(row);
    },
  } satisfies Partial<ScheduleMethods>;
}

/** Listing sources and claims, and deleting a source. */
function sourceReads(ctx: TenantContext, h: ReturnType<typeof scheduleHelpers>) {
  const { toSource, groupBySource, sourcesOf } = h;
  return {
    async listSources(processId) {
      if (!plausibleId(processId)) return [];
      const rows = await ctx.read('list sources', (db) => sourcesOf(db, processId));
      return rows.map(toSource);
    },

    async listClaims(processId) {
      if (!plausibleId(processId)) return [];
      return ctx.read('list claims', async (db) => {
        const sources = await sourcesOf(db, processId);
        const claims = await db
          .selectFrom('claims')
          .innerJoin('sources', (j) =>
            j
              .onRef('sources.tenant_id', '=', 'claims.tenant_id')
              .onRef('sources.id', '=', 'claims.source_id'),
          )
          .selectAll('claims')
          .where('claims.tenant_id', '=', ctx.tenantId)
          .where('sources.process_id', '=', processId)
          .orderBy('claims.source_id')
          .orderBy('claims.position')
          .execute();
        const claimsBySource = groupBySource(claims);
        return sources.map(
          (s): SourceWithClaims => ({ source: toSource(s), claims: claimsBySource.get(s.id) ?? [] }),
        );
      });
    },

    deleteSource: (id) => deleteById(ctx, 'delete a source', 'sources', id, 'The source'),
  } satisfies Partial<ScheduleMethods>;
}

/** Reconciled meetings. */
function meetingMethods(ctx: TenantContext, h: ReturnType<typeof scheduleHelpers>) {
  const { toMeeting } = h;
  return {
    async saveMeeting(input) {
      if (!plausibleId(input.processId)) throw notFound('The process');
      const processId = input.processId;
      const meetingKey = text('Meeting key', input.meetingKey, 300);
      const status = meetingStatus(input.status);
      const startsAt = optionalInstant('startsAt', input.startsAt);
      const endsAt = optionalInstant('endsAt', input.endsAt);
      if (startsAt !== null && endsAt !== null && endsAt < startsAt) {
        throw new RapporteurError('INVALID_ARGUMENT', 'The meeting ends before it starts.', {
          hint: 'Check startsAt and endsAt (both are instants in UTC).',
          details: { startsAt, endsAt },
        });
      }
      const snapshot = encodeJson('snapshot', input.snapshot);
      const snapshotKey = canonicalJson(JSON.parse(snapshot));

      return ctx.write(
        'save a meeting',
        async (trx) => {
          const now = ctx.now();
          const inserted = await trx
            .insertInto('meetings')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              process_id: processId,
              meeting_key: meetingKey,
              status,
              starts_at: startsAt,
              ends_at: endsAt,
              snapshot,
              revision: 0,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'process_id', 'meeting_key']).doNothing())
            .returningAll()
            .executeTakeFirst();
          if (inserted) return { meeting: toMeeting(inserted), outcome: 'created' as const };

          const current = await tenantRows(ctx, trx, 'meetings')
            .where('process_id', '=', processId)
            .where('meeting_key', '=', meetingKey)
            .$if(ctx.lockRows, (q) => q.forUpdate())
            .executeTakeFirstOrThrow();
          const before = toMeeting(current);
          if (
            before.status === status &&
            before.startsAt === startsAt &&
            before.endsAt === endsAt &&
            canonicalJson(before.snapshot) === snapshotKey
          ) {
            return { meeting: before, outcome: 'unchanged' as const };
          }
          const updated = await trx
            .updateTable('meetings')
            .set({
              status,
              starts_at: startsAt,
              ends_at: endsAt,
              snapshot,
              revision: sql<number>`revision + 1`,
              updated_at: now,
            })
            .where('tenant_id', '=', ctx.tenantId)
            .where('id', '=', current.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          return { meeting: toMeeting(updated), outcome: 'updated' as const };
        },
        { missing: 'The process was not found.' },
      );
    },

    async getMeeting(id) {
      const row = await rowById(ctx, 'read a meeting', 'meetings', id);
      return row && toMeeting(row);
    },

    async findMeeting(processId, meetingKey) {
      if (!plausibleId(processId) || !plausibleId(meetingKey)) return undefined;
      const row = await ctx.read('find a meeting', (db) =>
        tenantRows(ctx, db, 'meetings')
          .where('process_id', '=', processId)
          .where('meeting_key', '=', meetingKey.trim())
          .executeTakeFirst(),
      );
      return row && toMeeting(row);
    },

    async listMeetings(processId, filter = {}) {
      if (!plausibleId(processId)) return [];
      const from = optionalInstant('from', filter.from);
      const to = optionalInstant('to', filter.to);
      const status = filter.status === undefined ? undefined : meetingStatus(filter.status);
      const rows = await ctx.read('list meetings', (db) =>
        tenantRows(ctx, db, 'meetings')
          .where('process_id', '=', processId)
          .$if(status !== undefined, (q) => q.where('status', '=', status as MeetingStatus))
          // A meeting is in the window when it ends at or after `from` and starts before `to`;
          // meetings without a known start cannot be placed and are left out of windows.
          .$if(from !== null, (q) =>
            q.where(({ eb, fn }) => eb(fn.coalesce('ends_at', 'starts_at'), '>=', from as string)),
          )
          .$if(to !== null, (q) => q.where('starts_at', '<', to as string))
          .orderBy(sql`starts_at is null`)
          .orderBy('starts_at')
          .orderBy('meeting_key')
          .execute(),
      );
      return rows.map(toMeeting);
    },

    deleteMeeting: (id) => deleteById(ctx, 'delete a meeting', 'meetings', id, 'The meeting'),
  } satisfies Partial<ScheduleMethods>;
}

export function scheduleFamily(ctx: TenantContext): ScheduleMethods {
  return familyOf(ctx, scheduleHelpers(ctx), sourceWrites, sourceReads, meetingMethods);
}
