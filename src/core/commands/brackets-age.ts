import { z } from 'zod';
import { getBracketAge } from '../app/drafts.js';
import { reply } from '../reply.js';
import { versionQueryArgs } from './common-args.js';
import { plural, versionName } from './format.js';
import { defineCommand } from './types.js';

export const bracketsAge = defineCommand({
  group: 'brackets',
  name: 'age',
  description: 'The oldest open brackets: how many versions and days each has survived',
  args: z.object({
    ...versionQueryArgs(),
    limit: z.number().int().min(1).max(100).describe('How many to list (default 15)').optional(),
  }),
  examples: ['/brackets age', '/brackets age Vision limit:30'],
  permission: 'everyone',
  slow: true,
  async handler(ctx, args) {
    const { document, version, ages, open } = await getBracketAge(ctx.deps, ctx.scope, {
      ...args,
      limit: args.limit ?? 15,
    });
    return reply(`${versionName(document, version)}: oldest open brackets`, {
      summary: open
        ? `${plural(open, 'top-level bracket')} open; the oldest first.`
        : 'No brackets are open.',
      sections: ages.length
        ? [
            {
              table: {
                columns: ['Since', 'Versions', 'Days', 'Where', 'Holders', 'Text'],
                rows: ages.map((a) => [
                  `#${a.since.sequence} ${a.since.label}`,
                  String(a.versions),
                  String(a.days),
                  a.place,
                  a.holders.join(', ') || '-',
                  a.text.length > 80 ? `${a.text.slice(0, 79)}…` : a.text,
                ]),
              },
            },
          ]
        : [],
    });
  },
});
