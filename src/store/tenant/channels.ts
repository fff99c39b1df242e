import type { Selectable } from 'kysely';
import { z } from 'zod';
import { RapporteurError } from '../../core/errors.js';
import type { ChannelMethods } from '../../core/ports/index.js';
import {
  type ChannelRecord,
  isValidTimeZone,
  PLATFORMS,
  type Platform,
  type SubscriptionRecord,
  type SubscriptionSettings,
} from '../../core/store.js';
import { invalidSettings, optionalText, plausibleId, readInstant, text } from '../codec.js';
import type { TenantContext } from '../context.js';
import type { ChannelsTable, SubscriptionsTable } from '../schema.js';
import { deleteAddressedTo, familyOf, notFound, rowById, tenantRows } from './common.js';

const subscriptionSchema = z
  .object({
    draftChanges: z.boolean(),
    scheduleChanges: z.boolean(),
    reminders: z.boolean(),
    digestHour: z.number().int().min(0).max(23).nullable(),
    digestZone: z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Zurich' })
      .nullable(),
  })
  .strict();

const isPlatform = (value: unknown): value is Platform =>
  typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);

/** A channel's own platform as given: undefined (keep), null (the tenant's) or a known platform. */
function channelPlatformOf(value: unknown): Platform | null | undefined {
  if (value === undefined || value === null || isPlatform(value)) return value;
  throw new RapporteurError(
    'INVALID_ARGUMENT',
    `The channel's platform must be one of ${PLATFORMS.join(', ')}, or null for the tenant's.`,
    { hint: 'Bind the channel with the platform it lives on.' },
  );
}

/** A channel row as a record (also read joined to its deliveries). */
export function channelFromRow(row: Selectable<ChannelsTable>): ChannelRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    platformChannelId: row.platform_channel_id,
    name: row.name,
    // The column's CHECK admits only known platforms; anything else would be a bug elsewhere.
    platform: isPlatform(row.platform) ? row.platform : null,
    createdAt: readInstant(row.created_at),
  };
}

/** What the channel methods share. */
function channelHelpers(ctx: TenantContext) {
  const toChannel = channelFromRow;
  const toSubscription = (row: Selectable<SubscriptionsTable>): SubscriptionRecord => ({
    channelId: row.channel_id,
    draftChanges: ctx.codec.readBool(row.draft_changes),
    scheduleChanges: ctx.codec.readBool(row.schedule_changes),
    reminders: ctx.codec.readBool(row.reminders),
    digestHour: row.digest_hour,
    digestZone: row.digest_zone,
    updatedAt: readInstant(row.updated_at),
  });

  return { toChannel, toSubscription };
}

/** Binding channels to processes and finding them. */
function channelBindings(ctx: TenantContext, h: ReturnType<typeof channelHelpers>) {
  const { toChannel } = h;
  return {
    async bindChannel(input) {
      const platformChannelId = text('Channel id', input.platformChannelId, 200);
      const name = optionalText('Channel name', input.name, 200);
      const platform = channelPlatformOf(input.platform);
      if (!plausibleId(input.processId)) throw notFound('The process');
      const processId = input.processId;
      // Binding again moves the channel; its name and platform change only when given.
      const update = {
        process_id: processId,
        ...(input.name === undefined ? {} : { name }),
        ...(platform === undefined ? {} : { platform }),
      };
      const row = await ctx.write(
        'bind a channel',
        (trx) =>
          trx
            .insertInto('channels')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              process_id: processId,
              platform_channel_id: platformChannelId,
              name,
              platform: platform ?? null,
              created_at: ctx.now(),
            })
            // A channel follows one process: binding it again moves it and keeps its id.
            .onConflict((oc) => oc.columns(['tenant_id', 'platform_channel_id']).doUpdateSet(update))
            .returningAll()
            .executeTakeFirstOrThrow(),
        {
          missing: 'The process was not found.',
          missingHint: 'Create the process first, or check its name.',
        },
      );
      return toChannel(row);
    },

    async getChannel(id) {
      const row = await rowById(ctx, 'read a channel', 'channels', id);
      return row && toChannel(row);
    },

    async findChannel(platformChannelId) {
      if (!plausibleId(platformChannelId)) return undefined;
      const row = await ctx.read('find a channel', (db) =>
        tenantRows(ctx, db, 'channels')
          .where('platform_channel_id', '=', platformChannelId.trim())
          .executeTakeFirst(),
      );
      return row && toChannel(row);
    },

    async listChannels(processId) {
      if (processId !== undefined && !plausibleId(processId)) return [];
      const rows = await ctx.read('list channels', (db) =>
        tenantRows(ctx, db, 'channels')
          .$if(processId !== undefined, (q) => q.where('process_id', '=', processId as string))
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
      );
      return rows.map(toChannel);
    },

    async unbindChannel(id) {
      if (!plausibleId(id)) throw notFound('The channel');
      await ctx.write('unbind a channel', async (trx) => {
        const result = await trx
          .deleteFrom('channels')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw notFound('The channel');
        // Reminders addressed to the channel have nowhere to go now.
        await deleteAddressedTo(ctx, trx, 'reminders', { kind: 'channel', id });
      });
    },
  } satisfies Partial<ChannelMethods>;
}

