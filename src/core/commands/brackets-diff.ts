import { z } from 'zod';
import { getDraftDiff } from '../app/drafts.js';
import { type ReplySection, reply } from '../reply.js';
import { documentArg, processArg, versionArg } from './common-args.js';
import { bracketChangeLine, diffSummary, quote, STATE_WORDS } from './format.js';
import { defineCommand } from './types.js';

export const bracketsDiff = defineCommand({
  group: 'brackets',
  name: 'diff',
  description: 'What changed between two versions: agreed, deleted, added, changed brackets',
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
    const sections: ReplySection[] = [];
    const group = (heading: string, items: typeof diff.added) => {
      if (items.length)
        sections.push({ heading: `${heading} (${items.length})`, items: items.map(bracketChangeLine) });
    };
    group('Agreed: brackets removed, text kept', diff.resolvedKept);
    group('Deleted with their text', diff.resolvedDeleted);
    group('Added', diff.added);
    group('Changed inside the brackets', diff.changed);
    const states = diff.sections.filter((s) => s.changed);
    if (states.length) {
      sections.push({
        heading: `Sections whose state changed (${states.length})`,
        items: states.map(
          (s) =>
            `${s.newId ?? s.oldId ?? s.id} ${s.title}: ${s.before ? STATE_WORDS[s.before] : 'new'} -> ${s.after ? STATE_WORDS[s.after] : 'removed'} (${s.brackets.before} -> ${s.brackets.after} brackets)`,
        ),
      });
    }
    const q = diff.qualifiers;
    if (q.added.length || q.removed.length) {
      sections.push({
        heading: 'Qualifiers',
        items: [
          ...q.added.map(
            (p) =>
              `+ "${p.phrase}" in ${p.location.section || p.location.paragraph} (line ${p.location.line}): ${quote(p.location.text, 140)}`,
          ),
          ...q.removed.map(
            (p) =>
              `- "${p.phrase}" from ${p.location.section || p.location.paragraph}: ${quote(p.location.text, 140)}`,
          ),
        ],
      });
    }
    if (diff.verbs.changed.length) {
      sections.push({
        heading: 'Verb strength',
        items: diff.verbs.changed.map(
          (v) =>
            `${v.kind}: "${v.from}" -> "${v.to}" in ${v.after.section || v.after.paragraph} (line ${v.after.line})`,
        ),
      });
    }
    if (sections.length === 0)
      sections.push({ body: 'No bracket, qualifier or verb changed between these versions.' });
    return reply(`${document.name}: #${from.sequence} "${from.label}" -> #${to.sequence} "${to.label}"`, {
      summary: diffSummary(diff),
      sections,
    });
  },
});
