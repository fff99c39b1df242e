import { z } from 'zod';
import { setMyReminders } from '../app/setup.js';
import { reply } from '../reply.js';
import { formatOffsets, parseOffsets } from './parse-helpers.js';
import { defineCommand } from './types.js';

/** Offsets a person gets when they turn reminders on without choosing: a day and an hour before. */
const DEFAULT_PERSONAL_OFFSETS = [1440, 60];

export const rapporteurReminders = defineCommand({
  group: 'rapporteur',
  name: 'reminders',
  description: 'Personal reminders sent to you directly, in your own time zone: on or off',
  args: z.object({
    state: z.enum(['on', 'off']).describe('on or off').meta({ positional: 1 }),
    before: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .describe('How long before, e.g. 24h,1h (default)')
      .meta({ positional: 2, example: '24h,1h' })
      .optional(),
  }),
  examples: ['/rapporteur reminders on 24h,1h', '/rapporteur reminders off'],
  permission: 'everyone',
  async handler(ctx, args) {
    if (args.state === 'off') {
      await setMyReminders(ctx.deps, ctx.scope, ctx.actor, { on: false });
      return reply('Personal reminders are off', { tone: 'success', ephemeral: true, sections: [] });
    }
    const offsets = args.before ? parseOffsets(args.before) : DEFAULT_PERSONAL_OFFSETS;
    const person = await setMyReminders(ctx.deps, ctx.scope, ctx.actor, {
      on: true,
      offsetsMinutes: offsets,
    });
    return reply('Personal reminders are on', {
      tone: 'success',
      ephemeral: true,
      summary: `You will be reminded ${formatOffsets(offsets)} before each meeting${person.timeZone ? `, in ${person.timeZone}` : '; set your zone with `/rapporteur timezone` to see times in it'}.`,
      sections: [],
    });
  },
});
