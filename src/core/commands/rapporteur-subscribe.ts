import { z } from 'zod';
import { updateSubscription } from '../app/setup.js';
import { RapporteurError } from '../errors.js';
import { type Reply, reply } from '../reply.js';
import type { SubscriptionRecord } from '../store.js';
import { zoneArg } from './common-args.js';
import { parseZone } from './parse-helpers.js';
import { type CommandContext, defineCommand } from './types.js';

const TOPICS = ['all', 'drafts', 'schedule', 'reminders', 'digest'] as const;

type SubscriptionPatch = Parameters<typeof updateSubscription>[3];

/** The channel's on/off switches each topic but the digest stands for. */
const SWITCHES = {
  all: ['draftChanges', 'scheduleChanges', 'reminders'],
  drafts: ['draftChanges'],
  schedule: ['scheduleChanges'],
  reminders: ['reminders'],
} as const satisfies Record<Exclude<(typeof TOPICS)[number], 'digest'>, readonly (keyof SubscriptionPatch)[]>;

/** Turns a topic's switches on or off. */
function switched(topic: keyof typeof SWITCHES, on: boolean): SubscriptionPatch {
  return Object.fromEntries(SWITCHES[topic].map((name) => [name, on]));
}

/** Changes the channel's subscription and says what it hears about now. */
async function subscriptionReply(ctx: CommandContext, patch: SubscriptionPatch): Promise<Reply> {
  const { process, subscription } = await updateSubscription(ctx.deps, ctx.scope, ctx.actor, patch);
  return reply(`Subscriptions for ${process.name}`, {
    tone: 'success',
    summary: describeSubscription(subscription),
    sections: [],
  });
}

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
    return subscriptionReply(
      ctx,
      args.topic === 'digest'
        ? { digestHour: args.hour ?? null, digestZone: args.zone ? parseZone(args.zone) : null }
        : switched(args.topic, true),
    );
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
    // Unsubscribing from everything stops the digest too.
    return subscriptionReply(
      ctx,
      args.topic === 'digest'
        ? { digestHour: null }
        : { ...switched(args.topic, false), ...(args.topic === 'all' ? { digestHour: null } : {}) },
    );
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
