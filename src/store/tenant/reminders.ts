import type { Selectable, Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { ReminderMethods } from '../../core/ports/index.js';
import type { ReminderRecord, ReminderStatus, Target } from '../../core/store.js';
import { encodeJson, instant, int, plausibleId, readInstant } from '../codec.js';
import type { TenantContext } from '../context.js';
import type { Database, MeetingsTable, RemindersTable } from '../schema.js';
import {
  deleteById,
  familyOf,
  limitOf,
  notFound,
  rowById,
  selectById,
  statusOf,
  targetOf,
  tenantRows,
} from './common.js';
import { meetingFromRow } from './schedule.js';

/**
 * Wanted reminders (meeting x offset x target): what the reminder jobs are planned and rebuilt
 * from. A reminder that fires claims a delivery (./deliveries.ts), which carries the message.
 */

const REMINDER_STATUSES: readonly ReminderStatus[] = ['pending', 'sent', 'cancelled'];
/** Sixty days: longer than any sensible "before the meeting". */
const MAX_OFFSET_MINUTES = 60 * 24 * 60;

/** What the reminder methods share. */
function reminderHelpers(ctx: TenantContext) {
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
  const reminderById = (trx: Transaction<Database>, id: string) => selectById(ctx, trx, 'reminders', id);

  /** Throws NOT_FOUND, inside `trx`, unless this tenant has the meeting. */
  const requireMeeting = async (trx: Transaction<Database>, meetingId: string) => {
    const meeting = await trx
      .selectFrom('meetings')
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', meetingId)
      .executeTakeFirst();
    if (!meeting) throw notFound('The meeting');
  };

  return { toReminder, reminderById, requireMeeting };
}

/** Wanting a reminder. */
function reminderWants(ctx: TenantContext, h: ReturnType<typeof reminderHelpers>) {
  const { toReminder } = h;
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
          const current = await tenantRows(ctx, trx, 'reminders')
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
  } satisfies Partial<ReminderMethods>;
}

/** Reading reminders, with their meeting. */
function reminderReads(ctx: TenantContext, h: ReturnType<typeof reminderHelpers>) {
  const { toReminder } = h;
  return {
    async getReminderWithMeeting(id) {
      if (!plausibleId(id)) return undefined;
      const row = await ctx.read('read a reminder', (db) =>
        db
          .selectFrom('reminders as r')
          .leftJoin('meetings as m', (join) =>
            join.onRef('m.tenant_id', '=', 'r.tenant_id').onRef('m.id', '=', 'r.meeting_id'),
          )
          .selectAll('r')
          .select([
            'm.id as m_id',
            'm.process_id as m_process_id',
            'm.meeting_key as m_meeting_key',
            'm.status as m_status',
            'm.starts_at as m_starts_at',
            'm.ends_at as m_ends_at',
            'm.snapshot as m_snapshot',
            'm.revision as m_revision',
            'm.created_at as m_created_at',
            'm.updated_at as m_updated_at',
          ])
          .where('r.tenant_id', '=', ctx.tenantId)
          .where('r.id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) return undefined;
      // A left-joined row is there exactly when its key is; its NOT NULL columns then are too.
      const meeting =
        row.m_id === null
          ? null
          : meetingFromRow(ctx.codec, {
              tenant_id: row.tenant_id,
              id: row.m_id,
              process_id: row.m_process_id,
              meeting_key: row.m_meeting_key,
              status: row.m_status,
              starts_at: row.m_starts_at,
              ends_at: row.m_ends_at,
              snapshot: row.m_snapshot,
              revision: row.m_revision,
              created_at: row.m_created_at,
              updated_at: row.m_updated_at,
            } as Selectable<MeetingsTable>);
      return { reminder: toReminder(row), meeting };
    },

    async getReminder(id) {
      const row = await rowById(ctx, 'read a reminder', 'reminders', id);
      return row && toReminder(row);
    },

    async listReminders(filter = {}) {
      if (filter.meetingId !== undefined && !plausibleId(filter.meetingId)) return [];
      const status =
        filter.status === undefined ? undefined : statusOf('status', filter.status, REMINDER_STATUSES);
      const target = filter.target === undefined ? undefined : targetOf(filter.target);
      const rows = await ctx.read('list reminders', (db) =>
        tenantRows(ctx, db, 'reminders')
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
  } satisfies Partial<ReminderMethods>;
}

/** Due reminders, rescheduling, cancelling and marking sent. */
function reminderSchedule(ctx: TenantContext, h: ReturnType<typeof reminderHelpers>) {
  const { toReminder, reminderById, requireMeeting } = h;
  return {
    async dueReminders(now, limit) {
      const at = instant('now', now);
      const n = limitOf(limit);
      const rows = await ctx.read('list due reminders', (db) =>
        tenantRows(ctx, db, 'reminders')
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
        await requireMeeting(trx, meetingId);
        const rows = await tenantRows(ctx, trx, 'reminders')
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
        await requireMeeting(trx, meetingId);
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

    deleteReminder: (id) => deleteById(ctx, 'delete a reminder', 'reminders', id, 'The reminder'),
  } satisfies Partial<ReminderMethods>;
}

export function reminderFamily(ctx: TenantContext): ReminderMethods {
  return familyOf(ctx, reminderHelpers(ctx), reminderWants, reminderReads, reminderSchedule);
}
