import { z } from 'zod';
import { listMeetingViews } from '../app/schedule.js';
import { reply } from '../reply.js';
import { processArg } from './common-args.js';
import { meetingLine } from './format.js';
import { defineCommand } from './types.js';

export const meetingsUpcoming = defineCommand({
  group: 'meetings',
  name: 'upcoming',
  description: 'The next meetings, in your own time zone',
  args: z.object({
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .describe('How many (default 10)')
      .meta({ positional: 1 })
      .optional(),
    process: processArg().optional(),
  }),
  examples: ['/meetings upcoming', '/meetings upcoming 20'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { resolved, meetings } = await listMeetingViews(ctx.deps, ctx.scope, {
      process: args.process,
      upcoming: true,
      limit: args.limit ?? 10,
    });
    if (meetings.length === 0) {
      return reply(`${resolved.process.name}: no upcoming meetings`, {
        summary:
          'No meeting ahead is known. Announcements posted with `/meetings announce`, watched pages and list mail add them.',
        sections: [],
      });
    }
    return reply(`${resolved.process.name}: upcoming meetings`, {
      sections: [
        {
          items: meetings.map((v) => [
            ...meetingLine(v),
            ...(v.headline.flags.length ? [` — ${v.headline.flags.join('; ')}`] : []),
          ]),
        },
      ],
      footer: 'Times show in your own time zone where the platform can.',
    });
  },
});
