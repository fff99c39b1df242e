import { z } from 'zod';
import { addAgreedText } from '../app/language.js';
import { reply } from '../reply.js';
import { fileArg, readIncoming } from './args.js';
import { processArg } from './common-args.js';
import { plural } from './format.js';
import { adoptedArg, bodyArg, rankArg, symbolArg, titleArg } from './language-args.js';
import { agreedTextLine } from './language-format.js';
import { defineCommand } from './types.js';

export const languageAdd = defineCommand({
  group: 'language',
  name: 'add',
  description: "Add an agreed text (resolution, outcome document) to the library (chairs' staff)",
  args: z.object({
    file: fileArg().describe('The agreed text: DOCX, PDF, HTML, Markdown or text').meta({ positional: 1 }),
    title: titleArg(),
    adopted: adoptedArg(),
    symbol: symbolArg().optional(),
    body: bodyArg().optional(),
    rank: rankArg().optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/language add tunis-agenda.pdf --title "Tunis Agenda" --adopted 2005-11-18 --symbol WSIS-05/TUNIS/DOC/6(Rev.1) --rank summit',
    '/language add title:"Geneva Plan of Action" adopted:2003-12-12 rank:summit (attach the file)',
  ],
  permission: 'staff',
  slow: true,
  async handler(ctx, args) {
    const file = await readIncoming(args.file);
    const added = await addAgreedText(ctx.deps, ctx.scope, ctx.actor, {
      title: args.title,
      adopted: args.adopted,
      symbol: args.symbol,
      body: args.body,
      rank: args.rank,
      process: args.process,
      file,
    });
    return reply(`Added to the library of ${added.process.name}: ${added.text.title}`, {
      tone: 'success',
      summary: `${plural(added.passages, 'passage')} indexed; the library holds ${plural(added.texts, 'agreed text')}. Check a phrase with \`/language check <text>\`.`,
      sections: [{ items: [agreedTextLine(added.text)] }],
    });
  },
});
