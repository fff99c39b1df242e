import { z } from 'zod';
import { resolveProcess } from '../app/context.js';
import { updateProcessSettings } from '../app/setup.js';
import { reply } from '../reply.js';
import type { ProcessSettings } from '../store.js';
import { processArg, zoneArg } from './common-args.js';
import { formatOffsets, parseOffsets, parseZone } from './parse-helpers.js';
import { defineCommand } from './types.js';

export const rapporteurSettings = defineCommand({
  group: 'rapporteur',
  name: 'settings',
  description: "Show or change the process's settings: zone, venue, holidays, participants, package deal",
  args: z.object({
    timezone: zoneArg('Default time zone of the meetings, e.g. Europe/Zurich').optional(),
    venue: z.string().trim().min(1).max(200).describe('Usual venue, e.g. Geneva').optional(),
    'holiday-region': z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,10}){0,2}$/)
      .describe('Public holidays of the venue: CH-GE, US-NY, FR')
      .optional(),
    participants: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .describe('Remote participants’ zones or cities, comma-separated: Suva, Lima, Australia/Sydney')
      .optional(),
    'package-deal': z.boolean().describe('Nothing is agreed until everything is agreed').optional(),
    qualifiers: z.string().trim().max(2000).describe('Extra qualifiers to track, comma-separated').optional(),
    'notice-days': z
      .number()
      .int()
      .min(0)
      .max(365)
      .describe('Fewer days of notice than this is flagged (default 14)')
      .optional(),
    reminders: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .describe('Channel reminders before meetings, e.g. 24h,1h')
      .optional(),
    public: z
      .boolean()
      .describe('Anyone with the address may read the web pages (default: signed links only)')
      .optional(),
    process: processArg().optional(),
  }),
  examples: [
    '/rapporteur settings',
    '/rapporteur settings timezone:Europe/Zurich holiday-region:CH-GE participants:"Suva, Lima, Sydney"',
  ],
  permission: 'admin',
  async handler(ctx, args) {
    const patch: Partial<ProcessSettings> = {};
    if (args.timezone) patch.defaultTimeZone = parseZone(args.timezone);
    if (args.venue) patch.defaultVenue = args.venue;
    if (args['holiday-region']) patch.holidayRegion = args['holiday-region'].toUpperCase();
    if (args.participants) patch.participantZones = args.participants.split(',').map((p) => parseZone(p));
    if (args['package-deal'] !== undefined) patch.packageDeal = args['package-deal'];
    if (args.qualifiers !== undefined)
      patch.extraQualifiers = args.qualifiers
        .split(',')
        .map((q) => q.trim())
        .filter(Boolean);
    if (args['notice-days'] !== undefined) patch.noticeThresholdDays = args['notice-days'];
    if (args.reminders) patch.reminderOffsetsMinutes = parseOffsets(args.reminders);
    if (args.public !== undefined) patch.public = args.public;
    const process = Object.keys(patch).length
      ? await updateProcessSettings(ctx.deps, ctx.scope, ctx.actor, patch)
      : (await resolveProcess(ctx.deps, ctx.scope, args.process)).process;
    const s = process.settings;
    return reply(`Settings of ${process.name}`, {
      tone: Object.keys(patch).length ? 'success' : 'info',
      sections: [
        {
          fields: [
            { name: 'Time zone', value: s.defaultTimeZone ?? 'not set (from each venue)', inline: true },
            { name: 'Venue', value: s.defaultVenue ?? 'not set', inline: true },
            { name: 'Holidays', value: s.holidayRegion ?? 'from each venue', inline: true },
            { name: 'Participants', value: s.participantZones.join(', ') || 'none', inline: true },
            { name: 'Package deal', value: s.packageDeal ? 'yes' : 'no', inline: true },
            { name: 'Short notice under', value: `${s.noticeThresholdDays} days`, inline: true },
            {
              name: 'Channel reminders',
              value: formatOffsets(s.reminderOffsetsMinutes) || 'none',
              inline: true,
            },
            { name: 'Extra qualifiers', value: s.extraQualifiers.join(', ') || 'none' },
            {
              name: 'Web pages',
              value: s.public ? 'public: anyone with the address' : 'private: signed links (/rapporteur web)',
              inline: true,
            },
          ],
        },
      ],
    });
  },
});
