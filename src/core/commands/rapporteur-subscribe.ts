import { z } from 'zod';
import { updateSubscription } from '../app/setup.js';
import { RapporteurError } from '../errors.js';
import { reply } from '../reply.js';
import type { SubscriptionRecord } from '../store.js';
import { zoneArg } from './common-args.js';
import { parseZone } from './parse-helpers.js';
import { defineCommand } from './types.js';

const TOPICS = ['all', 'drafts', 'schedule', 'reminders', 'digest'] as const;

export const rapporteurSubscribe = defineCommand({
  group: 'rapporteur',
  name: 'subscribe',
  description: 'Tell this channel about drafts, schedule changes, reminders or a daily digest',
  args: z.object({
    topic: z.enum(TOPICS).describe('What to hear about').meta({ positional: 1 }),
    hour: z
      .number()
      .int()
      .min(0)
      .max(23)
      .describe('Digest: local hour of day, 0-23')
      .meta({ positional: 2 })
      .optional(),
    zone: zoneArg('Digest: time zone of that hour (default: the process zone)')
      .meta({ positional: 3 })
      .optional(),
  }),
  examples: ['/rapporteur subscribe all', '/rapporteur subscribe digest 8 Europe/Zurich'],
  permission: 'admin',
  async handler(ctx, args) {
    if (args.topic === 'digest' && args.hour === undefined) {
      throw new RapporteurError('INVALID_ARGUMENT', 'A digest needs the hour it should arrive.', {
        hint: 'Example: /rapporteur subscribe digest 8 Europe/Zurich',
      });
    }
    const patch =
      args.topic === 'all'
        ? { draftChanges: true, scheduleChanges: true, reminders: true }
        : args.topic === 'drafts'
          ? { draftChanges: true }
          : args.topic === 'schedule'
            ? { scheduleChanges: true }
            : args.topic === 'reminders'
              ? { reminders: true }
              : { digestHour: args.hour ?? null, digestZone: args.zone ? parseZone(args.zone) : null };
    const { process, subscription } = await updateSubscription(ctx.deps, ctx.scope, ctx.actor, patch);
    return reply(`Subscriptions for ${process.name}`, {
      tone: 'success',
      summary: describeSubscription(subscription),
      sections: [],
    });
  },
});

export const rapporteurUnsubscribe = defineCommand({
  group: 'rapporteur',
  name: 'unsubscribe',
  description: 'Stop telling this channel about drafts, schedule changes, reminders or the digest',
  args: z.object({ topic: z.enum(TOPICS).describe('What to stop hearing about').meta({ positional: 1 }) }),
  examples: ['/rapporteur unsubscribe reminders', '/rapporteur unsubscribe all'],
  permission: 'admin',
  async handler(ctx, args) {
    const patch =
      args.topic === 'all'
        ? { draftChanges: false, scheduleChanges: false, reminders: false, digestHour: null }
        : args.topic === 'drafts'
          ? { draftChanges: false }
          : args.topic === 'schedule'
            ? { scheduleChanges: false }
            : args.topic === 'reminders'
              ? { reminders: false }
              : { digestHour: null };
    const { process, subscription } = await updateSubscription(ctx.deps, ctx.scope, ctx.actor, patch);
    return reply(`Subscriptions for ${process.name}`, {
      tone: 'success',
      summary: describeSubscription(subscription),
      sections: [],
    });
  },
});

/** "Draft changes: on · Schedule changes: on · Reminders: off · Digest: 08:00 Europe/Zurich". */
export function describeSubscription(s: SubscriptionRecord): string {
  const on = (b: boolean) => (b ? 'on' : 'off');
  const digest =
    s.digestHour === null
      ? 'off'
      : `${String(s.digestHour).padStart(2, '0')}:00 ${s.digestZone ?? '(process zone)'}`;
  return `Draft changes: ${on(s.draftChanges)} · Schedule changes: ${on(s.scheduleChanges)} · Reminders: ${on(s.reminders)} · Daily digest: ${digest}`;
}
