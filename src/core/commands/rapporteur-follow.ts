import { z } from 'zod';
import { followProcess } from '../app/setup.js';
import { reply } from '../reply.js';
import { defineCommand } from './types.js';

export const rapporteurFollow = defineCommand({
  group: 'rapporteur',
  name: 'follow',
  description: 'Make this channel follow a negotiation (created if new; administrators)',
  args: z.object({
    process: z
      .string()
      .trim()
      .min(2)
      .max(120)
      .describe('The negotiation, e.g. "WSIS+10 Vision"')
      .meta({ positional: 1, example: 'WSIS+10 Vision' }),
  }),
  examples: ['/rapporteur follow WSIS+10 Vision'],
  permission: 'admin',
  async handler(ctx, args) {
    const { process, createdProcess, channel } = await followProcess(ctx.deps, ctx.scope, ctx.actor, {
      name: args.process,
    });
    // Alerts are useless in a channel the platform will not let the bot post in: the
    // platform says so (or joins) now, while the person who set it up is reading.
    const presence = channel && ctx.channel ? await ctx.channel.ensurePostable() : undefined;
    return reply(createdProcess ? `Now following ${process.name} (new)` : `Now following ${process.name}`, {
      tone: 'success',
      summary: channel
        ? 'This channel will be told about new draft versions, schedule changes and reminders. Change that with `/rapporteur subscribe` and `/rapporteur unsubscribe`.'
        : 'The process is set up.',
      sections: [
        {
          heading: 'Next steps',
          items: [
            "Name the chairs' staff who may post official versions: `/rapporteur staff add @role`",
            'Set the usual venue zone and holidays: `/rapporteur settings timezone:Europe/Zurich holiday-region:CH-GE`',
            'Post the first version: `/draft post` with the file attached',
          ],
        },
        ...(presence ? [{ heading: 'Alerts here', body: presence }] : []),
      ],
    });
  },
});
