import { z } from 'zod';
import { listDraftVersions } from '../app/drafts.js';
import { formatStamp, reply } from '../reply.js';
import { documentArg, processArg } from './common-args.js';
import { STATE_WORDS } from './format.js';
import { defineCommand } from './types.js';

export const draftVersions = defineCommand({
  group: 'draft',
  name: 'versions',
  description: 'The posted versions of each document, with their bracket counts',
  args: z.object({
    document: documentArg().meta({ positional: 1 }).optional(),
    process: processArg().optional(),
  }),
  examples: ['/draft versions', '/draft versions Vision'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { resolved, documents } = await listDraftVersions(ctx.deps, ctx.scope, args);
    if (documents.every((d) => d.versions.length === 0)) {
      return reply(`${resolved.process.name}: no versions yet`, {
        summary: "Chairs' staff post a version with `/draft post` (attach the file).",
        sections: [],
      });
    }
    return reply(`${resolved.process.name}: versions`, {
      sections: documents.map(({ document, versions }) => ({
        heading: document.name,
        table: {
          columns: ['#', 'Label', 'Dated', 'Posted', 'By', 'Brackets', 'Agreed', 'State'],
          rows: versions.map(({ version, status }) => [
            String(version.sequence),
            version.label,
            version.date ? version.date.slice(0, 10) : '-',
            formatStamp(version.postedAt, ctx.zone),
            version.postedBy,
            String(status.brackets.total),
            `${status.agreedPercent}%`,
            version.withdrawn
              ? `withdrawn ${version.withdrawn.at.slice(0, 10)}${version.withdrawn.reason ? ` (${version.withdrawn.reason})` : ''}`
              : STATE_WORDS[status.state],
          ]),
        },
      })),
    });
  },
});
