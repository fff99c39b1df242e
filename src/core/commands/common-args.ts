import { z } from 'zod';

/**
 * Argument schemas several commands share, so the same argument reads the same
 * everywhere (same name, description, autocomplete source and example).
 */
export const documentArg = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('The document, e.g. Vision (default: the latest posted)')
    .meta({ autocomplete: 'document', example: 'Vision' });

export const versionArg = (what = 'The version') =>
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(`${what}: number, label, latest or previous`)
    .meta({ autocomplete: 'version', example: 'latest' });

export const sectionArg = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('A section: C9, Action Line C5, Section III, preamble')
    .meta({ autocomplete: 'section', example: 'C9' });

export const meetingArg = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('The meeting: MPP-6, its number, or words of its title')
    .meta({ autocomplete: 'meeting', example: 'MPP-6' });

export const processArg = () =>
  z.string().trim().min(1).max(120).describe('The process, when the channel follows none or another');

export const zoneArg = (description: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe(description)
    .meta({ autocomplete: 'timezone', example: 'Australia/Sydney' });

/** Commands about a whole process and nothing else: only which process, when the channel's is not meant. */
export const processOnlyArgs = () => z.object({ process: processArg().optional() });

/** Commands about one meeting: the meeting (first positional) and the process. */
export const meetingQueryArgs = () =>
  z.object({ meeting: meetingArg().meta({ positional: 1 }), process: processArg().optional() });

/**
 * Commands that read one version of a draft: the document (first positional), the version and
 * the process, each defaulted when absent (the latest version of the latest document).
 */
export const versionQueryArgs = () => ({
  document: documentArg().meta({ positional: 1 }).optional(),
  version: versionArg().optional(),
  process: processArg().optional(),
});
