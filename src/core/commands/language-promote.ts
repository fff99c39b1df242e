import { z } from 'zod';
import { promoteVersion } from '../app/language.js';
import { reply } from '../reply.js';
import { documentArg, processArg, versionArg } from './common-args.js';
import { plural, versionName } from './format.js';
import { adoptedArg, bodyArg, rankArg, symbolArg, titleArg } from './language-args.js';
import { agreedTextLine } from './language-format.js';
import { defineCommand } from './types.js';

export const languagePromote = defineCommand({
  group: 'language',
  name: 'promote',
  description: "Add an adopted version of this process's draft to the library (chairs' staff)",
  args: z.object({
    version: versionArg('The adopted version').meta({ positional: 1 }).optional(),
    document: documentArg().optional(),
    adopted: adoptedArg().optional(),
    title: titleArg().optional(),
    symbol: symbolArg().optional(),
    body: bodyArg().optional(),
    rank: rankArg().optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/language promote latest --document Vision --adopted 2014-06-13 --title "WSIS+10 Vision" --rank ministerial',
    '/language promote 7 document:Statement',
  ],
  permission: 'staff',
  slow: true,
  async handler(ctx, args) {
    const added = await promoteVersion(ctx.deps, ctx.scope, ctx.actor, args);
    return reply(
      `Promoted to the library of ${added.process.name}: ${versionName(added.document, added.version)}`,
      {
        tone: 'success',
        summary: `Now agreed language, adopted ${added.text.adopted}: ${plural(added.passages, 'passage')} indexed; the library holds ${plural(added.texts, 'agreed text')}.`,
        sections: [{ items: [agreedTextLine(added.text)] }],
      },
    );
  },
});
