import { webLinksForScope } from '../app/web-access.js';
import { formatStamp, reply } from '../reply.js';
import { processOnlyArgs } from './common-args.js';
import { defineCommand } from './types.js';

/**
 * `/rapporteur web`: the links to the process's web pages and its live calendar feed. For a
 * private process the links carry a signed token that expires; anyone who has them can read
 * the pages until then, so they are given to the channel that follows the process.
 */
export const rapporteurWeb = defineCommand({
  group: 'rapporteur',
  name: 'web',
  description: "Links to the process's web pages (bracket map, drafts, meetings) and its calendar feed",
  args: processOnlyArgs(),
  examples: ['/rapporteur web'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { resolved, links } = await webLinksForScope(ctx.deps, ctx.scope, args.process);
    const isPublic = resolved.process.settings.public === true;
    return reply(`${resolved.process.name} on the web`, {
      summary: isPublic
        ? 'This process is public: anyone with these addresses can read its pages.'
        : [
            'Private links: anyone who has them can read the pages until ',
            { time: links.expiresAt as string, style: 'date' },
            ". Don't post them outside this channel; ask again for fresh ones.",
          ],
      sections: [
        {
          items: [
            [{ link: links.process, label: 'Drafts and bracket map' }],
            [{ link: links.meetings, label: 'Meetings' }],
            [
              { link: links.webcal, label: 'Subscribe to the calendar' },
              ' (or add ',
              { link: links.calendar, label: 'this feed' },
              ' to your calendar by URL)',
            ],
          ],
        },
      ],
      footer: isPublic
        ? 'Administrators make it private again with /rapporteur settings public:false.'
        : `The calendar link works until ${formatStamp(links.feedExpiresAt, ctx.zone)}.`,
    });
  },
});
