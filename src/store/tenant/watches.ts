import { type Selectable, sql, type UpdateObject } from 'kysely';
import type { WatchMethods } from '../../core/ports/index.js';
import type { WatchRecord } from '../../core/store.js';
import {
  instant,
  int,
  optionalText,
  plausibleId,
  readInstant,
  readOptionalInstant,
  systemText,
  url,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import type { Database, WatchesTable } from '../schema.js';
import { deleteById, familyOf, limitOf, notFound, rowById, tenantRows } from './common.js';

/** Once a minute at most (politeness to the watched site), once a month at least. */
const MIN_INTERVAL_SECONDS = 60;
const MAX_INTERVAL_SECONDS = 31 * 24 * 3600;

/** What the watch methods share. */
function watchHelpers(ctx: TenantContext) {
  const toWatch = (row: Selectable<WatchesTable>): WatchRecord => ({
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    url: row.url,
    intervalSeconds: row.interval_seconds,
    etag: row.etag,
    lastModified: row.last_modified,
    contentHash: row.content_hash,
    lastCheckedAt: readOptionalInstant(row.last_checked_at),
    lastError: row.last_error,
    failingSince: readOptionalInstant(row.failing_since),
    notified: ctx.codec.readBool(row.notified),
    nextRunAt: readInstant(row.next_run_at),
    createdAt: readInstant(row.created_at),
  });

  /** Updates one watch with `set`; NOT_FOUND when this tenant has no such watch. */
  const update = async (action: string, id: string, set: UpdateObject<Database, 'watches'>) => {
    if (!plausibleId(id)) throw notFound('The watch');
    const row = await ctx.write(action, (trx) =>
      trx
        .updateTable('watches')
        .set(set)
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    );
    if (!row) throw notFound('The watch');
    return toWatch(row);
  };

  return { toWatch, update };
}

/** Adding and reading watched pages, and those due. */
function watchReads(ctx: TenantContext, h: ReturnType<typeof watchHelpers>) {
  const { toWatch } = h;
  return {
    async addWatch(input) {
      if (!plausibleId(input.processId)) throw notFound('The process');
      const processId = input.processId;
      const watchedUrl = url('URL', input.url, true);
      const intervalSeconds = int(
        'intervalSeconds',
        input.intervalSeconds,
        MIN_INTERVAL_SECONDS,
        MAX_INTERVAL_SECONDS,
      );
      const nextRunAt = input.nextRunAt === undefined ? ctx.now() : instant('nextRunAt', input.nextRunAt);
      const row = await ctx.write(
        'watch a URL',
        (trx) =>
          trx
            .insertInto('watches')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              process_id: processId,
              url: watchedUrl,
              interval_seconds: intervalSeconds,
              etag: null,
              last_modified: null,
              content_hash: null,
              last_checked_at: null,
              last_error: null,
              failing_since: null,
              notified: ctx.codec.bool(false),
              next_run_at: nextRunAt,
              created_at: ctx.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        {
          conflict: `This process already watches ${watchedUrl}.`,
          conflictHint: 'Nothing to do; remove the watch first to change its interval.',
          missing: 'The process was not found.',
        },
      );
      return toWatch(row);
    },

    async getWatch(id) {
      const row = await rowById(ctx, 'read a watch', 'watches', id);
      return row && toWatch(row);
    },

    async listWatches(processId) {
      if (processId !== undefined && !plausibleId(processId)) return [];
      const rows = await ctx.read('list watches', (db) =>
        tenantRows(ctx, db, 'watches')
          .$if(processId !== undefined, (q) => q.where('process_id', '=', processId as string))
          .orderBy('url')
          .execute(),
      );
      return rows.map(toWatch);
    },

    async dueWatches(now, limit) {
      const at = instant('now', now);
      const n = limitOf(limit);
      const rows = await ctx.read('list due watches', (db) =>
        tenantRows(ctx, db, 'watches')
          .where('next_run_at', '<=', at)
          .orderBy('next_run_at')
          .orderBy('id')
          .limit(n)
          .execute(),
      );
      return rows.map(toWatch);
    },
  } satisfies Partial<WatchMethods>;
}

/** Recording each check of a watched page, and removing one. */
function watchOutcomes(ctx: TenantContext, h: ReturnType<typeof watchHelpers>) {
  const { update } = h;
  return {
    async recordWatchSuccess(id, result) {
      const checkedAt = instant('checkedAt', result.checkedAt);
      const nextRunAt = instant('nextRunAt', result.nextRunAt);
      const etag = optionalText('ETag', result.etag, 1000);
      const lastModified = optionalText('Last-Modified', result.lastModified, 200);
      const contentHash = optionalText('contentHash', result.contentHash, 200);
      return update('record a watch check', id, {
        etag,
        last_modified: lastModified,
        content_hash: contentHash,
        last_checked_at: checkedAt,
        last_error: null,
        failing_since: null,
        notified: ctx.codec.bool(false),
        next_run_at: nextRunAt,
      });
    },

    async recordWatchFailure(id, result) {
      const checkedAt = instant('checkedAt', result.checkedAt);
      const nextRunAt = instant('nextRunAt', result.nextRunAt);
      const error = systemText(result.error, 2000);
      return update('record a watch failure', id, {
        last_checked_at: checkedAt,
        last_error: error,
        // The start of a run of failures is kept until a success clears it.
        failing_since: sql<string>`coalesce(failing_since, ${checkedAt})`,
        next_run_at: nextRunAt,
      });
    },

    async setWatchNotified(id, notified) {
      const flag = ctx.codec.bool(notified === true);
      return update('mark a watch notified', id, { notified: flag });
    },

    removeWatch: (id) => deleteById(ctx, 'remove a watch', 'watches', id, 'The watch'),
  } satisfies Partial<WatchMethods>;
}

export function watchFamily(ctx: TenantContext): WatchMethods {
  return familyOf(ctx, watchHelpers(ctx), watchReads, watchOutcomes);
}
