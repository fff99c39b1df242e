import { z } from 'zod';
import { addWatch, DEFAULT_WATCH_INTERVAL_MINUTES, MIN_WATCH_INTERVAL_MINUTES } from '../app/watches.js';
import { reply } from '../reply.js';
import { processArg } from './common-args.js';
import { defineCommand } from './types.js';

export const watchAdd = defineCommand({
  group: 'watch',
  name: 'add',
  description: "Check a meeting page, PDF or .ics feed for changes (chairs' staff)",
  args: z.object({
    url: z
      .string()
      .trim()
      .min(8)
      .max(2000)
      .describe('The address to check, starting with https://')
      .meta({ positional: 1, example: 'https://www.itu.int/wsis/review/mpp/' }),
    interval: z
      .number()
      .int()
      .min(MIN_WATCH_INTERVAL_MINUTES)
      .max(10_080)
      .describe(`Minutes between checks (default ${DEFAULT_WATCH_INTERVAL_MINUTES})`)
      .meta({ positional: 2 })
      .optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/watch add https://www.itu.int/net/wsis/review/mpp.html',
    '/watch add https://example.org/feed.ics 30',
  ],
  permission: 'staff',
  async handler(ctx, args) {
    const { process, watch } = await addWatch(ctx.deps, ctx.scope, ctx.actor, {
      url: args.url,
      intervalMinutes: args.interval,
      process: args.process,
    });
    return reply('Watching', {
      tone: 'success',
      summary: `${watch.url} will be checked every ${Math.round(watch.intervalSeconds / 60)} minutes for ${process.name}; changed meeting facts become alerts.${ctx.deps.queue.enabled ? '' : ` Checks are off until the job queue runs: ${ctx.deps.queue.disabledReason ?? ''}`}`,
      sections: [],
    });
  },
});
