import { z } from 'zod';
import { getQualifiers } from '../app/drafts.js';
import { type ReplySection, reply } from '../reply.js';
import { versionQueryArgs } from './common-args.js';
import { quote, versionName } from './format.js';
import { defineCommand } from './types.js';

export const bracketsQualifiers = defineCommand({
  group: 'brackets',
  name: 'qualifiers',
  description: 'Qualifiers ("as appropriate", "inter alia") and verb strengths in a version',
  args: z.object(versionQueryArgs()),
  examples: ['/brackets qualifiers', '/brackets qualifiers Vision version:previous'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { document, version, report } = await getQualifiers(ctx.deps, ctx.scope, args);
    const sections: ReplySection[] = [];
    if (report.qualifiers.total) {
      sections.push({
        heading: `Qualifiers (${report.qualifiers.total})`,
        table: {
          columns: ['Phrase', 'Count'],
          rows: report.qualifiers.byPhrase.map((p) => [p.phrase, String(p.count)]),
        },
      });
      sections.push({
        heading: 'Where',
        items: report.qualifiers.occurrences.map(
          (o) =>
            `"${o.phrase}" ${o.section || o.paragraph} line ${o.line}${o.bracketed ? ' [bracketed]' : ''}: ${quote(o.context, 140)}`,
        ),
      });
    }
    if (report.verbs.total) {
      sections.push({
        heading: `Verbs (${report.verbs.total})`,
        table: {
          columns: ['Verb', 'Kind', 'Strength', 'Count'],
          rows: report.verbs.byVerb.map((v) => [v.verb, v.family, String(v.strength), String(v.count)]),
        },
      });
    }
    if (!sections.length) sections.push({ body: 'No tracked qualifier or strength verb found.' });
    return reply(`${versionName(document, version)}: qualifiers`, {
      summary: `${report.qualifiers.total} qualifier${report.qualifiers.total === 1 ? '' : 's'} and ${report.verbs.total} strength verb${report.verbs.total === 1 ? '' : 's'}${report.extra.length ? ` (also tracking: ${report.extra.join(', ')})` : ''}.`,
      sections,
    });
  },
});
