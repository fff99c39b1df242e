import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Bench, corpusDir } from './harness.js';

/**
 * `npm run bench [-- name...]`: runs every bench/*.bench.ts (or those whose name or file name
 * matches) one after another and prints their figures. Timing never fails the run.
 *
 * Each bench file runs in a process of its own (this script again, with `--file`). In one
 * process every bench module was loaded before the first ran: the chat clients, the queue and
 * the store benches' modules sat in the heap while the bracket engine was timed, and each
 * collection of the old generation marked them all (about 75 MB), which took a quarter off
 * the dense draft's median. The engines run in the work pool's threads in the product (a heap
 * of their own), so a process per bench is also the closer measurement.
 */
const args = process.argv.slice(2);
const dir = import.meta.dirname;

if (args[0] === '--file') await runOne(args[1] as string, args.slice(2));
else await runAll(args);

async function runAll(filters: string[]): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  console.log(`rapporteur benchmarks, node ${process.version}, ${new Date().toISOString()}`);
  console.log(
    corpusDir ? `corpus: ${corpusDir}` : 'corpus: absent (../shared/corpus); corpus figures skipped',
  );
  // A filter that names files ("drafts") starts only those; one that names a bench by its
  // title is asked of every file's bench in its own process.
  const named = files.filter((f) => filters.some((x) => f.includes(x)));
  for (const file of named.length > 0 ? named : files) {
    // The loader flags tsx started this process with, so the child reads TypeScript too.
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, '--file', file, ...filters],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0)
      console.log(`  ${file}: its process ended with ${child.signal ?? `code ${child.status}`}`);
  }
}

/** Runs the bench of one file when it is selected (no filter, or one matching its name or file name). */
async function runOne(file: string, filters: string[]): Promise<void> {
  let bench: Bench | undefined;
  try {
    bench = ((await import(resolve(dir, file))) as { bench?: Bench }).bench;
  } catch (err) {
    console.log(`\n## ${file}\n  could not load: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (!bench) return;
  if (filters.length > 0 && !filters.some((f) => bench.name.includes(f) || file.includes(f))) return;
  console.log(`\n## ${bench.name}`);
  try {
    await bench.run({ corpusDir, log: (line) => console.log(line) });
  } catch (err) {
    console.log(`  failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Benches that leave handles open (servers, clients) would keep the process alive.
  process.exit(0);
}
