import type { Selectable } from 'kysely';
import type { ChangeMethods } from '../../core/ports/index.js';
import type { ChangeRecord } from '../../core/store.js';
import { encodeJson, instant, int, optionalInstant, plausibleId, readInstant, text } from '../codec.js';
import type { TenantContext } from '../context.js';
import type { ChangeLogTable } from '../schema.js';
import { limitOf, lockProcess, notFound } from './common.js';

export function changeFamily(ctx: TenantContext): ChangeMethods {
  const toChange = (row: Selectable<ChangeLogTable>): ChangeRecord => ({
    id: Number(row.id),
    tenantId: row.tenant_id,
    processId: row.process_id,
    kind: row.kind,
    subject: row.subject,
    payload: ctx.codec.readJson(row.payload),
    createdAt: readInstant(row.created_at),
  });

  return {
    async appendChange(input) {
      if (!plausibleId(input.processId)) throw notFound('The process');
      const processId = input.processId;
      const kind = text('Change kind', input.kind, 100);
      const subject = text('Change subject', input.subject, 300);
      const payload = encodeJson('payload', input.payload);
      const createdAt = input.createdAt === undefined ? ctx.now() : instant('createdAt', input.createdAt);
      const row = await ctx.write(
        'log a change',
        async (trx) => {
          // Appends to one process commit in id order (the lock is held to commit), so a reader
          // paging with `afterId` never skips an entry that commits late.
          if (!(await lockProcess(ctx, trx, processId))) throw notFound('The process');
          return trx
            .insertInto('change_log')
            .values({
              tenant_id: ctx.tenantId,
              process_id: processId,
              kind,
              subject,
              payload,
              created_at: createdAt,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
        },
        { missing: 'The process was not found.' },
      );
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
        db
          .selectFrom('change_log')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
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
        db
          .selectFrom('change_log')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .where('process_id', '=', processId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      return row && toChange(row);
    },
  };
}
