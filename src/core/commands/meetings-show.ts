import { findMeeting } from '../app/schedule.js';
import { type Inline, type ReplyField, type ReplySection, reply } from '../reply.js';
import { formatDays, meetingDays } from '../schedule/index.js';
import { meetingQueryArgs } from './common-args.js';
import { disputeSections } from './format.js';
import { defineCommand } from './types.js';

export const meetingsShow = defineCommand({
  group: 'meetings',
  name: 'show',
  description: 'One meeting: when, where, flags (holiday, weekend, short notice) and local times',
  args: meetingQueryArgs(),
  examples: ['/meetings show MPP-6', '/meetings show "High Level Event"'],
  permission: 'everyone',
  async handler(ctx, args) {
    const { view } = await findMeeting(ctx.deps, ctx.scope, args);
    const { meeting: m, headline: h, context, record } = view;
    const zone = h.timeZone ?? 'UTC';
    const fields: ReplyField[] = [];
    if (h.startsAt) {
      // "Your time" is the reader's zone (their /rapporteur timezone, or what the platform
      // knows); without one, the venue's, and the label says so.
      const yours = ctx.zone;
      const shown = yours ?? zone;
      const when: Inline[] = [{ time: h.startsAt, zone: shown, style: 'full' }];
      if (h.endsAt) when.push(' to ', { time: h.endsAt, zone: shown, style: 'full' });
      fields.push({ name: yours ? `When (your time, ${yours})` : `When (${zone})`, value: when });
    }
    // The meeting's days are its sessions, written once ("19, 20 and 26 May 2020").
    if (m.dates) fields.push({ name: 'Dates', value: formatDays(meetingDays(m)), inline: true });
    if (m.times)
      fields.push({ name: `Times (${zone})`, value: m.times.replace(/ daily$/, ''), inline: true });
    if (h.venue) fields.push({ name: 'Venue', value: h.venue, inline: true });
    fields.push({ name: 'Status', value: h.status, inline: true });
    fields.push({
      name: 'Sources',
      value: `${m.sources.length} (revision ${record.revision})`,
      inline: true,
    });
    const sections: ReplySection[] = [{ fields }];
    if (m.sessions.length > 1) {
      sections.push({
        heading: 'Sessions',
        items: m.sessions.map(
          (s) =>
            `${s.date}${s.start ? ` ${s.start}${s.end ? `-${s.end}` : ''}` : ''}${s.endDate && s.endDate !== s.date ? ` (ends ${s.endDate})` : ''}`,
        ),
      });
    }
    sections.push(...disputeSections(m, 'Sources disagree'));
    if (context.flags.length)
      sections.push({ heading: 'Worth knowing', items: context.flags.map((f) => f.message) });
    if (context.localTimes.length)
      sections.push({ heading: 'Local times', items: context.localTimes.map((t) => t.text) });
    if (m.uncertain.length)
      sections.push({ heading: 'Uncertain', items: m.uncertain.map((u) => `${u.field}: ${u.reason}`) });
    return reply(h.handle ? `${h.handle}: ${h.title}` : h.title, {
      tone: m.conflicts.length ? 'warning' : h.status === 'cancelled' ? 'warning' : 'info',
      sections,
      actions: [{ command: `meetings sources ${h.handle ?? m.id}`, label: 'Sources side by side' }],
    });
  },
});
