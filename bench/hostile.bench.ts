import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Bench } from './harness.js';

/**
 * `npm run bench -- hostile`: hostile input through the path the bot takes (`doc extract`, then
 * `draft status`). Each measurement runs in its own process (bench/hostile-run.ts) so that its
 * peak resident memory is its own; the pool runs compiled workers from a fresh `npm run build`.
 * - The issue's named shapes, on the main thread (as before the work pool), in the pool with
 *   the parse copied back to the main thread as objects (as before `draft.read`) and as the
 *   bot runs them now: wall time, the longest the main thread's event loop was blocked, peak
 *   resident memory.
 * - Questions about the largest allowed draft (holders, clean text, a section, the status) on
 *   the main thread, as chat queries computed them before, and as pool jobs (`draft.query`).
 * - A fuzz run (HOSTILE_TRIES, default 2,000; HOSTILE_SEED, default 1) of random and mutated
 *   files of every format: tries, refusals by code, internal errors (must be 0), longest try
 *   (target < 15 s), peak resident memory (target < 1 GB).
 */
const root = resolve(import.meta.dirname, '..');
const MODES: Record<string, string> = {
  inline: 'main thread         ',
  'pool-objects': 'pool, parse copied  ',
  pool: 'pool, parse as JSON ',
};
const CASES = ['brackets.md', 'headings.md', 'alternatives.txt', 'annotations.txt', 'inflating.pdf'];

function child(args: string[]): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', resolve(root, 'bench/hostile-run.ts'), ...args],
    {
      cwd: root,
      env: { ...process.env, HOSTILE_BUILD: resolve(root, 'dist') },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      timeout: 60 * 60 * 1000,
    },
  );
  const line = out.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as Record<string, unknown>;
}

export const bench: Bench = {
  name: 'hostile input: named shapes and a fuzz run through extract and draft status',
  async run({ log }) {
    execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
    const only = process.env.HOSTILE_ONLY;
    if (only !== 'fuzz') {
      for (const name of CASES) {
        for (const mode of ['inline', 'pool-objects', 'pool']) {
          let r: Record<string, unknown>;
          try {
            r = child(['case', mode, name]);
          } catch (err) {
            r = { result: `process died: ${(err as Error).message.split('\n')[0]}` };
          }
          log(
            `  ${name.padEnd(17)} ${MODES[mode]}  ${String(r.wallMs ?? '?').padStart(6)} ms wall, event loop blocked up to ${String(r.maxEventLoopDelayMs ?? '?').padStart(6)} ms, peak RSS ${String(r.maxRssMb ?? '?').padStart(5)} MB: ${String(r.result)}`,
          );
        }
      }
    }
    if (only !== 'fuzz') {
      // Questions and views about the largest allowed draft (19,990 sections).
      for (const mode of ['inline', 'pool']) {
        let r: Record<string, unknown>;
        try {
          r = child(['query', mode]);
        } catch (err) {
          r = { result: `process died: ${(err as Error).message.split('\n')[0]}` };
        }
        log(
          `  ${'largest.md, questions'.padEnd(17)} ${mode === 'inline' ? 'main thread         ' : 'pool (draft.query)  '}  ${String(r.wallMs ?? '?').padStart(6)} ms wall, event loop blocked up to ${String(r.maxEventLoopDelayMs ?? '?').padStart(6)} ms, peak RSS ${String(r.maxRssMb ?? '?').padStart(5)} MB: ${String(r.result)} (parse ${String(r.parseMb)} MB of JSON)`,
        );
      }
    }
    if (only !== 'cases') {
      const tries = process.env.HOSTILE_TRIES ?? '2000';
      const seed = process.env.HOSTILE_SEED ?? '1';
      const r = child(['fuzz', tries, seed]);
      log(
        `  fuzz: ${r.tries} tries (seed ${r.seed}): ${r.ok} read, refused by code ${JSON.stringify(r.refused)}`,
      );
      log(
        `  internal errors: ${r.internalErrors}${(r.internal as string[]).map((x) => `\n    ${x}`).join('')}`,
      );
      log(
        `  longest try: ${r.maxWallMs} ms (${r.slowest}); event loop blocked up to ${r.maxEventLoopDelayMs} ms`,
      );
      log(`  peak resident memory: ${r.maxRssMb} MB`);
    }
  },
};
