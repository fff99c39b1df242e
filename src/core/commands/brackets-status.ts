import { z } from 'zod';
import { getDraftStatus, partSections } from '../app/drafts.js';
import { formatStamp, type Reply, type ReplySection, reply } from '../reply.js';
import { documentArg, processArg, sectionArg, versionArg } from './common-args.js';
import { plural, STATE_MARK, STATE_WORDS, sectionLine, statusFields, versionName } from './format.js';
import { defineCommand } from './types.js';

export const bracketsStatus = defineCommand({
  group: 'brackets',
  name: 'status',
  description: 'What is still in brackets: the whole draft or one section',
  args: z.object({
    section: sectionArg().meta({ positional: 1 }).optional(),
    document: documentArg().optional(),
    version: versionArg().optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/brackets status C9',
    '/brackets status',
    '/brackets status section:III document:Vision version:previous',
  ],
  permission: 'everyone',
  async handler(ctx, args) {
    const { document, version, status, section } = await getDraftStatus(ctx.deps, ctx.scope, args);
    const title = `${versionName(document, version)}${section ? `: ${section.label}` : ''}`;
    if (section) {
      const sections: ReplySection[] = [{ fields: statusFields(section) }];
      const open = section.paragraphs.filter(
        (p) => p.state !== 'clean' && p.state !== 'provisionally-agreed',
      );
      sections.push({
        heading: open.length
          ? `Bracketed paragraphs (${open.length} of ${section.paragraphs.length})`
          : 'Paragraphs',
        items: (open.length ? open : section.paragraphs).map(
          (p) =>
            `${STATE_MARK[p.state]} ${p.label}${p.contested ? ' (paragraph contested)' : ''}: ${STATE_WORDS[p.state]}, ${plural(p.brackets.total, 'bracket')}${p.holders.length ? `; ${p.holders.join(', ')}` : ''} (line ${p.line})`,
        ),
      });
      const subs = status.sections.filter((s) => s.parent === section.id);
      if (subs.length) sections.push({ heading: 'Subsections', items: subs.map(sectionLine) });
      return reply(title, {
        summary: summaryOf(section.state, section.brackets.total),
        sections,
        tone: section.brackets.total ? 'info' : 'success',
      });
    }
    const top = partSections(status);
    const sections: ReplySection[] = [{ fields: statusFields(status) }];
    if (top.length) sections.push({ heading: 'Sections', items: top.map(sectionLine) });
    if (status.diagnostics.length) {
      sections.push({
        heading: `Warnings (${status.diagnostics.length})`,
        items: status.diagnostics.map(
          (d) => `line ${d.line}:${d.column}: ${d.message}${d.snippet ? ` — "${d.snippet}"` : ''}`,
        ),
      });
    }
    const result: Reply = reply(title, {
      summary: summaryOf(status.state, status.brackets.total),
      sections,
      tone: status.brackets.total ? 'info' : 'success',
      footer: `Posted ${formatStamp(version.postedAt, ctx.zone)} by ${version.postedBy}${status.packageDeal ? ' · package deal: nothing is agreed until everything is agreed' : ''}`,
    });
    return result;
  },
});

function summaryOf(state: keyof typeof STATE_WORDS, brackets: number): string {
  return brackets === 0 ? 'No brackets left.' : `${STATE_WORDS[state]}: ${plural(brackets, 'bracket')} open.`;
}
