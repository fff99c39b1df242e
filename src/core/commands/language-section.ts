import { z } from 'zod';
import { sectionLanguageReport } from '../app/language.js';
import { type ReplySection, reply } from '../reply.js';
import { documentArg, processArg, sectionArg, versionArg } from './common-args.js';
import { plural, versionName } from './format.js';
import { paragraphItems } from './language-format.js';
import { defineCommand } from './types.js';

export const languageSection = defineCommand({
  group: 'language',
  name: 'section',
  description: "Each paragraph of a section: its agreed sources, its options' verdicts, roll-backs",
  args: z.object({
    section: sectionArg().meta({ positional: 1 }),
    version: versionArg().optional(),
    document: documentArg().optional(),
    process: processArg().optional(),
  }),
  examples: ['/language section C1', '/language section "Article 2" version:previous document:Agreement'],
  permission: 'everyone',
  slow: true,
  async handler(ctx, args) {
    const { document, version, report } = await sectionLanguageReport(ctx.deps, ctx.scope, args);
    const sections: ReplySection[] = [];
    for (const p of report.paragraphs) {
      const items = paragraphItems(p);
      if (items.length > 0) sections.push({ heading: `${p.label} (line ${p.line})`, items });
    }
    const s = report.summary;
    return reply(`${versionName(document, version)}: ${report.section.label}`, {
      tone: s.rollBacks > 0 ? 'warning' : 'info',
      summary: `${s.withSources} of ${plural(s.paragraphs, 'paragraph')} reuse agreed language; ${plural(s.rollBacks, 'roll-back')}; ${plural(s.alternatives, 'bracket group')} compared (library: ${plural(report.library.texts.length, 'text')}).`,
      sections,
    });
  },
});
