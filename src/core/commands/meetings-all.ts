import { listMeetingViews } from '../app/schedule.js';
import { reply } from '../reply.js';
import { processOnlyArgs } from './common-args.js';
import { meetingLine } from './format.js';
import { defineCommand } from './types.js';

export const meetingsAll = defineCommand({
  group: 'meetings',
  name: 'all',
  description: 'Every known meeting of the process, past and future, with conflicts marked',
  args: processOnlyArgs(),
  examples: ['/meetings all'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { resolved, meetings } = await listMeetingViews(ctx.deps, ctx.scope, { process: args.process });
    const disputed = meetings.filter((v) => v.headline.disputed.length > 0).length;
    return reply(`${resolved.process.name}: all meetings`, {
      summary: meetings.length
        ? `${meetings.length} meeting${meetings.length === 1 ? '' : 's'}${disputed ? `, ${disputed} with sources that disagree` : ''}.`
        : 'No meeting is known yet.',
      sections: meetings.length ? [{ items: meetings.map(meetingLine) }] : [],
    });
  },
});
