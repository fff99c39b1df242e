import { z } from 'zod';
import { withdrawDraftVersion } from '../app/drafts.js';
import { reply } from '../reply.js';
import { documentArg, processArg, versionArg } from './common-args.js';
import { plural, versionName } from './format.js';
import { defineCommand } from './types.js';

export const draftWithdraw = defineCommand({
  group: 'draft',
  name: 'withdraw',
  description: "Withdraw a version posted by mistake (chairs' staff only); it is kept for audit",
  args: z.object({
    version: versionArg('Which version: its number, e.g. 3, or its label').meta({ positional: 1 }),
    document: documentArg().optional(),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe('Why, told to the channels that were alerted')
      .optional(),
    process: processArg().optional(),
  }),
  examples: ['/draft withdraw 3', '/draft withdraw 3 document:Vision reason:"wrong file"'],
  permission: 'staff',
  async handler(ctx, args) {
    const { document, version, current, told } = await withdrawDraftVersion(
      ctx.deps,
      ctx.scope,
      ctx.actor,
      args,
    );
    return reply(`Withdrawn: ${versionName(document, version)}`, {
      tone: 'success',
      summary: `${current ? `Status and comparisons now use ${versionName(document, current)}.` : `No version of ${document.name} is left.`} ${
        told
          ? `${plural(told, 'channel')} that were alerted about it will be told.`
          : 'No channel had been alerted about it.'
      } The original stays stored for audit (\`/draft versions\` lists it as withdrawn).`,
      sections: [],
    });
  },
});
