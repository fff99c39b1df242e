import { z } from 'zod';
import { checkText } from '../app/language.js';
import { type ReplySection, reply } from '../reply.js';
import { processArg } from './common-args.js';
import { plural } from './format.js';
import { optionItems, rollBackLine, sourceItems } from './language-format.js';
import { defineCommand } from './types.js';

export const languageCheck = defineCommand({
  group: 'language',
  name: 'check',
  description: 'Where a phrase comes from: agreed texts that have it, newest first, and roll-backs',
  args: z.object({
    // The limit is checked by the use case, so that a long paste is refused with the limit in words.
    text: z
      .string()
      .trim()
      .min(1)
      .max(1_000_000)
      .describe('The phrase or paragraph (brackets and options allowed)')
      .meta({ positional: 1 }),
    process: processArg().optional(),
  }),
  examples: [
    '/language check The role of governments and all stakeholders in the promotion of ICTs for development',
    '/language check The role of [governments][public governance authorities] and all stakeholders',
  ],
  permission: 'everyone',
  async handler(ctx, args) {
    const { process, report } = await checkText(ctx.deps, ctx.scope, args);
    const texts = new Set(report.sources.map((s) => s.text.id)).size;
    const sections: ReplySection[] = [];
    if (report.rollBacks.length > 0) {
      sections.push({
        heading: 'Roll-backs (the most recent agreed text wins)',
        items: report.rollBacks.map(rollBackLine),
      });
    }
    if (report.sources.length > 0) {
      sections.push({ heading: 'Sources, newest first', items: report.sources.flatMap(sourceItems) });
    }
    const options = optionItems(report.alternatives, report.brackets);
    if (options.length > 0) sections.push({ heading: 'Brackets', items: options });
    return reply(
      report.sources.length === 0
        ? 'No agreed text has these words'
        : `Agreed language: ${plural(report.sources.length, 'passage')} in ${plural(texts, 'text')}`,
      {
        tone: report.rollBacks.length > 0 ? 'warning' : report.sources.length > 0 ? 'success' : 'info',
        summary: `${plural(report.words, 'word')} checked against the library of ${process.name} (${plural(report.library.texts.length, 'text')}, ${plural(report.library.passages, 'passage')}). Shared words are marked «like this».`,
        sections,
      },
    );
  },
});
