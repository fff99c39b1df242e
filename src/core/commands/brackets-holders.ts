import { z } from 'zod';
import { getHolders } from '../app/drafts.js';
import { reply } from '../reply.js';
import { documentArg, processArg, versionArg } from './common-args.js';
import { plural, versionName } from './format.js';
import { defineCommand } from './types.js';

export const bracketsHolders = defineCommand({
  group: 'brackets',
  name: 'holders',
  description: 'Who holds which brackets, from annotations like [US: delete] and comments',
  args: z.object({
    holder: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .describe('One party or group, e.g. G77, EU, US')
      .meta({ positional: 1, example: 'G77' })
      .optional(),
    document: documentArg().optional(),
    version: versionArg().optional(),
    process: processArg().optional(),
  }),
  examples: ['/brackets holders', '/brackets holders G77'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { document, version, holders } = await getHolders(ctx.deps, ctx.scope, args);
    if (holders.length === 0) {
      return reply(`${versionName(document, version)}: holders`, {
        summary: args.holder
          ? `No bracket names ${args.holder}.`
          : 'No bracket or comment names a party or group.',
        sections: [],
      });
    }
    return reply(`${versionName(document, version)}: holders`, {
      summary: `${plural(holders.length, 'party or group', 'parties and groups')} named.`,
      sections: holders.map((h) => ({
        heading: `${h.holder}${h.uncertain ? ' (not a known party or group)' : ''}: ${plural(h.brackets.length, 'bracket')}${h.paragraphs.length ? `, ${plural(h.paragraphs.length, 'paragraph')}` : ''}`,
        items: [
          ...h.brackets.map(
            (b) => `${b.place}${b.notes.length ? ` [${b.notes.join('; ')}]` : ''}: ${b.text}`,
          ),
          ...h.paragraphs.map((p) => `whole paragraph, ${p}`),
        ],
      })),
    });
  },
});
