import { z } from 'zod';
import { removeWatch } from '../app/watches.js';
import { reply } from '../reply.js';
import { processArg } from './common-args.js';
import { defineCommand } from './types.js';

export const watchRemove = defineCommand({
  group: 'watch',
  name: 'remove',
  description: "Stop checking a page: its number from /watch list or its address (chairs' staff)",
  args: z.object({
    watch: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe('The number from /watch list, or the address')
      .meta({ positional: 1, autocomplete: 'watch', example: '1' }),
    process: processArg().optional(),
  }),
  examples: ['/watch remove 1', '/watch remove https://example.org/feed.ics'],
  permission: 'staff',
  async handler(ctx, args) {
    const { watch } = await removeWatch(ctx.deps, ctx.scope, ctx.actor, args);
    return reply('No longer watching', { tone: 'success', summary: watch.url, sections: [] });
  },
});
