import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blocksFromText } from '../src/core/documents/text.js';
import { draftStatus, parseDraft } from '../src/core/drafts/index.js';
import { type BenchContext, fmt, median } from './harness.js';

/**
 * The bracket engine against an older build of itself, in one process.
 *
 * A throughput target written as MB/s holds on the machine where it was measured; this machine
 * runs faster or slower from hour to hour. `RAPPORTEUR_BENCH_BASELINE=<folder>` names another
 * checkout of this project, built (`dist/` present), for example the commit an issue was filed
 * against. Both engines then parse the same drafts in turn, in this process, each run timed in
 * CPU time, and the figures come out as ratios that do not depend on the machine's speed:
 * each draft's speed-up over the baseline, and this engine on one draft against the baseline
 * on another (a target such as "the dense draft as fast as the old engine read the generated
 * one").
 */

/** What the comparison reads from an engine: the same three functions in every build. */
interface Engine {
  blocksFromText: typeof blocksFromText;
  parseDraft: typeof parseDraft;
  draftStatus: typeof draftStatus;
}

/** A draft to compare on. */
export interface BaselineDraft {
  label: string;
  text: string;
  format: 'markdown' | 'text';
}

/** Loads the engine of a built checkout, or says what is missing. */
async function loadEngine(folder: string): Promise<Engine | string> {
  const root = resolve(folder);
  const drafts = join(root, 'dist/core/drafts/index.js');
  const documents = join(root, 'dist/core/documents/text.js');
  if (!existsSync(drafts) || !existsSync(documents)) {
    return `no built engine in ${root} (dist/core/drafts/index.js and dist/core/documents/text.js); build that checkout first (npm ci, then npm run build)`;
  }
  try {
    const d = (await import(pathToFileURL(drafts).href)) as Partial<Engine>;
    const t = (await import(pathToFileURL(documents).href)) as Partial<Engine>;
    if (!d.parseDraft || !d.draftStatus || !t.blocksFromText) {
      return `the build in ${root} does not export parseDraft, draftStatus and blocksFromText`;
    }
    return { parseDraft: d.parseDraft, draftStatus: d.draftStatus, blocksFromText: t.blocksFromText };
  } catch (err) {
    return `could not load the build in ${root}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

interface Case {
  name: string;
  mb: number;
  run: () => unknown;
  cpu: number[];
}

function engineCase(engine: Engine, name: string, draft: BaselineDraft): Case {
  const { text, format } = draft;
  const blocks = engine.blocksFromText(text, format);
  return {
    name,
    mb: text.length / 1e6,
    run: () => engine.draftStatus(engine.parseDraft({ text, blocks, type: format })),
    cpu: [],
  };
}

/** CPU milliseconds of one call (user + system, all threads: the collector's too). */
function cpuOf(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * With `RAPPORTEUR_BENCH_BASELINE` set: parse+status of every draft by both engines, in turn
 * (the order flips each round so neither always runs after the other), `runs` timed runs each
 * after a warm-up; prints each rate, each speed-up, and this engine's rate on `target.fast`
 * over the baseline's on `target.reference`.
 */
export async function compareWithBaseline(
  ctx: BenchContext,
  drafts: BaselineDraft[],
  runs: number,
  target?: { fast: string; reference: string; ratio: number; why: string },
): Promise<void> {
  const folder = process.env.RAPPORTEUR_BENCH_BASELINE;
  if (!folder) {
    ctx.log(
      'baseline: set RAPPORTEUR_BENCH_BASELINE to a built checkout of an older commit to compare engines in this process',
    );
    return;
  }
  const baseline = await loadEngine(folder);
  if (typeof baseline === 'string') {
    ctx.log(`baseline: ${baseline}`);
    return;
  }
  const current: Engine = { blocksFromText, parseDraft, draftStatus };
  const cases = drafts.flatMap((d) => [
    engineCase(baseline, `baseline ${d.label}`, d),
    engineCase(current, `this engine ${d.label}`, d),
  ]);
  for (const c of cases) for (let k = 0; k < 5; k++) c.run();
  for (let k = 0; k < runs; k++) {
    const order = k % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) c.cpu.push(cpuOf(c.run));
  }
  const rate = (c: Case) => c.mb / (median([...c.cpu].sort((a, b) => a - b)) / 1000);
  ctx.log(`baseline: ${resolve(folder)}, ${runs} runs of each, in turn, CPU time`);
  for (let i = 0; i < cases.length; i += 2) {
    const [old, now] = [cases[i] as Case, cases[i + 1] as Case];
    ctx.log(
      `  ${(drafts[i / 2] as BaselineDraft).label.padEnd(40)} baseline ${fmt(rate(old), 1, 'MB/s').padStart(11)}  ` +
        `this engine ${fmt(rate(now), 1, 'MB/s').padStart(11)}  speed-up ${fmt(rate(now) / rate(old), 2)}x`,
    );
  }
  if (!target) return;
  const fast = cases.find((c) => c.name === `this engine ${target.fast}`);
  const reference = cases.find((c) => c.name === `baseline ${target.reference}`);
  if (!fast || !reference) return;
  const ratio = rate(fast) / rate(reference);
  ctx.log(
    `  this engine on ${target.fast} / baseline on ${target.reference}: ${fmt(ratio, 2)} ` +
      `(target >= ${fmt(target.ratio, 2)}: ${target.why})`,
  );
}
