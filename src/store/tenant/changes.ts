import type { Selectable, Transaction } from 'kysely';
import type { ChangeMethods } from '../../core/ports/index.js';
import type { ChangeRecord, VersionChangeInput } from '../../core/store.js';
import { encodeJson, instant, int, optionalInstant, plausibleId, readInstant, text } from '../codec.js';
import type { TenantContext } from '../context.js';
import type { ChangeLogTable, Database } from '../schema.js';
import { limitOf, lockProcess, notFound, tenantRows } from './common.js';

/** A change-log row as a record. */
export function changeRecord(ctx: TenantContext, row: Selectable<ChangeLogTable>): ChangeRecord {
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    processId: row.process_id,
    kind: row.kind,
    subject: row.subject,
    payload: ctx.codec.readJson(row.payload),
    createdAt: readInstant(row.created_at),
  };
}

/** A change to append, checked and encoded (NOT_FOUND for an implausible process id). */
export function changeValues(ctx: TenantContext, change: VersionChangeInput) {
  if (!plausibleId(change.processId)) throw notFound('The process');
  return {
    tenant_id: ctx.tenantId,
    process_id: change.processId,
    kind: text('Change kind', change.kind, 100),
    subject: text('Change subject', change.subject, 300),
    payload: encodeJson('payload', change.payload),
    created_at: change.createdAt === undefined ? ctx.now() : instant('createdAt', change.createdAt),
  };
}

/**
 * Appends a change in a transaction, holding the process lock to commit: appends to one
 * process commit in id order, so a reader paging with `afterId` never skips an entry that
 * commits late.
 */
export async function insertChange(
  ctx: TenantContext,
  trx: Transaction<Database>,
  values: ReturnType<typeof changeValues>,
): Promise<Selectable<ChangeLogTable>> {
  if (!(await lockProcess(ctx, trx, values.process_id))) throw notFound('The process');
  return trx.insertInto('change_log').values(values).returningAll().executeTakeFirstOrThrow();
}

export function changeFamily(ctx: TenantContext): ChangeMethods {
  const toChange = (row: Selectable<ChangeLogTable>) => changeRecord(ctx, row);

  return {
    async appendChange(input) {
      const values = changeValues(ctx, input);
      const row = await ctx.write('log a change', (trx) => insertChange(ctx, trx, values), {
        missing: 'The process was not found.',
      });
      return toChange(row);
    },

    async listChanges(processId, filter = {}) {
      if (!plausibleId(processId)) return [];
      const afterId =
        filter.afterId === undefined ? undefined : int('afterId', filter.afterId, 0, Number.MAX_SAFE_INTEGER);
      const since = optionalInstant('since', filter.since);
      const kinds = filter.kinds?.map((k) => text('kind', k, 100));
      const n = limitOf(filter.limit);
      if (kinds !== undefined && kinds.length === 0) return [];
      const rows = await ctx.read('list changes', (db) =>
        tenantRows(ctx, db, 'change_log')
          .where('process_id', '=', processId)
          .$if(afterId !== undefined, (q) => q.where('id', '>', afterId as number))
          .$if(since !== null, (q) => q.where('created_at', '>=', since as string))
          .$if(kinds !== undefined, (q) => q.where('kind', 'in', kinds as string[]))
          .orderBy('id')
          .limit(n)
          .execute(),
      );
      return rows.map(toChange);
    },

    async getChange(processId, id) {
      if (!plausibleId(processId) || !Number.isSafeInteger(id) || id < 1) return undefined;
      const row = await ctx.read('read a change', (db) =>
        tenantRows(ctx, db, 'change_log')
          .where('process_id', '=', processId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      return row && toChange(row);
    },
  };
}
