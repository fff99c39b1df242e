import { listWatches, publicWatchError } from '../app/watches.js';
import { reply } from '../reply.js';
import { processOnlyArgs } from './common-args.js';
import { defineCommand } from './types.js';

export const watchList = defineCommand({
  group: 'watch',
  name: 'list',
  description: 'The pages and feeds being checked, and whether they work',
  args: processOnlyArgs(),
  examples: ['/watch list'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { process, watches } = await listWatches(ctx.deps, ctx.scope, args);
    if (!watches.length) {
      return reply(`${process.name}: nothing watched`, {
        summary: "Chairs' staff add pages with `/watch add <url>`.",
        sections: [],
      });
    }
    return reply(`${process.name}: watched pages`, {
      sections: [
        {
          items: watches.map(
            (w, i) =>
              `#${i + 1} ${w.url} — every ${Math.round(w.intervalSeconds / 60)} min; ${
                w.failingSince
                  ? `failing since ${w.failingSince.slice(0, 16).replace('T', ' ')} UTC (${w.lastError ? publicWatchError(w.lastError) : 'error'})`
                  : w.lastCheckedAt
                    ? `last checked ${w.lastCheckedAt.slice(0, 16).replace('T', ' ')} UTC`
                    : 'not checked yet'
              }`,
          ),
        },
      ],
    });
  },
});
