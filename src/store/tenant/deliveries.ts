import type { Selectable, Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type {
  DeliveryMethods,
  DeliveryRecord,
  DeliverySentResult,
  DeliveryStatus,
  ReminderRecord,
  ReminderStatus,
  Target,
} from '../../core/store.js';
import {
  encodeJson,
  instant,
  int,
  optionalInstant,
  optionalText,
  plausibleId,
  readInstant,
  readOptionalInstant,
  systemText,
  text,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import type { Database, DeliveriesTable, RemindersTable } from '../schema.js';
import { limitOf, notFound } from './common.js';

const REMINDER_STATUSES: readonly ReminderStatus[] = ['pending', 'sent', 'cancelled'];
const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed', 'permanent'];
const MAX_OFFSET_MINUTES = 60 * 24 * 60;

function targetOf(value: unknown): Target {
  const t = value as Partial<Target> | null;
  if (!t || (t.kind !== 'channel' && t.kind !== 'person')) {
    throw new RapporteurError('INVALID_ARGUMENT', 'A target must be a channel or a person.', {
      hint: 'Give target as { kind: "channel" | "person", id }.',
    });
  }
  return { kind: t.kind, id: text('Target id', t.id, 200) };
}

function statusOf<S extends string>(field: string, value: unknown, allowed: readonly S[]): S {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as S;
  throw new RapporteurError('INVALID_ARGUMENT', `${field} must be one of ${allowed.join(', ')}.`, {
    hint: `Use one of: ${allowed.join(', ')}.`,
  });
}

export function deliveryFamily(ctx: TenantContext): DeliveryMethods {
  const toReminder = (row: Selectable<RemindersTable>): ReminderRecord => ({
    id: row.id,
    tenantId: row.tenant_id,
    meetingId: row.meeting_id,
    offsetMinutes: row.offset_minutes,
    target: { kind: row.target_kind as Target['kind'], id: row.target_id },
    dueAt: readInstant(row.due_at),
    status: row.status as ReminderStatus,
    told: row.told === null ? null : ctx.codec.readJson(row.told),
    createdAt: readInstant(row.created_at),
    updatedAt: readInstant(row.updated_at),
  });
  const toDelivery = (row: Selectable<DeliveriesTable>): DeliveryRecord => ({
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
  });

  const reminderById = (trx: Transaction<Database>, id: string) =>
    trx
      .selectFrom('reminders')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  const deliveryById = (trx: Transaction<Database>, id: string) =>
    trx
      .selectFrom('deliveries')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();

  type DeliveryUpdate = Partial<Record<keyof DeliveriesTable, unknown>>;

  /**
   * Applies an outcome to a delivery that may still be sent, inside `trx`; throws NOT_FOUND or
   * CONFLICT (having written nothing) when it may not.
   */
  const finishIn = async (trx: Transaction<Database>, id: string, set: DeliveryUpdate) => {
    const updated = await trx
      .updateTable('deliveries')
      .set((eb) => ({ ...(set as object), attempts: eb('attempts', '+', 1), updated_at: ctx.now() }))
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .returningAll()
      .executeTakeFirst();
    if (updated) return updated;
    const current = await deliveryById(trx, id);
    if (!current) throw notFound('The delivery');
    throw new RapporteurError(
      'CONFLICT',
      `The delivery ${current.idempotency_key} is already ${current.status === 'sent' ? 'sent' : 'failed for good'}.`,
      { hint: 'Nothing more to do for it; do not send it again.', details: { status: current.status } },
    );
  };

  /** Applies an outcome to a delivery that may still be sent; explains why not otherwise. */
  const finishDelivery = async (action: string, id: string, set: DeliveryUpdate): Promise<DeliveryRecord> => {
    if (!plausibleId(id)) throw notFound('The delivery');
    return toDelivery(await ctx.write(action, (trx) => finishIn(trx, id, set)));
  };

  /** The columns a send sets, from what the sender reported (validated). */
  const sentUpdate = (result: DeliverySentResult = {}): DeliveryUpdate => ({
    status: 'sent',
    sent_at: result.sentAt === undefined ? ctx.now() : instant('sentAt', result.sentAt),
    platform_message_id: optionalText('platformMessageId', result.platformMessageId, 200),
    next_attempt_at: null,
  });

  return {
    async wantReminder(input) {
      if (!plausibleId(input.meetingId)) throw notFound('The meeting');
      const meetingId = input.meetingId;
      const offsetMinutes = int('offsetMinutes', input.offsetMinutes, 1, MAX_OFFSET_MINUTES);
      const target = targetOf(input.target);
      const dueAt = instant('dueAt', input.dueAt);
      const told = input.told === undefined ? undefined : encodeJson('told', input.told);
      return ctx.write(
        'want a reminder',
        async (trx) => {
          const now = ctx.now();
          const inserted = await trx
            .insertInto('reminders')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              meeting_id: meetingId,
              offset_minutes: offsetMinutes,
              target_kind: target.kind,
              target_id: target.id,
              due_at: dueAt,
              status: 'pending',
              told: told ?? null,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) =>
              oc
                .columns(['tenant_id', 'meeting_id', 'offset_minutes', 'target_kind', 'target_id'])
                .doNothing(),
            )
            .returningAll()
            .executeTakeFirst();
          if (inserted) return { reminder: toReminder(inserted), created: true };
          const current = await trx
            .selectFrom('reminders')
            .selectAll()
            .where('tenant_id', '=', ctx.tenantId)
            .where('meeting_id', '=', meetingId)
            .where('offset_minutes', '=', offsetMinutes)
            .where('target_kind', '=', target.kind)
            .where('target_id', '=', target.id)
            .$if(ctx.lockRows, (q) => q.forUpdate())
            .executeTakeFirstOrThrow();
          const moved = readInstant(current.due_at) !== dueAt;
          const status = moved || current.status === 'cancelled' ? 'pending' : current.status;
          const updated = await trx
            .updateTable('reminders')
            .set({ due_at: dueAt, status, ...(told === undefined ? {} : { told }), updated_at: now })
            .where('tenant_id', '=', ctx.tenantId)
            .where('id', '=', current.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          return { reminder: toReminder(updated), created: false };
        },
        { missing: 'The meeting was not found.', missingHint: 'It may have been removed from the schedule.' },
      );
    },

    async getReminder(id) {
      if (!plausibleId(id)) return undefined;
      const row = await ctx.read('read a reminder', (db) =>
        db
          .selectFrom('reminders')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      return row && toReminder(row);
    },

    async listReminders(filter = {}) {
      if (filter.meetingId !== undefined && !plausibleId(filter.meetingId)) return [];
      const status =
        filter.status === undefined ? undefined : statusOf('status', filter.status, REMINDER_STATUSES);
      const target = filter.target === undefined ? undefined : targetOf(filter.target);
      const rows = await ctx.read('list reminders', (db) =>
        db
          .selectFrom('reminders')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .$if(filter.meetingId !== undefined, (q) => q.where('meeting_id', '=', filter.meetingId as string))
          .$if(status !== undefined, (q) => q.where('status', '=', status as string))
          .$if(target !== undefined, (q) =>
            q
              .where('target_kind', '=', (target as Target).kind)
              .where('target_id', '=', (target as Target).id),
          )
          .orderBy('due_at')
          .orderBy('id')
          .execute(),
      );
      return rows.map(toReminder);
    },

    async dueReminders(now, limit) {
      const at = instant('now', now);
      const n = limitOf(limit);
      const rows = await ctx.read('list due reminders', (db) =>
        db
          .selectFrom('reminders')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .where('status', '=', 'pending')
          .where('due_at', '<=', at)
          .orderBy('due_at')
          .orderBy('id')
          .limit(n)
          .execute(),
      );
      return rows.map(toReminder);
    },

    async rescheduleReminders(meetingId, startsAt) {
      if (!plausibleId(meetingId)) throw notFound('The meeting');
      const start = new Date(instant('startsAt', startsAt)).getTime();
      return ctx.write('move reminders', async (trx) => {
        const meeting = await trx
          .selectFrom('meetings')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', meetingId)
          .executeTakeFirst();
        if (!meeting) throw notFound('The meeting');
        const rows = await trx
          .selectFrom('reminders')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .where('meeting_id', '=', meetingId)
          .where('status', '<>', 'cancelled')
          .orderBy('due_at')
          .orderBy('id')
          .$if(ctx.lockRows, (q) => q.forUpdate())
          .execute();
        const moved: ReminderRecord[] = [];
        for (const row of rows) {
          const dueAt = new Date(start - row.offset_minutes * 60_000).toISOString();
          if (readInstant(row.due_at) === dueAt) continue;
          const updated = await trx
            .updateTable('reminders')
            .set({ due_at: dueAt, status: 'pending', updated_at: ctx.now() })
            .where('tenant_id', '=', ctx.tenantId)
            .where('id', '=', row.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          moved.push(toReminder(updated));
        }
        return moved;
      });
    },

    async cancelReminders(meetingId) {
      if (!plausibleId(meetingId)) throw notFound('The meeting');
      return ctx.write('cancel reminders', async (trx) => {
        const meeting = await trx
          .selectFrom('meetings')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', meetingId)
          .executeTakeFirst();
        if (!meeting) throw notFound('The meeting');
        const rows = await trx
          .updateTable('reminders')
          .set({ status: 'cancelled', updated_at: ctx.now() })
          .where('tenant_id', '=', ctx.tenantId)
          .where('meeting_id', '=', meetingId)
          .where('status', '=', 'pending')
          .returningAll()
          .execute();
        return rows
          .map(toReminder)
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
      });
    },

    async markReminderSent(id, result = {}) {
      if (!plausibleId(id)) throw notFound('The reminder');
      const told = result.told === undefined ? undefined : encodeJson('told', result.told);
      const row = await ctx.write('mark a reminder sent', async (trx) => {
        const updated = await trx
          .updateTable('reminders')
          .set({ status: 'sent', ...(told === undefined ? {} : { told }), updated_at: ctx.now() })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .returningAll()
          .executeTakeFirst();
        if (updated) return updated;
        const current = await reminderById(trx, id);
        if (!current) throw notFound('The reminder');
        throw new RapporteurError('CONFLICT', `The reminder is ${current.status}, not pending.`, {
          hint:
            current.status === 'cancelled'
              ? 'Its meeting was cancelled or it was withdrawn: do not send it.'
              : 'It was already sent: do not send it again.',
          details: { status: current.status },
        });
      });
      return toReminder(row);
    },

    async deleteReminder(id) {
      if (!plausibleId(id)) throw notFound('The reminder');
      await ctx.write('delete a reminder', async (trx) => {
        const result = await trx
          .deleteFrom('reminders')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw notFound('The reminder');
      });
    },

    async claimDelivery(input) {
      const key = text('Idempotency key', input.key, 500);
      const target = targetOf(input.target);
      const kind = text('Delivery kind', input.kind, 100);
      const payloadRef = optionalText('payloadRef', input.payloadRef, 500);
      return ctx.write(
        'claim a delivery',
        async (trx) => {
          const now = ctx.now();
          // The unique (tenant, key) index decides: of any number of concurrent claimers, one
          // inserts; the others wait for it to commit and then see its row.
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
          if (inserted) return { delivery: toDelivery(inserted), created: true };
          const existing = await trx
            .selectFrom('deliveries')
            .selectAll()
            .where('tenant_id', '=', ctx.tenantId)
            .where('idempotency_key', '=', key)
            .executeTakeFirstOrThrow();
          return { delivery: toDelivery(existing), created: false };
        },
        {
          missing: 'This tenant is not registered.',
          missingHint: 'Register the tenant first (ensureTenant).',
        },
      );
    },

    async getDelivery(id) {
      if (!plausibleId(id)) return undefined;
      const row = await ctx.read('read a delivery', (db) =>
        db
          .selectFrom('deliveries')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      return row && toDelivery(row);
    },

    async findDelivery(key) {
      if (typeof key !== 'string' || !plausibleId(key.trim())) return undefined;
      const row = await ctx.read('find a delivery', (db) =>
        db
          .selectFrom('deliveries')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .where('idempotency_key', '=', key.trim())
          .executeTakeFirst(),
      );
      return row && toDelivery(row);
    },

    async listDeliveries(filter = {}) {
      const status =
        filter.status === undefined ? undefined : statusOf('status', filter.status, DELIVERY_STATUSES);
      const n = limitOf(filter.limit);
      const rows = await ctx.read('list deliveries', (db) =>
        db
          .selectFrom('deliveries')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
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
        db
          .selectFrom('deliveries')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
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
      return finishDelivery('record a sent delivery', id, sentUpdate(result));
    },

    async recordDeliveriesSent(entries) {
      // Entries that cannot be recorded get their error now; the others share one transaction
      // and fill their slot there.
      const outcomes = new Array<DeliveryRecord | RapporteurError>(entries.length);
      const todo: Array<{ at: number; id: string; set: DeliveryUpdate }> = [];
      entries.forEach((entry, at) => {
        try {
          if (!plausibleId(entry?.id)) throw notFound('The delivery');
          todo.push({ at, id: entry.id, set: sentUpdate(entry) });
        } catch (err) {
          if (!(err instanceof RapporteurError)) throw err;
          outcomes[at] = err;
        }
      });
      if (todo.length > 0) {
        await ctx.write('record sent deliveries', async (trx) => {
          for (const { at, id, set } of todo) {
            try {
              outcomes[at] = toDelivery(await finishIn(trx, id, set));
            } catch (err) {
              // NOT_FOUND and CONFLICT wrote nothing; a database error aborts the whole batch.
              if (!(err instanceof RapporteurError)) throw err;
              outcomes[at] = err;
            }
          }
        });
      }
      return outcomes;
    },

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
  };
}
