import { z } from 'zod';
import { getMe, setMyTimeZone } from '../app/setup.js';
import { reply } from '../reply.js';
import { zoneArg } from './common-args.js';
import { parseZone } from './parse-helpers.js';
import { defineCommand } from './types.js';

export const rapporteurTimezone = defineCommand({
  group: 'rapporteur',
  name: 'timezone',
  description: 'Set your own time zone for reminders and times (or "clear"); without one, show it',
  args: z.object({
    zone: zoneArg('Your zone or city, e.g. Australia/Sydney, Lima; or clear')
      .meta({ positional: 1 })
      .optional(),
  }),
  examples: ['/rapporteur timezone Australia/Sydney', '/rapporteur timezone'],
  permission: 'everyone',
  async handler(ctx, args) {
    if (!args.zone) {
      const me = await getMe(ctx.deps, ctx.scope, ctx.actor);
      return reply('Your time zone', {
        ephemeral: true,
        summary: me?.timeZone
          ? `${me.timeZone}`
          : 'Not set: reminders sent to you use the meeting venue’s zone.',
        sections: [],
      });
    }
    const zone = args.zone.toLowerCase() === 'clear' ? null : parseZone(args.zone);
    await setMyTimeZone(ctx.deps, ctx.scope, ctx.actor, zone);
    return reply(zone ? `Your time zone is now ${zone}` : 'Your time zone is cleared', {
      tone: 'success',
      ephemeral: true,
      sections: [],
    });
  },
});