/** What each channel subscribes to, and who subscribes to a topic. */
function subscriptionMethods(ctx: TenantContext, h: ReturnType<typeof channelHelpers>) {
  const { toChannel, toSubscription } = h;
  return {
    async setSubscription(channelId, patch) {
      if (!plausibleId(channelId)) throw notFound('The channel');
      if (typeof patch !== 'object' || patch === null) {
        throw invalidSettings('subscription settings', [{ path: [], message: 'must be an object' }]);
      }
      const row = await ctx.write(
        'change a subscription',
        async (trx) => {
          // As for people: the row exists before it is read, so concurrent first patches both land.
          await trx
            .insertInto('subscriptions')
            .values({
              tenant_id: ctx.tenantId,
              channel_id: channelId,
              draft_changes: ctx.codec.bool(false),
              schedule_changes: ctx.codec.bool(false),
              reminders: ctx.codec.bool(false),
              digest_hour: null,
              digest_zone: null,
              updated_at: ctx.now(),
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'channel_id']).doNothing())
            .execute();
          const current = await tenantRows(ctx, trx, 'subscriptions')
            .where('channel_id', '=', channelId)
            .$if(ctx.lockRows, (q) => q.forUpdate())
            .executeTakeFirstOrThrow();
          const base: SubscriptionSettings = toSubscription(current);
          const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
          const parsed = subscriptionSchema.safeParse({
            draftChanges: base.draftChanges,
            scheduleChanges: base.scheduleChanges,
            reminders: base.reminders,
            digestHour: base.digestHour,
            digestZone: base.digestZone,
            ...defined,
          });
          if (!parsed.success) throw invalidSettings('subscription settings', parsed.error.issues);
          const s = parsed.data;
          const values = {
            draft_changes: ctx.codec.bool(s.draftChanges),
            schedule_changes: ctx.codec.bool(s.scheduleChanges),
            reminders: ctx.codec.bool(s.reminders),
            digest_hour: s.digestHour,
            digest_zone: s.digestZone,
            updated_at: ctx.now(),
          };
          return trx
            .updateTable('subscriptions')
            .set(values)
            .where('tenant_id', '=', ctx.tenantId)
            .where('channel_id', '=', channelId)
            .returningAll()
            .executeTakeFirstOrThrow();
        },
        { missing: 'The channel was not found.', missingHint: 'Bind the channel to a process first.' },
      );
      return toSubscription(row);
    },

    async getSubscription(channelId) {
      if (!plausibleId(channelId)) return undefined;
      const row = await ctx.read('read a subscription', (db) =>
        tenantRows(ctx, db, 'subscriptions').where('channel_id', '=', channelId).executeTakeFirst(),
      );
      return row && toSubscription(row);
    },

    async listSubscribers(processId, topic) {
      if (!plausibleId(processId)) return [];
      const column = (
        {
          draftChanges: 'subscriptions.draft_changes',
          scheduleChanges: 'subscriptions.schedule_changes',
          reminders: 'subscriptions.reminders',
          digest: null,
        } as const
      )[topic];
      if (column === undefined) {
        throw invalidSettings('subscription topic', [
          { path: [], message: 'must be draftChanges, scheduleChanges, reminders or digest' },
        ]);
      }
      const rows = await ctx.read('list subscribers', (db) =>
        db
          .selectFrom('channels')
          .innerJoin('subscriptions', (j) =>
            j
              .onRef('subscriptions.tenant_id', '=', 'channels.tenant_id')
              .onRef('subscriptions.channel_id', '=', 'channels.id'),
          )
          .selectAll('channels')
          .select([
            'subscriptions.channel_id',
            'subscriptions.draft_changes',
            'subscriptions.schedule_changes',
            'subscriptions.reminders',
            'subscriptions.digest_hour',
            'subscriptions.digest_zone',
            'subscriptions.updated_at as subscription_updated_at',
          ])
          .where('channels.tenant_id', '=', ctx.tenantId)
          .where('channels.process_id', '=', processId)
          .$if(column !== null, (q) =>
            q.where(column as 'subscriptions.reminders', '=', ctx.codec.bool(true)),
          )
          .$if(column === null, (q) => q.where('subscriptions.digest_hour', 'is not', null))
          .orderBy('channels.created_at')
          .orderBy('channels.id')
          .execute(),
      );
      return rows.map((row) => ({
        channel: toChannel(row),
        subscription: toSubscription({
          tenant_id: row.tenant_id,
          channel_id: row.channel_id,
          draft_changes: row.draft_changes,
          schedule_changes: row.schedule_changes,
          reminders: row.reminders,
          digest_hour: row.digest_hour,
          digest_zone: row.digest_zone,
          updated_at: row.subscription_updated_at,
        }),
      }));
    },
  } satisfies Partial<ChannelMethods>;
}

export function channelFamily(ctx: TenantContext): ChannelMethods {
  return familyOf(ctx, channelHelpers(ctx), channelBindings, subscriptionMethods);
}
