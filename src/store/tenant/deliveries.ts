import { type Selectable, sql, type Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { DeliveryMethods, DeliverySentResult } from '../../core/ports/index.js';
import type {
  ClaimDeliveryInput,
  ClaimDeliveryResult,
  DeliveryRecord,
  DeliveryStatus,
  Target,
} from '../../core/store.js';
import {
  instant,
  optionalInstant,
  optionalText,
  plausibleId,
  readInstant,
  readOptionalInstant,
  systemText,
  text,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import type { ChannelsTable, Database, DeliveriesTable, PeopleTable } from '../schema.js';
import { channelFromRow } from './channels.js';
import {
  familyOf,
  limitOf,
  notFound,
  rowById,
  selectById,
  statusOf,
  targetOf,
  tenantRows,
} from './common.js';
import { personFromRow } from './people.js';

/**
 * Deliveries: every message Rapporteur means to send, claimed once by its idempotency key and
 * recorded as sent or failed; what the delivery jobs are rebuilt from. Reminders that fire
 * claim one here (./reminders.ts).
 */

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed', 'permanent'];

/** A delivery row as the core sees it. */
export function deliveryFromRow(row: Selectable<DeliveriesTable>): DeliveryRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    idempotencyKey: row.idempotency_key,
    target: { kind: row.target_kind as Target['kind'], id: row.target_id },
    kind: row.kind,
    payloadRef: row.payload_ref,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: readOptionalInstant(row.next_attempt_at),
    sentAt: readOptionalInstant(row.sent_at),
    platformMessageId: row.platform_message_id,
    createdAt: readInstant(row.created_at),
    updatedAt: readInstant(row.updated_at),
  };
}

/**
 * Claims a delivery inside a transaction the caller holds, so that a claim can commit with
 * the change it announces (see `withdrawVersion`). The unique (tenant, key) index decides: of
 * any number of concurrent claimers, one inserts; the others wait for it to commit and then
 * see its row.
 */
