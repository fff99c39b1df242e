import { meetingSources } from '../app/schedule.js';
import { formatStamp, type RichText, reply } from '../reply.js';
import { formatVenue } from '../schedule/index.js';
import { meetingQueryArgs } from './common-args.js';
import { disputeSections, quote } from './format.js';
import { defineCommand } from './types.js';

export const meetingsSources = defineCommand({
  group: 'meetings',
  name: 'sources',
  description: 'Every source for a meeting side by side, with what they disagree on',
  args: meetingQueryArgs(),
  examples: ['/meetings sources MPP-6'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { view, sources } = await meetingSources(ctx.deps, ctx.scope, args);
    const { meeting: m, headline: h } = view;
    const columns = sources.map(({ source, claim }) => {
      const items: RichText[] = [
        `${source.kind}, seen ${formatStamp(source.seenAt, ctx.zone)}${source.documentDate ? `, dated ${source.documentDate}` : ''}`,
      ];
      if (claim.dates)
        items.push(
          `Dates: ${claim.dates.value.start}${claim.dates.value.end !== claim.dates.value.start ? ` to ${claim.dates.value.end}` : ''}`,
        );
      const times = claim.sessions
        .filter((s) => s.start)
        .map((s) => `${s.date} ${s.start}${s.end ? `-${s.end}` : ''}`);
      if (times.length) items.push(`Times: ${times.join('; ')}`);
      if (claim.zone) items.push(`Zone: ${claim.zone.value.zone} (${claim.zone.value.basis})`);
      if (claim.venue) items.push(`Venue: ${formatVenue(claim.venue.value)}`);
      if (claim.status) items.push(`Status: ${claim.status.value}`);
      if (claim.correction) items.push(`Marked: ${claim.correction.value}`);
      const quoteOf = claim.sessions[0]?.evidence[0] ?? claim.dates?.evidence[0];
      if (quoteOf)
        items.push(
          `"${quote(quoteOf.text, 140)}"${quoteOf.line ? ` (line ${quoteOf.line}${quoteOf.page ? `, page ${quoteOf.page}` : ''})` : ''}`,
        );
      return { heading: source.name, items };
    });
    const sections = disputeSections(m, 'Disagreements (not settled)');
    sections.push({ heading: `Sources (${sources.length})`, columns });
    return reply(`${h.handle ?? h.title}: sources`, {
      tone: m.conflicts.length ? 'warning' : 'info',
      summary: m.conflicts.length
        ? `Sources disagree on ${m.conflicts.map((c) => c.field).join(', ')}; neither value is taken as fact until a correction settles it.`
        : 'The sources agree.',
      sections,
    });
  },
});
