import { z } from 'zod';
import { partSections, postOrHold } from '../app/drafts.js';
import { type ReplySection, reply } from '../reply.js';
import { fileArg, readIncoming } from './args.js';
import { processArg } from './common-args.js';
import { diffSummary, plural, sectionLine, statusFields, versionName } from './format.js';
import { defineCommand } from './types.js';

export const draftPost = defineCommand({
  group: 'draft',
  name: 'post',
  description: "Post a new official version of a draft (chairs' staff only)",
  args: z.object({
    file: fileArg().describe('The draft: DOCX, PDF, HTML, Markdown or text').meta({ positional: 1 }),
    document: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .describe('Which document this is a version of, e.g. Vision (created on first post)')
      .meta({ autocomplete: 'document', example: 'Vision' }),
    label: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('The version label people use, e.g. "1 June version"')
      .optional(),
    date: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .describe(
        'The date the version bears, YYYY-MM-DD, when loaded after the fact (bracket age counts from it)',
      )
      .optional(),
    confirm: z
      .boolean()
      .describe('Post even though the file shares little with the previous version')
      .optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/draft post document:Vision label:"1 June version" (attach the file)',
    '/draft post vision-2014-06-01.docx --document Vision --label "1 June version"',
    '/draft post vision-2014-05-31.docx --document Vision --label "31 May version" --date 2014-05-31',
  ],
  permission: 'staff',
  slow: true,
  async handler(ctx, args) {
    const file = await readIncoming(args.file);
    const result = await postOrHold(ctx.deps, ctx.scope, ctx.actor, {
      document: args.document,
      label: args.label,
      process: args.process,
      date: args.date,
      confirm: args.confirm === true,
      file,
    });
    if ('similarity' in result) {
      const { document, previous } = result;
      return reply(`Not posted: ${args.file.name} does not look like a version of ${document.name}`, {
        tone: 'warning',
        summary: `Only ${result.aligned} of its ${plural(result.paragraphs, 'paragraph')} (${Math.round(result.similarity * 100)}%) match the latest version, ${versionName(document, previous)}. Posting it would tell every subscribed channel that ${plural(result.diff.summary.resolvedDeleted, 'bracket')} were deleted. Nothing was stored or announced.`,
        sections: [
          {
            body: 'Check the file and the document name. If this really is the next version, post it again with `confirm` (`--confirm`).',
          },
        ],
      });
    }
    const { document, version, status, diff, previous } = result;
    if (!result.created && result.resumed) {
      return reply(`Completed: ${versionName(document, version)}`, {
        tone: 'success',
        summary: `These bytes were stored as version #${version.sequence} but their post had been cut short; it is now complete. ${plural(result.alerts, 'subscribed channel')} will be told.`,
        sections: [],
      });
    }
    if (!result.created) {
      return reply(`Already posted: ${versionName(document, version)}`, {
        tone: 'warning',
        summary: `These exact bytes were posted on ${version.postedAt.slice(0, 10)} as version #${version.sequence}; nothing new was stored or announced.`,
        sections: [],
      });
    }
    const sections: ReplySection[] = [{ fields: statusFields(status) }];
    if (diff && previous) {
      sections.push({ heading: `Since #${previous.sequence} "${previous.label}"`, body: diffSummary(diff) });
    }
    const open = partSections(status).filter((s) => s.brackets.total > 0);
    if (open.length) sections.push({ heading: 'Still bracketed', items: open.map(sectionLine) });
    if (status.diagnostics.length) {
      sections.push({
        heading: `Warnings (${status.diagnostics.length})`,
        items: status.diagnostics.map((d) => `line ${d.line}:${d.column}: ${d.message}`),
      });
    }
    const told = ctx.deps.queue.enabled
      ? result.alerts
        ? `${plural(result.alerts, 'subscribed channel')} will be told.`
        : 'No channel is subscribed to draft changes.'
      : `Alerts are off: ${(ctx.deps.queue.disabledReason ?? 'no job queue is running').replace(/\.$/, '')}.`;
    if (version.date) sections.unshift({ body: `Dated ${version.date.slice(0, 10)}.` });
    return reply(`Posted ${versionName(document, version)}`, {
      tone: 'success',
      summary: `${plural(status.brackets.total, 'bracket')} open, ${status.agreedPercent}% agreed. ${told}`,
      sections,
    });
  },
});
