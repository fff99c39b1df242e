import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { blocksFromText } from '../src/core/documents/text.js';
import { diffDrafts, draftStatus, parseDraft, parseDraftText } from '../src/core/drafts/index.js';
import { denseDraft, generateDraft } from '../tests/drafts/generate.js';
import { compareWithBaseline } from './engine-baseline.js';
import { type Bench, type BenchContext, fmt, median, timeRuns } from './harness.js';

/**
 * The bracket engine's throughput: parse + status on a generated 2 MB draft with 10,000
 * brackets and on each corpus draft, beside a plain regular-expression count of "[" on the
 * same text as a floor; and the diff of two 1 MB versions. Targets on the development
 * machine: parse + status >= 30 MB/s, diff < 300 ms.
 */
export const bench: Bench = {
  name: 'drafts: bracket engine (parse+status, diff)',
  async run(ctx) {
    const generated = generateDraft({ size: 2_000_000, brackets: 10_000 });
    ctx.log(
      `generated draft: ${fmt(generated.text.length / 1e6, 2, 'MB')}, ${generated.brackets} brackets written`,
    );
    await throughput(ctx, 'generated 2 MB', generated.text, 'markdown', 12);
    const dense = denseDraft(2_000_000);
    await throughput(ctx, 'dense 2 MB (a short section repeated)', dense, 'text', 12);
    // #14's dense target was 30 MB/s on the machine where this engine's ancestor read the
    // generated draft at about 33 MB/s: against that build (RAPPORTEUR_BENCH_BASELINE), the
    // dense rate over its generated rate, at least 30/33, says the same on any machine.
    await compareWithBaseline(
      ctx,
      [
        { label: 'generated 2 MB', text: generated.text, format: 'markdown' },
        { label: 'dense 2 MB', text: dense, format: 'text' },
      ],
      12,
      {
        fast: 'dense 2 MB',
        reference: 'generated 2 MB',
        ratio: 30 / 33,
        why: '30 MB/s where the baseline read the generated draft at 33',
      },
    );

    if (ctx.corpusDir) {
      const dir = join(ctx.corpusDir, 'negotiation/unfccc_paris_2015_okfn_cop21');
      const files = [
        ...readdirSync(join(dir, 'markdown'))
          .filter((f) => f.endsWith('.md'))
          .map((f) => join('markdown', f)),
        ...readdirSync(join(dir, 'pdf_text_derived'))
          .filter((f) => f.endsWith('.raw.txt'))
          .map((f) => join('pdf_text_derived', f)),
      ];
      for (const file of files.sort()) {
        await throughput(
          ctx,
          file,
          readFileSync(join(dir, file), 'utf8'),
          file.endsWith('.md') ? 'markdown' : 'text',
          20,
        );
      }
    }

    const a = generateDraft({ size: 1_000_000, brackets: 5_000, seed: 31 });
    const b = generateDraft({ size: 1_000_000, brackets: 5_000, seed: 31, revise: true });
    const before = parseDraftText(a.text, 'markdown');
    const after = parseDraftText(b.text, 'markdown');
    warmUp(() => diffDrafts(before, after), 1500);
    const times = await timeRuns(() => diffDrafts(before, after), 10, 0);
    const d = diffDrafts(before, after);
    ctx.log(
      `diff of two 1 MB versions (${before.brackets.length} -> ${after.brackets.length} brackets): median ${fmt(median(times), 1, 'ms')}, best ${fmt(times[0] as number, 1, 'ms')} ` +
        `(target < 300 ms); ${d.summary.resolvedKept} kept, ${d.summary.resolvedDeleted} deleted, ${d.summary.added} added, ${d.summary.changed} changed, ${d.summary.paragraphs.moved} paragraphs moved`,
    );
  },
};

/** CPU milliseconds (user + system, all threads) of each of `n` runs of `fn`, sorted. */
function cpuRuns(fn: () => unknown, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    out.push((used.user + used.system) / 1000);
  }
  return out.sort((a, b) => a - b);
}

/** Runs `fn` for at least `ms` milliseconds (and at least five times). */
function warmUp(fn: () => unknown, ms: number): void {
  const until = performance.now() + ms;
  for (let k = 0; k < 5 || performance.now() < until; k++) fn();
}

async function throughput(
  ctx: BenchContext,
  label: string,
  text: string,
  format: 'markdown' | 'text',
  runs: number,
) {
  const mb = text.length / 1e6;
  const blocks = blocksFromText(text, format);
  const engineRun = () => draftStatus(parseDraft({ text, blocks, type: format }));
  const endToEndRun = () =>
    draftStatus(parseDraft({ text, blocks: blocksFromText(text, format), type: format }));
  // The engine has many small functions: V8 needs a few dozen runs to compile them, which
  // would otherwise show as the median on small files. Warm up by time, then measure enough
  // runs for about 10 MB of text.
  warmUp(engineRun, 1500);
  const n = Math.min(200, Math.max(runs, Math.ceil(10 / Math.max(mb, 0.001))));
  const engine = await timeRuns(engineRun, n, 0);
  // CPU time of the same runs (all threads, collector included): steadier than wall time
  // on a machine shared with other work.
  const cpu = cpuRuns(engineRun, n);
  warmUp(endToEndRun, 500);
  const endToEnd = await timeRuns(endToEndRun, n, 0);
  let count = 0;
  const floor = await timeRuns(
    () => {
      count = (text.match(/\[/g) ?? []).length;
    },
    n,
    5,
  );
  const status = draftStatus(parseDraft({ text, blocks, type: format }));
  const rate = (ms: number) => fmt(mb / (ms / 1000), 1, 'MB/s');
  ctx.log(
    `${label.padEnd(58)} ${fmt(mb, 2, 'MB').padStart(8)} ${String(status.brackets.total).padStart(6)} brackets  ` +
      `parse+status ${rate(median(engine)).padStart(11)} (best ${rate(engine[0] as number)}, median ${fmt(median(engine), 1, 'ms')}; ` +
      `CPU time: median ${rate(median(cpu))}, best ${rate(cpu[0] as number)})  ` +
      `with blocksFromText ${rate(median(endToEnd)).padStart(11)}  floor: regex count of "[" (${count}) ${rate(median(floor))}`,
  );
}
