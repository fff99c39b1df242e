import { scheduleFeed } from '../app/schedule.js';
import { reply } from '../reply.js';
import { processOnlyArgs } from './common-args.js';
import { defineCommand } from './types.js';

export const meetingsFeed = defineCommand({
  group: 'meetings',
  name: 'feed',
  description: 'The schedule as an iCalendar (.ics) file for your calendar',
  args: processOnlyArgs(),
  examples: ['/meetings feed'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { resolved, ics, meetings } = await scheduleFeed(ctx.deps, ctx.scope, args);
    const file = `${resolved.process.slug || 'schedule'}.ics`;
    return reply(`${resolved.process.name}: calendar`, {
      summary: `${meetings} meeting${meetings === 1 ? '' : 's'}. Import the attached file into your calendar; disputed times are marked tentative and the disagreement is in each event's description.`,
      attachments: [
        {
          filename: file,
          contentType: 'text/calendar; charset=utf-8',
          content: ics,
          description: 'iCalendar feed',
        },
      ],
      sections: [],
    });
  },
});
