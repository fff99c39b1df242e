import { z } from 'zod';
import { removeAgreedText } from '../app/language.js';
import { reply } from '../reply.js';
import { processArg } from './common-args.js';
import { plural } from './format.js';
import { defineCommand } from './types.js';

export const languageRemove = defineCommand({
  group: 'language',
  name: 'remove',
  description: "Remove an agreed text from the library (chairs' staff)",
  args: z.object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe('Which text: its id from /language list, its symbol, or its title')
      .meta({ positional: 1, example: 'Tunis Agenda' }),
    process: processArg().optional(),
  }),
  examples: ['/language remove Tunis Agenda', '/language remove WSIS-05/TUNIS/DOC/6(Rev.1)'],
  permission: 'staff',
  async handler(ctx, args) {
    const { process, text, texts } = await removeAgreedText(ctx.deps, ctx.scope, ctx.actor, args);
    return reply(`Removed from the library of ${process.name}: ${text.title}`, {
      tone: 'success',
      summary: `The library holds ${plural(texts, 'agreed text')}; matches are recomputed against it.`,
      sections: [],
    });
  },
});
