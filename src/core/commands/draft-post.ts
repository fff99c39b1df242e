import { z } from 'zod';
import { partSections, postDraftVersion } from '../app/drafts.js';
import { type ReplySection, reply } from '../reply.js';
import { fileArg } from './args.js';
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
    process: processArg().optional(),
  }),
  examples: [
    '/draft post document:Vision label:"1 June version" (attach the file)',
    '/draft post vision-2014-06-01.docx --document Vision --label "1 June version"',
  ],
  permission: 'staff',
  slow: true,
  async handler(ctx, args) {
    const bytes = await args.file.read();
    const result = await postDraftVersion(ctx.deps, ctx.scope, ctx.actor, {
      document: args.document,
      label: args.label,
      process: args.process,
      file: {
        name: args.file.name,
        bytes,
        ...(args.file.contentType ? { contentType: args.file.contentType } : {}),
      },
    });
    const { document, version, status, diff, previous } = result;
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
    return reply(`Posted ${versionName(document, version)}`, {
      tone: 'success',
      summary: `${plural(status.brackets.total, 'bracket')} open, ${status.agreedPercent}% agreed. ${told}`,
      sections,
    });
  },
});