export async function claimDeliveryIn(
  ctx: TenantContext,
  trx: Transaction<Database>,
  input: ClaimDeliveryInput,
): Promise<ClaimDeliveryResult> {
  const key = text('Idempotency key', input.key, 500);
  const target = targetOf(input.target);
  const kind = text('Delivery kind', input.kind, 100);
  const payloadRef = optionalText('payloadRef', input.payloadRef, 500);
  const now = ctx.now();
  const inserted = await trx
    .insertInto('deliveries')
    .values({
      tenant_id: ctx.tenantId,
      id: ctx.newId(),
      idempotency_key: key,
      target_kind: target.kind,
      target_id: target.id,
      kind,
      payload_ref: payloadRef,
      status: 'pending',
      attempts: 0,
      last_error: null,
      next_attempt_at: now,
      sent_at: null,
      platform_message_id: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { delivery: deliveryFromRow(inserted), created: true };
  const existing = await tenantRows(ctx, trx, 'deliveries')
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow();
  return { delivery: deliveryFromRow(existing), created: false };
}

/** What the delivery methods share. */
function deliveryHelpers(ctx: TenantContext) {
  const toDelivery = deliveryFromRow;

  const deliveryById = (trx: Transaction<Database>, id: string) => selectById(ctx, trx, 'deliveries', id);

  type DeliveryUpdate = Partial<Record<keyof DeliveriesTable, unknown>>;

  /** Why a delivery that was sent or failed for good takes no further outcome. */
  const finished = (key: string, status: string) =>
    new RapporteurError(
      'CONFLICT',
      `The delivery ${key} is already ${status === 'sent' ? 'sent' : 'failed for good'}.`,
      {
        hint: 'Nothing more to do for it; do not send it again.',
        details: { status },
      },
    );

  /** Applies an outcome inside `trx` if the delivery may still be sent; the row, or nothing. */
  const updateIfOpen = (trx: Transaction<Database>, id: string, set: DeliveryUpdate) =>
    trx
      .updateTable('deliveries')
      .set((eb) => ({ ...(set as object), attempts: eb('attempts', '+', 1), updated_at: ctx.now() }))
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .returningAll()
      .executeTakeFirst();

  /**
   * Applies an outcome to a delivery that may still be sent, inside `trx`; throws NOT_FOUND or
   * CONFLICT (having written nothing) when it may not.
   */
  const finishIn = async (trx: Transaction<Database>, id: string, set: DeliveryUpdate) => {
    const updated = await updateIfOpen(trx, id, set);
    if (updated) return updated;
    const current = await deliveryById(trx, id);
    if (!current) throw notFound('The delivery');
    throw finished(current.idempotency_key, current.status);
  };

  /** Applies an outcome to a delivery that may still be sent; explains why not otherwise. */
  const finishDelivery = async (action: string, id: string, set: DeliveryUpdate): Promise<DeliveryRecord> => {
    if (!plausibleId(id)) throw notFound('The delivery');
    return toDelivery(await ctx.write(action, (trx) => finishIn(trx, id, set)));
  };

  return {
    toDelivery,
    deliveryById,
    finished,
    updateIfOpen,
    finishIn,
    finishDelivery,
  };
}

/** Recording a batch of sends, one commit for all (PostgreSQL: one statement). */
function sentRecorder(ctx: TenantContext, h: ReturnType<typeof deliveryHelpers>) {
  const { toDelivery, updateIfOpen, finished } = h;
  type SentRow = { id: string; sentAt: string; platformMessageId: string | null };

  /**
   * PostgreSQL: every send of the batch in one UPDATE, one round trip and one commit. The
   * status test is written `not in` (equivalent under the table's CHECK) so that it cannot
   * steer the planner to the status index: with stale statistics that index looks nearly
   * empty, and a burst of pending deliveries would then be scanned whole for every batch,
   * where the primary key finds each row directly.
   */
  const sentInOneStatement = async (action: string, rows: SentRow[]) => {
    const now = ctx.now();
    const updated = await ctx.writeStatement(action, async (db) => {
      const query = sql<Selectable<DeliveriesTable>>`
        update deliveries as d
        set status = 'sent', sent_at = v.sent_at, platform_message_id = v.pmid,
            next_attempt_at = null, attempts = d.attempts + 1, updated_at = ${now}
        from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.sentAt)}::timestamptz[],
                    ${rows.map((r) => r.platformMessageId)}::text[]) as v(id, sent_at, pmid)
        where d.tenant_id = ${ctx.tenantId} and d.id = v.id and d.status not in ('sent', 'permanent')
        returning d.*`;
      return (await query.execute(db)).rows;
    });
    return new Map(updated.map((row) => [row.id, toDelivery(row)]));
  };

  /** SQLite: one UPDATE per send (in-process, cheap) inside one transaction, one commit. */
  const sentInOneTransaction = (action: string, rows: SentRow[]) =>
    ctx.write(action, async (trx) => {
      const done = new Map<string, DeliveryRecord>();
      for (const row of rows) {
        const updated = await updateIfOpen(trx, row.id, {
          status: 'sent',
          sent_at: row.sentAt,
          platform_message_id: row.platformMessageId,
          next_attempt_at: null,
        });
        if (updated) done.set(row.id, toDelivery(updated));
      }
      return done;
    });

  /**
   * Records sends with one commit for the batch. Only deliveries that may still be sent
   * change; each entry learns why not otherwise.
   */
  const recordSent = async (
    action: string,
    entries: ReadonlyArray<{ id: string } & DeliverySentResult>,
  ): Promise<Array<DeliveryRecord | RapporteurError>> => {
    const outcomes = new Array<DeliveryRecord | RapporteurError>(entries.length);
    // Valid entries, the first of each id (a later entry for the same id is its second send).
    const rows: SentRow[] = [];
    const slots = new Map<string, number[]>();
    entries.forEach((entry, at) => {
      try {
        if (!plausibleId(entry?.id)) throw notFound('The delivery');
        const sentAt = entry.sentAt === undefined ? ctx.now() : instant('sentAt', entry.sentAt);
        const platformMessageId = optionalText('platformMessageId', entry.platformMessageId, 200);
        const seen = slots.get(entry.id);
        if (seen) seen.push(at);
        else {
          slots.set(entry.id, [at]);
          rows.push({ id: entry.id, sentAt, platformMessageId });
        }
      } catch (err) {
        if (!(err instanceof RapporteurError)) throw err;
        outcomes[at] = err;
      }
    });
    if (rows.length === 0) return outcomes;
    const done =
      ctx.codec.dialect === 'postgres'
        ? await sentInOneStatement(action, rows)
        : await sentInOneTransaction(action, rows);
    // Why the others were not recorded. Sent and failed-for-good are final, so reading after
    // the update sees what stopped it (or nothing: the delivery does not exist here).
    const missing = rows.filter((r) => !done.has(r.id)).map((r) => r.id);
    const current = new Map<string, { status: string; idempotency_key: string }>();
    if (missing.length > 0) {
      const found = await ctx.read(action, (db) =>
        db
          .selectFrom('deliveries')
          .select(['id', 'status', 'idempotency_key'])
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', 'in', missing)
          .execute(),
      );
      for (const row of found) current.set(row.id, row);
    }
    for (const [id, [first, ...again]] of slots) {
      const record = done.get(id);
      const row = current.get(id);
      const outcome = record ?? (row ? finished(row.idempotency_key, row.status) : notFound('The delivery'));
      outcomes[first as number] = outcome;
      for (const at of again) outcomes[at] = record ? finished(record.idempotencyKey, 'sent') : outcome;
    }
    return outcomes;
  };

  return recordSent;
}

type DeliveryHelpers = ReturnType<typeof deliveryHelpers> & { recordSent: ReturnType<typeof sentRecorder> };

/** Claiming deliveries and reading them with their targets. */
function deliveryClaims(ctx: TenantContext, h: DeliveryHelpers) {
  const { toDelivery } = h;
  return {
    async claimDelivery(input) {
      // Validate before opening a transaction, as every write does.
      text('Idempotency key', input.key, 500);
      targetOf(input.target);
      text('Delivery kind', input.kind, 100);
      optionalText('payloadRef', input.payloadRef, 500);
      return ctx.write('claim a delivery', (trx) => claimDeliveryIn(ctx, trx, input), {
        missing: 'This tenant is not registered.',
        missingHint: 'Register the tenant first (ensureTenant).',
      });
    },

    async getDelivery(id) {
      const row = await rowById(ctx, 'read a delivery', 'deliveries', id);
      return row && toDelivery(row);
    },

    async getDeliveryWithTarget(id) {
      if (!plausibleId(id)) return undefined;
      const row = await ctx.read('read a delivery', (db) =>
        db
          .selectFrom('deliveries as d')
          .leftJoin('channels as c', (join) =>
            join
              .onRef('c.tenant_id', '=', 'd.tenant_id')
              .onRef('c.id', '=', 'd.target_id')
              .on('d.target_kind', '=', 'channel'),
          )
          .leftJoin('people as p', (join) =>
            join
              .onRef('p.tenant_id', '=', 'd.tenant_id')
              .onRef('p.platform_user_id', '=', 'd.target_id')
              .on('d.target_kind', '=', 'person'),
          )
          .selectAll('d')
          .select([
            'c.id as c_id',
            'c.process_id as c_process_id',
            'c.platform_channel_id as c_platform_channel_id',
            'c.name as c_name',
            'c.platform as c_platform',
            'c.created_at as c_created_at',
            'p.platform_user_id as p_platform_user_id',
            'p.time_zone as p_time_zone',
            'p.reminders as p_reminders',
            'p.updated_at as p_updated_at',
          ])
          .where('d.tenant_id', '=', ctx.tenantId)
          .where('d.id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) return undefined;
      // A left-joined row is there exactly when its key is; its NOT NULL columns then are too.
      const channel =
        row.c_id === null
          ? null
          : channelFromRow({
              tenant_id: row.tenant_id,
              id: row.c_id,
              process_id: row.c_process_id,
              platform_channel_id: row.c_platform_channel_id,
              name: row.c_name,
              platform: row.c_platform,
              created_at: row.c_created_at,
            } as Selectable<ChannelsTable>);
      const person =
        row.p_platform_user_id === null
          ? null
          : personFromRow(ctx.codec, {
              tenant_id: row.tenant_id,
              platform_user_id: row.p_platform_user_id,
              time_zone: row.p_time_zone,
              reminders: row.p_reminders,
              updated_at: row.p_updated_at,
            } as Selectable<PeopleTable>);
      return { delivery: toDelivery(row), channel, person };
    },
  } satisfies Partial<DeliveryMethods>;
}

/** Finding deliveries, those due for a retry, and recording how each went. */
function deliveryOutcomes(ctx: TenantContext, h: DeliveryHelpers) {
  const { toDelivery, finishDelivery, recordSent } = h;
  return {
    async findDelivery(key) {
      if (typeof key !== 'string' || !plausibleId(key.trim())) return undefined;
      const row = await ctx.read('find a delivery', (db) =>
        tenantRows(ctx, db, 'deliveries').where('idempotency_key', '=', key.trim()).executeTakeFirst(),
      );
      return row && toDelivery(row);
    },

    async listDeliveries(filter = {}) {
      const status =
        filter.status === undefined ? undefined : statusOf('status', filter.status, DELIVERY_STATUSES);
      const n = limitOf(filter.limit);
      const rows = await ctx.read('list deliveries', (db) =>
        tenantRows(ctx, db, 'deliveries')
          .$if(status !== undefined, (q) => q.where('status', '=', status as string))
          .orderBy('created_at')
          .orderBy('id')
          .limit(n)
          .execute(),
      );
      return rows.map(toDelivery);
    },

    async deliveriesToRetry(now, limit) {
      const at = instant('now', now);
      const n = limitOf(limit);
      const rows = await ctx.read('list deliveries to retry', (db) =>
        tenantRows(ctx, db, 'deliveries')
          .where('status', 'in', ['pending', 'failed'])
          .where('next_attempt_at', '<=', at)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(n)
          .execute(),
      );
      return rows.map(toDelivery);
    },

    async recordDeliverySent(id, result = {}) {
      const [outcome] = await recordSent('record a sent delivery', [{ ...result, id }]);
      if (outcome instanceof RapporteurError) throw outcome;
      if (!outcome) throw notFound('The delivery');
      return outcome;
    },

    recordDeliveriesSent: (entries) => recordSent('record sent deliveries', entries),

    async recordDeliveryFailure(id, result) {
      const at = result.at === undefined ? ctx.now() : instant('at', result.at);
      const permanent = result.permanent === true;
      const nextAttemptAt = permanent ? null : (optionalInstant('nextAttemptAt', result.nextAttemptAt) ?? at);
      return finishDelivery('record a failed delivery', id, {
        status: permanent ? 'permanent' : 'failed',
        last_error: systemText(result.error, 2000),
        next_attempt_at: nextAttemptAt,
      });
    },
  } satisfies Partial<DeliveryMethods>;
}

export function deliveryFamily(ctx: TenantContext): DeliveryMethods {
  const base = deliveryHelpers(ctx);
  return familyOf(ctx, { ...base, recordSent: sentRecorder(ctx, base) }, deliveryClaims, deliveryOutcomes);
}
