import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Bench, corpusDir } from './harness.js';

/**
 * `npm run bench [-- name...]`: runs every bench/*.bench.ts (or those whose name matches)
 * one after another and prints their figures. Timing never fails the run.
 */
const filters = process.argv.slice(2);
const dir = import.meta.dirname;
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
console.log(`rapporteur benchmarks, node ${process.version}, ${new Date().toISOString()}`);
console.log(corpusDir ? `corpus: ${corpusDir}` : 'corpus: absent (../shared/corpus); corpus figures skipped');
for (const file of files) {
  let bench: Bench | undefined;
  try {
    bench = ((await import(resolve(dir, file))) as { bench?: Bench }).bench;
  } catch (err) {
    console.log(`\n## ${file}\n  could not load: ${err instanceof Error ? err.message : String(err)}`);
    continue;
  }
  if (!bench) continue;
  if (filters.length > 0 && !filters.some((f) => bench.name.includes(f) || file.includes(f))) continue;
  console.log(`\n## ${bench.name}`);
  try {
    await bench.run({ corpusDir, log: (line) => console.log(line) });
  } catch (err) {
    console.log(`  failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
