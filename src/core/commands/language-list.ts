import { EMPTY_LIBRARY_HINT, listAgreedTexts } from '../app/language.js';
import { reply } from '../reply.js';
import { processOnlyArgs } from './common-args.js';
import { plural } from './format.js';
import { agreedTextLine } from './language-format.js';
import { defineCommand } from './types.js';

export const languageList = defineCommand({
  group: 'language',
  name: 'list',
  description: 'The library of agreed texts, newest first',
  args: processOnlyArgs(),
  examples: ['/language list'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { process, texts } = await listAgreedTexts(ctx.deps, ctx.scope, args);
    if (texts.length === 0) {
      return reply(`${process.name}: the library of agreed texts is empty`, {
        summary: EMPTY_LIBRARY_HINT,
        sections: [],
      });
    }
    return reply(`${process.name}: ${plural(texts.length, 'agreed text')}`, {
      summary: 'Newest first: where a newer text changed the wording of an older one, the newer wins.',
      sections: [{ items: texts.map(agreedTextLine) }],
    });
  },
});
