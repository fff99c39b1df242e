import { z } from 'zod';
import { getDraftDiff } from '../app/drafts.js';
import { documentArg, processArg, versionArg } from './common-args.js';
import { diffReply } from './diff-report.js';
import { defineCommand } from './types.js';

export const bracketsDiff = defineCommand({
  group: 'brackets',
  name: 'diff',
  description: 'What changed between two versions: a summary per section, the full report attached',
  args: z.object({
    from: versionArg('Older version (default: the one before)').meta({ positional: 1 }).optional(),
    to: versionArg('Newer version (default: latest)').meta({ positional: 2 }).optional(),
    document: documentArg().optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/brackets diff',
    '/brackets diff from:3 to:5',
    '/brackets diff previous latest document:Vision',
  ],
  permission: 'everyone',
  slow: true,
  async handler(ctx, args) {
    const { document, from, to, diff } = await getDraftDiff(ctx.deps, ctx.scope, args);
    // A summary sized for the room, the full report (every item with both positions) attached.
    return diffReply(document, from, to, diff, ctx.zone);
  },
});
