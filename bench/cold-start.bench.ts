import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * Cold start of the built CLI: `node dist/cli.js draft status examples/vision-2014-06-01.md`
 * (start, configuration, the extraction sandbox's worker, the Markdown reader, the report)
 * beside `node -e 0`, the floor any Node command pays. The ratio is the figure to watch: it
 * is far steadier than seconds on a shared machine. Target on a quiet machine: under 0.6 s.
 */
const ROOT = join(import.meta.dirname, '..');

export const bench: Bench = {
  name: 'cold start: draft status on a small Markdown file',
  async run(ctx) {
    const cli = join(ROOT, 'dist/cli.js');
    if (!existsSync(cli)) {
      ctx.log('  dist/cli.js is missing: run `npm run build` first; skipped');
      return;
    }
    const env = { PATH: process.env.PATH ?? '' };
    const node = (args: string[]) => () =>
      execFileSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const runs = 9;
    const floor = await timeRuns(node(['-e', '0']), runs);
    const status = await timeRuns(node([cli, 'draft', 'status', 'examples/vision-2014-06-01.md']), runs);
    const help = await timeRuns(node([cli, '--help']), runs);
    const line = (label: string, t: number[]) =>
      `  ${label.padEnd(34)} median ${fmt(median(t), 0, 'ms')}, p90 ${fmt(quantile(t, 0.9), 0, 'ms')}, ${fmt(median(t) / median(floor), 1)}x node -e 0`;
    ctx.log(line('node -e 0', floor));
    ctx.log(line('rapporteur --help', help));
    ctx.log(line('rapporteur draft status (Markdown)', status));
  },
};
