import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { messageOf, RapporteurError } from '../core/errors.js';
import { runDemo } from '../demo/demo.js';
import type { CliGroup } from './context.js';

/** The package root (examples/ lives there), from dist/cli or src/cli alike. */
const ROOT = resolve(import.meta.dirname, '../..');

export const demoGroup: CliGroup = {
  summary: 'replay the WSIS+10 story in the terminal room, with reminders seconds apart',
  usage: `Usage: rapporteur demo [--fast]

Replays the example process (the WSIS+10 review, 2014) in the terminal room on a
virtual clock: two versions of the Vision draft posted and compared, the sixth meeting
announced with its holiday and notice flags, the PDF-versus-web-page conflict and the
corrected e-mail that settles it, and reminders that move with the meeting. Uses Redis
for alerts and reminders when it is reachable (REDIS_URL) and says what it skipped when
not. Runs on a fresh store in a temporary directory; your ./data is not touched.

  --fast   no pauses between steps`,
  async run(args, ctx) {
    let fast = false;
    try {
      fast = Boolean(parseArgs({ args, options: { fast: { type: 'boolean' } }, strict: true }).values.fast);
    } catch (err) {
      throw new RapporteurError('INVALID_ARGUMENT', messageOf(err), {
        hint: 'Run `rapporteur demo` or `rapporteur demo --fast`.',
      });
    }
    const report = await runDemo({ config: ctx.config, write: ctx.stdout, root: ROOT, pace: fast ? 0 : 700 });
    return report.steps > 0 ? 0 : 1;
  },
};
