import { z } from 'zod';
import { handleOf, postAnnouncement } from '../app/schedule.js';
import { RapporteurError } from '../errors.js';
import { type ReplySection, reply } from '../reply.js';
import { describeConflict, describeWhen } from '../schedule/index.js';
import { fileArg, readIncoming } from './args.js';
import { processArg } from './common-args.js';
import { plural } from './format.js';
import { defineCommand } from './types.js';

export const meetingsAnnounce = defineCommand({
  group: 'meetings',
  name: 'announce',
  description: "Add a meeting announcement: paste the text or attach the invitation (chairs' staff)",
  args: z.object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(20_000)
      .describe('The announcement text')
      .meta({ positional: 1 })
      .optional(),
    file: fileArg().describe('The invitation: PDF, web page, e-mail (.eml) or calendar (.ics)').optional(),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('A name for this source, e.g. "Invitation of 3 June"')
      .optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/meetings announce The sixth MPP meeting will take place on 9 June 2014, 14:00-18:00, ITU, Geneva.',
    '/meetings announce (attach invitation.pdf)',
  ],
  permission: 'staff',
  slow: true,
  async handler(ctx, args) {
    if (!args.text && !args.file) {
      throw new RapporteurError('INVALID_ARGUMENT', 'Give the announcement text or attach the invitation.', {
        hint: 'Example: /meetings announce The sixth MPP meeting will take place on 9 June 2014, 14:00-18:00, Geneva.',
      });
    }
    const file = args.file ? await readIncoming(args.file) : undefined;
    const result = await postAnnouncement(ctx.deps, ctx.scope, ctx.actor, {
      text: args.text,
      file,
      name: args.name,
      process: args.process,
    });
    if (!result.created) {
      return reply('Already known', {
        tone: 'warning',
        summary: 'This announcement was already recorded; nothing changed.',
        sections: [],
      });
    }
    const sections: ReplySection[] = [];
    if (result.meetings.length) {
      sections.push({
        heading: 'Meetings in this announcement',
        items: result.meetings.map((m) => {
          const handle = handleOf(m);
          const line: string[] = [`${handle ? `${handle} ` : ''}${m.title}`];
          if (m.dates) line.push(describeWhen(m));
          if (m.conflicts.length) line.push(`disputed: ${m.conflicts.map(describeConflict).join('; ')}`);
          return line.join(', ');
        }),
      });
    }
    if (result.changes.length) {
      sections.push({
        heading: 'Changes',
        items: result.changes.map(
          (c) =>
            `${c.meeting}: ${c.kind}${c.before !== null || c.after !== null ? ` (${c.before ?? '—'} -> ${c.after ?? '—'})` : ''}`,
        ),
      });
    }
    if (result.diagnostics.length) {
      sections.push({
        heading: 'Could not read',
        items: result.diagnostics
          .slice(0, 20)
          .map((d) => `line ${d.line}: ${d.message}${d.snippet ? ` — "${d.snippet}"` : ''}`),
      });
    }
    const alerts = ctx.deps.queue.enabled
      ? result.alerts
        ? ` ${plural(result.alerts, 'alert')} queued.`
        : ''
      : ` Alerts are off: ${(ctx.deps.queue.disabledReason ?? 'no job queue').replace(/\.$/, '')}.`;
    return reply(`Announcement recorded: ${result.source.name}`, {
      tone: result.claims.length ? 'success' : 'warning',
      summary: result.claims.length
        ? `${plural(result.claims.length, 'meeting')} found, ${plural(result.changes.length, 'change')} to the schedule.${alerts}`
        : 'No meeting with a date could be read from it. Nothing was guessed; see what could not be read below.',
      sections,
    });
  },
});
