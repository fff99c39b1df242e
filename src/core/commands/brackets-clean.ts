import { z } from 'zod';
import { getCleanView } from '../app/drafts.js';
import { reply } from '../reply.js';
import { versionQueryArgs } from './common-args.js';
import { plural, versionName } from './format.js';
import { defineCommand } from './types.js';

export const bracketsClean = defineCommand({
  group: 'brackets',
  name: 'clean',
  description: 'Preview the "Australian method": the text if all bracketed text were deleted now',
  args: z.object({
    ...versionQueryArgs(),
    'keep-text': z.boolean().describe('Drop only the brackets and keep their text instead').optional(),
  }),
  examples: ['/brackets clean', '/brackets clean Vision --keep-text'],
  permission: 'everyone',
  slow: true,
  async handler(ctx, args) {
    const { document, version, text, mode, status } = await getCleanView(ctx.deps, ctx.scope, {
      ...args,
      keepText: args['keep-text'] === true,
    });
    // The engine's own word count, the one status uses: words outside brackets remain.
    const words = mode === 'delete' ? status.words.total - status.words.bracketed : status.words.total;
    const file = `${document.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-v${version.sequence}-${mode === 'delete' ? 'brackets-deleted' : 'brackets-dropped'}.md`;
    return reply(
      `${versionName(document, version)}: ${mode === 'delete' ? 'all bracketed text deleted' : 'brackets dropped, text kept'}`,
      {
        summary:
          mode === 'delete'
            ? `If every open bracket were deleted now, ${plural(words, 'word')} would remain of ${status.words.total} (${status.agreedPercent}% agreed). The full text is attached.`
            : `The text with ${plural(status.brackets.total, 'bracket')} dropped and their words kept (${plural(words, 'word')}). The full text is attached.`,
        attachments: [
          {
            filename: file,
            contentType: 'text/markdown; charset=utf-8',
            content: text,
            description: 'Clean view',
          },
        ],
        sections: [],
      },
    );
  },
});
